# fix: --select FUT803
# applied: yes
# after:
# | cancelled
"""`cf` is a parameter (a config dict) in the function; the module's `cf` is shadowed there."""
import asyncio
import concurrent.futures as cf
import threading

release = threading.Event()


def outcome(fut: cf.Future, cf):
    try:
        return fut.result(timeout=cf["timeout"])
    except asyncio.CancelledError:
        return "cancelled"


with cf.ThreadPoolExecutor(1) as pool:
    pool.submit(release.wait, 5)
    queued = pool.submit(sum, [1])
    queued.cancel()
    try:
        print(outcome(queued, {"timeout": 1}))
    finally:
        release.set()
