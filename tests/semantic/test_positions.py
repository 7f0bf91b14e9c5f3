"""Node positions (semantic/positions.py) are libcst's PositionProvider ranges, node for node."""

from __future__ import annotations

from pathlib import Path

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, PositionProvider

from futurelint.semantic import Model

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
TRICKY = {
    "crlf": "import os\r\n\r\ndef f(a,\r\n      b):\r\n    return (a\r\n            + b)  # sum\r\n",
    "lone_cr": "x = 1\ry = (x\r     + 2)\r",
    "form_feed": "x = 1\n\x0c\ndef f():\n    pass\n",
    "strings": 'x = """one\ntwo\r\nthree"""\ny = ("a"\n     "b")\nz = f"{x!r:>{y}}"\n',
    "parens": "((a))\nprint(((a + b)), *(c,), **{d: (e)})\nlambda x: (yield)\n",
    "decorators_and_classes": "@dec\n@dec2(a)\nclass C(B, metaclass=M):\n    @property\n    def p(self): return 1\n",
    "continuation": "x = 1 + \\\n    2\nif (a and\n        b):\n    pass\n",
    "no_trailing_newline": "from concurrent.futures import wait\nwait([f])",
    "match": "match x:\n    case [1, (2 | 3)] if y:\n        pass\n    case {'k': v, **rest}:\n        pass\n",
    "empty": "",
}


def all_nodes(module: cst.Module) -> list:
    nodes = []

    class Collect(cst.CSTVisitor):
        def on_visit(self, node: cst.CSTNode) -> bool:
            nodes.append(node)
            return True

    module.visit(Collect())
    return nodes


def sources() -> dict:
    found = dict(TRICKY)
    for path in sorted(FIXTURES.rglob("*.py")):
        found[str(path.relative_to(FIXTURES))] = path.read_text(encoding="utf-8")
    return found


@pytest.mark.parametrize("name, source", sorted(sources().items()))
def test_positions_are_libcsts(name, source):
    try:
        module = cst.parse_module(source)
    except cst.ParserSyntaxError:
        pytest.skip("not parsable")
    expected = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    model = Model(module, name, source)
    for node in all_nodes(module):
        assert model.position(node) == expected[node], (name, type(node).__name__, module.code_for_node(node))
