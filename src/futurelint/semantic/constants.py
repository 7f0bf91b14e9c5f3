"""Names from `concurrent.futures` and the node types the layer groups."""

from __future__ import annotations

from typing import Union

import libcst as cst

CF = "concurrent.futures"
THREAD_POOL = f"{CF}.ThreadPoolExecutor"
PROCESS_POOL = f"{CF}.ProcessPoolExecutor"
INTERPRETER_POOL = f"{CF}.InterpreterPoolExecutor"
EXECUTOR_BASE = f"{CF}.Executor"
FUTURE = f"{CF}.Future"
EXECUTOR_CONSTRUCTORS = {THREAD_POOL: "thread", PROCESS_POOL: "process", INTERPRETER_POOL: "process"}
EXECUTOR_ANNOTATIONS = {**EXECUTOR_CONSTRUCTORS, EXECUTOR_BASE: "any"}
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
LOOP_TYPES = (cst.For, cst.While, cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp)
COMPREHENSION_TYPES = (cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp)
SCOPE_TYPES = (cst.FunctionDef, cst.Lambda, cst.ClassDef)


def normalize_qualname(name: str) -> str:
    for private in PRIVATE_MODULES:
        if name.startswith(private):
            return f"{CF}.{name[len(private):]}"
    return name
