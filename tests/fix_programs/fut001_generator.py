# fix: --select FUT001 --unsafe-fixes
# applied: no
"""The function returns a generator that submits work later, after the function returned."""
from concurrent.futures import ThreadPoolExecutor


def square(n):
    return n * n


def squares(numbers):
    ex = ThreadPoolExecutor(2)
    return (ex.submit(square, n).result() for n in numbers)


print(list(squares([1, 2, 3])))
