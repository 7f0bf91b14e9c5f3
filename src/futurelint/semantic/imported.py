"""Executors and futures that come from other modules of the project (issue #12, section 3).

The project index (project_index.py) says which dotted paths of the project are executors or
futures, or functions and classes whose call gives one. A file reaches them through its imports:
`from app.pools import IO_POOL` (aliases and relative imports included), `import app.pools` then
`app.pools.IO_POOL`, `from app import pools` then `pools.Pools.cpu`, `get_pool()`, or a star import.
Names are resolved by the file's own bindings first, so a local or a parameter that shadows the
imported name is what it is locally, never the export.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

import libcst as cst

from futurelint.project_index import Export, absolute_module
from futurelint.semantic.constants import ExecutorKind, normalize_qualname
from futurelint.semantic.walk import dotted_name

if TYPE_CHECKING:
    from futurelint.semantic.model import Model

EXECUTOR = "executor"
FUTURE = "future"


def relative_import_base(model: Model, node: cst.ImportFrom) -> Optional[str]:
    """The absolute module a relative `from ... import` names, when the file's module is known."""
    if model.module_name is None:
        return None
    name = dotted_name(node.module) if node.module is not None else None
    return absolute_module(model.module_name, model.is_package, len(node.relative), name)


def imported_kind(model: Model, qualified: Optional[str], what: str) -> Optional[str]:
    """The kind of the object an import binding names (`from app.pools import IO_POOL`)."""
    if model.project is None or not qualified:
        return None
    return _matching(model.project.lookup(normalize_qualname(qualified)), what, returns=False)


def star_imported_kind(model: Model, name: str, what: str) -> Optional[str]:
    """For a name bound nowhere in the file: the export a project module's `import *` gives it."""
    if model.project is None:
        return None
    return _matching(_star_export(model, name), what, returns=False)


def attribute_kind(model: Model, expr: cst.Attribute, what: str) -> Optional[str]:
    """`pools.IO_POOL`, `app.pools.Pools.cpu`: an attribute of an imported module or class."""
    return _matching(_export_named(model, expr), what, returns=False)


def call_kind(model: Model, call: cst.Call, what: str) -> Optional[str]:
    """`get_pool()`, `pools.start(job)`, `Named(4)`: a call of a project function or class that
    gives an executor or a future."""
    return _matching(_export_named(model, call.func), what, returns=True)


def _export_named(model: Model, expr: cst.BaseExpression) -> Optional[Export]:
    if model.project is None:
        return None
    if isinstance(expr, cst.Name) and model.resolve(expr) is None:
        return _star_export(model, expr.value)
    qualified = model.qualname(expr)
    if qualified is None or qualified.startswith("builtins."):
        return None
    return model.project.lookup(qualified)


def _star_export(model: Model, name: str) -> Optional[Export]:
    found = {model.project.lookup(f"{base}.{name}") for base in model.star_import_bases}
    found.discard(None)
    return found.pop() if len(found) == 1 else None


def _matching(export: Optional[Export], what: str, returns: bool) -> Optional[str]:
    if export is None or export.returns != returns:
        return None
    if what == EXECUTOR and export.is_executor:
        return ExecutorKind(export.kind)
    if what == FUTURE and export.kind == FUTURE:
        return FUTURE
    return None

