# fix: --select FUT803
# applied: yes
# after:
# | cancelled
"""The plain case: asyncio's CancelledError does not catch the future's."""
import asyncio
import threading
from concurrent.futures import Future, ThreadPoolExecutor

release = threading.Event()


def outcome(fut: Future):
    try:
        return fut.result()
    except asyncio.CancelledError:  # the task was cancelled
        return "cancelled"


with ThreadPoolExecutor(1) as pool:
    blocker = pool.submit(release.wait, 5)
    queued = pool.submit(sum, [1])
    queued.cancel()
    try:
        print(outcome(queued))
    finally:
        release.set()
