# fix: --select FUT306 --target-version py310
# applied: yes
# after:
# | timed out
"""The plain case: on Python 3.10 the builtin `TimeoutError` misses the future's timeout."""
import time
from concurrent.futures import Future, ThreadPoolExecutor


def slow():
    time.sleep(0.3)


def fetch(fut: Future):
    try:
        return fut.result(timeout=0.01)  # give up quickly
    except TimeoutError:
        return "timed out"


with ThreadPoolExecutor(1) as pool:
    print(fetch(pool.submit(slow)))
