"""Fixes to `except` clauses."""

from __future__ import annotations

from typing import Optional

import libcst as cst

from futurelint.rules.base import InsertBefore, Replace, TreeFix
from futurelint.semantic import Model


def also_catch(
    model: Model, handler: cst.ExceptHandler, caught: cst.BaseExpression, spelling: str, import_edit: Optional[InsertBefore]
) -> TreeFix:
    """A safe fix that adds `spelling` to what `handler` catches, keeping `caught` (one of its types,
    or the whole type) so nothing the handler caught before escapes it now."""
    text = f"{model.source_of(caught)}, {spelling}"
    if handler.type is caught:
        text = f"({text})"
    edits = (Replace(caught, text),) + ((import_edit,) if import_edit else ())
    return TreeFix("safe", f"Also catch `{spelling}`", edits)
