# fix: --select FUT302
# applied: no
"""`if fut.result:` is always true; `result()` would block and test the value, `done()` is
probably what was meant: no fix keeps the meaning."""
from concurrent.futures import ThreadPoolExecutor

with ThreadPoolExecutor(1) as ex:
    fut = ex.submit(int, "0")
    fut.result()
    if fut.result:
        print("ready")
    else:
        print("not ready")
