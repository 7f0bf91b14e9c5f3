# fix: --select FUT002 --unsafe-fixes
# applied: no
"""`result(timeout=...)` gives up waiting; a `with` around it would wait for the job anyway."""
import concurrent.futures
import time
from concurrent.futures import ThreadPoolExecutor


def job():
    time.sleep(0.6)
    return "late"


start = time.monotonic()
try:
    value = ThreadPoolExecutor().submit(job).result(timeout=0.05)
except concurrent.futures.TimeoutError:
    value = "gave up"
print(value, "quickly" if time.monotonic() - start < 0.4 else "slowly")
