# fix: --select FUT002
# applied: no
"""Builtin `map` over several iterables stops at the shortest: the pool's results are not all
consumed, so a `with` would wait for tasks the statement did not wait for (not a safe fix)."""
import time
from concurrent.futures import ThreadPoolExecutor


def weight(n):
    if n > 2:
        time.sleep(0.4)
    return n


start = time.monotonic()
total = sum(map(lambda k, w: w * k, [10, 100], ThreadPoolExecutor(4).map(weight, [1, 2, 3, 4])))
print(total, "quickly" if time.monotonic() - start < 0.3 else "slowly")
