# fix: --select FUT202
# applied: yes
# after:
# | [0, 1, 2]
"""The plain mistake, in a call written over several lines inside a function."""
import threading
from concurrent.futures import ThreadPoolExecutor

release = threading.Event()


def square(n):
    release.wait(5)
    return n


def main():
    with ThreadPoolExecutor(1) as ex:
        futures = []
        for n in range(3):
            futures.append(ex.submit(
                lambda: square(n)
            ))
        release.set()
        print(sorted(f.result() for f in futures))


main()
