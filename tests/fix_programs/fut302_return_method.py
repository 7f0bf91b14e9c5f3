# fix: --select FUT302
# applied: no
"""`return fut.result` hands the caller the method, which the caller calls."""
from concurrent.futures import Future, ThreadPoolExecutor


def result_getter(fut: Future):
    return fut.result


with ThreadPoolExecutor(1) as ex:
    fut = ex.submit(sum, [1, 2])
    getter = result_getter(fut)
    print(getter())
