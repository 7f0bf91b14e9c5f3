# fix: --select FUT202
# applied: no
"""The task reads `state.phase` when it runs; passing `state.phase` to `submit()` would read it now."""
import threading
from concurrent.futures import ThreadPoolExecutor


class State:
    phase = "queued"


state = State()
release = threading.Event()
seen = []


def record(n, phase):
    release.wait(5)
    seen.append((n, phase))


with ThreadPoolExecutor(1) as ex:
    for n in range(2):
        ex.submit(lambda: record(n, state.phase))
    state.phase = "running"
    release.set()
print(sorted(seen))
