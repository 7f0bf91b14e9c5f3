# fix: --select FUT001 --unsafe-fixes
# applied: yes
"""A file indented by two spaces: the new block is indented by two more."""
from concurrent.futures import ThreadPoolExecutor


def square(n):
  return n * n


def total(numbers):
  if numbers:
    with ThreadPoolExecutor(2) as ex:
      results = list(ex.map(square, numbers))
    return sum(results)
  return 0


print(total([1, 2, 3]))
