# fix: --select FUT306 --target-version py310
# applied: yes
# after:
# | timed out
"""`futures` is a local list here, whatever the module imported under that name."""
import time
from concurrent import futures


def slow():
    time.sleep(0.3)


def first_result(pool: futures.ThreadPoolExecutor):
    futures = [pool.submit(slow)]
    try:
        return futures[0].result(timeout=0.01)
    except TimeoutError:
        return "timed out"


with futures.ThreadPoolExecutor(1) as pool:
    print(first_result(pool))
