# fix: --select FUT404
# applied: yes
"""A call over several lines with comments: they stay where they were."""
from concurrent.futures import ThreadPoolExecutor


def main(lines):
    with ThreadPoolExecutor(2) as ex:
        results = list(ex.map(
            str.upper,
            lines,  # the input
            chunksize=100,
        ))
        print(results)


main(["a", "b"])
