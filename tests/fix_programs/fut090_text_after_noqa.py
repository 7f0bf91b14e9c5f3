# fix: --select FUT090,FUT902
# applied: yes
"""An unused `# noqa` with more text after it: the text stays a comment."""
from concurrent.futures import ThreadPoolExecutor

with ThreadPoolExecutor(1) as ex:
    fut = ex.submit(str.upper, "warm")  # noqa: FUT902  (no longer discarded)
    total = sum([1, 2])  # noqa: FUT902  # the sum
    print("total", total)  # noqa: FUT305
print(fut.result())
