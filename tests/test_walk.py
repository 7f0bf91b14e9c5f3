"""The semantic layer's walk visits what libcst's own walk visits, minus trivia (whitespace, comments,
punctuation, operator tokens), and in the same order; and `Model.nodes_in` agrees with a scan of
the whole index. Checked on every fixture and on the standard library's grammar-heavy tests."""

from __future__ import annotations

import sysconfig
from pathlib import Path

import libcst as cst
import pytest

from futurelint.semantic import Model
from futurelint.semantic.walk import TRIVIA, children_of

FIXTURES = Path(__file__).parent / "fixtures"
STDLIB_TESTS = Path(sysconfig.get_paths()["stdlib"]) / "test"
GRAMMAR_HEAVY = ("test_grammar.py", "test_patma.py", "test_fstring.py", "test_typing.py", "test_coroutines.py")


def sources() -> list[Path]:
    files = sorted(FIXTURES.glob("*/*.py"))
    return files + [STDLIB_TESTS / name for name in GRAMMAR_HEAVY if (STDLIB_TESTS / name).is_file()]


def parse(path: Path):
    try:
        return cst.parse_module(path.read_bytes())
    except Exception:  # syntax newer than this libcst knows: nothing to compare
        return None


def all_nodes(module: cst.Module):
    pending = [module]
    while pending:
        node = pending.pop()
        yield node
        pending.extend(node.children)


@pytest.mark.parametrize("path", sources(), ids=lambda path: f"{path.parent.name}/{path.name}")
def test_the_walk_skips_only_trivia(path):
    module = parse(path)
    if module is None:
        pytest.skip("libcst cannot parse it")
    for node in all_nodes(module):
        expected = [child for child in node.children if type(child) not in TRIVIA]
        walked = children_of(node)
        assert len(walked) == len(expected) and all(a is b for a, b in zip(walked, expected)), type(node)


@pytest.mark.parametrize("path", sources()[:: max(len(sources()) // 40, 1)], ids=lambda path: path.name)
def test_nodes_in_agrees_with_a_scan(path):
    module = parse(path)
    if module is None:
        pytest.skip("libcst cannot parse it")
    model = Model(module, str(path), module.code)
    outers = model.nodes(cst.FunctionDef) + model.nodes(cst.Try) + model.nodes(cst.For)
    # Each check scans the whole index: a sample of 30 outer nodes per file, spread over the file.
    for outer in outers[:: max(len(outers) // 30, 1)]:
        for node_type in (cst.Call, cst.Await, cst.Name):
            scanned = [node for node in model.nodes(node_type) if model.contains(outer, node)]
            assert model.nodes_in(node_type, outer) == scanned
    assert model.nodes_in(cst.Call, cst.Name("not_in_the_tree")) == []
