# fix: --select FUT404
# applied: no
"""The comment is about the argument the fix would remove: a safe fix keeps comments."""
from concurrent.futures import ThreadPoolExecutor


def main(lines):
    with ThreadPoolExecutor(2) as ex:
        results = list(ex.map(
            str.upper,
            lines,  # the input
            chunksize=100,  # batch size
        ))
        print(results)


main(["a", "b"])
