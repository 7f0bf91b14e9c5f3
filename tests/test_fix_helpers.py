"""The fix helpers of `futurelint.fixes`: rendering a node in place, and the evidence fixes read."""

from __future__ import annotations

import libcst as cst
import pytest

from futurelint.fixes.render import code_in_place
from futurelint.fixes.safety import effect_free, fresh_name, has_comment, is_name_or_literal, names_in, place_bound_syntax
from futurelint.semantic import Model

NESTED = (
    "def main(lines):\n"
    "  if lines:\n"
    "      results = list(ex.map(\n"
    "          str.upper,\n"
    "          lines,  # the input\n"
    "          chunksize=100,\n"
    "      ))\n"
)


def _model(source: str) -> Model:
    return Model(cst.parse_module(source), "x.py", source)


def _expr(text: str) -> cst.BaseExpression:
    return cst.parse_expression(text)


def test_code_in_place_keeps_the_indentation_of_the_blocks_around():
    model = _model(NESTED)
    call = next(c for c in model.calls if model.source_of(c.func) == "ex.map")
    text = code_in_place(model, call, call.with_changes(args=call.args[:2]))
    assert text.splitlines()[1:3] == ["          str.upper,", "          lines,  # the input"]
    assert model.module.code_for_node(call).splitlines()[1] == "    str.upper,"  # what it replaces


def test_code_in_place_at_top_level_is_the_plain_rendering():
    source = "x = f(\n    a,  # why\n)\n"
    model = _model(source)
    call = model.calls[0]
    assert code_in_place(model, call, call) == "f(\n    a,  # why\n)"


@pytest.mark.parametrize(
    "text, comment",
    [("f(a)", False), ("f(  # c\n  a)", True), ("f('#')", False), ("[\n  a,  # c\n]", True)],
)
def test_has_comment(text, comment):
    assert has_comment(_expr(f"({text})")) is comment


@pytest.mark.parametrize(
    "text, found",
    [("f(a)", None), ("f(await g())", "`await`"), ("f((yield))", "`yield`"), ("f(n := 1)", "`:=`")],
)
def test_place_bound_syntax(text, found):
    module = cst.parse_module(f"async def g():\n    {text}\n" if "await" in text else f"def g():\n    {text}\n")
    assert place_bound_syntax(module.body[0].body) == found


@pytest.mark.parametrize(
    "text, free",
    [("x", True), ("100", True), ("-1", True), ("os.sep", True), ("(1, x)", True), ("'a' 'b'", True),
     ("f(x)", False), ("x[0]", False), ("x + 1", False), ("[f()]", False)],
)
def test_effect_free(text, free):
    assert effect_free(_expr(text)) is free


def test_is_name_or_literal():
    assert is_name_or_literal(_expr("x")) and is_name_or_literal(_expr("'s'"))
    assert not is_name_or_literal(_expr("a.b")) and not is_name_or_literal(_expr("f()"))


def test_names_and_fresh_name():
    assert names_in(_expr("report(_('done'), key=k.v)")) == {"report", "_", "key", "k", "v"}
    assert fresh_name({"_"}, ["_", "_future"]) == "_future"
    assert fresh_name({"_", "_future", "_future_1"}, ["_", "_future"]) == "_future_2"


def _call(source: str):
    model = _model(source)
    return model, model.calls[0]


def _text(model, old, new) -> str:
    return code_in_place(model, old, new)


def test_without_argument_keeps_the_comments_and_the_closing_layout():
    from futurelint.fixes.calls import without_argument

    model, call = _call("r = f(\n    a,  # the input\n    chunksize=1,\n)\n")
    assert _text(model, call, without_argument(call, call.args[1])) == "f(\n    a,  # the input\n)"
    model, call = _call("r = f(a, chunksize=1)\n")
    assert _text(model, call, without_argument(call, call.args[1])) == "f(a)"
    model, call = _call("r = f(\n    a,\n    chunksize=1,  # batch size\n)\n")
    assert without_argument(call, call.args[1]) is None


def test_inline_call_moves_the_callee_and_keeps_comments():
    from futurelint.fixes.calls import inline_call

    model, call = _call("s(\n    work(  # the job\n        1,\n    )\n)\n")
    inner = call.args[0].value
    assert _text(model, call, inline_call(call, inner, inner)) == "s(\n    work,  # the job\n        1,\n)"
    model, call = _call("s(lambda: work(x))\n")
    wrapper = call.args[0].value
    assert _text(model, call, inline_call(call, wrapper.body, wrapper)) == "s(work, x)"


@pytest.mark.parametrize(
    "text, spelled",
    [
        ("s(f, args=(a, b), kwargs={'k': v})", "f, a, b, k=v"),
        ("s(target=f, args=items)", "f, *items"),
        ("s(f, args=(url))", None),  # a missing comma, not a tuple
        ("s(f, args='ab')", None),
        ("s(f, kwargs={'k': 1, 'k': 2})", None),  # a keyword twice
        ("s(f, k=1, kwargs={'k': 2})", None),
        ("s(f, kwargs=next(it), args=next(it))", None),  # evaluation order
        ("s(f, kwargs={'k': v}, args=(a,))", "f, a, k=v"),  # no effects: order is free
    ],
)
def test_direct_call(text, spelled):
    from futurelint.fixes.calls import direct_call

    model, call = _call(text + "\n")
    direct = direct_call(model, call)
    assert (", ".join([direct.callee, *direct.arguments]) if direct else None) == spelled
