"""Bindings, scopes and classes: what the one walk over the tree (`model.Collector`) records."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Optional

import libcst as cst


# How a name is bound.
BindingKind = Literal[
    "assign", "annassign", "augassign", "for", "comprehension", "with", "param", "import", "def", "class",
    "except", "walrus", "del", "global",
]
ScopeKind = Literal["module", "function", "class", "lambda"]


@dataclass(eq=False)
class Binding:
    """One place where a name receives a value.

    `node` is the bound name itself; `definition` the node that makes the binding: the statement
    (assignment, `for`, `with` item, `import`, `def`, `class`, `except` handler...) or, for a
    parameter, its `cst.Param`.
    `value` is the expression assigned (for `a, b = x` it is `x` with `path` (0,) / (1,));
    `iterable` is set instead for loop and comprehension targets (the element, at `path`, of it).
    """

    name: str
    kind: BindingKind
    node: cst.CSTNode
    scope: "Scope"
    definition: Optional[cst.CSTNode] = None
    value: Optional[cst.BaseExpression] = None
    iterable: Optional[cst.BaseExpression] = None
    path: tuple = ()
    annotation: Optional[cst.BaseExpression] = None
    qualified: Optional[str] = None  # for imports
    order: int = 0


@dataclass(eq=False)
class Scope:
    kind: ScopeKind
    node: cst.CSTNode
    parent: Optional["Scope"]
    bindings: dict[str, list[Binding]] = field(default_factory=dict)
    loads: dict[str, list[cst.Name]] = field(default_factory=dict)
    global_names: set[str] = field(default_factory=set)
    nonlocal_names: set[str] = field(default_factory=set)

    def bind(self, binding: Binding) -> None:
        self.bindings.setdefault(binding.name, []).append(binding)

    @property
    def function_scope(self) -> "Scope":
        scope = self
        while scope.kind == "class" and scope.parent is not None:
            scope = scope.parent
        return scope


@dataclass(eq=False)
class ClassInfo:
    node: cst.ClassDef
    base_names: list[str]
    # Values assigned to `self.<attr>` in methods, and annotations of attributes, by attribute name.
    attr_values: dict[str, list[cst.BaseExpression]] = field(default_factory=dict)
    attr_annotations: dict[str, list[cst.BaseExpression]] = field(default_factory=dict)
    methods: dict[str, cst.FunctionDef] = field(default_factory=dict)


class UnknownType:
    def __repr__(self) -> str:
        return "<unknown>"


UNKNOWN = UnknownType()
