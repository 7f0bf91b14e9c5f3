# fix: --select FUT201 --unsafe-fixes
# applied: no
"""Submitting `numbers` would make the worker build a generator and run none of it."""
from concurrent.futures import ThreadPoolExecutor


def numbers(n):
    for i in range(n):
        print("making", i)
        yield i


with ThreadPoolExecutor(1) as ex:
    fut = ex.submit(numbers(2))
    try:
        print(type(fut.result()).__name__)
    except TypeError:
        print("TypeError")
