"""Evidence of executors, futures and containers of futures, None-ness and done-ness: the
`Evidence` queries the `Model` inherits."""

from __future__ import annotations

from typing import Callable, Iterable, Optional

import libcst as cst

from futurelint.semantic import imported
from futurelint.semantic.bindings import UNKNOWN, Binding
from futurelint.semantic.callables import is_generator, own_nodes, resolve_callback
from futurelint.semantic.constants import (
    COMPREHENSION_TYPES, CONTAINER_ANNOTATIONS, EXECUTOR_ANNOTATIONS, FUTURE, OPTIONAL_ANNOTATIONS,
    SCOPE_TYPES, ExecutorKind, FunctionNode,
)
from futurelint.semantic.containers import EMPTY, SEQUENCE, Container, dict_container, is_empty_container
from futurelint.semantic.finished import finished_at
from futurelint.semantic.flow import runs_after
from futurelint.semantic.observation import binding_holds_finished_future
from futurelint.semantic.syntax import is_none, method_name, positional_params
from futurelint.semantic.walk import parse_string_annotation

class Evidence:
    """What an expression is, from what the file itself shows (mixed into `Model`)."""

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
            return (
                self._annotated_return(expr, self.annotation_executor_kind)
                or self._returned_kind(expr, self.executor_kind)
                or imported.call_kind(self, expr, imported.EXECUTOR)
            )
        if isinstance(expr, cst.Name):
            return self._name_kind(expr, self.executor_kind, self.annotation_executor_kind)
        if isinstance(expr, cst.Attribute):
            return self._attribute_kind(expr, self.executor_kind, self.annotation_executor_kind)
        return None

    def _returned_kind(self, call: cst.Call, judge_value: Callable) -> Optional[str]:
        """For a call of an unannotated function of this file that ends in a `return` and whose every
        `return` gives the same kind of value (`return ex.submit(job)`): that kind."""
        function = self.function_def(call.func)
        if function is None or function.returns is not None or function.asynchronous is not None:
            return None
        last = function.body.body[-1] if function.body.body else None
        ends_in_return = isinstance(last, cst.SimpleStatementLine) and isinstance(last.body[-1], cst.Return)
        if not ends_in_return or is_generator(self, function):
            return None
        kinds = {judge_value(node.value) if node.value is not None else None for node in own_nodes(self, function, cst.Return)}
        return kinds.pop() if len(kinds) == 1 and None not in kinds else None

    def _annotated_return(self, call: cst.Call, judge: Callable) -> Optional[str]:
        function = self.function_def(call.func)
        if function is not None and function.returns is not None:
            return judge(function.returns.annotation)
        return None

    def _name_kind(self, name: cst.Name, judge_value: Callable, judge_annotation: Callable) -> Optional[str]:
        bindings = self.resolve(name)
        if bindings is None:
            return imported.star_imported_kind(self, name.value, _imported_what(self, judge_value))
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
        return kinds.pop() if len(kinds) == 1 else ExecutorKind.ANY

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
        if binding.kind == "import":
            return imported.imported_kind(self, binding.qualified, _imported_what(self, judge_value))
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
        if judge_value == self.future_kind and id(binding.definition) in self._callback_params:
            return "future"
        return None

    def _attribute_kind(self, expr: cst.Attribute, judge_value: Callable, judge_annotation: Callable) -> Optional[str]:
        info = self.self_class(expr) or self.named_class(expr)
        if info is None:
            return imported.attribute_kind(self, expr, _imported_what(self, judge_value))
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
            if value is UNKNOWN:
                return None
            if is_none(value):
                continue
            kind = judge_value(value)
            if kind is None:
                return None
            kinds.add(kind)
        if not kinds:
            return None
        return kinds.pop() if len(kinds) == 1 else ExecutorKind.ANY

    def _annotation_target(self, annotation: cst.BaseExpression) -> list[cst.BaseExpression]:
        """The non-None members of an annotation: unwraps strings, Optional, Union and `X | None`."""
        if isinstance(annotation, cst.Annotation):
            annotation = annotation.annotation
        if isinstance(annotation, cst.SimpleString):
            parsed = parse_string_annotation(annotation.evaluated_value if isinstance(annotation.evaluated_value, str) else "")
            return self._annotation_target(parsed) if parsed is not None else []
        if isinstance(annotation, cst.BinaryOperation) and isinstance(annotation.operator, cst.BitOr):
            return self._annotation_target(annotation.left) + self._annotation_target(annotation.right)
        if is_none(annotation):
            return []
        if isinstance(annotation, cst.Subscript) and self._names_in(annotation.value, OPTIONAL_ANNOTATIONS):
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
        return kinds.pop() if len(kinds) == 1 else ExecutorKind.ANY

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
        if not self._names_in(container.value, CONTAINER_ANNOTATIONS):
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
        """For `<executor>.method(...)` with method in `methods`, the executor expression."""
        return _method_receiver(call, methods, self.is_executor)

    def future_method_receiver(self, call: cst.CSTNode, *methods: str) -> Optional[cst.BaseExpression]:
        """For `<future>.method(...)` with method in `methods`, the future expression."""
        return _method_receiver(call, methods, self.is_future)

    def is_submit(self, node: cst.CSTNode) -> bool:
        return self.submit_receiver(node) is not None

    def _future_kind(self, expr: cst.BaseExpression) -> Optional[str]:
        if isinstance(expr, cst.Call):
            if self.is_submit(expr):
                return "future"
            return (
                self._annotated_return(expr, self.annotation_is_future)
                or self._returned_kind(expr, self.future_kind)
                or imported.call_kind(self, expr, imported.FUTURE)
            )
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
            return dict_container(self.is_future(expr.key), self.is_future(expr.value))
        if isinstance(expr, (cst.List, cst.Tuple, cst.Set)):
            elements = expr.elements
            if elements and all(not isinstance(e, cst.StarredElement) and self.is_future(e.value) for e in elements):
                return SEQUENCE
            return None
        if isinstance(expr, cst.Dict):
            pairs = [e for e in expr.elements if isinstance(e, cst.DictElement)]
            if not pairs or len(pairs) != len(expr.elements):
                return None
            return dict_container(all(self.is_future(p.key) for p in pairs), all(self.is_future(p.value) for p in pairs))
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
            if is_none(value) or is_empty_container(value, self):
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
                    return dict_container(self.is_future(argument), self.is_future(call.args[1].value))
        if isinstance(parent, cst.Subscript) and parent.value is load:
            for target, value, path in self._subscript_stores:
                if target is parent and value is not None and not path:
                    key = parent.slice[0].slice.value if len(parent.slice) == 1 and isinstance(parent.slice[0].slice, cst.Index) else None
                    return dict_container(key is not None and self.is_future(key), self.is_future(value))
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
            if not self._future_or_hand_made(call.func.value, self._could_be_future):
                continue
            callback = resolve_callback(self, call.args[0].value)
            param = callback.future_param() if callback is not None else None
            if param is not None:
                params.add(id(param))
        return params

    def may_be_future_object(self, expr: cst.BaseExpression) -> bool:
        """A future from a submit, or a `Future()` made by hand (which rules about lost task errors
        leave alone, but whose done-callbacks receive it finished all the same)."""
        return self._future_or_hand_made(expr, self.is_future)

    def _future_or_hand_made(self, expr: cst.BaseExpression, is_future: Callable) -> bool:
        if is_future(expr) or self._constructs_future(expr):
            return True
        bindings = self.resolve(expr) if isinstance(expr, cst.Name) else None
        values = [b.value for b in bindings or () if b.kind in ("assign", "annassign") and not b.path]
        return bool(bindings) and len(values) == len(bindings) and all(
            value is not None and (is_future(value) or self._constructs_future(value)) for value in values
        )

    def _constructs_future(self, expr: cst.BaseExpression) -> bool:
        return isinstance(expr, cst.Call) and self.qualname(expr.func) == "concurrent.futures.Future"

    def receives_callback_future(self, param: Optional[cst.CSTNode]) -> bool:
        """Whether `param` is the parameter through which a done-callback receives its future."""
        return id(param) in self._callback_params

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
        return positional_params(function, bound)

    # ---------------------------------------------------------------- None-ness and done-ness
    def annotation_allows_none(self, annotation: Optional[cst.BaseExpression]) -> bool:
        """`Optional[X]`, `Union[X, None]`, `X | None` (string annotations included)."""
        if annotation is None:
            return False
        if isinstance(annotation, cst.Annotation):
            annotation = annotation.annotation
        if isinstance(annotation, cst.SimpleString):
            value = annotation.evaluated_value
            parsed = parse_string_annotation(value) if isinstance(value, str) else None
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
        annotated Optional, a parameter defaulting to None, or (for an attribute) assigned such a
        name or the result of a function annotated to return Optional."""
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
                if binding.kind == "param" and isinstance(binding.definition, cst.Param):
                    if is_none(binding.definition.default):
                        return True
            return False
        info = self.self_class(expr)
        if info is not None:
            attr = expr.attr.value
            if any(self.annotation_allows_none(a) for a in info.attr_annotations.get(attr, ())):
                return True
            return any(
                v is not UNKNOWN and (is_none(v) or (isinstance(v, (cst.Name, cst.Call)) and self.can_be_none(v)))
                for v in info.attr_values.get(attr, ())
            )
        return False

    def future_known_done(self, expr: cst.BaseExpression, at: cst.CSTNode) -> bool:
        """Whether the future `expr` is certainly finished where `at` runs: an item of
        `as_completed(...)` or of a `wait(...)` done set, a done-callback's parameter, inside
        `if <expr>.done():`, after `await asyncio.wrap_future(<expr>)` in the same function, or
        after its executor has finished (finished.py)."""
        if isinstance(expr, cst.Name):
            bindings = self.resolve(expr) or []
            if bindings and all(binding_holds_finished_future(self, b) for b in bindings):
                return True
            if any(self._done_loop_item_reaches(b, bindings, at) for b in bindings):
                return True
        return (
            self._inside_done_check(expr, at)
            or self._checked_done_before(expr, at)
            or self._awaited_before(expr, at)
            or finished_at(self, expr, at)
        )

    def futures_known_done(self, container: cst.BaseExpression, at: cst.CSTNode) -> bool:
        """Whether every future of a container is finished where `at` runs: their executor has exited
        its `with` block or been shut down, or a `wait()` for all of them ran (finished.py)."""
        return finished_at(self, container, at)

    def _done_loop_item_reaches(self, binding: Binding, bindings: list[Binding], at: cst.CSTNode) -> bool:
        """`for f in as_completed(fs): f.result()` even when `f` is also bound elsewhere: `at` is in
        the loop and nothing rebinds the name between the loop's target and `at`."""
        if binding.kind not in ("for", "comprehension") or not binding_holds_finished_future(self, binding):
            return False
        loop = binding.definition
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
        wanted = self.source_of(expr)
        child = at
        for ancestor in self.ancestors(at):
            if isinstance(ancestor, SCOPE_TYPES):
                return False
            if isinstance(ancestor, cst.If) and child is ancestor.body and self._is_done_call(ancestor.test, wanted):
                return True
            child = ancestor
        return False

    def _checked_done_before(self, expr: cst.BaseExpression, at: cst.CSTNode) -> bool:
        """`assert fut.done()`, `if not fut.done(): raise/return`, or a wait that returned
        (`fut.exception()`, `fut.result()` without a timeout), earlier in straight-line code, with
        the name not rebound since."""
        function = self.enclosing_function(at)
        if function is None:
            return False
        wanted = self.source_of(expr)
        bindings = self.resolve(expr) if isinstance(expr, cst.Name) else []
        checks = self.nodes_in(cst.Assert, function) + self.nodes_in(cst.If, function) + self.nodes_in(cst.Call, function)
        for check in checks:
            if self.order(check) >= self.order(at) or not self._asserts_done(check, wanted):
                continue
            if runs_after(self, check, at) and all(b.order < self.order(check) for b in bindings or ()):
                return True
        return False

    def _asserts_done(self, check: cst.CSTNode, wanted: str) -> bool:
        if isinstance(check, cst.Assert):
            return self._is_done_call(check.test, wanted)
        if isinstance(check, cst.Call):  # only a name is the same future in both places
            return isinstance(check.func, cst.Attribute) and isinstance(check.func.value, cst.Name) and self._is_untimed_wait(check, wanted)
        test = check.test
        negated = isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not)
        body = check.body.body
        leaves = bool(body) and isinstance(body[-1], cst.SimpleStatementLine) and isinstance(body[-1].body[-1], (cst.Raise, cst.Return))
        return negated and check.orelse is None and leaves and self._is_done_call(test.expression, wanted)

    def _is_untimed_wait(self, call: cst.Call, wanted: str) -> bool:
        return (
            method_name(call) in ("result", "exception") and not call.args
            and isinstance(call.func, cst.Attribute) and self.source_of(call.func.value) == wanted
        )

    def _is_done_call(self, test: cst.BaseExpression, wanted: str) -> bool:
        return (
            isinstance(test, cst.Call) and method_name(test) == "done" and not test.args
            and isinstance(test.func, cst.Attribute) and self.source_of(test.func.value) == wanted
        )

    def _awaited_before(self, expr: cst.BaseExpression, at: cst.CSTNode) -> bool:
        function = self.enclosing_function(at)
        if function is None:
            return False
        wanted = self.source_of(expr)
        for await_node in self.nodes_in(cst.Await, function):
            inner = await_node.expression
            if (
                self.order(await_node) < self.order(at)
                and isinstance(inner, cst.Call)
                and self.qualname(inner.func) == "asyncio.wrap_future"
                and inner.args
                and self.source_of(inner.args[0].value) == wanted
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


def _imported_what(model: Evidence, judge_value: Callable) -> str:
    """What a judge of values looks for, in the project index's terms (containers: nothing)."""
    if judge_value == model.executor_kind:
        return imported.EXECUTOR
    return imported.FUTURE if judge_value == model.future_kind else ""


def _method_receiver(call: cst.CSTNode, methods: tuple, is_receiver: Callable) -> Optional[cst.BaseExpression]:
    """The `x` of `x.method(...)` when the method is one of `methods` and `is_receiver(x)`. (Exact
    type tests: rules ask this of every call, and Call and Attribute have no subclasses.)"""
    if type(call) is not cst.Call:
        return None
    func = call.func
    if type(func) is cst.Attribute and func.attr.value in methods and is_receiver(func.value):
        return func.value
    return None
