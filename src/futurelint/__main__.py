"""`python -m futurelint`: the `futurelint` command.

For `-m`, Python puts the current directory first on `sys.path`, so a `click.py`, `json.py` or
`libcst/` there would be imported in place of the real module: linting a folder that holds such a
file would run that file. The entry is dropped before anything else is imported, unless futurelint
itself was found there (a checkout with the package at its top).
"""

import os
import sys


def _drop_working_directory_from_path() -> None:
    if not sys.path or sys.path[0] not in ("", os.getcwd()):
        return
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # the folder holding futurelint/
    if os.path.abspath(sys.path[0] or os.curdir) != here:
        del sys.path[0]


_drop_working_directory_from_path()

from futurelint.cli import main  # noqa: E402 - after the path is safe

if __name__ == "__main__":
    main()
