# fix: --select FUT701 --unsafe-fixes
# applied: yes
# after:
# | submitted
# | callback 3
"""The plain mistake: `on_done()` called instead of passed."""
import threading
from concurrent.futures import ThreadPoolExecutor

release = threading.Event()


def on_done(fut):
    print("callback", fut.result())


def job():
    release.wait(5)
    return 3


with ThreadPoolExecutor(1) as ex:
    fut = ex.submit(job)
    try:
        fut.add_done_callback(on_done())
    except TypeError:
        print("TypeError")
    print("submitted")
    release.set()
