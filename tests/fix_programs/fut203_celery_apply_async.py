# fix: --select FUT203
# applied: no
"""A Celery-style task: `apply_async(args=..., kwargs=...)` really takes those keywords."""
from concurrent.futures import ThreadPoolExecutor


class Task:
    def __init__(self, func):
        self.func = func

    def apply_async(self, args=(), kwargs=None, priority=0):
        return self.func(*args, **(kwargs or {}))


def add(a, b, priority=0):
    return a + b + priority


task = Task(add)
with ThreadPoolExecutor(2) as ex:
    fut = ex.submit(task.apply_async, args=(2, 2), kwargs={"priority": 5})
    print(fut.result())
