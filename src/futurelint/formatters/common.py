"""Helpers shared by the formats written here: display paths and ruff's JSON record."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

from futurelint.findings import Finding, Location

STDIN = "-"


def display_path(path: str, root: Path) -> str:
    """The path relative to `root` when it lies below it, else as it is (stdin stays `-`)."""
    if path == STDIN or not os.path.isabs(path):
        return path
    try:
        relative = os.path.relpath(path, str(root))
    except ValueError:  # another drive on Windows
        return path
    return path if relative.startswith(os.pardir) else relative


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
        "cell": None,
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
