# fix: --select FUT701 --unsafe-fixes
# applied: no
"""`label` changes after the registration: a lambda would read the later value."""
import threading
from concurrent.futures import ThreadPoolExecutor

release = threading.Event()


def log(label):
    print("label", label)


with ThreadPoolExecutor(1) as ex:
    fut = ex.submit(release.wait, 5)
    label = "first"
    fut.add_done_callback(log(label))
    label = "second"
    release.set()
