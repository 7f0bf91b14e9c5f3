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


def cell_prefix(finding: Finding) -> str:
    """`cell 3:` before a notebook finding's row and column (as ruff shows them), else nothing."""
    return f"cell {finding.cell}:" if finding.cell is not None else ""


def absolute_path(path: str, root: Path) -> str:
    if path == STDIN or os.path.isabs(path):
        return path
    return os.path.normpath(os.path.join(str(root), path))


def _location(location: Location) -> dict:
    return {"column": location.column, "row": location.row}


def _url(finding: Finding, known_codes: Optional[set]) -> Optional[str]:
    if known_codes is not None and finding.code not in known_codes:
        return None
    return finding.url


def json_record(finding: Finding, root: Path, known_codes: Optional[set] = None) -> dict:
    """One finding in the shape of ruff's `--output-format json` (keys in ruff's order)."""
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
        "noqa_row": finding.noqa_row,
        "url": _url(finding, known_codes),
    }


def documented_codes() -> set:
    """Codes with a documentation page (FUT000 has none, so its `url` is null)."""
    from futurelint.rules.base import catalog

    return set(catalog())
