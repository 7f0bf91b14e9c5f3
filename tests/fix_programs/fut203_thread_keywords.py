# fix: --select FUT203
# applied: no
"""`name=`/`daemon=` belong to `threading.Thread`; passing them on to the task is no fix."""
from concurrent.futures import ThreadPoolExecutor


def work(n):
    return n * 2


with ThreadPoolExecutor(2) as ex:
    try:
        fut = ex.submit(target=work, args=(21,), name="worker-1", daemon=True)
        print(fut.result())
    except TypeError as error:
        print("TypeError")
