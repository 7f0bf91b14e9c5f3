# fix: --select FUT306 --target-version py310
# applied: yes
# after:
# | timed out
"""`cf` is a parameter (a config dict) in the function; the module's `cf` is shadowed there."""
import concurrent.futures as cf
import time


def slow():
    time.sleep(0.3)


def fetch(pool: cf.ThreadPoolExecutor, cf):
    try:
        return pool.submit(slow).result(timeout=cf["timeout"])
    except TimeoutError:
        return "timed out"


with cf.ThreadPoolExecutor(1) as pool:
    print(fetch(pool, {"timeout": 0.01}))
