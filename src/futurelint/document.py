"""Lint one document as an editor holds it (a module's text, or a notebook's cells) the way
`futurelint check` lints a file: the nearest configuration's settings and selection, its
exclusions, the same engine. The language server is a thin layer over this module.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Optional, Sequence

from futurelint.engine import PARSE_ERROR, FileResult, lint_source
from futurelint.findings import Finding
from futurelint.indexing import index_in_process, project_key
from futurelint.notebook import Notebook, cell_text, from_cells, lint_loaded
from futurelint.project_index import ProjectIndex


@dataclass
class DocumentLint:
    result: FileResult
    notebook: Optional[Notebook] = None  # set for a notebook's cells: findings carry their cell number

    @property
    def findings(self) -> list[Finding]:
        return self.result.findings


class DocumentLinter:
    """Lints documents by path, each with the settings of its nearest configuration and the index of
    its project (built when first needed, again when a Python file of the project is saved).
    Configuration files are read once; `reload()` forgets them (after one changed)."""

    def __init__(self) -> None:
        self.reload()

    def reload(self) -> None:
        from futurelint.cli import CheckRequest, config_plan
        from futurelint.project import Configs

        request = CheckRequest()
        self._configs = Configs(lambda config: config_plan(config, request))
        self._indexes: dict[str, Optional[ProjectIndex]] = {}

    def index(self, path: str) -> Optional[ProjectIndex]:
        """The index of the project `path` belongs to (indexing.py)."""
        plan = self._configs.for_path(path)
        key = project_key(plan.config)
        if key not in self._indexes:
            self._indexes[key] = index_in_process(plan, self._configs, path)
        return self._indexes[key]

    def saved(self, path: str) -> bool:
        """A file was saved: whether what its project exports changed (then every open document of
        the project deserves a new lint). A project not indexed yet is indexed when first needed."""
        if not path.endswith(".py"):
            return False
        key = project_key(self._configs.for_path(path).config)
        if key not in self._indexes:
            return False
        before = self._indexes.pop(key)
        after = self.index(path)
        return _digest(before) != _digest(after)

    def excluded(self, path: str) -> bool:
        """Whether the settings exclude `path` (an excluded file gets no diagnostics)."""
        plan = self._configs.for_path(path)
        root = str(plan.config.root)
        inside = os.path.abspath(path).startswith(root.rstrip(os.sep) + os.sep)
        return inside and plan.options.excluder.excludes_with_ancestors(os.path.abspath(path), root)

    def time_limit(self, path: str) -> float:
        """The document's `time-limit` (the server lints in its own process, under the engine's guard)."""
        return self._configs.for_path(path).config.time_limit

    def _rules(self, path: str):
        from futurelint.runner import rules_for

        plan = self._configs.for_path(path)
        return rules_for(plan.selection.codes_for(path), plan.settings), plan.selection.parse_errors_for(path)

    def lint_text(self, path: str, text: str) -> DocumentLint:
        rules, parse_errors = self._rules(path)
        result = lint_source(text, path, rules, keep_source=True, time_limit=self.time_limit(path), project=self.index(path))
        return DocumentLint(_without_parse_errors(result, parse_errors))

    def lint_cells(self, path: str, cells: Sequence[Optional[str]]) -> DocumentLint:
        """A notebook's cells in order, None for those that are not code."""
        rules, parse_errors = self._rules(path)
        notebook = from_cells(cells)
        result = lint_loaded(notebook, path, rules, keep_source=True, time_limit=self.time_limit(path), project=self.index(path))
        return DocumentLint(_without_parse_errors(result, parse_errors), notebook)

    def fix_all(self, path: str, text: str, unsafe: bool = False) -> Optional[str]:
        """`text` with every applicable fix applied (as `check --fix`), None when nothing changes."""
        from futurelint.fixer import fix_source

        rules, _ = self._rules(path)
        outcome = fix_source(text, path, rules, unsafe=unsafe, project=self.index(path))
        return outcome.source if outcome.changed else None

    def fix_all_cells(self, path: str, cells: Sequence[Optional[str]], unsafe: bool = False) -> Optional[dict]:
        """The new text of each cell that fixes change (by cell number, 1-based), None if none."""
        from futurelint.fixer import fix_source

        rules, _ = self._rules(path)
        notebook = from_cells(cells)
        outcome = fix_source(notebook.source, path, rules, unsafe=unsafe, project=self.index(path))
        if not outcome.changed:
            return None
        sources = notebook.split(outcome.source) or {}
        return {number: text for number, text in sources.items() if text != cells[number - 1]}


def noqa_line(lint: DocumentLint, text: str, finding: Finding) -> Optional[str]:
    """The line `finding.noqa_row` of `text` (a module, or the finding's cell) with a `# noqa` for
    the finding's code added, without its line break; None when no comment can go there."""
    from futurelint.add_noqa import plan_noqa
    from futurelint.noqa import physical_lines

    source = cell_text(lint.notebook, finding.cell) if lint.notebook is not None and finding.cell else text
    planned = plan_noqa(source, [finding])
    if planned.changed_lines == 0:
        return None
    lines = physical_lines(planned.source)
    return lines[finding.noqa_row - 1] if 0 < finding.noqa_row <= len(lines) else None


def _digest(index: Optional[ProjectIndex]) -> Optional[str]:
    return index.digest() if index is not None else None


def _without_parse_errors(result: FileResult, report: bool) -> FileResult:
    if not report:
        result.findings = [finding for finding in result.findings if finding.code != PARSE_ERROR]
    return result
