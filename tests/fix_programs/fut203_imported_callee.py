# fix: --select FUT203
# applied: no
"""`run_command(args, cwd=None)` lives in another module: its `args` parameter is not visible."""
from concurrent.futures import ThreadPoolExecutor

from _shell_support import run_command

with ThreadPoolExecutor(2) as ex:
    fut = ex.submit(run_command, args=["ls", "-l"])
    print(fut.result())
