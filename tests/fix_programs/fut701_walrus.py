# fix: --select FUT701 --unsafe-fixes
# applied: no
"""A walrus in the call binds a name the code reads afterwards; inside a lambda it would not."""
from concurrent.futures import ThreadPoolExecutor


def log(count):
    print("count", count)


with ThreadPoolExecutor(1) as ex:
    fut = ex.submit(sum, [1, 2])
    fut.add_done_callback(log(total := fut.result() + 1))
    print("total", total)
