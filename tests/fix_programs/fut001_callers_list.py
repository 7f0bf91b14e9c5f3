# fix: --select FUT001 --unsafe-fixes
# applied: no
"""The future goes into a list the caller owns: the caller waits for it later."""
import threading
from concurrent.futures import ThreadPoolExecutor

release = threading.Event()


def job():
    return "released" if release.wait(1) else "timed out"


def start(pending):
    ex = ThreadPoolExecutor(1)
    pending += [ex.submit(job)]


def start_keyed(pending):
    ex = ThreadPoolExecutor(1)
    pending["job"] = ex.submit(job)


pending, keyed = [], {}
start(pending)
start_keyed(keyed)
release.set()
print(pending[0].result(), keyed["job"].result())
