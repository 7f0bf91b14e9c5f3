"""Whether a future's outcome is ever observed (FUT903), which use another rule reports,
and which futures are known to be finished."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, Iterator, Literal

import libcst as cst

from futurelint.semantic.bindings import Binding
from futurelint.semantic.constants import COPYING_BUILTINS, FUTURE_STATE_METHODS, LOOKING_BUILTINS, LOOKING_METHODS
from futurelint.semantic.containers import grows_after
from futurelint.semantic.syntax import is_logging_call
from futurelint.semantic.waits import wait_discarded_situation, wait_first_exception_unchecked_situation

if TYPE_CHECKING:
    from futurelint.semantic.model import Model

# ---------------------------------------------------------------- observing futures
# Whether a future's outcome is ever retrieved (FUT903), and the situations in which another rule
# already reports the same mistake (catalog: "one mistake, one finding"). FUT302's detection lives
# here and is the rule's own; FUT602's and FUT603's situations are restated from the catalog (wait.py
# keeps its own detection).

# What a use of a future (or of a container of futures) means for its outcome.
Verdict = Literal["observed", "neutral", "reported"]
OBSERVED: Verdict = "observed"  # the outcome can reach someone: retrieved, returned, stored, passed on
NEUTRAL: Verdict = "neutral"  # a use that never raises the task's error (done(), len(), wait(), print...)
REPORTED: Verdict = "reported"  # a use another rule reports (FUT302/FUT501/FUT602/FUT603)

_RETRIEVING_METHODS = {"result", "exception", "add_done_callback"}
_FILLING_METHODS = {
    "append", "appendleft", "add", "extend", "update", "insert", "setdefault", "clear", "remove",
    "discard", "index", "count", "sort", "reverse",
}
_PASSING_METHODS = {"keys", "values", "items", "copy", "pop", "popleft", "popitem", "get"}
_PASSING_BUILTINS = ("list", "tuple", "set", "frozenset", "sorted", "reversed", "iter", "enumerate", "zip")
_FUT302_METHODS = {"done", "running", "cancelled", "result", "exception"}


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


class Observation:
    """Follows where a value holding futures goes, and says whether their outcome is observed.

    A use is OBSERVED when the task's error can reach someone (result/exception, a done-callback,
    returned, yielded, stored on an attribute or in another container, passed to a function other
    than wait/len/print/logging), NEUTRAL when it cannot, REPORTED when another rule reports it.
    Anything not understood counts as OBSERVED, so that unknown stays silent.
    """

    def __init__(self, model: Model, situations: bool = True) -> None:
        self.m = model
        self._seen: set[int] = set()
        # Whether to ask which `wait` calls FUT602/FUT603 report (those situations ask `observes`
        # in turn: `observes` leaves them out, and so cannot loop).
        self._situations = situations

    def of_binding(self, binding: Binding) -> Verdict:
        if id(binding) in self._seen:
            return NEUTRAL
        self._seen.add(id(binding))
        return combined(self.of_value(load) for load in self.m.uses_of(binding))

    def of_value(self, node: cst.CSTNode) -> Verdict:
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

    def _attribute(self, attribute: cst.Attribute) -> Verdict:
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
        if name in FUTURE_STATE_METHODS or name in _FILLING_METHODS:
            return NEUTRAL
        if name in _PASSING_METHODS:
            return self.of_value(call)
        return OBSERVED

    def _argument(self, arg: cst.Arg) -> Verdict:
        m = self.m
        call = m.parent(arg)
        if not isinstance(call, cst.Call):
            return OBSERVED
        if m.is_cf_call(call, "wait"):
            if self._situations and (wait_discarded_situation(m, call) or wait_first_exception_unchecked_situation(m, call)):
                return REPORTED
            return self.of_value(call)
        if m.is_cf_call(call, "as_completed"):
            # Either the loop retrieves results, or FUT501 reports it.
            return OBSERVED
        if m.is_builtin(call.func, *LOOKING_BUILTINS) or is_logging_call(m, call):
            return NEUTRAL
        if isinstance(call.func, cst.Attribute) and call.func.attr.value in LOOKING_METHODS:
            return NEUTRAL  # `pending.discard(fut)`, `names.get(fut)`: looked up, not kept
        if m.is_builtin(call.func, *_PASSING_BUILTINS):
            return self.of_value(call)
        return OBSERVED

    def _iterated(self, target: cst.BaseExpression) -> Verdict:
        if isinstance(target, cst.Name):
            binding = self.m.binding_of(target)
            return self.of_binding(binding) if binding is not None else OBSERVED
        if isinstance(target, (cst.Tuple, cst.List)):
            return combined(self._iterated(element.value) for element in target.elements)
        return OBSERVED  # stored into an attribute or a subscript

    def _assigned(self, statement: cst.CSTNode) -> Verdict:
        if isinstance(statement, cst.Assign):
            targets = [t.target for t in statement.targets]
        else:
            targets = [statement.target]
        return combined(self._iterated(target) for target in targets)


def observes(model: Model, use: cst.CSTNode) -> bool:
    """Whether this use of a future (or of a container of futures) may retrieve its outcome or hand
    it on, by `Observation`'s verdict (REPORTED counts: FUT302's un-called `fut.result` means to look)."""
    return Observation(model, situations=False).of_value(use) != NEUTRAL


def combined(verdicts: Iterable[Verdict]) -> Verdict:
    """OBSERVED as soon as one use observes (the rest is not asked), else REPORTED if one use is
    reported, else NEUTRAL."""
    verdict = NEUTRAL
    for outcome in verdicts:
        if outcome == OBSERVED:
            return OBSERVED
        if outcome == REPORTED:
            verdict = REPORTED
    return verdict


# ---------------------------------------------------------------- finished futures and reaching bindings
def visible_bindings(model: Model, name: cst.Name) -> list[Binding]:
    """The bindings of `name` that can reach this load (see `Model.uses_of`)."""
    return [b for b in model.resolve(name) or () if any(load is name for load in model.uses_of(b))]


def is_done_callback_param(model: Model, binding: Binding) -> bool:
    """The parameter through which a done-callback receives its future."""
    return binding.kind == "param" and model.receives_callback_future(binding.definition)


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
    return _holds_completed(model, binding.iterable)


def _holds_completed(model: Model, iterable: cst.BaseExpression, depth: int = 0) -> bool:
    """Every item is finished: `as_completed(...)`, a `wait(...)` done set, or a copy of either
    (`list(as_completed(fs))`, `sorted(...)`, or a name bound only to such a copy): building the
    copy consumed `as_completed`, which yields a future only once it is done."""
    if model.is_cf_call(iterable, "as_completed") or is_done_set(model, iterable):
        return True
    if depth > 4:
        return False
    if isinstance(iterable, cst.Call) and iterable.args and iterable.args[0].keyword is None:
        copied = model.is_builtin(iterable.func, *COPYING_BUILTINS) and not iterable.args[0].star
        return copied and _holds_completed(model, iterable.args[0].value, depth + 1)
    if isinstance(iterable, cst.Name):
        bindings = model.resolve(iterable) or []
        return bool(bindings) and all(_binds_completed_copy(model, b, depth) for b in bindings)
    return False


def _binds_completed_copy(model: Model, binding: Binding, depth: int) -> bool:
    if binding.kind not in ("assign", "annassign") or binding.path or binding.value is None:
        return False
    # A copy filled later (`done.append(other)`) may hold futures from elsewhere.
    return isinstance(binding.value, cst.Call) and not grows_after(model, binding) and _holds_completed(model, binding.value, depth + 1)
