# fix: --select FUT203
# applied: no
"""`kwargs=next(it), args=next(it)`: the keyword arguments are evaluated first."""
from concurrent.futures import ThreadPoolExecutor


def join(*parts, sep=" "):
    return sep.join(parts)


values = iter([{"sep": "-"}, ("a", "b")])
with ThreadPoolExecutor(2) as ex:
    fut = ex.submit(join, kwargs=next(values), args=next(values))
    try:
        print(fut.result())
    except TypeError as error:
        print("TypeError", "kwargs" in str(error))
