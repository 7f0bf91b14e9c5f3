# fix: --select FUT601
# applied: yes
# after:
# | 1 done
"""A misspelt `return_when`: ValueError while a future is pending."""
import threading
from concurrent.futures import ThreadPoolExecutor, wait

release = threading.Event()

with ThreadPoolExecutor(2) as ex:
    fast = ex.submit(sum, [1])
    slow = ex.submit(release.wait, 5)
    fast.result()
    try:
        done, pending = wait([fast, slow], return_when="FIRST_COMPLETE")
        print(len(done), "done")
    except ValueError:
        print("ValueError")
    release.set()
