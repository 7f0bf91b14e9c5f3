"""Containers of futures: what a container holds, as the evidence queries answer it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional

import libcst as cst

from futurelint.semantic.syntax import STORING_METHODS

if TYPE_CHECKING:
    from futurelint.semantic.bindings import Binding
    from futurelint.semantic.model import Model

@dataclass(frozen=True)
class Container:
    """What a container of futures holds: futures as elements, as dict keys, as dict values,
    or (for `.items()`) as pair members."""

    sequence: bool = False
    keys: bool = False
    values: bool = False
    pairs: Optional[tuple[bool, bool]] = None

    def merge(self, other: "Container") -> "Container":
        if self.pairs is not None or other.pairs is not None:
            return self if self == other else Container(sequence=self.sequence and other.sequence)
        return Container(self.sequence or other.sequence, self.keys or other.keys, self.values or other.values)


SEQUENCE = Container(sequence=True)
EMPTY = Container()


def dict_container(keys: bool, values: bool) -> Optional[Container]:
    if not keys and not values:
        return None
    return Container(keys=keys, values=values)


def is_empty_container(expr: cst.BaseExpression, model: Model) -> bool:
    if isinstance(expr, (cst.List, cst.Dict, cst.Set)) and not expr.elements:
        return True
    if isinstance(expr, cst.Call) and not expr.args:
        if model.is_builtin(expr.func, "list", "dict", "set"):
            return True
        return model.qualname(expr.func) in ("collections.deque", "collections.OrderedDict", "collections.defaultdict")
    if isinstance(expr, cst.Call) and model.qualname(expr.func) == "collections.defaultdict":
        return True
    return False


def grows_after(model: Model, binding: Binding) -> bool:
    """Whether the container bound here is filled later (`x.append(...)`, `x.extend(...)`,
    `x[k] = ...`): its size then depends on what the code adds, not on its display."""
    for load in model.uses_of(binding):
        parent = model.parent(load)
        if isinstance(parent, cst.Attribute) and parent.value is load and parent.attr.value in STORING_METHODS:
            return True
        if isinstance(parent, cst.Subscript) and parent.value is load and isinstance(model.parent(model.parent(parent)), cst.Assign):
            return True
    return False
