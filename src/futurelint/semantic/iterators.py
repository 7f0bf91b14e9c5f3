"""Iterators: which builtins consume one, and how far a use of an iterator consumes it.

Three questions, three answers, each for the rules that ask it:
`consumption` (how a load of an iterator name consumes it: FUT405's "already consumed"),
`consumption_in_statement` (whether a statement runs an iterator to its end: FUT002's waits),
`consumed` (whether a call's iterator is iterated right where it stands: FUT308, FUT202).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

import libcst as cst

from futurelint.semantic.flow import loop_has_break

if TYPE_CHECKING:
    from futurelint.semantic.model import Model

# Builtins that run an iterator to its end.
FULL_CONSUMERS = ("list", "tuple", "set", "frozenset", "sorted", "sum", "dict", "min", "max")
# Builtins that take items from an iterator, maybe not all of them.
PARTIAL_CONSUMERS = ("next", "any", "all", "zip", "enumerate", "map", "filter", "iter")
STOPPING_CONSUMERS = ("next", "any", "all")  # may stop before the end
LAZY_WRAPPERS = ("enumerate", "map", "filter", "iter")  # consume as far as they are consumed


def consumption(model: Model, load: cst.Name) -> Optional[str]:
    """How a load of an iterator name consumes it: 'full', 'partial', or None (not consumed here)."""
    parent = model.parent(load)
    if isinstance(parent, cst.For) and parent.iter is load:
        return "partial" if loop_has_break(parent) else "full"
    if isinstance(parent, cst.CompFor) and parent.iter is load:
        comprehension = model.parent(parent)
        outer = model.parent(comprehension)
        if isinstance(outer, cst.Arg) and builtin_call_of(model, outer, PARTIAL_CONSUMERS):
            return "partial"
        return "full"
    if isinstance(parent, (cst.StarredElement, cst.From)):
        return "full"
    if isinstance(parent, cst.Arg) and parent.value is load:
        if parent.star == "*":
            return "full"
        if builtin_call_of(model, parent, FULL_CONSUMERS):
            return "full"
        if builtin_call_of(model, parent, PARTIAL_CONSUMERS):
            return "partial"
    return None


def builtin_call_of(model: Model, arg: cst.Arg, names: tuple[str, ...]) -> bool:
    call = model.parent(arg)
    return isinstance(call, cst.Call) and model.is_builtin(call.func, *names)


def consumption_in_statement(model: Model, iterator: cst.CSTNode) -> Optional[bool]:
    """How the statement holding `iterator` consumes it: True to its end (`list(...)`, `*it`, a list
    comprehension), False maybe partly (`next()`, `any()`, `zip()`), None not at all or not visibly."""
    parent = model.parent(iterator)
    if isinstance(parent, cst.StarredElement):
        return True
    if isinstance(parent, cst.CompFor) and parent.iter is iterator:
        comprehension = model.parent(parent)
        if getattr(comprehension, "for_in", None) is not parent:
            return None
        if not isinstance(comprehension, cst.GeneratorExp):
            return True
        return consumption_in_statement(model, comprehension)
    if not (isinstance(parent, cst.Arg) and parent.value is iterator and parent.keyword is None):
        return None
    if parent.star == "*":
        return True
    consumer = model.parent(parent)
    if parent.star or not isinstance(consumer, cst.Call):
        return None
    if model.is_builtin(consumer.func, *FULL_CONSUMERS) and consumer.args[0] is parent:
        return True
    if model.is_builtin(consumer.func, *STOPPING_CONSUMERS):
        return False
    several = model.is_builtin(consumer.func, "map") and len(consumer.args) > 2
    if model.is_builtin(consumer.func, *LAZY_WRAPPERS) and not several:
        return consumption_in_statement(model, consumer)
    if several or model.is_builtin(consumer.func, "zip"):
        # `zip`, and `map` over several iterables, stop at the shortest one, which may not be this one.
        return None if consumption_in_statement(model, consumer) is None else False
    return None


# Builtins that iterate an argument at once (FUT308: a `map()` consumed in `async def` blocks);
# `next`, `any`, `all`, `zip` and `enumerate` count too, since they start pulling items right away.
IMMEDIATE_CONSUMERS = ("list", "tuple", "set", "frozenset", "dict", "sorted", "sum", "any", "all", "min", "max", "next", "zip", "enumerate")


def consumed(model: Model, call: cst.Call) -> bool:
    """The iterator `call` returns is iterated where it stands (for, `*`, a consuming builtin)."""
    parent = model.parent(call)
    if isinstance(parent, (cst.For, cst.CompFor)) and parent.iter is call:
        return True
    if isinstance(parent, (cst.StarredElement,)):
        return True
    if isinstance(parent, cst.Arg):
        outer = model.parent(parent)
        return parent.star == "*" or (isinstance(outer, cst.Call) and model.is_builtin(outer.func, *IMMEDIATE_CONSUMERS))
    return False
