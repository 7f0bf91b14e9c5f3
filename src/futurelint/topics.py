"""The ten topics every rule belongs to; the hundreds digit of a code is the topic's digit.

futurelint's own checks (FUT000, a file it cannot lint, and FUT09x, about its `noqa` comments) are
about no part of concurrent.futures: they share a topic page of their own, outside the ten."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Topic:
    digit: int
    slug: str
    title: str
    summary: str


TOPICS: tuple[Topic, ...] = (
    Topic(
        0,
        "lifecycle",
        "Python ThreadPoolExecutor - Lifecycle of a Thread Pool",
        "A pool is created, accepts work, and is shut down. Worker threads (or processes) live until "
        "`shutdown()` runs, either explicitly or when a `with` block ends. Pools that are never shut "
        "down, rebuilt on every iteration, used after shutdown, or started as a side effect of importing "
        "a module leak workers and make programs hang at exit.",
    ),
    Topic(
        1,
        "max-workers",
        "Python ThreadPoolExecutor - max_workers",
        "`max_workers` bounds how many tasks run at once. It must be positive, it should not grow with "
        "the size of the input, and very large values mostly buy context switching and memory. Process "
        "pools have a hard limit on Windows.",
    ),
    Topic(
        2,
        "submit",
        "Python ThreadPoolExecutor - The .submit() Method",
        "`submit(fn, *args, **kwargs)` schedules `fn(*args, **kwargs)` and returns a Future at once. "
        "Passing the result of a call instead of the callable, closing over a loop variable, passing "
        "arguments in `threading.Thread` style, or sending unpicklable callables to a process pool all "
        "break at run time, often silently.",
    ),
    Topic(
        3,
        "future-object",
        "Python ThreadPoolExecutor - The Future Object",
        "A Future is a handle to a result that has not arrived yet. Its methods (`result()`, "
        "`exception()`, `done()`, `running()`, `cancelled()`) must be called, and waiting on it has a "
        "cost: waiting right after each submit serialises the pool, polling burns a core, and blocking "
        "inside an `async def` stalls the event loop.",
    ),
    Topic(
        4,
        "map",
        "Python ThreadPoolExecutor - The .map() method",
        "`Executor.map` submits every item at once and returns a lazy iterator of results in input order. "
        "Exceptions surface only while the iterator is consumed, so an unconsumed or twice-consumed "
        "iterator loses results and errors.",
    ),
    Topic(
        5,
        "as-completed",
        "Python ThreadPool Executor - as_completed()",
        "`as_completed` yields futures in the order they finish, not the order they were submitted. "
        "Results must be retrieved from each yielded future, and paired with their inputs through a "
        "mapping rather than by position.",
    ),
    Topic(
        6,
        "wait",
        "Python ThreadPool Executor - wait()",
        "`wait(fs, timeout, return_when)` blocks until a condition holds and returns `(done, not_done)`. "
        "Those two sets are the only report of what happened: ignoring them ignores failures and "
        "stragglers.",
    ),
    Topic(
        7,
        "callbacks",
        "Python ThreadPoolExecutor - Callbacks",
        "`add_done_callback(fn)` calls `fn(future)` when the future finishes, in a worker thread (or at "
        "once, in the caller's thread, if it is already done). Exceptions raised by a callback are only "
        "logged, so a callback must take exactly one argument, guard `result()`, and never block.",
    ),
    Topic(
        8,
        "cancelling",
        "Python ThreadPoolExecutor - Cancelling Tasks",
        "`cancel()` only stops a task that has not started; it returns `False` for running or finished "
        "ones. A cancelled future raises `concurrent.futures.CancelledError`, which is not "
        "`asyncio.CancelledError`.",
    ),
    Topic(
        9,
        "swallowed-exceptions",
        "Python ThreadPoolExecutor - Swallowed Exceptions",
        "An exception raised inside a task is stored in its Future and re-raised only by `result()` (or "
        "returned by `exception()`). A `try` around `submit()` never sees it, and a future nobody looks "
        "at loses it for good.",
    ),
)

TOPICS_BY_SLUG = {topic.slug: topic for topic in TOPICS}
TOPICS_BY_DIGIT = {topic.digit: topic for topic in TOPICS}

OWN_CHECKS = Topic(
    0,
    "futurelint",
    "futurelint - Its own checks",
    "Checks about the linting itself rather than about concurrent.futures: a file futurelint cannot "
    "read or parse (FUT000), and `# noqa` comments that suppress nothing (FUT090).",
)
# Every topic page: the ten topics, then futurelint's own checks.
ALL_TOPICS: tuple[Topic, ...] = TOPICS + (OWN_CHECKS,)
ALL_TOPICS_BY_SLUG = {topic.slug: topic for topic in ALL_TOPICS}


def topic_of(code: str) -> Topic:
    """The topic of a rule code: its hundreds digit's, but FUT000 and FUT090..FUT099 are futurelint's own."""
    if code == "FUT000" or code.startswith("FUT09"):
        return OWN_CHECKS
    return TOPICS_BY_DIGIT[int(code[3])]
