"""Helpers shared by the formats written here: display paths and ruff's JSON record."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Optional

from futurelint.findings import Finding, Location

STDIN = "-"
# Characters a terminal acts on instead of showing (escape sequences, line breaks, backspace), and
# the C1 controls some terminals take as escape sequences. Tabs stay: they only move the cursor.
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """`text` with every control character replaced by one visible character, as ruff shows them:
    the Control Pictures block for C0 controls and DEL (ESC becomes U+241B), U+FFFD for C1. One
    character for one, so carets under a source line still line up. For everything printed for
    people: a file's name and source line must not move the cursor, set a window title, or start
    a new line that a CI system reads as a workflow command."""
    return _CONTROL.sub(_picture, text)


def _picture(match: "re.Match[str]") -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)
    return "\u2421" if code == 0x7F else "\ufffd"


def display_path(path: str, root: Path) -> str:
    """The path relative to `root` when it lies below it, else as it is (stdin stays `-`)."""
    if path == STDIN or not os.path.isabs(path):
        return path
    try:
        relative = os.path.relpath(path, str(root))
    except ValueError:  # another drive on Windows
        return path
    return path if relative.startswith(os.pardir) else relative


def cell_prefix(finding: Finding) -> str:
    """`cell 3:` before a notebook finding's row and column (as ruff shows them), else nothing."""
    return f"cell {finding.cell}:" if finding.cell is not None else ""


def absolute_path(path: str, root: Path) -> str:
    if path == STDIN or os.path.isabs(path):
        return path
    return os.path.normpath(os.path.join(str(root), path))


def fix_applies(finding: Finding, unsafe_fixes: bool) -> bool:
    """Whether `--fix` would fix the finding with the fixes now enabled (ruff's `[*]`)."""
    if finding.fix is None:
        return False
    return finding.fix.applicability == "safe" or unsafe_fixes


def fix_marker(finding: Finding, unsafe_fixes: bool) -> str:
    """`[*] ` before the message of a finding `--fix` would fix, as ruff prints it."""
    return "[*] " if fix_applies(finding, unsafe_fixes) else ""


def _location(location: Location) -> dict:
    return {"column": location.column, "row": location.row}


def _url(finding: Finding, known_codes: Optional[set]) -> Optional[str]:
    if known_codes is not None and finding.code not in known_codes:
        return None
    return finding.url


def json_record(finding: Finding, root: Path, known_codes: Optional[set] = None) -> dict:
    """One finding in the shape of ruff's `--output-format json` (ruff's keys, in ruff's order)."""
    fix = None
    if finding.fix is not None:
        fix = {
            "applicability": finding.fix.applicability,
            "edits": [
                {"content": edit.content, "end_location": _location(edit.end), "location": _location(edit.start)}
                for edit in finding.fix.edits
            ],
            "message": finding.fix.message,
        }
    return {
        "cell": finding.cell,
        "code": finding.code,
        "end_location": _location(finding.end),
        "filename": absolute_path(finding.path, root),
        "fix": fix,
        "location": _location(finding.start),
        "message": finding.message,
        "name": finding.name or None,
        "noqa_row": finding.noqa_row,
        "severity": "error",  # as ruff: every finding is an error (one that fails the run)
        "url": _url(finding, known_codes),
    }


def documented_codes() -> set:
    """Codes with a documentation page: every rule's, and FUT000's."""
    from futurelint.rules.base import catalog

    return {"FUT000", *catalog()}
