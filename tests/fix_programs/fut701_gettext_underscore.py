# fix: --select FUT701 --unsafe-fixes
# applied: yes
# after:
# | submitted
# | DONE
"""`_` is gettext here: the callback lambda must not shadow it with the future."""
import threading
from concurrent.futures import ThreadPoolExecutor

_ = str.upper  # stands in for gettext
release = threading.Event()


def report(message):
    print(message)


with ThreadPoolExecutor(1) as ex:
    fut = ex.submit(release.wait, 5)
    fut.add_done_callback(report(_("done")))
    print("submitted")
    release.set()
