# fix: --select FUT201 --unsafe-fixes
# applied: yes
# after:
# | 3
# | None
"""The plain mistake on a call written over several lines, inside a function."""
from concurrent.futures import ThreadPoolExecutor


def work(a, b):
    print(a + b)


def main():
    with ThreadPoolExecutor(1) as ex:
        fut = ex.submit(
            work(  # the job
                1,
                2,  # its input
            )
        )
        try:
            print(fut.result())
        except TypeError:
            print("TypeError")


main()
