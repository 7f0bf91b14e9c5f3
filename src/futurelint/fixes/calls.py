"""Call rewrites: spelling a call's `args=`/`kwargs=` (thread style) as direct arguments."""

from __future__ import annotations

from typing import Optional

import libcst as cst

from futurelint.semantic import Model


def spread_positional(model: Model, value: cst.BaseExpression, star: str) -> list[str]:
    """The arguments a literal tuple/list stands for, or `*value` (`star`) when it is not literal."""
    if isinstance(value, (cst.Tuple, cst.List)):
        return [model.source_of(e).rstrip().rstrip(",").strip() for e in value.elements]
    return [f"{star}{model.source_of(value)}"]


def spread_keywords(model: Model, value: cst.BaseExpression) -> Optional[list[str]]:
    """`name=value` arguments for a literal dict with identifier keys, or `**value`; None when a key
    is not an identifier."""
    if not isinstance(value, cst.Dict):
        return [f"**{model.source_of(value)}"]
    result = []
    for element in value.elements:
        if isinstance(element, cst.StarredDictElement):
            result.append(f"**{model.source_of(element.value)}")
            continue
        key = element.key
        name = key.evaluated_value if isinstance(key, cst.SimpleString) else None
        if not isinstance(name, str) or not name.isidentifier():
            return None
        result.append(f"{name}={model.source_of(element.value)}")
    return result
