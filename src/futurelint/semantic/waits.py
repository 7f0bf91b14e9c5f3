"""`wait()` and `as_completed()`: their arguments, the situations FUT602/FUT603 report, and the
reads of the futures after the call."""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

import libcst as cst

from futurelint.semantic.bindings import Binding
from futurelint.semantic.constants import CF
from futurelint.semantic.syntax import call_argument, container_root, is_none

if TYPE_CHECKING:
    from futurelint.semantic.model import Model

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
    `return_when=FIRST_COMPLETED/FIRST_EXCEPTION` or a timeout, and the futures not read after it,
    or read only by waiting for them again without a timeout (the deadline is never enforced)."""
    if not model.is_cf_call(call, "wait") or not result_discarded(model, call):
        return False
    if not (wait_has_timeout(call) or wait_return_when(model, call) in ("FIRST_COMPLETED", "FIRST_EXCEPTION")):
        return False
    return not futures_looked_at_after(model, call) or _deadline_ignored(model, call)


def _deadline_ignored(model: Model, call: cst.Call) -> bool:
    """`wait(fs, timeout=t)` for all of them, then every later read of `fs` iterates it and only asks
    each future `.result()`/`.exception()` without a timeout: they block past the deadline."""
    if not wait_has_timeout(call) or wait_return_when(model, call) != "ALL_COMPLETED":
        return False
    found = later_reads(model, call)
    if found is None or found[1] or not found[0]:
        return False
    return all(_iterated_and_waited_again(model, load) for load in found[0])


def _iterated_and_waited_again(model: Model, use: cst.Name) -> bool:
    loop = model.parent(use)
    if not (isinstance(loop, (cst.For, cst.CompFor)) and loop.iter is use and isinstance(loop.target, cst.Name)):
        return False
    binding = model.binding_of(loop.target)
    if binding is None:
        return False
    uses = model.uses_of(binding)
    return bool(uses) and all(_untimed_outcome(model, item) for item in uses)


def _untimed_outcome(model: Model, item: cst.Name) -> bool:
    attribute = model.parent(item)
    call = model.parent(attribute)
    return (
        isinstance(attribute, cst.Attribute)
        and attribute.attr.value in ("result", "exception")
        and isinstance(call, cst.Call)
        and call.func is attribute
        and call_argument(call, "timeout", 0) is None
    )


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


# ---------------------------------------------------------------- reads of futures after wait/as_completed
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
    return _observes(model, use)


def _element_examined(model: Model, loop: cst.CSTNode) -> bool:
    target = loop.target
    if not isinstance(target, cst.Name):
        return True
    binding = model.binding_of(target)
    if binding is None:
        return True
    scope = loop.body if isinstance(loop, cst.For) else _comprehension_of(model, loop)
    return any(model.contains(scope, use) and _observes(model, use) for use in model.uses_of(binding))


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
    return any(_use_examines(model, load) for load in roots) or any(_observes(model, load) for load in elements)


def futures_looked_at_after(model: Model, call: cst.Call) -> bool:
    """Whether the futures given to `wait` are read at all after it (anything may notice stragglers)."""
    found = later_reads(model, call)
    return found is None or bool(found[0] or found[1])


def _observes(model: Model, use: cst.Name) -> bool:
    # observation imports this module (for the FUT602/FUT603 situations): import it when first asked.
    from futurelint.semantic.observation import observes

    return observes(model, use)
