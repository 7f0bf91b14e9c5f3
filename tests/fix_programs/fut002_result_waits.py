# fix: --select FUT002
# applied: yes
"""The plain case: the statement waits for the task; only the idle pool is new."""
from concurrent.futures import ThreadPoolExecutor


def job(n):
    return n + 1


def compute(n):
    value = ThreadPoolExecutor(1).submit(job, n).result()  # one task
    return value * 2


print(compute(20))
