"""The model of one file: its indexes, structure, names, functions and classes, positions."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Callable, Iterator, Optional

import libcst as cst
from libcst.metadata import CodePosition, CodeRange

from futurelint.semantic.bindings import UNKNOWN, Binding, ClassInfo, Scope
from futurelint.semantic.constants import (
    CF, COMPREHENSION_TYPES, EXECUTOR_CONSTRUCTORS, SCOPE_TYPES, FunctionNode, normalize_qualname,
)
from futurelint.project_index import ProjectIndex
from futurelint.semantic.evidence import Evidence
from futurelint.semantic.imported import relative_import_base
from futurelint.semantic.positions import NodePositions, node_positions
from futurelint.semantic.reaching import ScopeFlow
from futurelint.semantic.syntax import decorator_name, is_raises_call
from futurelint.semantic.walk import SCOPE_OPENERS, children_of, dotted_name

class Collector:
    """A single pass recording parents, preorder positions, scopes, bindings, loads and calls.

    It walks the tree itself (children as `walk.children_of` gives them, trivia skipped) and
    dispatches on exact node types: a `visit_<Type>` method per type, as libcst's visitors, but
    from a table, and `type(node) is X` tests where libcst's node classes have no subclasses
    (tests/semantic/test_model_walk.py checks that they have none). The walk is the largest part
    of building the model."""

    def __init__(self, model: "Model") -> None:
        self.m = model
        self.scope = Scope("module", model.module, None)
        model.module_scope = self.scope
        self.parents: list[cst.CSTNode] = []
        self.scope_stack: list[Scope] = []
        self.targets: set[int] = set()
        self.order = 0

    def collect(self) -> None:
        m = self.m
        parent_of, order_of, end_order_of, scope_of, by_type = m._parent, m._order, m._end_order, m._scope_of, m._by_type
        parents, scope_stack, visits = self.parents, self.scope_stack, _VISITS
        stack: list = [m.module]
        pop, push, extend = stack.pop, stack.append, stack.extend
        while stack:
            node = pop()
            if type(node) is tuple:  # (node,): its children are done
                node = node[0]
                end_order_of[id(node)] = self.order  # the last descendant visited
                parents.pop()
                if scope_stack and scope_stack[-1][0] is node:
                    _, self.scope = scope_stack.pop()
                continue
            key = id(node)
            if parents:
                parent = parents[-1]
                parent_of[key] = parent
                if type(parent) in SCOPE_OPENERS:
                    self._enter_scope_if_needed(node, parent)
            self.order += 1
            order_of[key] = self.order
            scope_of[key] = self.scope
            parents.append(node)
            node_type = type(node)
            bucket = by_type.get(node_type)
            if bucket is not None:
                bucket.append(node)
            push((node,))
            visit = visits.get(node_type)
            if visit is None or visit(self, node) is not False:
                extend(reversed(children_of(node)))

    def _push(self, owner: cst.CSTNode, scope: Scope) -> None:
        self.scope_stack.append((owner, self.scope))
        self.scope = scope

    def _enter_scope_if_needed(self, node: cst.CSTNode, parent: cst.CSTNode) -> None:
        # Defaults, annotations, decorators and bases belong to the enclosing scope; only the
        # parameters (and what follows them) and a class body open the new scope.
        parent_type = type(parent)
        if (parent_type is cst.FunctionDef or parent_type is cst.Lambda) and node is parent.params:
            kind = "lambda" if parent_type is cst.Lambda else "function"
            new = Scope(kind, parent, self.scope)
            self.m._scopes[id(parent)] = new
            self._push(node, new)
        elif (parent_type is cst.FunctionDef or parent_type is cst.Lambda) and node is parent.body:
            self._push(node, self.m._scopes[id(parent)])
        elif parent_type is cst.ClassDef and node is parent.body:
            new = Scope("class", parent, self.scope)
            self.m._scopes[id(parent)] = new
            self._push(node, new)
        elif parent_type is cst.Param and (node is parent.default or node is parent.annotation):
            self._push(node, self.scope.parent or self.scope)

    # bindings ------------------------------------------------------------------------------
    def _bind(self, name_node: cst.Name, kind: str, definition=None, **kw) -> None:
        self.targets.add(id(name_node))
        scope = self.scope  # comprehensions are not separate scopes (catalog)
        binding = Binding(name_node.value, kind, name_node, scope, definition, **kw)
        binding.order = self.order
        if name_node.value in scope.global_names:
            self.m.module_scope.bind(binding)
        else:
            scope.bind(binding)
        self.m.bindings_by_node[id(name_node)] = binding

    def _bind_target(self, target: cst.BaseExpression, kind: str, statement, path=(), **kw) -> None:
        target_type = type(target)
        if target_type is cst.Name:
            self._bind(target, kind, statement, path=path, **kw)
        elif target_type is cst.Tuple or target_type is cst.List:
            value = kw.get("value")
            for index, element in enumerate(target.elements):
                inner = element.value
                if type(element) is cst.StarredElement:
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
        elif target_type is cst.Attribute:
            self.m._attribute_stores.append((target, kw.get("value"), kw.get("annotation"), path))
        elif target_type is cst.Subscript:
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
        module = relative_import_base(self.m, node) if node.relative else dotted_name(node.module)
        if isinstance(node.names, cst.ImportStar):
            if module:
                self.m.star_import_bases.append(module)
            return False
        if not module:
            for alias in node.names:
                bound = alias.asname.name if alias.asname else alias.name
                if isinstance(bound, cst.Name):
                    self._bind(bound, "import", node, qualified=None)
            return False
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
        parent_type = type(parent)
        if parent_type is cst.Attribute and node is parent.attr:
            return
        if parent_type is cst.Arg and node is parent.keyword or parent_type is cst.Param and node is parent.name:
            return
        if parent_type in _NOT_LOADED_UNDER:
            return
        self.scope.loads.setdefault(node.value, []).append(node)


_VISITS = {getattr(cst, name[len("visit_"):]): method for name, method in vars(Collector).items() if name.startswith("visit_")}
# A name directly under these is an import's or a definition's, never a load.
_NOT_LOADED_UNDER = frozenset((cst.ImportAlias, cst.AsName, cst.ImportFrom, cst.FunctionDef, cst.ClassDef))


class Model(Evidence):
    """Everything rules may ask about one file."""

    INDEXED_TYPES = (
        cst.Call, cst.Attribute, cst.Try, cst.For, cst.While, cst.With, cst.If, cst.Assert,
        cst.Expr, cst.Return, cst.FunctionDef, cst.Lambda, cst.ClassDef, cst.Subscript,
        cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp, cst.Assign, cst.Await,
        cst.ExceptHandler, cst.Comparison, cst.FormattedString, cst.IfExp, cst.BooleanOperation,
        cst.UnaryOperation, cst.Yield, cst.Name,
    )

    def __init__(self, module: cst.Module, path: str = "<stdin>", source: str = "", project: Optional[ProjectIndex] = None) -> None:
        self.module = module
        self.path = path
        self.source = source
        # The project's index (imported.py): executors and futures other modules hand to this one.
        self.project = project
        self.module_name = project.module_of(path) if project is not None and path not in ("-", "<stdin>") else None
        self.is_package = path.endswith("__init__.py")
        self.star_import_bases: list[str] = []
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
        self._flows: dict[int, ScopeFlow] = {}
        self._memo: dict[tuple[str, int], object] = {}
        self._index_orders: dict[type, list[int]] = {}
        self._positions: Optional[NodePositions] = None
        Collector(self).collect()
        self._finish_classes()
        self._callback_params = self._find_callback_params()

    @property
    def runs_as_interactive_main(self) -> bool:
        """Whether this code runs as an interactive `__main__` that has no `__file__` (a notebook's
        cells): process-pool children started by spawn or forkserver never re-import it."""
        return self.path.endswith(".ipynb")

    def release(self) -> None:
        """Break the cycles between scopes and their bindings, so that the tree is freed as soon as
        the model is dropped instead of at the next full garbage collection, which can come late
        enough for a worker to hold several files' trees at once. The model is unusable after."""
        for scope in (self.module_scope, *self._scopes.values()):
            scope.bindings.clear()
        self._flows.clear()

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
            children = children_of(last)
            if not children:
                return self.order(last)
            last = children[-1]

    def contains(self, outer: cst.CSTNode, inner: cst.CSTNode) -> bool:
        return self.order(outer) <= self.order(inner) <= self.end_order(outer)

    def scope_of(self, node: cst.CSTNode) -> Scope:
        return self._scope_of.get(id(node), self.module_scope)

    def enclosing_function(self, node: cst.CSTNode) -> Optional[FunctionNode]:
        for ancestor in self.ancestors(node):
            if isinstance(ancestor, (cst.FunctionDef, cst.Lambda)):
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
        """The bindings a loaded name may refer to, or None for a name bound nowhere (builtin).
        Within the scope that binds it, only the bindings that reach the load (reaching.py)."""
        scope = self.scope_of(name)
        bindings = self.lookup(name.value, scope)
        if bindings is not None and len(bindings) > 1 and bindings[0].scope is scope:
            return self.flow_of(scope).reaching(name) or bindings
        return bindings

    def flow_of(self, scope: Scope) -> ScopeFlow:
        flow = self._flows.get(id(scope))
        if flow is None:
            flow = self._flows[id(scope)] = ScopeFlow(self, scope)
        return flow

    def nested_scopes(self, scope: Scope) -> Iterator[Scope]:
        """`scope` and every scope nested in it, at any depth."""
        return self._scope_and_nested(scope)

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

    def bindings_in(self, node: cst.CSTNode) -> list[Binding]:
        """The bindings made by the targets inside `node` (nested functions included)."""
        return [b for b in map(self.binding_of, self.nodes_in(cst.Name, node)) if b is not None]

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
        """Loads that can see this particular binding: in its own scope, those it reaches along
        some path (reaching.py); inside nested functions, every load of the name."""
        flow = self.flow_of(binding.scope)
        if binding.name in flow.tracked:
            return [load for load in self.loads_of(binding) if flow.may_reach(binding, load)]
        loop = self.repeating_loop(binding.node)
        result = []
        for load in self.loads_of(binding):
            if self.scope_of(load).function_scope is not binding.scope.function_scope:
                result.append(load)
            elif self.order(load) > binding.order or (loop is not None and self.contains(loop, load)):
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
                return bindings[0].definition
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
        if not params or params[0] is not param.definition:
            return None
        if any(decorator_name(d) == "staticmethod" for d in function.decorators):
            return None
        return self._classes.get(id(param.scope.parent.node))

    def named_class(self, expr: cst.BaseExpression) -> Optional[ClassInfo]:
        """For `<Class>.<attr>`, where the name is bound once, to a class defined in this file: that class."""
        if not (isinstance(expr, cst.Attribute) and isinstance(expr.value, cst.Name)):
            return None
        bindings = self.resolve(expr.value)
        if not bindings or len(bindings) != 1 or bindings[0].kind != "class":
            return None
        return self._classes.get(id(bindings[0].definition))

    def class_info(self, node: cst.ClassDef) -> Optional[ClassInfo]:
        return self._classes.get(id(node))

    def _finish_classes(self) -> None:
        for key, bases in self._class_bases.items():
            info = self._classes[key]
            info.base_names = [self.qualname(base) or "" for base in bases]
        for target, value, annotation, path in self._attribute_stores:
            info = self.self_class(target) or self.named_class(target)
            if info is None:
                continue
            attr = target.attr.value
            if value is not None:
                info.attr_values.setdefault(attr, []).append(value if not path else UNKNOWN)
            elif annotation is None:
                info.attr_values.setdefault(attr, []).append(UNKNOWN)
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
                return self._subclass_kind(bindings[0].definition, set())
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
            if isinstance(ancestor, cst.With) and any(is_raises_call(self, item.item) for item in ancestor.items):
                return True
        return False

    def source_of(self, node: cst.CSTNode) -> str:
        """The source text of `node` (as libcst renders it)."""
        if type(node) is cst.Name and not node.lpar:  # the common case, without a codegen pass
            return node.value
        return self.module.code_for_node(node)

    def position(self, node: cst.CSTNode):
        """libcst's PositionProvider range for a node. Computed for the whole module on the first
        request (a file without findings never pays for it)."""
        if self._positions is None:
            self._positions = node_positions(self.module)
        # Keyed by id: the model keeps the tree, hence its nodes' ids, alive.
        (start_line, start_column), (end_line, end_column) = self._positions[id(node)]
        return CodeRange(CodePosition(start_line, start_column), CodePosition(end_line, end_column))
