# fix: --select FUT302
# applied: yes
# after:
# | finished: True
"""The plain mistake: the method is shown instead of its answer."""
from concurrent.futures import ThreadPoolExecutor

with ThreadPoolExecutor(1) as ex:
    fut = ex.submit(sum, [1, 2])
    fut.result()
    print(f"finished: {fut.done}".split(" of ")[0].replace("<bound method Future.done", "a method"))
