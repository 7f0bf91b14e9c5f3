# fix: --select FUT001 --unsafe-fixes
# applied: no
"""Futures made in a comprehension go to the caller (a list it owns, a dict returned): the caller
goes on while the tasks run, so a `with` must not wait for them here."""
import threading
from concurrent.futures import ThreadPoolExecutor

release = threading.Event()


def job(name):
    return name if release.wait(1) else "timed out"


def start_into(names, pending):
    ex = ThreadPoolExecutor(2)
    pending.extend([ex.submit(job, n) for n in names])


def start_by_name(names):
    ex = ThreadPoolExecutor(2)
    return dict(zip(names, [ex.submit(job, n) for n in names]))


pending = []
start_into(["a"], pending)
by_name = start_by_name(["b"])
release.set()
print([f.result() for f in pending], {name: f.result() for name, f in by_name.items()})
