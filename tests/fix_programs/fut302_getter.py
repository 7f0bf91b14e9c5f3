# fix: --select FUT302
# applied: no
"""`getter = fut.result` keeps the method to call later: calling it now would block, and raise."""
import threading
from concurrent.futures import ThreadPoolExecutor

release = threading.Event()
callbacks = []


def job():
    if not release.wait(2):
        raise RuntimeError("timed out")
    return 42


with ThreadPoolExecutor(1) as ex:
    fut = ex.submit(job)
    getter = fut.result
    callbacks.append(getter)
    print("registered")
    release.set()
    print([call() for call in callbacks])
