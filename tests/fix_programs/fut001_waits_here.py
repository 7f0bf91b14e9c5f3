# fix: --select FUT001 --unsafe-fixes
# applied: yes
"""The plain case: the function waits for its results, and the pool is never shut down."""
from concurrent.futures import ThreadPoolExecutor


def square(n):
    return n * n


def total(numbers):
    ex = ThreadPoolExecutor(2)
    futures = [ex.submit(square, n) for n in numbers]
    # collect in order
    return sum(f.result() for f in futures)


print(total([1, 2, 3]))
