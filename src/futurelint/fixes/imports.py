"""Spelling `concurrent.futures` in a fix: with the file's own imports, or with an import to add.

A spelling is only used where its first name means what the module's import made it mean: a
function whose parameter or local is called `cf`, `futures` or `concurrent` (a config dict, a list
of futures) would otherwise get `cf.TimeoutError`, an AttributeError when the handler runs.
"""

from __future__ import annotations

from typing import Optional

import libcst as cst

from futurelint.rules.base import InsertBefore
from futurelint.semantic import CF, Model

Spelling = tuple[Optional[str], Optional[InsertBefore]]


def futures_name(model: Model, name: str, at: cst.CSTNode) -> Spelling:
    """How to spell `concurrent.futures.<name>` at `at`: the name itself when the module imports it
    from `concurrent.futures`, else through the module (with the import to add, if any)."""
    for bound, bindings in model.module_scope.bindings.items():
        if len(bindings) == 1 and bindings[0].kind == "import" and bindings[0].qualified in (f"{CF}.{name}", f"{CF}._base.{name}"):
            if _means_the_import(model, bound, at):
                return bound, None
    module, edit = futures_module_reference(model, at)
    return (f"{module}.{name}", edit) if module is not None else (None, None)


def futures_module_reference(model: Model, at: Optional[cst.CSTNode] = None) -> Spelling:
    """How the file can spell `concurrent.futures` (at `at`, when given), and the import to add if
    it can't; (None, None) when no spelling is free there."""
    spelling, edit = _module_spelling(model)
    if spelling is None or at is None or _means_the_import(model, spelling.split(".")[0], at):
        return spelling, edit
    # The file's own spelling is shadowed at `at`: fall back to `concurrent.futures`.
    if not _means_the_import(model, "concurrent", at):
        return None, None
    if _imports_the_module(model):
        return CF, None
    anchor = _first_import(model)
    return (CF, InsertBefore(anchor, f"import {CF}\n")) if anchor is not None else (None, None)


def _means_the_import(model: Model, name: str, at: cst.CSTNode) -> bool:
    """`name`, read at `at`, is the module-level one (or nothing yet: an import will bind it)."""
    bindings = model.lookup(name, model.scope_of(at))
    return bindings is None or bindings is model.module_scope.bindings.get(name)


def _module_spelling(model: Model) -> Spelling:
    """How the file spells `concurrent.futures` at module level, and the import to add if it can't."""
    first_from_import = None
    for statement in model.module.body:
        for small in _imports(statement):
            if isinstance(small, cst.Import):
                for alias in small.names:
                    if model.source_of(alias.name) == CF:
                        return (alias.asname.name.value if alias.asname else CF), None
            elif small.module is not None and not small.relative:
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


def _imports_the_module(model: Model) -> bool:
    """`import concurrent.futures` (without `as`) at module level."""
    return any(
        isinstance(small, cst.Import)
        and any(model.source_of(alias.name) == CF and alias.asname is None for alias in small.names)
        for statement in model.module.body
        for small in _imports(statement)
    )


def _first_import(model: Model) -> Optional[cst.CSTNode]:
    return next((statement for statement in model.module.body if any(True for _ in _imports(statement))), None)


def _imports(statement: cst.CSTNode):
    if isinstance(statement, cst.SimpleStatementLine):
        yield from (small for small in statement.body if isinstance(small, (cst.Import, cst.ImportFrom)))
