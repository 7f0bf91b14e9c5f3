"""The best of a few timings, for tests that compare a function's time at two input sizes (a
ratio, never an absolute bound: the machine's speed cancels out)."""

from __future__ import annotations

import time
from typing import Any, Callable


def best_seconds(function: Callable[[Any], Any], argument: Any, runs: int = 5) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        function(argument)
        best = min(best, time.perf_counter() - start)
    return best
