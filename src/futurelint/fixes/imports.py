"""Spelling `concurrent.futures` in a fix: with the file's own imports, or with an import to add."""

from __future__ import annotations

import libcst as cst

from futurelint.rules.base import InsertBefore
from futurelint.semantic import CF, Model


def futures_module_reference(model: Model):
    """How the file can spell `concurrent.futures` at module level, and the import to add if it can't."""
    first_from_import = None
    for statement in model.module.body:
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            if isinstance(small, cst.Import):
                for alias in small.names:
                    if model.source_of(alias.name) == CF:
                        return (alias.asname.name.value if alias.asname else CF), None
            elif isinstance(small, cst.ImportFrom) and small.module is not None and not small.relative:
                module = model.source_of(small.module)
                if module == "concurrent" and not isinstance(small.names, cst.ImportStar):
                    for alias in small.names:
                        if model.source_of(alias.name) == "futures":
                            return (alias.asname.name.value if alias.asname else "futures"), None
                if module == CF and first_from_import is None:
                    first_from_import = statement
    if first_from_import is None:
        return None, None
    return CF, InsertBefore(first_from_import, f"import {CF}\n")
