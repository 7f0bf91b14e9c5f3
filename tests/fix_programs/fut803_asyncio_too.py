# fix: --select FUT803
# applied: yes
# after:
# | cancelled
# | cancelled
"""The `try` runs asyncio code as well: the handler must keep catching asyncio's CancelledError."""
import asyncio
import concurrent.futures
import threading

release = threading.Event()


async def cancelled_task():
    task = asyncio.ensure_future(asyncio.sleep(5))
    await asyncio.sleep(0)
    task.cancel()
    await task


def run(fut: concurrent.futures.Future, with_asyncio):
    try:
        if with_asyncio:
            asyncio.run(cancelled_task())
        return fut.result()
    except asyncio.CancelledError:
        return "cancelled"


with concurrent.futures.ThreadPoolExecutor(1) as pool:
    pool.submit(release.wait, 5)
    queued = pool.submit(sum, [1])
    queued.cancel()
    try:
        print(run(queued, True))
        print(run(queued, False))
    finally:
        release.set()
