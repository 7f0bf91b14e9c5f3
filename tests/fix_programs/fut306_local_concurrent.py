# fix: --select FUT306 --target-version py310
# applied: no
"""`concurrent` is a local number in the function: no spelling of `concurrent.futures` is free there."""
import concurrent.futures
import time


def slow():
    time.sleep(0.3)


def fetch(pool: concurrent.futures.ThreadPoolExecutor):
    concurrent = 1
    try:
        return pool.submit(slow).result(timeout=0.01 * concurrent)
    except TimeoutError:
        return "timed out"


with concurrent.futures.ThreadPoolExecutor(1) as pool:
    print(fetch(pool))
