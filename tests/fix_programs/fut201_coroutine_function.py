# fix: --select FUT201 --unsafe-fixes
# applied: no
"""Submitting `fetch_async` would make the worker create a coroutine nobody awaits."""
import warnings
from concurrent.futures import ThreadPoolExecutor

warnings.simplefilter("ignore", RuntimeWarning)  # "coroutine was never awaited"


async def fetch_async(x):
    return x * 2


with ThreadPoolExecutor(1) as ex:
    fut = ex.submit(fetch_async(3))
    try:
        print(type(fut.result()).__name__)
    except TypeError:
        print("TypeError")
