# fix: --select FUT001 --unsafe-fixes
# applied: no
"""The futures go back to the caller in a dict: the caller goes on while the tasks run."""
import threading
from concurrent.futures import ThreadPoolExecutor

release = threading.Event()


def job(name):
    return name if release.wait(2) else "timed out"


def start(names):
    ex = ThreadPoolExecutor(2)
    return {name: ex.submit(job, name) for name in names}


futures = start(["a", "b"])
print("started")
release.set()
print(sorted(f.result() for f in futures.values()))
