# fix: --select FUT203
# applied: no
"""A dict display may repeat a key (the last wins); keyword arguments may not."""
from concurrent.futures import ThreadPoolExecutor


def save(path, mode="w"):
    return f"{path}:{mode}"


with ThreadPoolExecutor(2) as ex:
    for fut in (
        ex.submit(save, kwargs={"path": "/a", "path": "/b"}),
        ex.submit(save, path="/c", kwargs={"path": "/d"}),
    ):
        try:
            print(fut.result())
        except TypeError as error:
            print("TypeError")
