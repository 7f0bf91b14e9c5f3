# fix: --select FUT203
# applied: yes
# after:
# | 5
# | a-b
"""The callee is defined here and has no `args`/`kwargs` parameter: the thread-style call is a bug."""
from concurrent.futures import ThreadPoolExecutor


def add(a, b):
    return a + b


def join(*parts, sep=" "):
    return sep.join(parts)


with ThreadPoolExecutor(2) as ex:
    for fut in (ex.submit(add, args=(2, 3)), ex.submit(join, args=("a", "b"), kwargs={"sep": "-"})):
        try:
            print(fut.result())
        except TypeError as error:
            print(type(error).__name__)
