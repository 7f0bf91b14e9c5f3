"""Call rewrites: thread-style `args=`/`kwargs=` spelled as direct arguments; arguments moved or
removed keeping the file's layout and comments."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import libcst as cst

from futurelint.fixes.safety import effect_free, has_comment
from futurelint.semantic import Model


THREAD_ONLY_KEYWORDS = ("name", "daemon", "group")


@dataclass
class DirectCall:
    """A thread-style `submit(target=f, args=(...), kwargs={...})` spelled as direct arguments."""

    callee: str
    arguments: list[str]  # positional, then keywords (`name=value`, `**mapping`)
    keywords: list[str]  # the keyword names passed to the callee


def direct_call(model: Model, call: cst.Call) -> Optional[DirectCall]:
    """The call's callable and arguments as `submit()` takes them, or None when they cannot be
    spelled so without changing what runs: a second callable or positional argument, `args=` that
    is plainly not a tuple (`args=(url)`, a string), a keyword passed twice, or expressions with
    effects that would be evaluated in another order."""
    callee, positional, keywords, names = None, [], [], []
    original: list[cst.BaseExpression] = []  # every moved expression, in source order
    moved_first: list[cst.BaseExpression] = []  # the callable and positional ones, evaluated first now
    for arg in call.args:
        keyword = arg.keyword.value if arg.keyword is not None else None
        if keyword in ("target", "fn") or (keyword is None and not arg.star and callee is None):
            if callee is not None or isinstance(arg.value, cst.Call):
                return None  # `target=f()` is a second mistake (FUT201's); leave it to a human
            callee = model.source_of(arg.value)
            original.append(arg.value)
            moved_first.append(arg.value)
        elif keyword == "args":
            spread = _positional(model, arg.value)
            if spread is None:
                return None
            positional.extend(text for text, _ in spread)
            original.extend(node for _, node in spread)
            moved_first.extend(node for _, node in spread)
        elif keyword == "kwargs":
            spread = _keywords(model, arg.value)
            if spread is None:
                return None
            for name, text, node in spread:
                keywords.append(text)
                names.extend([name] if name else [])
                original.append(node)
        elif keyword is not None or arg.star == "**":
            keywords.append(model.source_of(arg.with_changes(comma=cst.MaybeSentinel.DEFAULT)).strip())
            names.extend([keyword] if keyword else [])
            original.append(arg.value)
        else:
            return None  # more positional arguments: leave the call to a human
    if callee is None or len(set(names)) != len(names):
        return None
    effects = [node for node in original if not effect_free(node)]
    moved = moved_first + [node for node in original if not any(node is m for m in moved_first)]
    if effects != [node for node in moved if not effect_free(node)]:
        return None  # `kwargs=next(it), args=next(it)`: the order of evaluation would change
    return DirectCall(callee, positional + keywords, names)


def _positional(model: Model, value: cst.BaseExpression) -> Optional[list[tuple[str, cst.BaseExpression]]]:
    """(text, node) of the arguments `args=value` stands for: the elements of a tuple/list display,
    or `*value`. None for what is plainly not a tuple: a string, or `(x)` (a missing comma)."""
    if isinstance(value, (cst.Tuple, cst.List)):
        star = {True: "*", False: ""}
        return [(star[isinstance(e, cst.StarredElement)] + model.source_of(e.value), e.value) for e in value.elements]
    if value.lpar or isinstance(value, (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString)):
        return None
    return [(f"*{model.source_of(value)}", value)]


def _keywords(model: Model, value: cst.BaseExpression) -> Optional[list[tuple[Optional[str], str, cst.BaseExpression]]]:
    """(name or None, text, node) of the keyword arguments `kwargs=value` stands for: the entries
    of a dict display with identifier keys, or `**value`; None when a key is not an identifier."""
    if not isinstance(value, cst.Dict):
        return [(None, f"**{model.source_of(value)}", value)]
    result = []
    for element in value.elements:
        if isinstance(element, cst.StarredDictElement):
            result.append((None, f"**{model.source_of(element.value)}", element.value))
            continue
        key = element.key
        name = key.evaluated_value if isinstance(key, cst.SimpleString) else None
        if not isinstance(name, str) or not name.isidentifier():
            return None
        result.append((name, f"{name}={model.source_of(element.value)}", element.value))
    return result


# ---------------------------------------------------------------- moving arguments, keeping layout
# A call's arguments are rewritten as nodes: each kept argument keeps its own whitespace, and with
# it the comments and line breaks of the file. Where a fix closes two brackets into one, the two
# runs of whitespace before them become one (`joined`); a fix that would drop a comment is refused.
Whitespace = cst.BaseParenthesizableWhitespace


def joined(first: Whitespace, second: Whitespace) -> Optional[Whitespace]:
    """One run of whitespace for two that come together when a fix removes a closing bracket (or an
    argument): the comment line of `first`, the indentation of `second` (the bracket that stays).
    None when both hold a comment."""
    if has_comment(first) and has_comment(second):
        return None
    if not isinstance(first, cst.ParenthesizedWhitespace) or has_comment(second):
        return second
    if not isinstance(second, cst.ParenthesizedWhitespace):
        return first.with_changes(last_line=cst.SimpleWhitespace(""))
    return first.with_changes(indent=second.indent, last_line=second.last_line)


def trailing(arg: cst.Arg) -> Whitespace:
    """The whitespace after an argument (after its comma when it has one)."""
    return arg.comma.whitespace_after if isinstance(arg.comma, cst.Comma) else arg.whitespace_after_arg


def with_trailing(arg: cst.Arg, whitespace: Whitespace, comma=cst.MaybeSentinel.DEFAULT) -> cst.Arg:
    """`arg` followed by `whitespace` (after its own comma, or `comma` when it has none)."""
    own = arg.comma if isinstance(arg.comma, cst.Comma) else comma
    if isinstance(own, cst.Comma):
        return arg.with_changes(comma=own.with_changes(whitespace_after=whitespace))
    return arg.with_changes(whitespace_after_arg=whitespace)


def inline_call(call: cst.Call, inner: cst.Call, wrapper: cst.CSTNode) -> Optional[cst.Call]:
    """`call`'s only argument `wrapper` (the call `inner` itself, or a lambda whose body it is)
    replaced by `inner`'s callee and arguments: `submit(work(a, b))` and `submit(lambda: work(a, b))`
    become `submit(work, a, b)`. None when a comment would be lost, or the call is in brackets."""
    old = call.args[0]
    if inner.lpar or has_comment(inner.whitespace_after_func):
        return None
    if wrapper is not inner and any(has_comment(n) for n in wrapper.children if n is not inner):
        return None
    if not inner.args:
        tail = joined(inner.whitespace_before_args, trailing(old))
        callee = with_trailing(cst.Arg(value=inner.func), tail, old.comma) if tail is not None else None
        return None if callee is None else call.with_changes(args=[callee])
    head = inner.whitespace_before_args
    if isinstance(head, cst.SimpleWhitespace) and not head.value:
        head = cst.SimpleWhitespace(" ")
    callee = cst.Arg(value=inner.func, comma=cst.Comma(whitespace_after=head))
    tail = joined(trailing(inner.args[-1]), trailing(old))
    if tail is None:
        return None
    last = with_trailing(inner.args[-1], tail, old.comma)
    return call.with_changes(args=[callee, *inner.args[:-1], last])


def without_argument(call: cst.Call, argument: cst.Arg) -> Optional[cst.Call]:
    """`call` without `argument`, the others keeping their layout and comments. None when the
    argument holds a comment (a comment about it would go, or move onto another argument)."""
    if has_comment(argument):
        return None
    args = list(call.args)
    index = args.index(argument)
    del args[index]
    if index == len(args) and args:
        # The removed argument was last: its predecessor closes the list with the removed one's layout.
        tail = joined(trailing(args[-1]), trailing(argument))
        if tail is None:
            return None
        previous = args[-1]
        comma = argument.comma if isinstance(argument.comma, cst.Comma) else cst.MaybeSentinel.DEFAULT
        if not isinstance(comma, cst.Comma) and isinstance(previous.comma, cst.Comma):
            previous = previous.with_changes(comma=cst.MaybeSentinel.DEFAULT, whitespace_after_arg=previous.comma.whitespace_before)
        args[-1] = with_trailing(previous, tail, comma)
    return call.with_changes(args=args)
