"""Functions of other modules of the project (issue #12, sections 2 and 3): what a task imported
from another module does, and what a call of an imported function returns.

`ex.submit(work)` after `from app.tasks import work` runs code this file does not show. When the
project's module roots hold `app/tasks.py` (or `app/tasks/__init__.py`), that module is read
(when it is no larger than `max-file-size` and `MAX_MODULE_BYTES`), parsed and modelled like the
file itself, and the rules' question about the task (does it report its own errors? does it
return data?) is asked of its definition there. Re-exports are followed
(`app/__init__.py: from .tasks import work`), a few hops at most. Anything that cannot be read,
parsed or found is unknown, as before.

The findings of the file then depend on those modules: every module read while a file is linted
is recorded (path, size, modification time) in `recording()`, which the engine opens around each
file's analysis, and the cache keeps a result only while those modules are unchanged.

A process remembers the answers it gave (with the modules each depended on, checked unchanged at
every use), so a module that many files name is parsed once; it keeps a few small parsed modules
for new questions.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Iterator, Optional

import libcst as cst

from futurelint.project_index import ABSENT, unchanged

if TYPE_CHECKING:
    from futurelint.project_index import ProjectIndex
    from futurelint.semantic.model import Model

MAX_HOPS = 3  # re-exports followed from the import to the definition
# A model takes several hundred times its module's bytes, and a dense module of 128 KiB three
# seconds to parse. Modules over this size (or over `max-file-size`) are not read: a task there is
# unknown. Real task modules are far smaller.
MAX_MODULE_BYTES = 128 * 1024
# The modules one file's lint may consult in all (a task delegating to helpers in many modules):
# beyond, what they would answer is unknown. Counted whether a module was parsed or remembered, so
# that a file's findings never depend on what its worker linted before.
CONSULTED_BYTES = 512 * 1024
KEPT_BYTES = 2 * MAX_MODULE_BYTES  # of parsed modules a process keeps for new questions
KEPT_ANSWERS = 10_000

Dependency = tuple[str, int, int]  # (path, size, st_mtime_ns) of a module the findings depend on
Question = Callable[..., bool]  # (model of the defining module, the function, *arguments) -> answer


@dataclass
class _Lint:
    """What one file's lint has read: every module (and absent module file) its findings depend on,
    and the bytes of the modules consulted so far."""

    dependencies: list[Dependency] = field(default_factory=list)
    consulted: dict[str, int] = field(default_factory=dict)  # path -> size
    over_budget: bool = False


_current: ContextVar[Optional[_Lint]] = ContextVar("futurelint_project_code", default=None)
_kept: OrderedDict = OrderedDict()  # path -> (size, mtime, Optional[Model])
_keeping = threading.Lock()  # the language server lints in threads
_answers: dict = {}  # (project roots, dotted name, question, arguments) -> (answer, dependencies)


@contextmanager
def recording() -> Iterator[list[Dependency]]:
    """One file's lint: collects the modules its analysis reads."""
    lint = _Lint()
    token = _current.set(lint)
    try:
        yield lint.dependencies
    finally:
        _current.reset(token)


def ask_called_function(model: Model, func: cst.BaseExpression, question: Question, *arguments) -> Optional[bool]:
    """`question` of the function a call of `func` runs: a function or method of this file, or a
    function of another module of the project. None when the function is unknown."""
    function = model.function_def(func)
    if function is not None:
        return question(model, function, *arguments)
    return ask_imported(model, func, question, *arguments)


def ask_imported(model: Model, expr: cst.BaseExpression, question: Question, *arguments) -> Optional[bool]:
    """`question` of the function another module of the project defines that `expr` names through
    this file's imports (`work` after `from app.tasks import work`, `tasks.work` after
    `from app import tasks`). None when there is no such function, or its module cannot be read."""
    qualified = _imported_name(model, expr)
    lint = _current.get()
    if qualified is None or lint is None:
        return None
    key = (model.project.roots, qualified, question.__module__, question.__qualname__, arguments)
    remembered = _answers.get(key)
    if remembered is not None and unchanged(remembered[1]):
        answer, dependencies = remembered
        if not _consult(lint, dependencies):
            return None
        lint.dependencies.extend(dependencies)
        return answer
    first, over_budget = len(lint.dependencies), lint.over_budget
    lint.over_budget = False
    found = _function_at(model.project, qualified, MAX_HOPS, lint)
    answer = question(*found, *arguments) if found is not None else None
    if not lint.over_budget:  # an answer cut short by the budget holds for this file only
        if len(_answers) >= KEPT_ANSWERS:
            _answers.clear()
        _answers[key] = (answer, tuple(lint.dependencies[first:]))
    lint.over_budget = lint.over_budget or over_budget
    return answer


def _consult(lint: _Lint, dependencies) -> bool:
    """Count the modules an answer read against the file's budget; False when they exceed it."""
    consulted = dict(lint.consulted)
    for path, size, _ in dependencies:
        if size != ABSENT:
            consulted[path] = size
    if sum(consulted.values()) > CONSULTED_BYTES:
        lint.over_budget = True
        return False
    lint.consulted = consulted
    return True


def _imported_name(model: Model, expr: cst.BaseExpression) -> Optional[str]:
    """The dotted name `expr` imports, for a file that is itself a module of the project (a file
    outside the module roots finds its imports elsewhere: next to itself, on its own path)."""
    if model.project is None or model.module_name is None or not isinstance(expr, (cst.Name, cst.Attribute)):
        return None
    if isinstance(expr, cst.Name):
        bindings = model.resolve(expr)
        if not bindings or any(binding.kind != "import" for binding in bindings):
            return None
    qualified = model.qualname(expr)
    if not qualified or qualified.startswith(("builtins.", "concurrent.")):
        return None
    return qualified


def _function_at(project: ProjectIndex, dotted: str, hops: int, lint: _Lint) -> Optional[tuple[Model, cst.FunctionDef]]:
    module_name, _, name = dotted.rpartition(".")
    path = _module_file(project, module_name, lint) if module_name else None
    other = _load(path, project, lint) if path is not None else None
    if other is None:
        return None
    bindings = other.module_scope.bindings.get(name, [])
    if len(bindings) != 1:
        return None
    binding = bindings[0]
    if binding.kind == "def" and isinstance(binding.definition, cst.FunctionDef):
        return other, binding.definition
    if binding.kind == "import" and binding.qualified and hops > 0:
        return _function_at(project, binding.qualified, hops - 1, lint)
    return None


def _module_file(project: ProjectIndex, module_name: str, lint: _Lint) -> Optional[str]:
    """The file of a module under the module roots, in the order Python looks (a package before a
    module of the same name); the files looked for and absent are recorded, since creating one
    changes the answer."""
    parts = module_name.split(".")
    if not all(part.isidentifier() for part in parts):
        return None
    for root in project.roots:
        base = os.path.join(str(root), *parts)
        for candidate in (os.path.join(base, "__init__.py"), base + ".py"):
            if os.path.isfile(candidate):
                return candidate
            lint.dependencies.append((candidate, ABSENT, ABSENT))
    return None


def _load(path: str, project: ProjectIndex, lint: _Lint) -> Optional[Model]:
    """The model of the module at `path`, or None when it cannot be read, decoded or parsed, or
    when the file's lint has consulted its budget of modules."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    lint.dependencies.append((path, status.st_size, status.st_mtime_ns))
    if not _consult(lint, [(path, status.st_size, status.st_mtime_ns)]):
        return None
    with _keeping:
        kept = _kept.get(path)
        if kept is not None and kept[:2] == (status.st_size, status.st_mtime_ns):
            _kept.move_to_end(path)
            return kept[2]
    model = _model_of(path, status.st_size, project)
    _keep(path, status.st_size, status.st_mtime_ns, model)
    return model


def _keep(path: str, size: int, mtime: int, model: Optional[Model]) -> None:
    with _keeping:
        _kept.pop(path, None)
        _kept[path] = (size, mtime, model)
        while len(_kept) > 1 and sum(kept[0] for kept in _kept.values() if kept[2] is not None) > KEPT_BYTES:
            _kept.popitem(last=False)


def _model_of(path: str, size: int, project: ProjectIndex) -> Optional[Model]:
    from futurelint.engine import decode, parse_module
    from futurelint.limits import TooLarge, read_bounded
    from futurelint.semantic.model import Model

    limit = min(project.max_file_size, MAX_MODULE_BYTES)
    if size > limit:
        return None
    try:
        source = decode(read_bounded(path, limit))
    except (OSError, TooLarge, ValueError, SyntaxError, LookupError, TypeError):
        return None
    module = parse_module(source)
    if module is None:
        return None
    try:
        return Model(module, path, source, project)
    except RecursionError:
        return None
