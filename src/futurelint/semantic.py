"""The semantic layer: one walk over a file's tree that every rule asks its questions of.

It answers *what* an expression is (an executor, a future, a container of futures, a name from
`concurrent.futures`) and *where* a node stands (its parent, scope, enclosing loop, `try`, function),
following the evidence rules of the catalog: a fact is established only from what the file itself
shows, and anything unproven is unknown, which rules treat as silence.

It is built without libcst's metadata providers (their scope and qualified-name analyses cost several
times the parse itself); positions are resolved lazily, only for nodes that are reported.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Iterable, Iterator, Optional, Union

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
_PRIVATE_MODULES = (f"{CF}.thread.", f"{CF}.process.", f"{CF}.interpreter.", f"{CF}._base.")
_CONTAINER_ANNOTATIONS = {
    "typing.List", "typing.Set", "typing.FrozenSet", "typing.Sequence", "typing.Iterable",
    "typing.Iterator", "typing.Collection", "typing.MutableSequence", "typing.MutableSet",
    "typing.AbstractSet", "builtins.list", "builtins.set", "builtins.frozenset", "builtins.tuple",
    "typing.Tuple", "collections.abc.Iterable", "collections.abc.Sequence",
    "collections.abc.Iterator", "collections.abc.Collection", "collections.abc.Set",
}
_OPTIONAL_ANNOTATIONS = {"typing.Optional", "typing.Union"}

FunctionNode = Union[cst.FunctionDef, cst.Lambda]
LOOP_TYPES = (cst.For, cst.While, cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp)
COMPREHENSION_TYPES = (cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp)
SCOPE_TYPES = (cst.FunctionDef, cst.Lambda, cst.ClassDef)


def normalize_qualname(name: str) -> str:
    for private in _PRIVATE_MODULES:
        if name.startswith(private):
            return f"{CF}.{name[len(private):]}"
    return name


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


class _Collector(cst.CSTVisitor):
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
            if type(parent) in _SCOPE_OPENERS:
                self._enter_scope_if_needed(node, parent)
        self.order += 1
        m._order[key] = self.order
        m._scope_of[key] = self.scope
        parents.append(node)
        node_type = type(node)
        bucket = m._by_type.get(node_type)
        if bucket is not None:
            bucket.append(node)
        visit = _handler(type(self), "visit_", node_type)
        return visit is None or visit(self, node) is not False

    def on_leave(self, original_node: cst.CSTNode) -> None:
        leave = _handler(type(self), "leave_", type(original_node))
        if leave is not None:
            leave(self, original_node)
        self.m._end_order[id(original_node)] = self.order  # the last descendant visited
        self.parents.pop()
        if self.scope_stack and self.scope_stack[-1][0] is original_node:
            _, self.scope = self.scope_stack.pop()

    def on_visit_attribute(self, node: cst.CSTNode, attribute: str) -> None:
        visit = _handler(type(self), "visit_", type(node), attribute)
        if visit is not None:
            visit(self, node)

    def on_leave_attribute(self, original_node: cst.CSTNode, attribute: str) -> None:
        leave = _handler(type(self), "leave_", type(original_node), attribute)
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
            dotted = _dotted(alias.name)
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
        module = _dotted(node.module)
        for alias in node.names:
            qualified = f"{module}.{_dotted(alias.name)}"
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


_SCOPE_OPENERS = frozenset((cst.FunctionDef, cst.Lambda, cst.ClassDef, cst.Param))
_HANDLERS: dict = {}


def _handler(visitor_class: type, prefix: str, node_type: type, attribute: str = "") -> Optional[Callable]:
    """The visitor's `visit_<Type>[_<attribute>]` / `leave_...` function, or None (cached)."""
    key = (visitor_class, prefix, node_type, attribute)
    try:
        return _HANDLERS[key]
    except KeyError:
        name = f"{prefix}{node_type.__name__}{'_' + attribute if attribute else ''}"
        found = _HANDLERS[key] = getattr(visitor_class, name, None)
        return found


def _walk(module: cst.Module, visitor: cst.CSTVisitor) -> None:
    """`module.visit(visitor)` for a visitor that only reads: the same hooks in the same order,
    without libcst's rebuilding of every node (it reconstructs and re-validates each one even
    for a read-only visitor, most of the cost of a walk) and without recursion. Visitors with
    per-attribute hooks get libcst's own walk."""
    if _has_attribute_hooks(type(visitor)):
        module.visit(visitor)
        return
    on_visit, on_leave = visitor.on_visit, visitor.on_leave
    stack: list = [module]
    pop, push, extend = stack.pop, stack.append, stack.extend
    while stack:
        item = pop()
        if type(item) is tuple:  # (node,): its children are done
            on_leave(item[0])
            continue
        push((item,))
        if on_visit(item):
            extend(reversed(_children(item)))


def _children(node: cst.CSTNode) -> list:
    names = _CHILD_FIELDS.get(type(node))
    if names is None:
        names = _CHILD_FIELDS[type(node)] = _child_fields(type(node))
    if not names:
        return [child for child in node.children if type(child) not in _TRIVIA] if names is None else []
    children = []
    for name in names:
        value = getattr(node, name)
        kind = _VALUE_KINDS.get(type(value))
        if kind is None:
            kind = _VALUE_KINDS[type(value)] = _value_kind(value)
        if kind == _NODE:
            if type(value) not in _TRIVIA:
                children.append(value)
        elif kind == _SEQUENCE:
            children.extend([item for item in value if type(item) not in _TRIVIA])
    return children


def _trivia_types() -> frozenset:
    """Whitespace, comments, punctuation and operator tokens: about two thirds of a tree's nodes,
    and nothing any rule asks about (rules read an operator off its expression). The walk skips
    them, so they have no parent, order or scope in the model."""
    bases = frozenset((
        cst.BaseParenthesizableWhitespace, cst.Newline, cst.TrailingWhitespace, cst.EmptyLine,
        cst.Comment, cst.Comma, cst.Dot, cst.Colon, cst.Semicolon, cst.AssignEqual, cst.LeftParen,
        cst.RightParen, cst.LeftSquareBracket, cst.RightSquareBracket, cst.LeftCurlyBrace,
        cst.RightCurlyBrace, cst.BaseBinaryOp, cst.BaseBooleanOp, cst.BaseCompOp, cst.BaseUnaryOp,
        cst.BaseAugOp,
    ))
    classes = (value for value in vars(cst).values() if isinstance(value, type))
    # Read the MRO rather than ask issubclass: the ABC machinery makes that slow at start-up.
    return frozenset(klass for klass in classes if not bases.isdisjoint(klass.__mro__))


_TRIVIA = _trivia_types()

# What a visited attribute holds, by its type (isinstance on the CSTNode ABC is slow).
_NODE, _SEQUENCE, _NOTHING = 1, 2, 3
_VALUE_KINDS: dict = {}


def _value_kind(value: object) -> int:
    if isinstance(value, cst.CSTNode):
        return _NODE
    if isinstance(value, (list, tuple)):
        return _SEQUENCE
    return _NOTHING  # None, MaybeSentinel.DEFAULT


_CHILD_FIELDS: dict = {}
_VISIT_CALL = re.compile(r'visit_(?:required|optional|sequence|sentinel|body_sequence)\(\s*self,\s*"(\w+)"')


def _child_fields(node_type: type) -> tuple:
    """The attributes `node_type._visit_and_replace_children` visits, in its order (read from its
    source: the order is the order of the keyword arguments that rebuild the node)."""
    import inspect

    for klass in node_type.__mro__:
        method = klass.__dict__.get("_visit_and_replace_children")
        if method is not None:
            break
    else:
        return ()
    try:
        names = _VISIT_CALL.findall(inspect.getsource(method))
    except (OSError, TypeError):  # no source: ask libcst for the children of each node
        return None  # type: ignore[return-value]
    return tuple(name for name in dict.fromkeys(names) if not _holds_trivia(name))


# Attributes that hold only trivia in every node type (so the walk need not even read them).
_TRIVIA_FIELDS = frozenset((
    "lpar", "rpar", "comma", "dot", "semicolon", "colon", "equal", "operator", "newline", "header",
    "footer", "leading_lines", "lines_after_decorators", "trailing_whitespace", "lbracket", "rbracket",
    "lbrace", "rbrace",
))


def _holds_trivia(field_name: str) -> bool:
    return field_name in _TRIVIA_FIELDS or field_name.startswith("whitespace")


def _has_attribute_hooks(visitor_class: type) -> bool:
    """Whether the visitor defines `visit_<Type>_<attribute>` hooks (CSTVisitor's are no-ops)."""
    for klass in visitor_class.__mro__:
        if klass is cst.CSTVisitor:
            return False
        if any(re.match(r"(visit|leave)_[A-Z]\w*_[a-z]\w*$", name) for name in vars(klass)):
            return True
    return False


def _dotted(node: cst.BaseExpression) -> str:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return f"{_dotted(node.value)}.{node.attr.value}"
    return ""


@lru_cache(maxsize=4096)
def _parse_string_annotation(text: str) -> Optional[cst.BaseExpression]:
    try:
        return cst.parse_expression(text)
    except Exception:
        return None


class Model:
    """Everything rules may ask about one file."""

    INDEXED_TYPES = (
        cst.Call, cst.Attribute, cst.Try, cst.For, cst.While, cst.With, cst.If, cst.Assert,
        cst.Expr, cst.Return, cst.FunctionDef, cst.Lambda, cst.ClassDef, cst.Subscript,
        cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp, cst.Assign, cst.Await,
        cst.ExceptHandler, cst.Comparison, cst.FormattedString, cst.IfExp, cst.BooleanOperation,
        cst.UnaryOperation, cst.Yield, cst.Name,
    )

    def __init__(self, module: cst.Module, path: str = "<stdin>", source: str = "") -> None:
        self.module = module
        self.path = path
        self.source = source
        self.module_scope: Scope
        self.functions: list[cst.FunctionDef] = []
        self.bindings_by_node: dict[int, Binding] = {}
        self._parent: dict[int, cst.CSTNode] = {}
        self._order: dict[int, int] = {}
        self._end_order: dict[int, int] = {}
        self._scope_of: dict[int, Scope] = {}
        self._scopes: dict[int, Scope] = {}
        self._classes: dict[int, ClassInfo] = {}
        self._class_bases: dict[int, list[cst.BaseExpression]] = {}
        self._by_type: dict[type, list] = {t: [] for t in self.INDEXED_TYPES}
        self._attribute_stores: list = []
        self._subscript_stores: list = []
        self._nested_scopes: Optional[dict[int, list[Scope]]] = None
        self._memo: dict[tuple[str, int], object] = {}
        self._index_orders: dict[type, list[int]] = {}
        self._positions: Optional[dict] = None
        self._statement_lines: Optional[dict[int, int]] = None
        _walk(module, _Collector(self))
        self._finish_classes()
        self._callback_params = self._find_callback_params()

    def release(self) -> None:
        """Break the cycles between scopes and their bindings, so that the tree is freed as soon as
        the model is dropped instead of at the next full garbage collection, which can come late
        enough for a worker to hold several files' trees at once. The model is unusable after."""
        for scope in (self.module_scope, *self._scopes.values()):
            scope.bindings.clear()

    # ---------------------------------------------------------------- structure
    def nodes(self, node_type: type) -> list:
        """Every node of an indexed type, in source order."""
        return self._by_type[node_type]

    @property
    def calls(self) -> list[cst.Call]:
        return self._by_type[cst.Call]

    def nodes_in(self, node_type: type, outer: cst.CSTNode) -> list:
        """The nodes of an indexed type inside `outer` (itself included), in source order: a
        slice of the source-ordered index, so asking it for every loop or `try` of a file stays
        linear where scanning the whole index each time would not."""
        first = self.order(outer)
        if not first:  # not a node of this tree
            return []
        orders = self._index_orders.get(node_type)
        if orders is None:
            orders = self._index_orders[node_type] = [self.order(node) for node in self._by_type[node_type]]
        start, stop = bisect_left(orders, first), bisect_right(orders, self.end_order(outer))
        return self._by_type[node_type][start:stop]

    def parent(self, node: cst.CSTNode) -> Optional[cst.CSTNode]:
        return self._parent.get(id(node))

    def ancestors(self, node: cst.CSTNode) -> Iterator[cst.CSTNode]:
        parent = self._parent.get(id(node))
        while parent is not None:
            yield parent
            parent = self._parent.get(id(parent))

    def order(self, node: cst.CSTNode) -> int:
        return self._order.get(id(node), 0)

    def end_order(self, node: cst.CSTNode) -> int:
        """The preorder index of the last node inside `node`."""
        known = self._end_order.get(id(node))
        if known is not None:
            return known
        last = node
        while True:
            children = _children(last)
            if not children:
                return self.order(last)
            last = children[-1]

    def contains(self, outer: cst.CSTNode, inner: cst.CSTNode) -> bool:
        return self.order(outer) <= self.order(inner) <= self.end_order(outer)

    def scope_of(self, node: cst.CSTNode) -> Scope:
        return self._scope_of.get(id(node), self.module_scope)

    def scope_for(self, owner: cst.CSTNode) -> Optional[Scope]:
        """The scope opened by a function, lambda or class node."""
        return self._scopes.get(id(owner))

    def enclosing_function(self, node: cst.CSTNode) -> Optional[FunctionNode]:
        for ancestor in self.ancestors(node):
            if isinstance(ancestor, (cst.FunctionDef, cst.Lambda)):
                return ancestor
        return None

    def enclosing_class(self, node: cst.CSTNode) -> Optional[cst.ClassDef]:
        for ancestor in self.ancestors(node):
            if isinstance(ancestor, cst.ClassDef):
                return ancestor
        return None

    def statement_of(self, node: cst.CSTNode) -> cst.CSTNode:
        """The innermost simple statement (or compound statement header) holding `node`."""
        current = node
        for ancestor in self.ancestors(node):
            if isinstance(current, (cst.BaseSmallStatement, cst.BaseCompoundStatement)):
                return current
            current = ancestor
        return current

    def repeating_loop(self, node: cst.CSTNode, stop_at_function: bool = True) -> Optional[cst.CSTNode]:
        """The innermost loop that evaluates `node` on every iteration (for/while/comprehension)."""
        child = node
        in_first_iterable = False
        for ancestor in self.ancestors(node):
            if stop_at_function and isinstance(ancestor, SCOPE_TYPES):
                return None
            if isinstance(ancestor, cst.For) and child is ancestor.body:
                return ancestor
            if isinstance(ancestor, cst.While) and (child is ancestor.body or child is ancestor.test):
                return ancestor
            if isinstance(ancestor, cst.CompFor) and child is ancestor.iter:
                in_first_iterable = True
            elif isinstance(ancestor, COMPREHENSION_TYPES):
                # The first `for`'s iterable is evaluated once, outside the comprehension's loop.
                if not (in_first_iterable and child is ancestor.for_in):
                    return ancestor
                in_first_iterable = False
            child = ancestor
        return None

    def in_loop_body(self, node: cst.CSTNode, loop: cst.CSTNode) -> bool:
        return self.repeating_loop_chain(node, loop)

    def repeating_loop_chain(self, node: cst.CSTNode, loop: cst.CSTNode) -> bool:
        current = self.repeating_loop(node)
        while current is not None:
            if current is loop:
                return True
            current = self.repeating_loop(current)
        return False

    def enclosing_try(self, node: cst.CSTNode) -> Optional[cst.Try]:
        """The innermost `try` whose body (not handlers, else or finally) holds `node`."""
        child = node
        for ancestor in self.ancestors(node):
            if isinstance(ancestor, SCOPE_TYPES):
                return None
            if isinstance(ancestor, (cst.Try, getattr(cst, "TryStar", cst.Try))) and child is ancestor.body:
                return ancestor
            child = ancestor
        return None

    def enclosing_tries(self, node: cst.CSTNode) -> Iterator[cst.Try]:
        current = self.enclosing_try(node)
        while current is not None:
            yield current
            current = self.enclosing_try(current)

    def is_async_function(self, node: Optional[cst.CSTNode]) -> bool:
        return isinstance(node, cst.FunctionDef) and node.asynchronous is not None

    # ---------------------------------------------------------------- names
    def resolve(self, name: cst.Name) -> Optional[list[Binding]]:
        """The bindings a loaded name may refer to, or None for a name bound nowhere (builtin)."""
        scope = self.scope_of(name)
        return self.lookup(name.value, scope)

    def lookup(self, name: str, scope: Scope) -> Optional[list[Binding]]:
        if name in scope.global_names:
            return self.module_scope.bindings.get(name)
        first = True
        while scope is not None:
            if (first or scope.kind != "class") and name in scope.bindings and name not in scope.nonlocal_names:
                return scope.bindings[name]
            first = False
            scope = scope.parent
        return None

    def binding_of(self, target: cst.Name) -> Optional[Binding]:
        """The binding made by a target name node (left side of an assignment, loop target...)."""
        return self.bindings_by_node.get(id(target))

    def loads_of(self, binding: Binding) -> list[cst.Name]:
        """Every loaded name that may read this binding's name (in its scope and nested ones), in
        source order. Only the loads recorded in those scopes are candidates: a name resolves
        through its enclosing scopes, and scanning the whole file per binding would make files
        with many functions reusing a name quadratic."""
        result = [
            load
            for scope in self._scope_and_nested(binding.scope)
            for load in scope.loads.get(binding.name, ())
            if any(b is binding for b in self.resolve(load) or ())
        ]
        result.sort(key=self.order)
        return result

    def _scope_and_nested(self, scope: Scope) -> Iterator[Scope]:
        if self._nested_scopes is None:
            self._nested_scopes = {}
            for nested in self._scopes.values():
                if nested.parent is not None:
                    self._nested_scopes.setdefault(id(nested.parent), []).append(nested)
        pending = [scope]
        while pending:
            current = pending.pop()
            yield current
            pending.extend(self._nested_scopes.get(id(current), ()))

    def uses_of(self, binding: Binding) -> list[cst.Name]:
        """Loads that can see this particular binding: later in the code up to the next rebinding,
        earlier in the same loop (read on the next iteration), or inside nested functions."""
        siblings = [b for b in binding.scope.bindings.get(binding.name, ()) if b is not binding]
        start = binding.order
        later_rebinds = [b.order for b in siblings if b.order > start and b.kind not in ("augassign",)]
        stop = min(later_rebinds) if later_rebinds else None
        loop = self.repeating_loop(binding.node)
        result = []
        for load in self.loads_of(binding):
            position = self.order(load)
            if self.scope_of(load).function_scope is not binding.scope.function_scope:
                result.append(load)
            elif position > start and (stop is None or position < stop):
                result.append(load)
            elif loop is not None and self.contains(loop, load):
                result.append(load)
        return result

    def qualname(self, expr: cst.BaseExpression) -> Optional[str]:
        """The dotted name an expression refers to through the file's imports, normalised
        (`cf.thread.ThreadPoolExecutor` -> `concurrent.futures.ThreadPoolExecutor`); builtins as
        `builtins.len`; None when unknown."""
        if isinstance(expr, (cst.Name, cst.Attribute)):
            return self._memoized("qualname", expr, self._qualname)  # every rule asks of every call
        return None

    def _qualname(self, expr: cst.BaseExpression) -> Optional[str]:
        if isinstance(expr, cst.Name):
            bindings = self.resolve(expr)
            if bindings is None:
                return f"builtins.{expr.value}"
            names = {b.qualified for b in bindings if b.kind == "import"}
            if len(names) == 1 and all(b.kind == "import" for b in bindings):
                name = names.pop()
                return normalize_qualname(name) if name else None
            return None
        if isinstance(expr, cst.Attribute):
            base = self.qualname(expr.value)
            if base is None or base.startswith("builtins."):
                return None
            return normalize_qualname(f"{base}.{expr.attr.value}")
        return None

    def is_cf(self, expr: cst.BaseExpression, *names: str) -> bool:
        """Whether `expr` names `concurrent.futures.<one of names>`."""
        qualified = self.qualname(expr)
        return qualified is not None and any(qualified == f"{CF}.{name}" for name in names)

    def is_cf_call(self, node: cst.CSTNode, *names: str) -> bool:
        return isinstance(node, cst.Call) and self.is_cf(node.func, *names)

    def is_builtin(self, expr: cst.BaseExpression, *names: str) -> bool:
        return isinstance(expr, cst.Name) and self.qualname(expr) in {f"builtins.{n}" for n in names}

    # ---------------------------------------------------------------- functions and classes
    def function_def(self, expr: cst.BaseExpression) -> Optional[cst.FunctionDef]:
        """The function defined in this file that `expr` (a name or `self.method`) refers to."""
        if isinstance(expr, cst.Name):
            bindings = self.resolve(expr)
            if bindings and len(bindings) == 1 and bindings[0].kind == "def":
                return bindings[0].statement
            return None
        info = self.self_class(expr)
        if info is not None:
            return info.methods.get(expr.attr.value)
        return None

    def self_class(self, expr: cst.BaseExpression) -> Optional[ClassInfo]:
        """For `self.<attr>` (or `cls.<attr>`) inside a method: the class it belongs to."""
        if not (isinstance(expr, cst.Attribute) and isinstance(expr.value, cst.Name)):
            return None
        bindings = self.resolve(expr.value)
        if not bindings or len(bindings) != 1 or bindings[0].kind != "param":
            return None
        param = bindings[0]
        function = param.scope.node
        if not isinstance(function, cst.FunctionDef) or param.scope.parent is None:
            return None
        if param.scope.parent.kind != "class":
            return None
        params = function.params.params or function.params.posonly_params
        if not params or params[0] is not param.statement:
            return None
        if any(_decorator_name(d) == "staticmethod" for d in function.decorators):
            return None
        return self._classes.get(id(param.scope.parent.node))

    def class_info(self, node: cst.ClassDef) -> Optional[ClassInfo]:
        return self._classes.get(id(node))

    def _finish_classes(self) -> None:
        for key, bases in self._class_bases.items():
            info = self._classes[key]
            info.base_names = [self.qualname(base) or "" for base in bases]
        for target, value, annotation, path in self._attribute_stores:
            info = self.self_class(target)
            if info is None:
                continue
            attr = target.attr.value
            if value is not None:
                info.attr_values.setdefault(attr, []).append(value if not path else _Unknown)
            elif annotation is None:
                info.attr_values.setdefault(attr, []).append(_Unknown)
            if annotation is not None:
                info.attr_annotations.setdefault(attr, []).append(annotation)
        for info in self._classes.values():
            scope = self._scopes.get(id(info.node))
            if scope is None:
                continue
            for name, bindings in scope.bindings.items():
                for binding in bindings:
                    if binding.kind == "annassign" and binding.annotation is not None:
                        info.attr_annotations.setdefault(name, []).append(binding.annotation)
                    if binding.kind in ("assign", "annassign") and binding.value is not None:
                        info.attr_values.setdefault(name, []).append(binding.value)

    def executor_class_kind(self, expr: cst.BaseExpression) -> Optional[str]:
        """'thread'/'process' when `expr` names an executor class (or a subclass defined here)."""
        qualified = self.qualname(expr)
        if qualified in EXECUTOR_CONSTRUCTORS:
            return EXECUTOR_CONSTRUCTORS[qualified]
        if isinstance(expr, cst.Name):
            bindings = self.resolve(expr)
            if bindings and len(bindings) == 1 and bindings[0].kind == "class":
                return self._subclass_kind(bindings[0].statement, set())
        return None

    def _subclass_kind(self, node: cst.ClassDef, seen: set[int]) -> Optional[str]:
        if id(node) in seen:
            return None
        seen.add(id(node))
        for base in self._class_bases.get(id(node), ()):
            kind = self.executor_class_kind(base) if id(base) not in seen else None
            if kind:
                return kind
        return None

    # ---------------------------------------------------------------- executors
    def executor_kind(self, expr: Optional[cst.BaseExpression]) -> Optional[str]:
        """'thread', 'process' or 'any' (an annotated Executor) when `expr` is an executor."""
        if expr is None:
            return None
        return self._memoized("executor", expr, self._executor_kind)

    def is_executor(self, expr: Optional[cst.BaseExpression]) -> bool:
        return self.executor_kind(expr) is not None

    def executor_constructor_kind(self, call: cst.CSTNode) -> Optional[str]:
        if isinstance(call, cst.Call):
            return self.executor_class_kind(call.func)
        return None

    def _executor_kind(self, expr: cst.BaseExpression) -> Optional[str]:
        if isinstance(expr, cst.Call):
            kind = self.executor_class_kind(expr.func)
            if kind:
                return kind
            return self._annotated_return(expr, self.annotation_executor_kind)
        if isinstance(expr, cst.Name):
            return self._name_kind(expr, self.executor_kind, self.annotation_executor_kind)
        if isinstance(expr, cst.Attribute):
            return self._attribute_kind(expr, self.executor_kind, self.annotation_executor_kind)
        return None

    def _annotated_return(self, call: cst.Call, judge: Callable) -> Optional[str]:
        function = self.function_def(call.func)
        if function is not None and function.returns is not None:
            return judge(function.returns.annotation)
        return None

    def _name_kind(self, name: cst.Name, judge_value: Callable, judge_annotation: Callable) -> Optional[str]:
        bindings = self.resolve(name)
        if not bindings:
            return None
        return self._bindings_kind(bindings, judge_value, judge_annotation)

    def _bindings_kind(self, bindings: Iterable[Binding], judge_value: Callable, judge_annotation: Callable) -> Optional[str]:
        kinds = set()
        for binding in bindings:
            kind = self._binding_kind(binding, judge_value, judge_annotation)
            if kind is None:
                return None
            if kind != "none":
                kinds.add(kind)
        if not kinds:
            return None
        return kinds.pop() if len(kinds) == 1 else "any"

    def _binding_kind(self, binding: Binding, judge_value: Callable, judge_annotation: Callable) -> Optional[str]:
        if binding.annotation is not None:
            kind = judge_annotation(binding.annotation)
            if kind is not None:
                return kind
        if binding.kind in ("assign", "annassign", "with", "walrus") and binding.value is not None:
            if is_none(binding.value):
                return "none"
            if binding.path:
                return self._element_kind(binding, judge_value)
            return judge_value(binding.value)
        if binding.kind in ("for", "comprehension") and binding.iterable is not None:
            return self._element_kind(binding, judge_value)
        if binding.kind == "param":
            return self._param_kind(binding, judge_value)
        return None

    def _element_kind(self, binding: Binding, judge_value: Callable) -> Optional[str]:
        """Kinds of targets that receive an element of something (loop variables, unpacking)."""
        if judge_value != self.future_kind:
            return None
        source = binding.iterable if binding.kind in ("for", "comprehension") else binding.value
        path = binding.path
        if binding.kind in ("for", "comprehension"):
            return "future" if self.iteration_yields_future(source, path) else None
        # `done, not_done = wait(...)`: each side is a container, not a future.
        return None

    def _param_kind(self, binding: Binding, judge_value: Callable) -> Optional[str]:
        if judge_value == self.future_kind and id(binding.statement) in self._callback_params:
            return "future"
        return None

    def _attribute_kind(self, expr: cst.Attribute, judge_value: Callable, judge_annotation: Callable) -> Optional[str]:
        info = self.self_class(expr)
        if info is None:
            return None
        attr = expr.attr.value
        for annotation in info.attr_annotations.get(attr, ()):
            kind = judge_annotation(annotation)
            if kind is not None:
                return kind
        values = info.attr_values.get(attr)
        if not values:
            return None
        kinds = set()
        for value in values:
            if value is _Unknown:
                return None
            if is_none(value):
                continue
            kind = judge_value(value)
            if kind is None:
                return None
            kinds.add(kind)
        if not kinds:
            return None
        return kinds.pop() if len(kinds) == 1 else "any"

    def _annotation_target(self, annotation: cst.BaseExpression) -> list[cst.BaseExpression]:
        """The non-None members of an annotation: unwraps strings, Optional, Union and `X | None`."""
        if isinstance(annotation, cst.Annotation):
            annotation = annotation.annotation
        if isinstance(annotation, cst.SimpleString):
            parsed = _parse_string_annotation(annotation.evaluated_value if isinstance(annotation.evaluated_value, str) else "")
            return self._annotation_target(parsed) if parsed is not None else []
        if isinstance(annotation, cst.BinaryOperation) and isinstance(annotation.operator, cst.BitOr):
            return self._annotation_target(annotation.left) + self._annotation_target(annotation.right)
        if is_none(annotation):
            return []
        if isinstance(annotation, cst.Subscript) and self._names_in(annotation.value, _OPTIONAL_ANNOTATIONS):
            members = []
            for element in annotation.slice:
                if isinstance(element.slice, cst.Index):
                    members.extend(self._annotation_target(element.slice.value))
            return members
        return [annotation]

    def _names_in(self, expr: cst.BaseExpression, names: set[str]) -> bool:
        qualified = self.qualname(expr)
        if qualified in names:
            return True
        # String annotations are parsed without their module; accept the conventional spellings.
        if isinstance(expr, cst.Name) and self.resolve(expr) is None:
            return f"typing.{expr.value}" in names
        return False

    def annotation_executor_kind(self, annotation: cst.BaseExpression) -> Optional[str]:
        kinds = set()
        for member in self._annotation_target(annotation):
            qualified = self.qualname(member)
            if qualified not in EXECUTOR_ANNOTATIONS:
                return None
            kinds.add(EXECUTOR_ANNOTATIONS[qualified])
        if not kinds:
            return None
        return kinds.pop() if len(kinds) == 1 else "any"

    def annotation_is_future(self, annotation: cst.BaseExpression) -> Optional[str]:
        members = self._annotation_target(annotation)
        if not members:
            return None
        for member in members:
            base = member.value if isinstance(member, cst.Subscript) else member
            if self.qualname(base) != FUTURE:
                return None
        return "future"

    def annotation_is_future_container(self, annotation: cst.BaseExpression) -> Optional[str]:
        members = self._annotation_target(annotation)
        if len(members) != 1 or not isinstance(members[0], cst.Subscript):
            return None
        container = members[0]
        if not self._names_in(container.value, _CONTAINER_ANNOTATIONS):
            return None
        elements = [e.slice.value for e in container.slice if isinstance(e.slice, cst.Index)]
        if elements and all(self.annotation_is_future(e) or isinstance(e, cst.Ellipsis) for e in elements):
            return "container"
        return None

    # ---------------------------------------------------------------- futures
    def future_kind(self, expr: Optional[cst.BaseExpression]) -> Optional[str]:
        if expr is None:
            return None
        return self._memoized("future", expr, self._future_kind)

    def is_future(self, expr: Optional[cst.BaseExpression]) -> bool:
        return self.future_kind(expr) is not None

    def submit_receiver(self, call: cst.CSTNode) -> Optional[cst.BaseExpression]:
        """For `<executor>.submit(...)`, the executor expression."""
        return self.executor_method_receiver(call, "submit")

    def executor_method_receiver(self, call: cst.CSTNode, *methods: str) -> Optional[cst.BaseExpression]:
        if (
            isinstance(call, cst.Call)
            and isinstance(call.func, cst.Attribute)
            and call.func.attr.value in methods
            and self.is_executor(call.func.value)
        ):
            return call.func.value
        return None

    def future_method_receiver(self, call: cst.CSTNode, *methods: str) -> Optional[cst.BaseExpression]:
        """For `<future>.method(...)` with method in `methods`, the future expression."""
        if (
            isinstance(call, cst.Call)
            and isinstance(call.func, cst.Attribute)
            and call.func.attr.value in methods
            and self.is_future(call.func.value)
        ):
            return call.func.value
        return None

    def is_submit(self, node: cst.CSTNode) -> bool:
        return self.submit_receiver(node) is not None

    def _future_kind(self, expr: cst.BaseExpression) -> Optional[str]:
        if isinstance(expr, cst.Call):
            if self.is_submit(expr):
                return "future"
            return self._annotated_return(expr, self.annotation_is_future)
        if isinstance(expr, cst.Name):
            return self._name_kind(expr, self.future_kind, self.annotation_is_future)
        if isinstance(expr, cst.Attribute):
            return self._attribute_kind(expr, self.future_kind, self.annotation_is_future)
        if isinstance(expr, cst.Subscript) and self.subscript_yields_future(expr):
            return "future"
        return None

    def subscript_yields_future(self, expr: cst.Subscript) -> bool:
        container = self.future_container(expr.value)
        return container is not None and (container.sequence or container.values)

    # containers
    def future_container(self, expr: Optional[cst.BaseExpression]) -> Optional["Container"]:
        if expr is None:
            return None
        return self._memoized("container", expr, self._future_container)

    def is_future_container(self, expr: Optional[cst.BaseExpression]) -> bool:
        return self.future_container(expr) is not None

    def _future_container(self, expr: cst.BaseExpression) -> Optional["Container"]:
        if isinstance(expr, (cst.ListComp, cst.SetComp, cst.GeneratorExp)):
            return SEQUENCE if self.is_future(expr.elt) else None
        if isinstance(expr, cst.DictComp):
            return _dict_container(self.is_future(expr.key), self.is_future(expr.value))
        if isinstance(expr, (cst.List, cst.Tuple, cst.Set)):
            elements = expr.elements
            if elements and all(not isinstance(e, cst.StarredElement) and self.is_future(e.value) for e in elements):
                return SEQUENCE
            return None
        if isinstance(expr, cst.Dict):
            pairs = [e for e in expr.elements if isinstance(e, cst.DictElement)]
            if not pairs or len(pairs) != len(expr.elements):
                return None
            return _dict_container(all(self.is_future(p.key) for p in pairs), all(self.is_future(p.value) for p in pairs))
        if isinstance(expr, cst.Call):
            return self._call_container(expr)
        if isinstance(expr, cst.Name):
            return self._name_container(expr)
        if isinstance(expr, cst.Attribute):
            if expr.attr.value in ("done", "not_done") and self.is_wait_result(expr.value):
                return SEQUENCE
            kind = self._attribute_kind(expr, self._container_as_kind, self.annotation_is_future_container)
            return SEQUENCE if kind else None
        if isinstance(expr, cst.Subscript):
            if self.is_wait_result(expr.value):
                return SEQUENCE
        return None

    def _container_as_kind(self, expr: cst.BaseExpression) -> Optional[str]:
        return "container" if self.future_container(expr) else None

    def is_wait_result(self, expr: cst.BaseExpression) -> bool:
        """`wait(...)` itself, or a name bound to it."""
        if self.is_cf_call(expr, "wait"):
            return True
        if isinstance(expr, cst.Name):
            bindings = self.resolve(expr)
            return bool(bindings) and all(
                b.kind == "assign" and not b.path and b.value is not None and self.is_cf_call(b.value, "wait")
                for b in bindings
            )
        return False

    def _call_container(self, call: cst.Call) -> Optional["Container"]:
        if self.is_cf_call(call, "as_completed"):
            return SEQUENCE
        func = call.func
        if isinstance(func, cst.Attribute) and not call.args:
            inner = self.future_container(func.value)
            if inner is not None:
                if func.attr.value == "keys" and inner.keys:
                    return SEQUENCE
                if func.attr.value == "values" and inner.values:
                    return SEQUENCE
                if func.attr.value == "items" and (inner.keys or inner.values):
                    return Container(pairs=(inner.keys, inner.values))
                if func.attr.value == "copy":
                    return inner
        if self.is_builtin(func, "list", "tuple", "set", "frozenset", "sorted", "reversed", "iter") and len(call.args) >= 1:
            inner = self.future_container(call.args[0].value)
            if inner is not None:
                return SEQUENCE if (inner.sequence or inner.keys) else None
        if self.is_builtin(func, "dict") and len(call.args) == 1:
            return self.future_container(call.args[0].value)
        kind = self._annotated_return(call, self.annotation_is_future_container)
        return SEQUENCE if kind else None

    def _name_container(self, name: cst.Name) -> Optional["Container"]:
        bindings = self.resolve(name)
        if not bindings:
            return None
        result: Optional[Container] = None
        empty_seen = False
        for binding in bindings:
            container = self._binding_container(binding)
            if container is EMPTY:
                empty_seen = True
                continue
            if container is None:
                return None
            result = container if result is None else result.merge(container)
        if result is None and empty_seen:
            result = self._filled_container(bindings)
        return result

    def _binding_container(self, binding: Binding) -> Optional["Container"]:
        if binding.annotation is not None and self.annotation_is_future_container(binding.annotation):
            return SEQUENCE
        if binding.kind in ("assign", "annassign", "walrus") and binding.value is not None:
            value = binding.value
            if binding.path:
                if self.is_cf_call(value, "wait") and binding.path in ((0,), (1,)):
                    return SEQUENCE
                return None
            if is_none(value) or _is_empty_container(value, self):
                return EMPTY
            return self.future_container(value)
        return None

    def _filled_container(self, bindings: list[Binding]) -> Optional["Container"]:
        """A container bound empty and then filled with futures (`fs.append(ex.submit(...))`,
        `fs[k] = ex.submit(...)`, `fs.extend(...)`)."""
        binding_set = {id(b) for b in bindings}
        found: Optional[Container] = None
        for binding in bindings:
            for load in self.loads_of(binding):
                container = self._fill_through(load)
                if container is not None:
                    found = container if found is None else found.merge(container)
        del binding_set
        return found

    def _fill_through(self, load: cst.Name) -> Optional["Container"]:
        parent = self.parent(load)
        if isinstance(parent, cst.Attribute) and parent.value is load:
            call = self.parent(parent)
            if isinstance(call, cst.Call) and call.func is parent and call.args:
                method = parent.attr.value
                argument = call.args[0].value
                if method in ("append", "add", "appendleft") and self.is_future(argument):
                    return SEQUENCE
                if method in ("extend", "update") and self.future_container(argument) is not None:
                    return self.future_container(argument)
                if method == "setdefault" and len(call.args) == 2:
                    return _dict_container(self.is_future(argument), self.is_future(call.args[1].value))
        if isinstance(parent, cst.Subscript) and parent.value is load:
            for target, value, path in self._subscript_stores:
                if target is parent and value is not None and not path:
                    key = parent.slice[0].slice.value if len(parent.slice) == 1 and isinstance(parent.slice[0].slice, cst.Index) else None
                    return _dict_container(key is not None and self.is_future(key), self.is_future(value))
        return None

    def iteration_yields_future(self, iterable: cst.BaseExpression, path: tuple = ()) -> bool:
        """Whether the element (at `path` inside each element) of iterating `iterable` is a future."""
        if path and isinstance(iterable, cst.Call) and self.is_builtin(iterable.func, "enumerate") and iterable.args:
            if path[0] == 1:
                return self.iteration_yields_future(iterable.args[0].value, path[1:])
            return False
        container = self.future_container(iterable)
        if container is None:
            return False
        if not path:
            return container.sequence or container.keys
        if container.pairs is not None and path[0] in (0, 1) and len(path) == 1:
            return container.pairs[path[0]]
        return False

    def _find_callback_params(self) -> set[int]:
        """Params through which callbacks registered with `<future>.add_done_callback(...)` receive
        their future (what `functools.partial` or `self` binds first is skipped)."""
        params: set[int] = set()
        for call in self.calls:
            if not (isinstance(call.func, cst.Attribute) and call.func.attr.value == "add_done_callback" and call.args):
                continue
            if not self._could_be_future(call.func.value):
                continue
            callback = resolve_callback(self, call.args[0].value)
            param = callback.future_param() if callback is not None else None
            if param is not None:
                params.add(id(param))
        return params

    def _could_be_future(self, expr: cst.BaseExpression) -> bool:
        # Callback params are resolved before the model is complete; evidence must not depend on
        # callback params themselves, so only the direct evidence is consulted here.
        saved = getattr(self, "_callback_params", None)
        self._callback_params = set()
        try:
            return self.is_future(expr)
        finally:
            if saved is None:
                del self._callback_params
            else:
                self._callback_params = saved
            self._memo = {k: v for k, v in self._memo.items() if k[0] in ("executor", "qualname")}

    @staticmethod
    def positional_params(function: FunctionNode, bound: bool = False) -> list[cst.Param]:
        params = list(function.params.posonly_params) + list(function.params.params)
        return params[1:] if bound else params

    # ---------------------------------------------------------------- None-ness and done-ness
    def annotation_allows_none(self, annotation: Optional[cst.BaseExpression]) -> bool:
        """`Optional[X]`, `Union[X, None]`, `X | None` (string annotations included)."""
        if annotation is None:
            return False
        if isinstance(annotation, cst.Annotation):
            annotation = annotation.annotation
        if isinstance(annotation, cst.SimpleString):
            value = annotation.evaluated_value
            parsed = _parse_string_annotation(value) if isinstance(value, str) else None
            return parsed is not None and self.annotation_allows_none(parsed)
        if is_none(annotation):
            return True
        if isinstance(annotation, cst.BinaryOperation) and isinstance(annotation.operator, cst.BitOr):
            return self.annotation_allows_none(annotation.left) or self.annotation_allows_none(annotation.right)
        if isinstance(annotation, cst.Subscript):
            if self._names_in(annotation.value, {"typing.Optional"}):
                return True
            if self._names_in(annotation.value, {"typing.Union"}):
                return any(
                    isinstance(e.slice, cst.Index) and self.annotation_allows_none(e.slice.value)
                    for e in annotation.slice
                )
        return False

    def can_be_none(self, expr: cst.BaseExpression) -> bool:
        """Whether a name or `self.<attr>` may hold None: assigned None in its scope or class,
        annotated Optional, or a parameter defaulting to None."""
        if isinstance(expr, cst.Call):
            function = self.function_def(expr.func)
            return function is not None and function.returns is not None and self.annotation_allows_none(function.returns)
        if isinstance(expr, cst.Name):
            for binding in self.resolve(expr) or ():
                if self.annotation_allows_none(binding.annotation):
                    return True
                if binding.kind in ("assign", "annassign", "walrus") and not binding.path:
                    if is_none(binding.value) or (isinstance(binding.value, cst.Call) and self.can_be_none(binding.value)):
                        return True
                if binding.kind == "param" and isinstance(binding.statement, cst.Param):
                    if is_none(binding.statement.default):
                        return True
            return False
        info = self.self_class(expr)
        if info is not None:
            attr = expr.attr.value
            if any(self.annotation_allows_none(a) for a in info.attr_annotations.get(attr, ())):
                return True
            return any(v is not _Unknown and is_none(v) for v in info.attr_values.get(attr, ()))
        return False

    def future_known_done(self, expr: cst.BaseExpression, at: cst.CSTNode) -> bool:
        """Whether the future `expr` is certainly finished where `at` runs: an item of
        `as_completed(...)` or of a `wait(...)` done set, a done-callback's parameter, inside
        `if <expr>.done():`, or after `await asyncio.wrap_future(<expr>)` in the same function."""
        if isinstance(expr, cst.Name):
            bindings = self.resolve(expr) or []
            if bindings and all(binding_holds_finished_future(self, b) for b in bindings):
                return True
            if any(self._done_loop_item_reaches(b, bindings, at) for b in bindings):
                return True
        return self._inside_done_check(expr, at) or self._awaited_before(expr, at)

    def _done_loop_item_reaches(self, binding: Binding, bindings: list[Binding], at: cst.CSTNode) -> bool:
        """`for f in as_completed(fs): f.result()` even when `f` is also bound elsewhere: `at` is in
        the loop and nothing rebinds the name between the loop's target and `at`."""
        if binding.kind not in ("for", "comprehension") or not binding_holds_finished_future(self, binding):
            return False
        loop = binding.statement
        if binding.kind == "comprehension":
            loop = next((a for a in self.ancestors(loop) if isinstance(a, COMPREHENSION_TYPES)), None)
        if loop is None or not self.contains(loop, at):
            return False
        start, stop = self.order(binding.node), self.order(at)
        return not any(
            other is not binding and self.contains(loop, other.node) and start < self.order(other.node) < stop
            for other in bindings
        )

    def _inside_done_check(self, expr: cst.BaseExpression, at: cst.CSTNode) -> bool:
        wanted = self.code(expr)
        child = at
        for ancestor in self.ancestors(at):
            if isinstance(ancestor, SCOPE_TYPES):
                return False
            if isinstance(ancestor, cst.If) and child is ancestor.body:
                test = ancestor.test
                if isinstance(test, cst.Call) and method_name(test) == "done" and not test.args:
                    if self.code(test.func.value) == wanted:
                        return True
            child = ancestor
        return False

    def _awaited_before(self, expr: cst.BaseExpression, at: cst.CSTNode) -> bool:
        function = self.enclosing_function(at)
        if function is None:
            return False
        wanted = self.code(expr)
        for await_node in self.nodes_in(cst.Await, function):
            inner = await_node.expression
            if (
                self.order(await_node) < self.order(at)
                and isinstance(inner, cst.Call)
                and self.qualname(inner.func) == "asyncio.wrap_future"
                and inner.args
                and self.code(inner.args[0].value) == wanted
            ):
                return True
        return False

    def loop_target_bindings(self, loop: cst.CSTNode) -> list[Binding]:
        """The bindings made by a `for` loop's target, or by every `for` clause of a comprehension."""
        if isinstance(loop, cst.For):
            return self._target_bindings(loop.target)
        if isinstance(loop, COMPREHENSION_TYPES):
            bindings: list[Binding] = []
            for_in = loop.for_in
            while for_in is not None:
                bindings.extend(self._target_bindings(for_in.target))
                for_in = for_in.inner_for_in
            return bindings
        return []

    def _target_bindings(self, target: cst.BaseExpression) -> list[Binding]:
        if isinstance(target, cst.Name):
            binding = self.binding_of(target)
            return [binding] if binding is not None else []
        if isinstance(target, (cst.Tuple, cst.List)):
            return [b for e in target.elements for b in self._target_bindings(e.value)]
        if isinstance(target, cst.StarredElement):
            return self._target_bindings(target.value)
        return []

    # ---------------------------------------------------------------- misc
    def _memoized(self, what: str, expr: cst.CSTNode, compute: Callable) -> Optional[object]:
        # The node is kept with its answer: a temporary node (a parsed string annotation) could
        # otherwise die and leave its id to another node, which would inherit the answer.
        key = (what, id(expr))
        known = self._memo.get(key)
        if known is not None and known[0] is expr:
            return known[1]
        self._memo[key] = (expr, None)  # a cycle resolves to "unknown"
        result = compute(expr)
        self._memo[key] = (expr, result)
        return result

    def expects_error(self, node: cst.CSTNode) -> bool:
        """Whether `node` runs inside `with pytest.raises(...)` / `with self.assertRaises(...)`
        (in the same function): code that is meant to fail there is a test, not a mistake."""
        for ancestor in self.ancestors(node):
            if isinstance(ancestor, SCOPE_TYPES):
                return False
            if isinstance(ancestor, cst.With) and any(_is_raises_call(self, item.item) for item in ancestor.items):
                return True
        return False

    def code(self, node: cst.CSTNode) -> str:
        if type(node) is cst.Name and not node.lpar:  # the common case, without a codegen pass
            return node.value
        return self.module.code_for_node(node)

    def position(self, node: cst.CSTNode):
        """libcst's PositionProvider range for a node. Computed per top-level statement, on the
        first request inside it: a file's findings usually sit in a few of its statements, and
        position tracking costs several times a plain code generation."""
        if self._positions is None:
            self._positions = {}
        found = self._positions.get(node)
        if found is None:
            self._positions.update(self._statement_positions(node))
            found = self._positions[node]
        return found

    def _statement_positions(self, node: cst.CSTNode) -> dict:
        top = node
        for ancestor in self.ancestors(node):
            if ancestor is self.module:
                break
            top = ancestor
        if self._statement_lines is None:
            self._statement_lines = _statement_lines(self.module)
        line = self._statement_lines.get(id(top))
        if line is None:  # the module itself, or its header and footer comments
            return _positions(self.module)
        return _positions(self.module, top, line)


def _positions(module: cst.Module, statement: Optional[cst.CSTNode] = None, line: int = 1) -> dict:
    """PositionProvider's ranges for every node of `module`, or of one of its top-level statements
    starting on `line` (top-level statements start at column 0 with no indentation). Calling the
    provider directly skips MetadataWrapper's extra walk for batchable providers (there are none)."""
    provider = cst.metadata.PositionProvider()
    if statement is None:
        provider._gen_impl(module)
        return provider._computed
    state = cst.metadata.position_provider.PositionProvidingCodegenState(
        default_indent=module.default_indent, default_newline=module.default_newline, provider=provider
    )
    state.line = line
    statement._codegen(state)
    return provider._computed


def _statement_lines(module: cst.Module) -> dict[int, int]:
    """The first line of each top-level statement (its leading blank and comment lines included),
    from a plain code generation of the module."""
    from libcst._nodes.internal import CodegenState

    state = CodegenState(default_indent=module.default_indent, default_newline=module.default_newline)
    for header in module.header:
        header._codegen(state)
    lines: dict[int, int] = {}
    line, counted = 1, 0
    for statement in module.body:
        line += len(_NEWLINE.findall("".join(state.tokens[counted:])))
        counted = len(state.tokens)
        lines[id(statement)] = line
        statement._codegen(state)
    return lines


_NEWLINE = re.compile(r"\r\n?|\n")


class _UnknownType:
    def __repr__(self) -> str:
        return "<unknown>"


_Unknown = _UnknownType()


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


def _dict_container(keys: bool, values: bool) -> Optional[Container]:
    if not keys and not values:
        return None
    return Container(keys=keys, values=values)


def _is_empty_container(expr: cst.BaseExpression, model: Model) -> bool:
    if isinstance(expr, (cst.List, cst.Dict, cst.Set)) and not expr.elements:
        return True
    if isinstance(expr, cst.Call) and not expr.args:
        if model.is_builtin(expr.func, "list", "dict", "set"):
            return True
        return model.qualname(expr.func) in ("collections.deque", "collections.OrderedDict", "collections.defaultdict")
    if isinstance(expr, cst.Call) and model.qualname(expr.func) == "collections.defaultdict":
        return True
    return False


def is_none(expr: Optional[cst.BaseExpression]) -> bool:
    return isinstance(expr, cst.Name) and expr.value == "None"


def _decorator_name(decorator: cst.Decorator) -> str:
    target = decorator.decorator
    if isinstance(target, cst.Call):
        target = target.func
    if isinstance(target, cst.Name):
        return target.value
    if isinstance(target, cst.Attribute):
        return target.attr.value
    return ""


def call_argument(call: cst.Call, keyword: str, position: Optional[int] = None) -> Optional[cst.Arg]:
    """The argument passed as `keyword=` or at `position` (0-based), if any."""
    positional = 0
    for arg in call.args:
        if arg.keyword is not None:
            if arg.keyword.value == keyword:
                return arg
        elif arg.star:
            return None if position is not None and positional <= position else None
        else:
            if position is not None and positional == position:
                return arg
            positional += 1
    return None


def method_name(call: cst.CSTNode) -> Optional[str]:
    if isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute):
        return call.func.attr.value
    return None


_RAISES_METHODS = ("assertRaises", "assertRaisesRegex", "assertRaisesRegexp")


def _is_raises_call(model: "Model", expr: cst.BaseExpression) -> bool:
    if not isinstance(expr, cst.Call):
        return False
    if isinstance(expr.func, cst.Attribute) and expr.func.attr.value in _RAISES_METHODS:
        return True
    return model.qualname(expr.func) == "pytest.raises"


# ------------------------------------------------------------------ added for the map/as_completed/wait rules
def caught_types(model: Model, handler: cst.ExceptHandler) -> Optional[list[Optional[str]]]:
    """The qualified names of what an `except` clause catches (`builtins.Exception`,
    `concurrent.futures.TimeoutError`...); None for a bare `except:`. An entry is None where the type
    cannot be resolved (a local alias, an attribute of an unknown object)."""
    if handler.type is None:
        return None
    types = handler.type
    members = [e.value for e in types.elements] if isinstance(types, cst.Tuple) else [types]
    return [model.qualname(member) for member in members]


def container_root(expr: cst.BaseExpression) -> Optional[cst.Name]:
    """The name a container expression reads from: `fs`, `fs.keys()`, `list(fs)`, `set(fs.values())`."""
    while isinstance(expr, cst.Call):
        if isinstance(expr.func, cst.Attribute) and not expr.args:
            expr = expr.func.value
        elif isinstance(expr.func, cst.Name) and len(expr.args) == 1:
            expr = expr.args[0].value
        else:
            return None
    return expr if isinstance(expr, cst.Name) else None


# ---------------------------------------------------------------- observing futures
# Whether a future's outcome is ever retrieved (FUT903), and the situations in which another rule
# already reports the same mistake (catalog: "one mistake, one finding"). FUT302's detection lives
# here and is the rule's own; FUT602's and FUT603's situations are restated from the catalog (wait.py
# keeps its own detection).

OBSERVED = "observed"  # the outcome can reach someone: retrieved, returned, stored, passed on
NEUTRAL = "neutral"  # a use that never raises the task's error (done(), len(), wait(), print...)
REPORTED = "reported"  # a use another rule reports (FUT302/FUT501/FUT602/FUT603)

_RETRIEVING_METHODS = {"result", "exception", "add_done_callback"}
_STATE_METHODS = {"done", "running", "cancelled", "cancel", "set_running_or_notify_cancel"}
_FILLING_METHODS = {
    "append", "appendleft", "add", "extend", "update", "insert", "setdefault", "clear", "remove",
    "discard", "index", "count", "sort", "reverse",
}
_PASSING_METHODS = {"keys", "values", "items", "copy", "pop", "popleft", "popitem", "get"}
_NON_RAISING_BUILTINS = ("len", "print", "repr", "str", "id", "hash", "isinstance", "bool", "type")
_PASSING_BUILTINS = ("list", "tuple", "set", "frozenset", "sorted", "reversed", "iter", "enumerate", "zip")
_LOGGING_METHODS = {"debug", "info", "warning", "warn", "error", "exception", "critical", "log", "fatal"}
_FUT302_METHODS = {"done", "running", "cancelled", "result", "exception"}


def is_logging_call(model: Model, call: cst.Call) -> bool:
    """`logging.info(...)`, `logger.warning(...)`, `self.log.debug(...)` and the like."""
    qualified = model.qualname(call.func) or ""
    if qualified.startswith("logging."):
        return True
    if not isinstance(call.func, cst.Attribute) or call.func.attr.value not in _LOGGING_METHODS:
        return False
    receiver = call.func.value
    name = receiver.attr.value if isinstance(receiver, cst.Attribute) else getattr(receiver, "value", "")
    return isinstance(name, str) and "log" in name.lower()


RETURN_WHEN = ("FIRST_COMPLETED", "FIRST_EXCEPTION", "ALL_COMPLETED")
RETURN_WHEN_MODULES = (f"{CF}.", "asyncio.")  # their constants of these names carry the same strings


def wait_return_when(model: Model, call: cst.Call) -> Optional[str]:
    """The condition a `wait` call is given, when evident: one of RETURN_WHEN (default ALL_COMPLETED),
    or None when it is passed as something that cannot be read."""
    argument = call_argument(call, "return_when", 2)
    if argument is None:
        return None if any(a.star for a in call.args) else "ALL_COMPLETED"
    value = argument.value
    if isinstance(value, cst.SimpleString) and value.evaluated_value in RETURN_WHEN:
        return value.evaluated_value
    qualified = model.qualname(value)
    if qualified and qualified.startswith(RETURN_WHEN_MODULES):
        name = qualified.rsplit(".", 1)[1]
        return name if name in RETURN_WHEN else None
    return None


def wait_has_timeout(call: cst.Call) -> bool:
    """A `wait(...)` given a timeout other than None."""
    argument = call_argument(call, "timeout", 1)
    return argument is not None and not is_none(argument.value)


def result_discarded(model: Model, call: cst.CSTNode) -> bool:
    """The call's value is thrown away: the call is a statement of its own, or assigned to `_` only."""
    parent = model.parent(call)
    if isinstance(parent, cst.Expr):
        return True
    if isinstance(parent, cst.Assign) and parent.value is call:
        return all(isinstance(t.target, cst.Name) and t.target.value == "_" for t in parent.targets)
    return False


def wait_discarded_situation(model: Model, call: cst.CSTNode) -> bool:
    """FUT602's situation: a `wait(...)` whose result is discarded, with
    `return_when=FIRST_COMPLETED/FIRST_EXCEPTION` or a timeout, and the futures not read after it."""
    if not model.is_cf_call(call, "wait") or not result_discarded(model, call):
        return False
    if not (wait_has_timeout(call) or wait_return_when(model, call) in ("FIRST_COMPLETED", "FIRST_EXCEPTION")):
        return False
    return not futures_looked_at_after(model, call)


def wait_first_exception_unchecked_situation(model: Model, call: cst.CSTNode) -> bool:
    """FUT603's situation: `done, not_done = wait(fs, return_when=FIRST_EXCEPTION)` where nothing in
    `done` (nor the futures given) is asked for its `.exception()`/`.result()`."""
    if not model.is_cf_call(call, "wait") or wait_return_when(model, call) != "FIRST_EXCEPTION":
        return False
    targets = unpacked_wait_targets(model, call)
    if targets is None:
        return False
    return not (_done_examined(model, targets[0]) or _futures_examined_after(model, call))


def unpacked_wait_targets(model: Model, call: cst.Call) -> Optional[tuple[cst.BaseExpression, cst.BaseExpression]]:
    """For `done, not_done = wait(...)`: the two targets."""
    parent = model.parent(call)
    if not (isinstance(parent, cst.Assign) and parent.value is call and len(parent.targets) == 1):
        return None
    target = parent.targets[0].target
    if isinstance(target, (cst.Tuple, cst.List)) and len(target.elements) == 2:
        if not any(isinstance(e, cst.StarredElement) for e in target.elements):
            return target.elements[0].value, target.elements[1].value
    return None


def named_target_binding(model: Model, target: cst.BaseExpression) -> Optional[Binding]:
    """The binding a plain name target (not `_`) makes."""
    if isinstance(target, cst.Name) and target.value != "_":
        return model.binding_of(target)
    return None


def _done_examined(model: Model, target: cst.BaseExpression) -> bool:
    if not isinstance(target, cst.Name):
        return True
    binding = named_target_binding(model, target)
    if binding is None:
        return False
    return any(_use_examines(model, use) for use in model.uses_of(binding))


def truth_tested(model: Model, expr: cst.CSTNode) -> bool:
    """Whether Python takes the truth value of `expr` (condition, `not`, left of `and`/`or`...)."""
    parent = model.parent(expr)
    if isinstance(parent, (cst.If, cst.While, cst.IfExp, cst.Assert, cst.CompIf)):
        return parent.test is expr
    if isinstance(parent, cst.UnaryOperation):
        return isinstance(parent.operator, cst.Not)
    if isinstance(parent, cst.BooleanOperation):
        return parent.left is expr or truth_tested(model, parent)
    if isinstance(parent, cst.Arg) and isinstance(model.parent(parent), cst.Call):
        call = model.parent(parent)
        return model.is_builtin(call.func, "bool") and call.args[0] is parent
    return False


def uncalled_future_methods(model: Model) -> Iterator[cst.Attribute]:
    """What FUT302 reports: `fut.done`/`fut.result`/... left uncalled where a value is meant."""
    for attribute in model.nodes(cst.Attribute):
        parent = model.parent(attribute)
        if not (isinstance(parent, cst.Call) and parent.func is attribute) and future_method_not_called(model, attribute):
            yield attribute


def future_method_not_called(model: Model, attribute: cst.Attribute) -> bool:
    """FUT302's situation: `fut.result` (done, running, cancelled, exception) on a future, not called,
    in a truth test, comparison, f-string, print, assignment or return. The caller has checked that
    `attribute` is not the function of a call."""
    return attribute.attr.value in _FUT302_METHODS and model.is_future(attribute.value) and _misused(model, attribute)


def _misused(model: Model, attribute: cst.Attribute) -> bool:
    if truth_tested(model, attribute):
        return True
    parent = model.parent(attribute)
    if isinstance(parent, (cst.Comparison, cst.ComparisonTarget, cst.FormattedStringExpression, cst.Return)):
        return True
    if isinstance(parent, cst.Arg):
        call = model.parent(parent)
        return isinstance(call, cst.Call) and model.is_builtin(call.func, "print", "str", "repr")
    if isinstance(parent, (cst.Assign, cst.AnnAssign)) and parent.value is attribute:
        return not _assigned_name_called(model, parent)
    return False


def _assigned_name_called(model: Model, assign: cst.CSTNode) -> bool:
    """`getter = fut.result; getter()` keeps the bound method on purpose."""
    targets = [t.target for t in assign.targets] if isinstance(assign, cst.Assign) else [assign.target]
    for target in targets:
        if not isinstance(target, cst.Name):
            return True  # stored on an attribute or in a container: passed on, not misused
        binding = model.binding_of(target)
        if binding is None:
            return True
        for use in model.uses_of(binding):
            call = model.parent(use)
            if isinstance(call, cst.Call) and call.func is use:
                return True
    return False


def reaching_uses(model: Model, binding: Binding) -> list[cst.Name]:
    """Like `Model.uses_of`, but a later rebinding hides this binding only from the loads it is
    certain to precede (those inside the block holding the rebinding statement, after it): a rebinding
    in one branch of an `if`/`try` leaves the binding visible after that statement."""
    later = [
        b for b in binding.scope.bindings.get(binding.name, ())
        if b is not binding and b.order > binding.order and b.kind not in ("augassign", "for", "comprehension", "except", "del")
    ]
    loop = model.repeating_loop(binding.node)
    result = []
    for load in model.loads_of(binding):
        position = model.order(load)
        if model.scope_of(load).function_scope is not binding.scope.function_scope:
            result.append(load)
        elif position > binding.order and not any(b.order < position and _precedes_surely(model, b, load) for b in later):
            result.append(load)
        elif loop is not None and model.contains(loop, load):
            result.append(load)
    return result


def _precedes_surely(model: Model, rebinding: Binding, load: cst.CSTNode) -> bool:
    line: Optional[cst.CSTNode] = rebinding.node
    while line is not None and not isinstance(line, (cst.SimpleStatementLine, cst.BaseCompoundStatement)):
        line = model.parent(line)
    if line is None:
        return False
    block = model.parent(line)
    return (
        isinstance(block, (cst.IndentedBlock, cst.Module))
        and model.contains(block, load)
        and not model.contains(line, load)
    )


class Observation:
    """Follows where a value holding futures goes, and says whether their outcome is observed.

    A use is OBSERVED when the task's error can reach someone (result/exception, a done-callback,
    returned, yielded, stored on an attribute or in another container, passed to a function other
    than wait/len/print/logging), NEUTRAL when it cannot, REPORTED when another rule reports it.
    Anything not understood counts as OBSERVED, so that unknown stays silent.
    """

    def __init__(self, model: Model) -> None:
        self.m = model
        self._seen: set[int] = set()

    def of_binding(self, binding: Binding) -> str:
        if id(binding) in self._seen:
            return NEUTRAL
        self._seen.add(id(binding))
        verdict = NEUTRAL
        for load in reaching_uses(self.m, binding):
            outcome = self.of_value(load)
            if outcome == OBSERVED:
                return OBSERVED
            if outcome == REPORTED:
                verdict = REPORTED
        return verdict

    def of_value(self, node: cst.CSTNode) -> str:
        """The verdict for the value of expression `node`, from its context."""
        m = self.m
        parent = m.parent(node)
        if isinstance(parent, cst.Attribute) and parent.value is node:
            return self._attribute(parent)
        if isinstance(parent, cst.Subscript):
            return NEUTRAL if self._is_target(parent) else self.of_value(parent)
        if isinstance(parent, cst.Index):
            # A key: stored (`pending[fut] = name`) keeps it, a lookup (`names[fut]`) does not.
            subscript = m.parent(m.parent(parent))
            return OBSERVED if isinstance(subscript, cst.Subscript) and self._is_target(subscript) else NEUTRAL
        if isinstance(parent, (cst.SubscriptElement, cst.Slice)):
            return NEUTRAL
        if isinstance(parent, (cst.Element, cst.StarredElement)):
            container = m.parent(parent)
            return NEUTRAL if self._is_target(container) else self.of_value(container)
        if isinstance(parent, (cst.DictElement, cst.StarredDictElement)):
            return self.of_value(m.parent(parent))
        if isinstance(parent, cst.Arg):
            return self._argument(parent)
        if isinstance(parent, (cst.For, cst.CompFor)) and node is parent.iter:
            return self._iterated(parent.target)
        if isinstance(parent, (cst.Return, cst.Yield, cst.From, cst.Await)):
            return OBSERVED
        if isinstance(parent, cst.Lambda):
            return OBSERVED
        if isinstance(parent, (cst.Assign, cst.AnnAssign, cst.NamedExpr)) and node is parent.value:
            return self._assigned(parent)
        if isinstance(parent, cst.AugAssign):
            return NEUTRAL if node is parent.target else OBSERVED
        if isinstance(parent, cst.BooleanOperation):
            return self.of_value(parent)
        if isinstance(parent, cst.IfExp):
            return NEUTRAL if node is parent.test else self.of_value(parent)
        if isinstance(parent, (cst.Comparison, cst.ComparisonTarget, cst.UnaryOperation, cst.FormattedStringExpression, cst.Expr, cst.Del)):
            return NEUTRAL
        if isinstance(parent, (cst.If, cst.While, cst.Assert)) and node is parent.test:
            return NEUTRAL
        return OBSERVED

    def _is_target(self, node: cst.CSTNode) -> bool:
        parent = self.m.parent(node)
        while isinstance(parent, (cst.Element, cst.StarredElement, cst.Tuple, cst.List)):
            node, parent = parent, self.m.parent(parent)
        if isinstance(parent, (cst.AssignTarget, cst.Del)):
            return True
        if isinstance(parent, (cst.AnnAssign, cst.AugAssign)):
            return parent.target is node
        if isinstance(parent, (cst.For, cst.CompFor)):
            return parent.target is node
        return False

    def _attribute(self, attribute: cst.Attribute) -> str:
        m = self.m
        name = attribute.attr.value
        call = m.parent(attribute)
        if not (isinstance(call, cst.Call) and call.func is attribute):
            if name in ("done", "not_done") and m.is_wait_result(attribute.value):
                return self.of_value(attribute)
            if future_method_not_called(m, attribute):
                return REPORTED
            return OBSERVED
        if name in _RETRIEVING_METHODS:
            return OBSERVED
        if name in _STATE_METHODS or name in _FILLING_METHODS:
            return NEUTRAL
        if name in _PASSING_METHODS:
            return self.of_value(call)
        return OBSERVED

    def _argument(self, arg: cst.Arg) -> str:
        m = self.m
        call = m.parent(arg)
        if not isinstance(call, cst.Call):
            return OBSERVED
        if m.is_cf_call(call, "wait"):
            if wait_discarded_situation(m, call) or wait_first_exception_unchecked_situation(m, call):
                return REPORTED
            return self.of_value(call)
        if m.is_cf_call(call, "as_completed"):
            # Either the loop retrieves results, or FUT501 reports it.
            return OBSERVED
        if m.is_builtin(call.func, *_NON_RAISING_BUILTINS) or is_logging_call(m, call):
            return NEUTRAL
        if m.is_builtin(call.func, *_PASSING_BUILTINS):
            return self.of_value(call)
        return OBSERVED

    def _iterated(self, target: cst.BaseExpression) -> str:
        if isinstance(target, cst.Name):
            binding = self.m.binding_of(target)
            return self.of_binding(binding) if binding is not None else OBSERVED
        if isinstance(target, (cst.Tuple, cst.List)):
            verdict = NEUTRAL
            for element in target.elements:
                outcome = self._iterated(element.value)
                if outcome == OBSERVED:
                    return OBSERVED
                if outcome == REPORTED:
                    verdict = REPORTED
            return verdict
        return OBSERVED  # stored into an attribute or a subscript

    def _assigned(self, statement: cst.CSTNode) -> str:
        if isinstance(statement, cst.Assign):
            targets = [t.target for t in statement.targets]
        else:
            targets = [statement.target]
        verdict = NEUTRAL
        for target in targets:
            outcome = self._iterated(target)
            if outcome == OBSERVED:
                return OBSERVED
            if outcome == REPORTED:
                verdict = REPORTED
        return verdict


# ---------------------------------------------------------------- finished futures and reaching bindings
def visible_bindings(model: Model, name: cst.Name) -> list[Binding]:
    """The bindings of `name` that can reach this load (see `reaching_uses`)."""
    return [b for b in model.resolve(name) or () if any(load is name for load in reaching_uses(model, b))]


def is_done_callback_param(model: Model, binding: Binding) -> bool:
    """The parameter through which a done-callback receives its future."""
    return binding.kind == "param" and id(binding.statement) in model._callback_params


def is_done_set(model: Model, expr: cst.BaseExpression) -> bool:
    """The `done` set of `wait(...)`: `wait(...).done`, `wait(...)[0]`, or a name bound to either, or
    the first target of `done, not_done = wait(...)`."""
    if isinstance(expr, cst.Attribute) and expr.attr.value == "done":
        return model.is_wait_result(expr.value)
    if isinstance(expr, cst.Subscript) and len(expr.slice) == 1 and isinstance(expr.slice[0].slice, cst.Index):
        index = expr.slice[0].slice.value
        return isinstance(index, cst.Integer) and index.value == "0" and model.is_wait_result(expr.value)
    if isinstance(expr, cst.Name):
        bindings = model.resolve(expr) or []
        if bindings and all(_binds_done_set(model, b) for b in bindings):
            return True
        return _last_bound_to_done_set(model, expr, bindings)
    return False


def _last_bound_to_done_set(model: Model, name: cst.Name, bindings: list[Binding]) -> bool:
    """The binding of `name` made last before this read is `done, ... = wait(...)` (a name rebound
    each round of a loop, after a first value of another kind)."""
    sources = [b for b in bindings if b.order < model.order(name)]
    latest = max(sources, key=lambda b: b.order, default=None)
    return latest is not None and latest.kind == "assign" and latest.path == (0,) and model.is_cf_call(latest.value, "wait")


def _binds_done_set(model: Model, binding: Binding) -> bool:
    if binding.kind not in ("assign", "annassign") or binding.value is None:
        return False
    if binding.path == (0,):
        return model.is_cf_call(binding.value, "wait")
    return not binding.path and is_done_set(model, binding.value)


def binding_holds_finished_future(model: Model, binding: Binding) -> bool:
    """A name that can only hold a finished future: an item of `as_completed(...)` or of the `done`
    set of `wait(...)`, or a done-callback's parameter. The one answer behind
    `Model.future_known_done` (FUT305, FUT308) and the cancelling rules (FUT801...)."""
    if is_done_callback_param(model, binding):
        return True
    if binding.kind not in ("for", "comprehension") or binding.path or binding.iterable is None:
        return False
    iterable = binding.iterable
    return model.is_cf_call(iterable, "as_completed") or is_done_set(model, iterable)


# ---------------------------------------------------------------- evidently data (FUT201, FUT701)
# Evidence that a value or a call's result is data, not a callable: shared by the rules that flag a
# callable's result passed where the callable was meant (submit, add_done_callback).
DATA_LITERALS = (
    cst.Integer, cst.Float, cst.Imaginary, cst.SimpleString, cst.ConcatenatedString, cst.FormattedString,
    cst.List, cst.Dict, cst.Tuple, cst.Set, cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp,
)
# Builtins whose call returns data, never a callable.
DATA_BUILTINS = (
    "print", "len", "str", "int", "float", "bool", "bytes", "dict", "list", "set", "frozenset", "tuple",
    "sorted", "open", "sum", "abs", "repr", "range", "input", "format", "hash", "id", "round",
    "enumerate", "zip", "reversed", "ord", "chr", "hex", "oct", "bin", "any", "all", "isinstance", "divmod",
)
# Standard-library functions that do their work when called and return its result (data).
DATA_FUNCTIONS = {
    "asyncio.run", "time.sleep", "os.system", "json.load", "json.loads", "json.dump", "json.dumps",
    "subprocess.run", "subprocess.call", "subprocess.check_call", "subprocess.check_output",
    "shutil.copy", "shutil.copyfile", "shutil.rmtree", "urllib.request.urlopen",
}
_HARMLESS_DECORATORS = ("staticmethod", "classmethod")
_ARITHMETIC = (cst.Add, cst.Subtract, cst.Multiply, cst.Divide, cst.FloorDivide, cst.Modulo, cst.Power)


def own_nodes(model: Model, function: FunctionNode, node_type: type) -> Iterator[cst.CSTNode]:
    """Nodes of `node_type` inside `function`, not inside a function or class nested in it."""
    for node in model.nodes(node_type):
        if model.contains(function.body, node) and owning_scope(model, node) is function:
            yield node


def owning_scope(model: Model, node: cst.CSTNode) -> Optional[cst.CSTNode]:
    for ancestor in model.ancestors(node):
        if isinstance(ancestor, SCOPE_TYPES):
            return ancestor
    return None


def evidently_data(model: Model, expr: Optional[cst.BaseExpression], depth: int = 0) -> bool:
    """Whether `expr` is plainly not callable: a literal, arithmetic, a data builtin's result, or a
    local name only ever assigned such values."""
    if expr is None or depth > 3:
        return expr is None
    if isinstance(expr, DATA_LITERALS):
        return True
    if isinstance(expr, cst.Name):
        if expr.value in ("None", "True", "False"):
            return True
        bindings = model.resolve(expr)
        return bool(bindings) and all(
            b.kind in ("assign", "annassign", "augassign") and not b.path
            and (b.kind == "augassign" or evidently_data(model, b.value, depth + 1))
            for b in bindings
        )
    if isinstance(expr, cst.Comparison):
        return True
    if isinstance(expr, cst.BinaryOperation):
        left, right = evidently_data(model, expr.left, depth + 1), evidently_data(model, expr.right, depth + 1)
        # Arithmetic with data gives data; `|`, `&`, `@`, `>>` are overloaded to compose callables
        # (pipelines), so they need data on both sides.
        return (left or right) if isinstance(expr.operator, _ARITHMETIC) else (left and right)
    if isinstance(expr, cst.UnaryOperation):
        return isinstance(expr.operator, cst.Not) or evidently_data(model, expr.expression, depth + 1)
    if isinstance(expr, cst.Call):
        return model.is_builtin(expr.func, *DATA_BUILTINS)
    return False


def never_returns_callable(model: Model, function: cst.FunctionDef) -> bool:
    """A function defined in the file whose every return value is plainly data (or None), a
    generator, or a coroutine function. Decorated functions are unknown."""
    if any(not _is_harmless_decorator(d) for d in function.decorators):
        return False
    if function.asynchronous is not None:
        return True
    if any(True for _ in own_nodes(model, function, cst.Yield)):
        return True
    return all(evidently_data(model, r.value) for r in own_nodes(model, function, cst.Return))


def call_returns_data(model: Model, call: cst.Call) -> bool:
    """FUT201's evidence that a call's result is not callable (shared with FUT701): a data builtin,
    a standard-library function that does its work now, or an in-file function that never returns
    a callable."""
    if model.is_builtin(call.func, *DATA_BUILTINS) or model.qualname(call.func) in DATA_FUNCTIONS:
        return True
    function = model.function_def(call.func)
    return function is not None and never_returns_callable(model, function)


def _is_harmless_decorator(decorator: cst.Decorator) -> bool:
    return isinstance(decorator.decorator, cst.Name) and decorator.decorator.value in _HARMLESS_DECORATORS


# ---------------------------------------------------------------- done-callbacks
@dataclass(frozen=True)
class Callback:
    """A callback whose code is in the file: the function, and how many leading positional
    parameters are already bound (`self`, `functools.partial` arguments) or given by keyword."""

    function: FunctionNode
    bound: int
    keywords: tuple[str, ...] = ()

    def free_params(self) -> list[cst.Param]:
        """The positional parameters left for the caller to fill."""
        params = Model.positional_params(self.function)[self.bound:]
        return [p for p in params if p.name.value not in self.keywords]

    def future_param(self) -> Optional[cst.Param]:
        """The parameter that receives the future."""
        params = self.free_params()
        return params[0] if params else None


def callback_registrations(model: Model) -> Iterator[tuple[cst.Call, cst.BaseExpression]]:
    """Every `<future>.add_done_callback(<callback>)` on an evidenced future, with the callback."""
    for call in model.calls:
        if model.future_method_receiver(call, "add_done_callback") is None:
            continue
        if len(call.args) == 1 and call.args[0].keyword is None and not call.args[0].star:
            yield call, call.args[0].value


def resolve_callback(model: Model, expr: cst.BaseExpression, factories: bool = False) -> Optional[Callback]:
    """The in-file code a callback expression runs: a lambda, a function or method defined here,
    either through `functools.partial`, or (with `factories`) the nested function a factory returns.
    The one resolver of callbacks: the model's done-callback parameters come from it too."""
    if isinstance(expr, cst.Lambda):
        return Callback(expr, 0)
    if isinstance(expr, cst.Call):
        if model.qualname(expr.func) == "functools.partial" and expr.args:
            return _partial_callback(model, expr)
        return _factory_product(model, expr) if factories else None
    function = model.function_def(expr)
    if function is None or not plain_function(function):
        return None
    staticmethod = any(_decorator_name(d) == "staticmethod" for d in function.decorators)
    return Callback(function, 1 if isinstance(expr, cst.Attribute) and not staticmethod else 0)


def _partial_callback(model: Model, call: cst.Call) -> Optional[Callback]:
    if any(a.star for a in call.args):
        return None
    inner = resolve_callback(model, call.args[0].value)
    if inner is None:
        return None
    positional = sum(1 for a in call.args[1:] if a.keyword is None)
    keywords = tuple(a.keyword.value for a in call.args[1:] if a.keyword is not None)
    return Callback(inner.function, inner.bound + positional, inner.keywords + keywords)


def plain_function(function: cst.FunctionDef) -> bool:
    """No decorator that could change what calling it means."""
    return all(_is_harmless_decorator(d) for d in function.decorators)


def _factory_product(model: Model, call: cst.Call) -> Optional[Callback]:
    factory = model.function_def(call.func)
    if factory is None or not plain_function(factory):
        return None
    products = set()
    for node in own_nodes(model, factory, cst.Return):
        value = node.value
        if not isinstance(value, cst.Name):
            return None
        bindings = model.resolve(value) or []
        if len(bindings) != 1 or bindings[0].kind != "def" or not model.contains(factory, bindings[0].statement):
            return None
        products.add(id(bindings[0].statement))
        product = bindings[0].statement
    if len(products) != 1 or not plain_function(product):
        return None
    return Callback(product, 0)


# ---------------------------------------------------------------- reads of futures after wait/as_completed
# Future methods that neither retrieve the outcome nor hand the future to anyone.
STATE_METHODS = ("done", "running", "cancelled", "cancel", "set_running_or_notify_cancel")
# Calls that look at a value without raising a task's error or keeping the value.
LOOKING_BUILTINS = ("print", "len", "id", "hash", "isinstance", "repr", "str", "type", "bool", "format")
LOOKING_METHODS = (
    "remove", "discard", "pop", "get", "index", "count", "__contains__",
    "debug", "info", "warning", "warn", "error", "critical", "log",
)


def observes(model: Model, load: cst.Name) -> bool:
    """Whether this use of a future (or of a container of futures) may retrieve its outcome: it asks
    for `.result`/`.exception` (called or not: an un-called one is FUT302's), or passes the value on
    to code we cannot see. Lookups, comparisons, state queries and printing do not."""
    parent = model.parent(load)
    if isinstance(parent, cst.Attribute) and parent.value is load:
        return parent.attr.value not in STATE_METHODS
    if isinstance(parent, (cst.Index, cst.Comparison, cst.ComparisonTarget, cst.If, cst.While, cst.Assert)):
        return False
    if isinstance(parent, cst.UnaryOperation) or isinstance(parent, cst.FormattedStringExpression):
        return False
    if isinstance(parent, cst.Arg):
        call = model.parent(parent)
        if isinstance(call, cst.Call):
            if model.is_builtin(call.func, *LOOKING_BUILTINS):
                return False
            if isinstance(call.func, cst.Attribute) and call.func.attr.value in LOOKING_METHODS:
                return False
            if model.is_cf_call(call, "wait", "as_completed"):
                return False
    return True


INLINE_CONTAINERS = (cst.List, cst.Tuple, cst.Set)
BUILT_CONTAINERS = (cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp, cst.Dict)


def later_reads(model: Model, call: cst.Call) -> Optional[tuple[list[cst.Name], list[cst.Name]]]:
    """Reads of the futures a `wait`/`as_completed` call is given, after the call (or anywhere in a
    loop that repeats it): reads of the container's name, and reads of the names an inline container
    lists. None when the futures come from where we cannot follow them (an attribute, a call, a name
    bound outside the file)."""
    argument = call_argument(call, "fs", 0)
    if argument is None or argument.star:
        return None
    value = argument.value
    root = container_root(value)
    if root is not None:
        reads = _reads_after(model, call, [root])
        return None if reads is None else (reads, [])
    if isinstance(value, INLINE_CONTAINERS):
        reads = _reads_after(model, call, [e.value for e in value.elements if isinstance(e.value, cst.Name)])
        return None if reads is None else ([], reads)
    if isinstance(value, BUILT_CONTAINERS):
        return [], []
    return None


def _reads_after(model: Model, call: cst.Call, names: list[cst.Name]) -> Optional[list[cst.Name]]:
    loop = model.repeating_loop(call)
    call_end = model.end_order(call)
    skip = {id(name) for name in names}
    reads: dict[int, cst.Name] = {}
    for name in names:
        bindings = model.resolve(name)
        if not bindings:
            return None
        for binding in bindings:
            for load in model.loads_of(binding):
                later = model.order(load) > call_end or (loop is not None and model.contains(loop, load))
                if later and id(load) not in skip:
                    reads[id(load)] = load
    return list(reads.values())


def _use_examines(model: Model, use: cst.Name) -> bool:
    """Whether a use of a container of futures may retrieve an outcome: iterating it with results
    asked of the element, or anything other than looking at it (`len`, truth, membership, `print`)."""
    parent = model.parent(use)
    if isinstance(parent, (cst.For, cst.CompFor)) and parent.iter is use:
        return _element_examined(model, parent)
    if isinstance(parent, (cst.Comparison, cst.ComparisonTarget)) and isinstance(model.statement_of(use), cst.Assert):
        return True  # a test asserting which futures finished knows what happened (not `len(done) > 0`)
    return observes(model, use)


def _element_examined(model: Model, loop: cst.CSTNode) -> bool:
    target = loop.target
    if not isinstance(target, cst.Name):
        return True
    binding = model.binding_of(target)
    if binding is None:
        return True
    scope = loop.body if isinstance(loop, cst.For) else _comprehension_of(model, loop)
    return any(model.contains(scope, use) and observes(model, use) for use in model.uses_of(binding))


def _comprehension_of(model: Model, comp_for: cst.CompFor) -> cst.CSTNode:
    for ancestor in model.ancestors(comp_for):
        if isinstance(ancestor, (cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp)):
            return ancestor
    return comp_for


def _futures_examined_after(model: Model, call: cst.Call) -> bool:
    """Whether the futures given to `wait` are themselves examined after it (`for f in fs: f.result()`)
    or come from where we cannot follow them."""
    found = later_reads(model, call)
    if found is None:
        return True
    roots, elements = found
    return any(_use_examines(model, load) for load in roots) or any(observes(model, load) for load in elements)


def futures_looked_at_after(model: Model, call: cst.Call) -> bool:
    """Whether the futures given to `wait` are read at all after it (anything may notice stragglers)."""
    found = later_reads(model, call)
    return found is None or bool(found[0] or found[1])
