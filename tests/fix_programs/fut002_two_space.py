# fix: --select FUT002
# applied: yes
"""A file indented by two spaces: the new block is indented by two more."""
from concurrent.futures import ThreadPoolExecutor


def job(n):
  return n + 1


def compute(numbers):
  if numbers:
    values = list(ThreadPoolExecutor(2).map(job, numbers))
    return values
  return []


print(compute([1, 2]))
