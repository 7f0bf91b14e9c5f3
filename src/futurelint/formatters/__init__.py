"""Output formats. A formatter turns a `RunReport` (plain data) into text; it knows nothing about
rules beyond the `RuleInfo` records it is handed.

Each format lives in its own module `futurelint/formatters/<module>.py` exposing
`render(report: RunReport) -> str`; `FORMATS` maps the `--output-format` name to the module.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from futurelint.findings import Finding

FORMATS = {
    "full": "full",
    "concise": "concise",
    "json": "json_format",
    "json-lines": "json_lines",
    "github": "github",
    "sarif": "sarif",
    "gitlab": "gitlab",
    "junit": "junit",
}


@dataclass(frozen=True)
class RuleInfo:
    """What an output format may say about a rule (SARIF's driver, for one)."""

    code: str
    name: str
    summary: str  # the rule's message
    description: str  # first paragraph of "What it does"
    markdown: str  # the whole rendered docs page
    url: str
    default: bool


@dataclass
class RunReport:
    findings: Sequence[Finding]
    rules: Sequence[RuleInfo] = ()
    root: Path = field(default_factory=Path.cwd)  # paths are shown relative to this
    files_checked: int = 0
    fixed: int = 0
    unsafe_fixes: bool = False  # whether `--fix` would apply unsafe fixes too (for `[*]`)
    color: bool = False  # ANSI colours in `full` and `concise` (see style.py)


def render(format_name: str, report: RunReport) -> str:
    module = importlib.import_module(f"futurelint.formatters.{FORMATS[format_name]}")
    return module.render(report)
