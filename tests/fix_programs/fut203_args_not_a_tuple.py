# fix: --select FUT203
# applied: no
"""`args=(url)` is a string in parentheses, not a tuple: spreading it passes one argument per character."""
from concurrent.futures import ThreadPoolExecutor

calls = []


def fetch(*urls):
    calls.append(len(urls))
    return urls


url = "http://example.com"
with ThreadPoolExecutor(2) as ex:
    fut = ex.submit(fetch, args=(url))
    print(fut.result(), calls)
