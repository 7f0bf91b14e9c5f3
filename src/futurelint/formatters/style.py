"""Terminal colours for `full` and `concise` (`--color`), applied only to text futurelint writes
itself (paths, positions, codes, markers, carets, gutters): never to a message or source line,
which may carry text from the linted file."""

from __future__ import annotations

import os
from typing import Optional, TextIO

RESET = "\033[0m"
STYLES = {
    "path": "\033[1m",  # bold
    "code": "\033[1;31m",  # bold red
    "fixable": "\033[36m",  # cyan
    "gutter": "\033[1;34m",  # bold blue
    "caret": "\033[1;31m",
    "help": "\033[36m",
}
CHOICES = ("auto", "always", "never")


def paint(text: str, style: str, enabled: bool) -> str:
    return f"{STYLES[style]}{text}{RESET}" if enabled and text else text


def wants_color(choice: str, stream: Optional[TextIO], environ=os.environ) -> bool:
    """`always` / `never`, else (`auto`) NO_COLOR turns colour off and FORCE_COLOR on (non-empty
    values, https://no-color.org and https://force-color.org), else only on a terminal that is not dumb."""
    if choice != "auto":
        return choice == "always"
    if environ.get("NO_COLOR"):
        return False
    if environ.get("FORCE_COLOR"):
        return True
    if environ.get("TERM") == "dumb":
        return False
    try:
        return stream is not None and stream.isatty()
    except (AttributeError, ValueError):
        return False
