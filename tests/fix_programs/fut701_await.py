# fix: --select FUT701 --unsafe-fixes
# applied: no
"""An `await` cannot move into a lambda."""
import asyncio
from concurrent.futures import ThreadPoolExecutor


def log(label):
    print("label", label)


async def label_of():
    return "job"


async def main():
    with ThreadPoolExecutor(1) as ex:
        fut = ex.submit(sum, [1, 2])
        fut.add_done_callback(log(await label_of()))
        print(fut.result())


asyncio.run(main())
