"""Names from `concurrent.futures` and the node types the layer groups."""

from __future__ import annotations

from enum import Enum
from typing import Union

import libcst as cst

CF = "concurrent.futures"
THREAD_POOL = f"{CF}.ThreadPoolExecutor"
PROCESS_POOL = f"{CF}.ProcessPoolExecutor"
INTERPRETER_POOL = f"{CF}.InterpreterPoolExecutor"
EXECUTOR_BASE = f"{CF}.Executor"
FUTURE = f"{CF}.Future"


class ExecutorKind(str, Enum):
    """What runs an executor's tasks. A str, so that it also compares equal to its value."""

    THREAD = "thread"
    PROCESS = "process"
    INTERPRETER = "interpreter"  # threads, each running a sub-interpreter (Python 3.14+)
    ANY = "any"  # an `Executor` annotation, or evidence for more than one kind

    @property
    def pickles_tasks(self) -> bool:
        """Tasks and their arguments are pickled to reach the worker (no closures, no shared state)."""
        return self in (ExecutorKind.PROCESS, ExecutorKind.INTERPRETER)

    @property
    def spawns_processes(self) -> bool:
        """Workers are child processes (the `__main__` guard, the Windows handle limit)."""
        return self is ExecutorKind.PROCESS


EXECUTOR_CONSTRUCTORS = {
    THREAD_POOL: ExecutorKind.THREAD, PROCESS_POOL: ExecutorKind.PROCESS, INTERPRETER_POOL: ExecutorKind.INTERPRETER,
}
EXECUTOR_ANNOTATIONS = {**EXECUTOR_CONSTRUCTORS, EXECUTOR_BASE: ExecutorKind.ANY}
# Private module paths that name the same public objects.
PRIVATE_MODULES = (f"{CF}.thread.", f"{CF}.process.", f"{CF}.interpreter.", f"{CF}._base.")
CONTAINER_ANNOTATIONS = {
    "typing.List", "typing.Set", "typing.FrozenSet", "typing.Sequence", "typing.Iterable",
    "typing.Iterator", "typing.Collection", "typing.MutableSequence", "typing.MutableSet",
    "typing.AbstractSet", "builtins.list", "builtins.set", "builtins.frozenset", "builtins.tuple",
    "typing.Tuple", "collections.abc.Iterable", "collections.abc.Sequence",
    "collections.abc.Iterator", "collections.abc.Collection", "collections.abc.Set",
}
OPTIONAL_ANNOTATIONS = {"typing.Optional", "typing.Union"}

FunctionNode = Union[cst.FunctionDef, cst.Lambda]
COMPREHENSION_TYPES = (cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp)
SCOPE_TYPES = (cst.FunctionDef, cst.Lambda, cst.ClassDef)


def normalize_qualname(name: str) -> str:
    for private in PRIVATE_MODULES:
        if name.startswith(private):
            return f"{CF}.{name[len(private):]}"
    return name

# Exceptions raised by `submit()`/`map()` themselves (a broken or shut-down pool), never by a task:
# a handler of only these does not handle task errors.
SUBMISSION_ERRORS = frozenset({
    "builtins.RuntimeError",
    "concurrent.futures.BrokenExecutor",
    "concurrent.futures.BrokenThreadPool",
    "concurrent.futures.BrokenProcessPool",
    "concurrent.futures.thread.BrokenThreadPool",
    "concurrent.futures.process.BrokenProcessPool",
})
# Raised in the caller's thread (Ctrl-C, exit, a closed generator), not by a task: a handler of only
# these is not meant for task errors.
CALLER_THREAD_ERRORS = frozenset({"builtins.KeyboardInterrupt", "builtins.SystemExit", "builtins.GeneratorExit"})
# What a handler "meant for task errors" catches none of (FUT402, FUT901: `semantic.catches_task_errors`).
NOT_TASK_ERRORS = SUBMISSION_ERRORS | CALLER_THREAD_ERRORS
# Builtins a `try` body may call beside the guarded executor call without the handler being presumed
# meant for them (FUT402, FUT901): they raise only on a programming error. `min`/`max` are left out:
# their ValueError on an empty sequence is something handlers are written for.
HARMLESS_BUILTINS = (
    "range", "len", "list", "tuple", "dict", "set", "zip", "enumerate", "sorted", "reversed", "iter", "isinstance",
)
# Builtins that copy the items of an iterable into a new container (or iterator), in order or not:
# the copy holds exactly what the argument yields.
COPYING_BUILTINS = ("list", "set", "tuple", "sorted", "frozenset", "reversed", "iter")
# Logger methods (`logger.fatal` is `critical`).
LOGGING_METHODS = frozenset({"debug", "info", "warning", "warn", "error", "exception", "critical", "log", "fatal"})
# Whether a use of a future observes its outcome (`observation.Observation`, `observation.observes`):
# future methods that neither retrieve the outcome nor hand the future to anyone,
FUTURE_STATE_METHODS = frozenset({"done", "running", "cancelled", "cancel", "set_running_or_notify_cancel"})
# builtins that look at a value passed to them without raising a task's error or keeping the value,
LOOKING_BUILTINS = ("print", "len", "id", "hash", "isinstance", "repr", "str", "type", "bool", "format")
# and methods of another object that do the same with their argument (`pending.discard(fut)`, `names.get(fut)`;
# a logging call, `syntax.is_logging_call`, too).
LOOKING_METHODS = frozenset({"remove", "discard", "pop", "get", "index", "count", "__contains__"})
# unittest's context managers that expect an exception (`assertRaisesRegexp` is the old spelling).
RAISES_METHODS = ("assertRaises", "assertRaisesRegex", "assertRaisesRegexp")
