"""Whether two expressions denote the same object (FUT205's executors, the FUT8 rules' futures)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from futurelint.semantic.observation import visible_bindings

if TYPE_CHECKING:
    from futurelint.semantic.model import Model


def same_object(model: Model, first: cst.BaseExpression, second: cst.BaseExpression) -> bool:
    """Whether `first` and `second` surely hold the same object. Precision first: unknown is "no".

    - Two loads of one name that the same bindings reach (`fut` before and after a rebinding in one
      branch are the same only if both see both bindings; a name rebound in between is not).
    - The same `self.<attr>` spelling in methods of one class (`self` being the instance the methods
      share: `self._pool` where a method submits and where the submitted method waits).
    """
    if isinstance(first, cst.Name) and isinstance(second, cst.Name):
        if first.value != second.value:
            return False
        a, b = visible_bindings(model, first), visible_bindings(model, second)
        return bool(a) and {id(x) for x in a} == {id(x) for x in b}
    if isinstance(first, cst.Attribute) and isinstance(second, cst.Attribute):
        if model.source_of(first) != model.source_of(second):
            return False
        info = model.self_class(first)
        return info is not None and info is model.self_class(second)
    return False
