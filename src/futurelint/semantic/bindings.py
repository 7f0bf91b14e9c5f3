"""Bindings, scopes and classes: what the one walk over the tree records."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Optional

import libcst as cst

from futurelint.semantic.walk import SCOPE_OPENERS, dotted_name, visitor_handler

if TYPE_CHECKING:
    from futurelint.semantic.model import Model

@dataclass(eq=False)
class Binding:
    """One place where a name receives a value.

    `value` is the expression assigned (for `a, b = x` it is `x` with `path` (0,) / (1,));
    `iterable` is set instead for loop and comprehension targets (the element, at `path`, of it).
    """

    name: str
    kind: str  # assign, annassign, augassign, for, comprehension, with, param, import, def, class, except, walrus, del, global
    node: cst.CSTNode
    scope: "Scope"
    statement: Optional[cst.CSTNode] = None
    value: Optional[cst.BaseExpression] = None
    iterable: Optional[cst.BaseExpression] = None
    path: tuple = ()
    annotation: Optional[cst.BaseExpression] = None
    qualified: Optional[str] = None  # for imports
    order: int = 0


@dataclass(eq=False)
class Scope:
    kind: str  # module, function, class, lambda
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


class Collector(cst.CSTVisitor):
    """A single pass recording parents, preorder positions, scopes, bindings, loads and calls."""

    def __init__(self, model: "Model") -> None:
        super().__init__()
        self.m = model
        self.scope = Scope("module", model.module, None)
        model.module_scope = self.scope
        self.parents: list[cst.CSTNode] = []
        self.scope_stack: list[Scope] = []
        self.targets: set[int] = set()
        self.order = 0

    # generic bookkeeping -------------------------------------------------------------------
    # libcst's CSTVisitor looks up `visit_<Type>` / `leave_<Type>` / `visit_<Type>_<attribute>` with
    # getattr on every node and attribute; the lookups are cached per class here (the walk is the
    # largest part of building the model).
    def on_visit(self, node: cst.CSTNode) -> bool:
        m = self.m
        key = id(node)
        parents = self.parents
        if parents:
            parent = parents[-1]
            m._parent[key] = parent
            if type(parent) in SCOPE_OPENERS:
                self._enter_scope_if_needed(node, parent)
        self.order += 1
        m._order[key] = self.order
        m._scope_of[key] = self.scope
        parents.append(node)
        node_type = type(node)
        bucket = m._by_type.get(node_type)
        if bucket is not None:
            bucket.append(node)
        visit = visitor_handler(type(self), "visit_", node_type)
        return visit is None or visit(self, node) is not False

    def on_leave(self, original_node: cst.CSTNode) -> None:
        leave = visitor_handler(type(self), "leave_", type(original_node))
        if leave is not None:
            leave(self, original_node)
        self.m._end_order[id(original_node)] = self.order  # the last descendant visited
        self.parents.pop()
        if self.scope_stack and self.scope_stack[-1][0] is original_node:
            _, self.scope = self.scope_stack.pop()

    def on_visit_attribute(self, node: cst.CSTNode, attribute: str) -> None:
        visit = visitor_handler(type(self), "visit_", type(node), attribute)
        if visit is not None:
            visit(self, node)

    def on_leave_attribute(self, original_node: cst.CSTNode, attribute: str) -> None:
        leave = visitor_handler(type(self), "leave_", type(original_node), attribute)
        if leave is not None:
            leave(self, original_node)

    def _push(self, owner: cst.CSTNode, scope: Scope) -> None:
        self.scope_stack.append((owner, self.scope))
        self.scope = scope

    def _enter_scope_if_needed(self, node: cst.CSTNode, parent: cst.CSTNode) -> None:
        # Defaults, annotations, decorators and bases belong to the enclosing scope; only the
        # parameters (and what follows them) and a class body open the new scope.
        if isinstance(parent, (cst.FunctionDef, cst.Lambda)) and node is parent.params:
            kind = "lambda" if isinstance(parent, cst.Lambda) else "function"
            new = Scope(kind, parent, self.scope)
            self.m._scopes[id(parent)] = new
            self._push(node, new)
        elif isinstance(parent, cst.FunctionDef) and node is parent.body:
            self._push(node, self.m._scopes[id(parent)])
        elif isinstance(parent, cst.Lambda) and node is parent.body:
            self._push(node, self.m._scopes[id(parent)])
        elif isinstance(parent, cst.ClassDef) and node is parent.body:
            new = Scope("class", parent, self.scope)
            self.m._scopes[id(parent)] = new
            self._push(node, new)
        elif isinstance(parent, cst.Param) and (node is parent.default or node is parent.annotation):
            self._push(node, self.scope.parent or self.scope)

    # bindings ------------------------------------------------------------------------------
    def _bind(self, name_node: cst.Name, kind: str, statement=None, **kw) -> None:
        self.targets.add(id(name_node))
        scope = self.scope  # comprehensions are not separate scopes (catalog)
        binding = Binding(name_node.value, kind, name_node, scope, statement, **kw)
        binding.order = self.order
        if name_node.value in scope.global_names:
            self.m.module_scope.bind(binding)
        else:
            scope.bind(binding)
        self.m.bindings_by_node[id(name_node)] = binding

    def _bind_target(self, target: cst.BaseExpression, kind: str, statement, path=(), **kw) -> None:
        if isinstance(target, cst.Name):
            self._bind(target, kind, statement, path=path, **kw)
        elif isinstance(target, (cst.Tuple, cst.List)):
            value = kw.get("value")
            for index, element in enumerate(target.elements):
                inner = element.value
                if isinstance(element, cst.StarredElement):
                    self._bind_target(inner, kind, statement, path=path + (None,), **kw)
                elif (
                    value is not None
                    and not path
                    and isinstance(value, (cst.Tuple, cst.List))
                    and len(value.elements) == len(target.elements)
                    and not any(isinstance(e, cst.StarredElement) for e in value.elements)
                ):
                    self._bind_target(inner, kind, statement, **{**kw, "value": value.elements[index].value})
                else:
                    self._bind_target(inner, kind, statement, path=path + (index,), **kw)
        elif isinstance(target, cst.Attribute):
            self.m._attribute_stores.append((target, kw.get("value"), kw.get("annotation"), path))
        elif isinstance(target, cst.Subscript):
            self.m._subscript_stores.append((target, kw.get("value"), path))

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            self._bind_target(target.target, "assign", node, value=node.value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self._bind_target(node.target, "annassign", node, value=node.value, annotation=node.annotation.annotation)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        if isinstance(node.target, cst.Name):
            self._bind(node.target, "augassign", node, value=None)
            self.scope.loads.setdefault(node.target.value, []).append(node.target)

    def visit_NamedExpr(self, node: cst.NamedExpr) -> None:
        if isinstance(node.target, cst.Name):
            self._bind(node.target, "walrus", node, value=node.value)

    def visit_For(self, node: cst.For) -> None:
        self._bind_target(node.target, "for", node, iterable=node.iter)

    def visit_CompFor(self, node: cst.CompFor) -> None:
        self._bind_target(node.target, "comprehension", node, iterable=node.iter)

    def visit_WithItem(self, node: cst.WithItem) -> None:
        if node.asname is not None:
            self._bind_target(node.asname.name, "with", node, value=node.item)

    def visit_ExceptHandler(self, node: cst.ExceptHandler) -> None:
        if node.name is not None and isinstance(node.name.name, cst.Name):
            self._bind(node.name.name, "except", node, value=None)

    def visit_Param(self, node: cst.Param) -> None:
        annotation = node.annotation.annotation if node.annotation else None
        self._bind(node.name, "param", node, annotation=annotation)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._bind(node.name, "def", node, value=None)
        self.m.functions.append(node)
        if self.scope.kind == "class":
            self.m._classes[id(self.scope.node)].methods[node.name.value] = node

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self._bind(node.name, "class", node, value=None)
        bases = [arg.value for arg in node.bases]
        self.m._classes[id(node)] = ClassInfo(node, [])
        self.m._class_bases[id(node)] = bases

    def visit_Import(self, node: cst.Import) -> bool:
        for alias in node.names:
            dotted = dotted_name(alias.name)
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                self._bind(alias.asname.name, "import", node, qualified=dotted)
            else:
                top = alias.name
                while isinstance(top, cst.Attribute):
                    top = top.value
                if isinstance(top, cst.Name):
                    self._bind(top, "import", node, qualified=top.value)
        return False  # the dotted names inside an import are not loads

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        if node.relative or node.module is None or isinstance(node.names, cst.ImportStar):
            if not isinstance(node.names, cst.ImportStar):
                for alias in node.names:
                    bound = alias.asname.name if alias.asname else alias.name
                    if isinstance(bound, cst.Name):
                        self._bind(bound, "import", node, qualified=None)
            return False
        module = dotted_name(node.module)
        for alias in node.names:
            qualified = f"{module}.{dotted_name(alias.name)}"
            bound = alias.asname.name if alias.asname else alias.name
            if isinstance(bound, cst.Name):
                self._bind(bound, "import", node, qualified=qualified)
        return False

    def visit_Global(self, node: cst.Global) -> None:
        for item in node.names:
            self.scope.global_names.add(item.name.value)
            self.targets.add(id(item.name))

    def visit_Nonlocal(self, node: cst.Nonlocal) -> None:
        for item in node.names:
            self.scope.nonlocal_names.add(item.name.value)
            self.targets.add(id(item.name))

    def visit_Name(self, node: cst.Name) -> None:
        if id(node) in self.targets:
            return
        parent = self.parents[-2] if len(self.parents) > 1 else None
        if isinstance(parent, cst.Attribute) and node is parent.attr:
            return
        if isinstance(parent, (cst.Arg, cst.Param)) and (node is parent.keyword if isinstance(parent, cst.Arg) else node is parent.name):
            return
        if isinstance(parent, (cst.ImportAlias, cst.AsName, cst.ImportFrom, cst.FunctionDef, cst.ClassDef)):
            return
        self.scope.loads.setdefault(node.value, []).append(node)


class UnknownType:
    def __repr__(self) -> str:
        return "<unknown>"


UNKNOWN = UnknownType()
