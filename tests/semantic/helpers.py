"""Build a model of a snippet and find nodes in it, for the semantic layer's own tests."""

from __future__ import annotations

import libcst as cst

from futurelint.semantic import Model


def model_of(source: str) -> Model:
    return Model(cst.parse_module(source), "snippet.py", source)


def calls_named(model: Model, name: str) -> list[cst.Call]:
    """The calls whose callee's source text is `name` (`ex.submit`, `wait`...), in source order."""
    return [call for call in model.calls if model.source_of(call.func) == name]


def first_call(model: Model, name: str) -> cst.Call:
    return calls_named(model, name)[0]


def name_loads(model: Model, name: str) -> list[cst.Name]:
    return [node for node in model.nodes(cst.Name) if node.value == name]
