"""The data every rule produces and every formatter consumes: findings, fixes and text edits."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

DOCS_BASE_URL = "https://github.com/futurelint/futurelint/blob/main/docs/rules/"


def rule_url(code: str) -> str:
    return f"{DOCS_BASE_URL}{code}.md"


@dataclass(frozen=True)
class Location:
    """A 1-based row and 1-based column, as ruff reports them."""

    row: int
    column: int


@dataclass(frozen=True)
class Edit:
    """Replace the text from `start` up to (not including) `end` with `content`."""

    content: str
    start: Location
    end: Location


@dataclass(frozen=True)
class Fix:
    applicability: str  # "safe" or "unsafe"
    message: str
    edits: tuple[Edit, ...]


@dataclass(frozen=True)
class Finding:
    path: str
    code: str
    message: str
    start: Location
    end: Location
    fix: Optional[Fix] = None
    noqa_row: int = 0
    name: str = ""
    source_line: str = field(default="", compare=False)
    cell: Optional[int] = None  # a notebook's cell (1-based); rows and columns are then the cell's

    @property
    def url(self) -> str:
        return rule_url(self.code)

    def sort_key(self) -> tuple:
        return (self.path, self.cell or 0, self.start.row, self.start.column, self.code, self.message)
