"""Functions of other modules of the project (issue #12, sections 2 and 3): what a task imported
from another module does, and what a call of an imported function returns.

`ex.submit(work)` after `from app.tasks import work` runs code this file does not show. When the
project's module roots hold `app/tasks.py` (or `app/tasks/__init__.py`), that module is read
(never more than `max-file-size` bytes), parsed and modelled like the file itself, and the rules'
questions about the task (does it report its own errors? does it return data?) are asked of its
definition there. Re-exports are followed (`app/__init__.py: from .tasks import work`), a few hops
at most. Anything that cannot be read, parsed or found is unknown, as before.

The findings of the file then depend on those modules: every module read while a file is linted
is recorded (path, size, modification time) in `recording()`, which the engine opens around each
file's analysis, and the cache keeps a result only while those modules are unchanged.

Parsed modules are kept for the worker's next files (a few, keyed by size and modification time).
"""

from __future__ import annotations

import os
from collections import OrderedDict
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Iterator, Optional

import libcst as cst

from futurelint.semantic.constants import CF

if TYPE_CHECKING:
    from futurelint.project_index import ProjectIndex
    from futurelint.semantic.model import Model

MAX_HOPS = 3  # re-exports followed from the import to the definition
KEPT_MODULES = 16  # parsed modules a process keeps for its next files

Dependency = tuple[str, int, int]  # (path, size, st_mtime_ns) of a module the findings depend on
_recorded: ContextVar[Optional[list[Dependency]]] = ContextVar("futurelint_dependencies", default=None)
_kept: OrderedDict[str, tuple[int, int, Optional[Model]]] = OrderedDict()


@contextmanager
def recording() -> Iterator[list[Dependency]]:
    """Collect the modules read for the analysis running in this thread."""
    dependencies: list[Dependency] = []
    token = _recorded.set(dependencies)
    try:
        yield dependencies
    finally:
        _recorded.reset(token)


def imported_function(model: Model, expr: cst.BaseExpression) -> Optional[tuple[Model, cst.FunctionDef]]:
    """The function another module of the project defines that `expr` names through this file's
    imports (`work` after `from app.tasks import work`, `tasks.work` after `from app import tasks`),
    with the model of that module."""
    if model.project is None or not isinstance(expr, (cst.Name, cst.Attribute)):
        return None
    qualified = model.qualname(expr)
    if not qualified or qualified.startswith(("builtins.", f"{CF}.", "concurrent.")):
        return None
    if isinstance(expr, cst.Name) and not _imported(model, expr):
        return None
    return _function_at(model.project, qualified, MAX_HOPS)


def _imported(model: Model, name: cst.Name) -> bool:
    bindings = model.resolve(name)
    return bool(bindings) and all(binding.kind == "import" for binding in bindings)


def _function_at(project: ProjectIndex, dotted: str, hops: int) -> Optional[tuple[Model, cst.FunctionDef]]:
    module_name, _, name = dotted.rpartition(".")
    path = _module_file(project, module_name) if module_name else None
    other = _load(path, project) if path is not None else None
    if other is None:
        return None
    bindings = other.module_scope.bindings.get(name, [])
    if len(bindings) != 1:
        return None
    binding = bindings[0]
    if binding.kind == "def" and isinstance(binding.definition, cst.FunctionDef):
        return other, binding.definition
    if binding.kind == "import" and binding.qualified and hops > 0:
        return _function_at(project, binding.qualified, hops - 1)
    return None


def _module_file(project: ProjectIndex, module_name: str) -> Optional[str]:
    parts = module_name.split(".")
    if not all(part.isidentifier() for part in parts):
        return None
    for root in project.roots:
        base = os.path.join(str(root), *parts)
        for candidate in (base + ".py", os.path.join(base, "__init__.py")):
            if os.path.isfile(candidate):
                return candidate
    return None


def _load(path: str, project: ProjectIndex) -> Optional[Model]:
    """The model of the module at `path`, or None when it cannot be read, decoded or parsed."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    dependencies = _recorded.get()
    if dependencies is not None:
        dependencies.append((path, status.st_size, status.st_mtime_ns))
    kept = _kept.get(path)
    if kept is not None and kept[:2] == (status.st_size, status.st_mtime_ns):
        _kept.move_to_end(path)
        return kept[2]
    model = _model_of(path, status.st_size, project)
    _kept[path] = (status.st_size, status.st_mtime_ns, model)
    while len(_kept) > KEPT_MODULES:
        _kept.popitem(last=False)
    return model


def _model_of(path: str, size: int, project: ProjectIndex) -> Optional[Model]:
    from futurelint.engine import decode, parse_module
    from futurelint.limits import TooLarge, read_bounded
    from futurelint.semantic.model import Model

    if size > project.max_file_size:
        return None
    try:
        source = decode(read_bounded(path, project.max_file_size))
    except (OSError, TooLarge, ValueError, SyntaxError, LookupError, TypeError):
        return None
    module = parse_module(source)
    if module is None:
        return None
    try:
        return Model(module, path, source, project)
    except RecursionError:
        return None
