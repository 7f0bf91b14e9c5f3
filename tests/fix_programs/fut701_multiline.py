# fix: --select FUT701 --unsafe-fixes
# applied: yes
# after:
# | submitted
# | done 2
"""A call written over several lines, inside a function: the lambda keeps its layout and comments."""
import threading
from concurrent.futures import ThreadPoolExecutor

release = threading.Event()


def report(label, count):
    print(label, count)


def main():
    with ThreadPoolExecutor(1) as ex:
        fut = ex.submit(release.wait, 5)
        fut.add_done_callback(report(
            "done",  # the label
            2,
        ))
        print("submitted")
        release.set()


main()
