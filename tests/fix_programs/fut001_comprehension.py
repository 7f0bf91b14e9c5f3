# fix: --select FUT001 --unsafe-fixes
# applied: no
"""The futures go back to the caller in a list comprehension."""
import threading
from concurrent.futures import ThreadPoolExecutor

release = threading.Event()


def job(n):
    return n if release.wait(2) else "timed out"


def start(numbers):
    ex = ThreadPoolExecutor(2)
    futures = [ex.submit(job, n) for n in numbers]
    return futures


futures = start([1, 2])
print("started")
release.set()
print([f.result() for f in futures])
