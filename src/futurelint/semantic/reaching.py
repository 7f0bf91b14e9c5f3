"""Reaching definitions: which bindings of a name can reach each load of it, within one scope.

A name bound more than once in a function (`for f in pending: ...` then `for f in done: ...`, or
`p = multiprocessing.Pool()` then `with ThreadPoolExecutor() as p:`) means different things in
different places. For every load of such a name, this walk over the scope's statements computes
the bindings that can reach it along some path: branches merge, loops run to a fixpoint (their
body may see its own later bindings), `break`/`continue`/`return`/`raise` end a path, a `try`'s
handlers and `finally` see every binding its body may have made before raising, comprehension
targets do not leak, and a walrus binds where it is evaluated.

Only names bound more than once in the scope are tracked; loads of other names, loads in nested
functions (which run later, at an unknown point) and loads the walk never reaches (dead code) keep
every binding of the name, as before. The walk is made lazily, per scope, on the first question.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, Optional, Sequence

import libcst as cst

from futurelint.semantic.bindings import Binding, Scope
from futurelint.semantic.constants import COMPREHENSION_TYPES
from futurelint.semantic.walk import children_of

if TYPE_CHECKING:
    from futurelint.semantic.model import Model

State = dict  # name -> frozenset of id(binding); a missing name is unbound on that path
MAX_LOOP_PASSES = 8  # a loop's state grows monotonically; 2 passes settle almost every loop


class ScopeFlow:
    """The reaching bindings of the loads of one scope's names that are bound more than once."""

    def __init__(self, model: "Model", scope: Scope) -> None:
        self.model = model
        self.scope = scope
        self.tracked = _tracked_names(model, scope)
        self.loads = {id(load) for name in self.tracked for load in scope.loads.get(name, ())}
        self.bindings = {id(b): b for name in self.tracked for b in scope.bindings[name]}
        self.reached: dict[int, frozenset] = {}
        self._loops: list[tuple[list, list]] = []  # (break states, continue states)
        self._tries: list[set] = []  # ids of bindings made inside each enclosing `try` body
        if self.tracked:
            self._run_scope()

    def reaching(self, load: cst.Name) -> Optional[list[Binding]]:
        """The bindings that reach `load`, in source order; None when unknown (not tracked,
        unreachable, or no binding reaches it on any path)."""
        ids = self.reached.get(id(load))
        if not ids:
            return None
        return sorted((self.bindings[i] for i in ids), key=lambda b: b.order)

    def may_reach(self, binding: Binding, load: cst.Name) -> bool:
        """Whether `binding` can reach `load`: along some path when the load is in this scope
        and the walk reached it, always when the load is elsewhere (a nested function)."""
        ids = self.reached.get(id(load))
        return id(binding) in ids if ids else True

    # ------------------------------------------------------------------------------- scopes
    def _run_scope(self) -> None:
        node = self.scope.node
        state: State = {}
        if isinstance(node, cst.Module):
            self._block(node.body, state)
        elif isinstance(node, (cst.FunctionDef, cst.Lambda)):
            self._expression(node.params, state, own_scope=True)
            if isinstance(node, cst.Lambda):
                self._expression(node.body, state)
            else:
                self._body(node.body, state)
        elif isinstance(node, cst.ClassDef):
            self._body(node.body, state)

    def _body(self, body: cst.BaseSuite, state: Optional[State]) -> Optional[State]:
        return self._block(body.body, state)

    def _block(self, statements: Sequence[cst.CSTNode], state: Optional[State]) -> Optional[State]:
        for statement in statements:
            if state is None:
                return None
            state = self._statement(statement, state)
        return state

    # ----------------------------------------------------------------------------- statements
    def _statement(self, node: cst.CSTNode, state: State) -> Optional[State]:
        handler = _STATEMENTS.get(type(node))
        if handler is not None:
            return handler(self, node, state)
        self._expression(node, state)  # Expr, Assert, Pass, Global, Nonlocal, ...
        return state

    def _small_statements(self, node, state: State) -> Optional[State]:
        return self._block(node.body, state)

    def _assign(self, node: cst.Assign, state: State) -> State:
        self._expression(node.value, state)
        for target in node.targets:
            self._expression(target.target, state)
        return state

    def _annassign(self, node: cst.AnnAssign, state: State) -> State:
        self._expression(node.annotation, state)
        if node.value is not None:
            self._expression(node.value, state)
            self._expression(node.target, state)
        else:  # a declaration binds nothing at run time, but its annotation is evidence
            self._expression(node.target, state, declare=True)
        return state

    def _augassign(self, node: cst.AugAssign, state: State) -> State:
        self._record(node.target, state)
        self._expression(node.value, state)
        self._expression(node.target, state)
        return state

    def _delete(self, node: cst.Del, state: State) -> State:
        self._expression(node.target, state)
        for name in _names(node.target):
            if name.value in self.tracked:
                state[name.value] = frozenset()
        return state

    def _return(self, node, state: State) -> None:
        self._expression(node, state)
        return None

    def _break(self, node: cst.Break, state: State) -> None:
        if self._loops:
            self._loops[-1][0].append(dict(state))
        return None

    def _continue(self, node: cst.Continue, state: State) -> None:
        if self._loops:
            self._loops[-1][1].append(dict(state))
        return None

    def _definition(self, node, state: State) -> State:
        """`def` and `class`: decorators, defaults, annotations and bases run now; bodies later."""
        for decorator in node.decorators:
            self._expression(decorator, state)
        if isinstance(node, cst.FunctionDef):
            self._expression(node.params, state, own_scope=False)
            if node.returns is not None:
                self._expression(node.returns, state)
        else:
            for arg in (*node.bases, *node.keywords):
                self._expression(arg, state)
        self._bind(node.name, state)
        return state

    def _if(self, node: cst.If, state: State) -> Optional[State]:
        self._expression(node.test, state)
        taken = self._body(node.body, dict(state))
        if node.orelse is None:
            return _merge(taken, state)
        if isinstance(node.orelse, cst.If):
            return _merge(taken, self._if(node.orelse, dict(state)))
        return _merge(taken, self._body(node.orelse.body, dict(state)))

    def _while(self, node: cst.While, state: State) -> Optional[State]:
        def one_pass(head: State) -> Optional[State]:
            self._expression(node.test, head)
            return self._body(node.body, dict(head))

        head, breaks = self._loop(state, one_pass)
        exits = [] if _always_true(node.test) else [head]
        return self._after_loop(node, head, exits, breaks)

    def _for(self, node: cst.For, state: State) -> Optional[State]:
        self._expression(node.iter, state)

        def one_pass(head: State) -> Optional[State]:
            inside = dict(head)
            self._expression(node.target, inside)
            return self._body(node.body, inside)

        head, breaks = self._loop(state, one_pass)
        return self._after_loop(node, head, [head], breaks)

    def _loop(self, entry: State, one_pass) -> tuple[State, list]:
        """Run a loop body until the state at its head stops growing; the head is the merge of the
        entry and of every state that goes round again (end of body, `continue`)."""
        head = dict(entry)
        for _ in range(MAX_LOOP_PASSES):
            breaks, continues = [], []
            self._loops.append((breaks, continues))
            try:
                end = one_pass(dict(head))
            finally:
                self._loops.pop()
            grown = _merge(entry, end, *continues) or head
            if grown == head:
                break
            head = grown
        return head, breaks

    def _after_loop(self, node, head: State, exits: list, breaks: list) -> Optional[State]:
        if node.orelse is not None:
            exits = [self._body(node.orelse.body, dict(state)) for state in exits]
        return _merge(*exits, *breaks)

    def _with(self, node: cst.With, state: State) -> Optional[State]:
        for item in node.items:
            self._expression(item.item, state)
            if item.asname is not None:
                self._expression(item.asname.name, state)
        return self._body(node.body, state)

    def _try(self, node, state: State) -> Optional[State]:
        made: set = set()
        self._tries.append(made)
        try:
            body_end = self._body(node.body, dict(state))
        finally:
            self._tries.pop()
        raised = _merge(state, self._made_state(state, made))
        ends = []
        for handler in node.handlers:
            entry = dict(raised)
            if handler.type is not None:
                self._expression(handler.type, entry)
            if handler.name is not None:
                self._expression(handler.name.name, entry)
            ends.append(self._body(handler.body, entry))
        if node.orelse is not None and body_end is not None:
            body_end = self._body(node.orelse.body, body_end)
        normal = _merge(body_end, *ends)
        if node.finalbody is None:
            return normal
        after = self._body(node.finalbody.body, dict(normal)) if normal is not None else None
        # The finally clause also runs when the body raised: record its loads with both paths.
        self._body(node.finalbody.body, _merge(normal, raised) or dict(raised))
        return after

    def _made_state(self, entry: State, made: set) -> State:
        """`entry` plus every binding made in a `try` body: what a handler may see."""
        state = dict(entry)
        for binding_id in made:
            name = self.bindings[binding_id].name
            state[name] = state.get(name, frozenset()) | {binding_id}
        return state

    def _match(self, node, state: State) -> Optional[State]:
        self._expression(node.subject, state)
        ends = []
        for case in node.cases:
            entry = dict(state)
            self._expression(case.pattern, entry)
            if case.guard is not None:
                self._expression(case.guard, entry)
            ends.append(self._body(case.body, entry))
        return _merge(state, *ends)

    # ---------------------------------------------------------------------------- expressions
    def _expression(self, node: cst.CSTNode, state: State, own_scope: bool = True, declare: bool = False) -> None:
        """Record the loads and apply the bindings inside `node`, in evaluation order for the
        constructs where it matters (walrus, comprehensions), skipping nested scopes' bodies.
        For `params` of a function: its defaults and annotations belong to the enclosing scope
        (`own_scope=False`), its names to the function's own (`own_scope=True`)."""
        stack = [node]
        pop, handlers = stack.pop, _EXPRESSIONS
        while stack:
            item = pop()
            item_type = type(item)
            if item_type is cst.Name:
                self._name(item, state, declare)
                continue
            handler = handlers.get(item_type)
            if handler is None:
                stack.extend(reversed(children_of(item)))
            else:
                handler(self, item, state, stack, own_scope)

    # Each: (flow, node, state, stack of what is still to walk, own_scope of the walk).
    def _named_expr(self, node: cst.NamedExpr, state: State, stack: list, own_scope: bool) -> None:
        self._expression(node.value, state)
        self._expression(node.target, state)

    def _boolean_operation(self, node: cst.BooleanOperation, state: State, stack: list, own_scope: bool) -> None:
        self._expression(node.left, state)
        self._branches(state, [node.right], keep=True)  # the right operand may not run

    def _if_exp(self, node: cst.IfExp, state: State, stack: list, own_scope: bool) -> None:
        self._expression(node.test, state)
        self._branches(state, [node.body, node.orelse], keep=False)

    def _comprehension_expression(self, node, state: State, stack: list, own_scope: bool) -> None:
        self._comprehension(node, state)

    def _lambda(self, node: cst.Lambda, state: State, stack: list, own_scope: bool) -> None:
        self._expression(node.params, state, own_scope=False)

    def _param(self, node: cst.Param, state: State, stack: list, own_scope: bool) -> None:
        stack.extend(self._param_parts(node, own_scope))

    def _attribute(self, node: cst.Attribute, state: State, stack: list, own_scope: bool) -> None:
        stack.append(node.value)

    def _nested_definition(self, node, state: State, stack: list, own_scope: bool) -> None:
        """A `def` or `class` met inside an expression walk: its body runs elsewhere."""

    def _branches(self, state: State, branches: list, keep: bool) -> None:
        """Evaluate each branch from `state`, then merge their ends (and `state` itself when no
        branch has to run) back into `state`."""
        ends = []
        for branch in branches:
            end = dict(state)
            self._expression(branch, end)
            ends.append(end)
        merged = _merge(state, *ends) if keep else _merge(*ends)
        state.clear()
        state.update(merged or {})

    def _param_parts(self, param: cst.Param, own_scope: bool) -> list:
        if own_scope:
            return [param.name]
        parts = [param.default, param.annotation.annotation if param.annotation else None]
        return [part for part in parts if part is not None]

    def _comprehension(self, node, state: State) -> None:
        """`[elt for t in it if c]`: `it` first, then `t`, the conditions, inner loops, `elt`;
        the loop targets do not leak out of the comprehension."""
        saved = dict(state)
        targets: set = set()
        clause = node.for_in
        while clause is not None:
            self._expression(clause.iter, state)
            self._expression(clause.target, state)
            targets |= {name.value for name in _names(clause.target)}
            for condition in clause.ifs:
                self._expression(condition.test, state)
            clause = clause.inner_for_in
        if isinstance(node, cst.DictComp):
            self._expression(node.key, state)
            self._expression(node.value, state)
        else:
            self._expression(node.elt, state)
        for name in targets & self.tracked:
            if name in saved:
                state[name] = saved[name]
            else:
                state.pop(name, None)

    def _name(self, name: cst.Name, state: State, declare: bool = False) -> None:
        if id(name) in self.loads:
            self._record(name, state)
        binding = self.model.binding_of(name)
        if binding is not None and id(binding) in self.bindings:
            self._bind(name, state, declare)

    def _record(self, name: cst.Name, state: State) -> None:
        if id(name) in self.loads:
            self.reached[id(name)] = state.get(name.value, frozenset())

    def _bind(self, name: cst.Name, state: State, declare: bool = False) -> None:
        binding = self.model.binding_of(name)
        if binding is None or id(binding) not in self.bindings:
            return
        kept = state.get(name.value, frozenset()) if declare else frozenset()
        state[name.value] = kept | {id(binding)}
        for made in self._tries:
            made.add(id(binding))


def _statement_handlers() -> dict:
    flow = ScopeFlow
    handlers = {
        cst.SimpleStatementLine: flow._small_statements,
        cst.SimpleStatementSuite: flow._small_statements,
        cst.Assign: flow._assign,
        cst.AnnAssign: flow._annassign,
        cst.AugAssign: flow._augassign,
        cst.Del: flow._delete,
        cst.Return: flow._return,
        cst.Raise: flow._return,
        cst.Break: flow._break,
        cst.Continue: flow._continue,
        cst.FunctionDef: flow._definition,
        cst.ClassDef: flow._definition,
        cst.If: flow._if,
        cst.While: flow._while,
        cst.For: flow._for,
        cst.With: flow._with,
        cst.Try: flow._try,
    }
    for name in ("TryStar",):
        if hasattr(cst, name):
            handlers[getattr(cst, name)] = flow._try
    if hasattr(cst, "Match"):
        handlers[cst.Match] = flow._match
    return handlers


_STATEMENTS = _statement_handlers()
# Expression nodes the walk treats specially, by exact type (none has subclasses: tests/semantic/
# test_model_walk.py); the rest are walked into, and a Name is recorded.
_EXPRESSIONS = {
    cst.NamedExpr: ScopeFlow._named_expr,
    cst.BooleanOperation: ScopeFlow._boolean_operation,
    cst.IfExp: ScopeFlow._if_exp,
    **{kind: ScopeFlow._comprehension_expression for kind in COMPREHENSION_TYPES},
    cst.Lambda: ScopeFlow._lambda,
    cst.Param: ScopeFlow._param,
    cst.Attribute: ScopeFlow._attribute,
    cst.FunctionDef: ScopeFlow._nested_definition,
    cst.ClassDef: ScopeFlow._nested_definition,
}


def _tracked_names(model: "Model", scope: Scope) -> set[str]:
    """Names bound more than once in the scope, all by the scope's own code (a binding made
    elsewhere, through `global` or `nonlocal`, can happen at any time)."""
    nonlocal_elsewhere = _declared_in_nested(model, scope)
    tracked = set()
    for name, bindings in scope.bindings.items():
        if len(bindings) < 2 or name in nonlocal_elsewhere or name in scope.global_names:
            continue
        if all(model.scope_of(b.node) is scope for b in bindings):
            tracked.add(name)
    return tracked


def _declared_in_nested(model: "Model", scope: Scope) -> set[str]:
    names: set = set()
    for nested in model.nested_scopes(scope):
        if nested is not scope:
            names |= nested.nonlocal_names | nested.global_names
    return names


def _names(target: cst.CSTNode) -> Iterable[cst.Name]:
    target_type = type(target)
    if target_type is cst.Name:
        yield target
    elif target_type is cst.Tuple or target_type is cst.List:
        for element in target.elements:
            yield from _names(element.value)
    elif target_type is cst.StarredElement:
        yield from _names(target.value)


def _merge(*states: Optional[State]) -> Optional[State]:
    live = [state for state in states if state is not None]
    if not live:
        return None
    merged = dict(live[0])
    for state in live[1:]:
        for name, ids in state.items():
            merged[name] = merged.get(name, frozenset()) | ids
    return merged


def _always_true(test: cst.BaseExpression) -> bool:
    return (isinstance(test, cst.Name) and test.value == "True") or (isinstance(test, cst.Integer) and test.value != "0")
