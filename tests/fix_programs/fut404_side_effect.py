# fix: --select FUT404
# applied: no
"""The chunk size comes from a call with an effect: removing the argument removes the call."""
from concurrent.futures import ThreadPoolExecutor

picked = []


def pick_chunksize(lines):
    picked.append(len(lines))
    return max(1, len(lines) // 4)


lines = ["a", "b", "c"]
with ThreadPoolExecutor(2) as ex:
    print(list(ex.map(str.upper, lines, chunksize=pick_chunksize(lines))), picked)
