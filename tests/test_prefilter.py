"""The prefilter's cheap stages never reject a file that imports from `concurrent`: the import-shaped
regex (stage 2) matches every spelling CPython accepts, and the statement walk (stage 3) finds an
import at any depth. The whole-corpus comparison with and without the prefilter is in test_stdlib.py."""

from __future__ import annotations

import ast
import re
import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from timing import best_seconds

from futurelint.engine import lint_bytes, may_have_findings
from futurelint.prefilter import imports_concurrent, may_import_concurrent, mentions_concurrent
from futurelint.rules.base import registry
from futurelint.settings import Settings


def imports_by_ast(source: str) -> bool:
    """The reference: every node of CPython's tree, not only statement blocks."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import) and any(a.name.split(".")[0] == "concurrent" for a in node.names):
            return True
        if isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").split(".")[0] == "concurrent":
            return True
    return False


IMPORTS = [
    "import concurrent.futures",
    "import concurrent",
    "import concurrent.futures as cf",
    "import os, concurrent.futures",
    "import os as o, sys as s, concurrent.futures.thread as t",
    "import os, \\\n    concurrent.futures",
    "import os,\\\r\n concurrent.futures",
    "import\tconcurrent.futures",
    "import \x0cconcurrent.futures",
    "import os; import concurrent.futures",
    "x = 1; from concurrent.futures import wait",
    "from concurrent.futures import ThreadPoolExecutor",
    "from concurrent import futures",
    "from concurrent.futures import (\n    wait,  # a comment\n    Future,\n)",
    "from \\\n concurrent.futures import wait",
    "from\tconcurrent . futures import wait",
    "import \u00e9t\u00e9, concurrent.futures",
    "import cafe\u0301, concurrent.futures",  # a combining accent: not a `\w` character
    "from concurrent.futures import *",
]

NESTED = [
    "def f():\n    import concurrent.futures\n",
    "class C:\n    def f(self):\n        if x:\n            pass\n        else:\n            from concurrent import futures\n",
    "try:\n    pass\nexcept ImportError:\n    import concurrent.futures\n",
    "try:\n    pass\nfinally:\n    import concurrent.futures\n",
    "for x in y:\n    pass\nelse:\n    import concurrent.futures\n",
    "while x:\n    with a:\n        async_ = 1\n        import concurrent.futures\n",
    "async def f():\n    async with a:\n        import concurrent.futures\n",
    "if TYPE_CHECKING:\n    from concurrent.futures import Future\n",
]

NOT_IMPORTS = [
    "# uses concurrent.futures\nimport os\n",
    "'''import concurrent.futures'''\n",
    "import os  # concurrent\n",
    "concurrent = 1\n",
    "from . import concurrent\n",  # relative: not the standard library's package
    "import concurrently\n",
    "from concurrently import x\n",
    "import os\nconcurrent.futures = None\n",
]


@pytest.mark.parametrize("source", IMPORTS + NESTED)
def test_every_spelling_of_the_import_passes_every_stage(source):
    assert imports_by_ast(source)
    assert mentions_concurrent(source.encode()) and may_import_concurrent(source)
    assert imports_concurrent(ast.parse(source))


@pytest.mark.parametrize("source", NOT_IMPORTS)
def test_files_that_only_mention_concurrent_are_rejected_by_the_tree(source):
    assert not imports_by_ast(source)
    assert not imports_concurrent(ast.parse(source))


@pytest.mark.parametrize("source", [NOT_IMPORTS[0], NOT_IMPORTS[2], NOT_IMPORTS[3], "x = 'concurrent'\n"])
def test_mentions_outside_import_shapes_are_rejected_by_the_regex_already(source):
    assert not may_import_concurrent(source)


def test_match_statements_are_walked():
    source = "match x:\n    case 1:\n        import concurrent.futures\n"
    try:
        tree = ast.parse(source)
    except SyntaxError:
        pytest.skip("no match statement before Python 3.10")
    assert imports_concurrent(tree)


NAMES = st.sampled_from(["os", "sys", "a", "b_2", "\u00e9t\u00e9", "concurrent", "concurrently", "futures"])
GAPS = st.sampled_from([" ", "  ", "\t", " \\\n ", "\\\n", " \\\r\n\t", "\x0c "])


@st.composite
def import_statements(draw):
    """`import` or `from` statements naming random modules, formatted at random."""
    dotted = st.lists(NAMES, min_size=1, max_size=3).map(".".join)
    if draw(st.booleans()):
        aliases = draw(st.lists(st.tuples(dotted, st.one_of(st.none(), NAMES)), min_size=1, max_size=4))
        parts = [name if alias is None else f"{name}{draw(GAPS)}as{draw(GAPS)}{alias}" for name, alias in aliases]
        return f"import{draw(GAPS)}" + f",{draw(GAPS)}".join(parts)
    return f"from{draw(GAPS)}{draw(dotted)}{draw(GAPS)}import{draw(GAPS)}{draw(NAMES)}"


@settings(max_examples=400, deadline=None)
@given(statements=st.lists(import_statements(), min_size=1, max_size=3), indent=st.booleans())
def test_generated_imports_the_tree_finds_pass_the_regex(statements, indent):
    body = "\n".join(statements) + "\n"
    source = "if x:\n" + textwrap.indent(body, "    ") if indent else body
    try:
        expected = imports_by_ast(source)
    except SyntaxError:
        return  # e.g. a keyword-like name after a continuation: not Python, nothing to check
    assert imports_concurrent(ast.parse(source)) == expected
    if expected:
        assert may_import_concurrent(source), source
        assert may_have_findings(source.encode())


FLAGGED = "from concurrent.futures import ThreadPoolExecutor\nwith ThreadPoolExecutor() as ex:\n    ex.submit(print)\n"


def test_a_skipped_file_is_marked_and_has_no_findings():
    rules = [rule(Settings()) for rule in registry().values()]
    mention_only = "# concurrent.futures is not used here\nimport os\n"
    assert lint_bytes(mention_only.encode(), "a.py", rules).skipped
    # Stage 3: import-shaped text inside a string; only CPython's tree tells it is no import.
    in_string = 'doc = """\nimport concurrent.futures\n"""\n'
    assert may_import_concurrent(in_string)
    result = lint_bytes(in_string.encode(), "b.py", rules)
    assert result.skipped and not result.findings
    assert not lint_bytes(FLAGGED.encode(), "c.py", rules).skipped


# The stage-2 pattern as it was before it became linear: the reference for what it must accept.
_REFERENCE = re.compile(
    r"\bfrom(?:[^\S\n]|\\\r?\n)*concurrent\b|\bimport\b(?:(?:[^\S\n]|\\\r?\n)|[^\s;#])*?\bconcurrent\b"
)
PIECES = st.sampled_from(["import", "from", "concurrent", " ", ".", ",", ";", "#", "\n", "\\", "\r", "x", "é", "\t"])


@settings(max_examples=600, deadline=None)
@given(st.lists(PIECES, max_size=14).map("".join))
def test_the_linear_stage_2_accepts_what_the_reference_pattern_accepts(text):
    assert may_import_concurrent(text) == (_REFERENCE.search(text) is not None)


@pytest.mark.parametrize(
    "unit",
    ["import.", "import ", "import concurrenta ", "from " + " " * 3, "import\\\n", "concurrent import ", "import#\n"],
)
def test_stage_2_time_grows_linearly_with_the_size(unit):
    """Doubling a worst case (the issue's `"import.import..."` and its relatives) must not quadruple
    the time: compared between 8x and 16x the size, so that start-up costs are negligible."""
    small, large = ("# concurrent\nS = '" + unit * count + "'\n" for count in (1000, 8000))
    ratio = best_seconds(may_import_concurrent, large) / max(best_seconds(may_import_concurrent, small), 1e-4)
    assert ratio < 8 * 3, ratio  # linear: about 8; quadratic: about 64


# ------------------------------------------------------------------ the project index (issue #12 §3)
# A file that never mentions `concurrent` is analysed when it uses a name the project's other modules
# export: the byte stage accepts every spelling of such a use (`ProjectIndex.mentions_export`), the
# tree stage every import that reaches an export (`imports_export`; both proven in
# test_project_index.py). Here: the engine's stages take the index into account, so every spelling
# gets its finding, and the prefilter changes no finding of the fixture projects.
from test_project_index import EXPORTS, PROJECTS, SPELLINGS, write_project  # noqa: E402

from futurelint.project_index import build_index  # noqa: E402

FUT902 = [registry()["FUT902"](Settings())]


@pytest.fixture(scope="module")
def indexed(tmp_path_factory):
    root = tmp_path_factory.mktemp("indexed")
    return root, write_project(root, EXPORTS)


@pytest.mark.parametrize(("statement", "use"), [s for s in SPELLINGS if s[0] != "from ... import app"])
@pytest.mark.parametrize("nested", [False, True])
def test_every_use_of_an_export_passes_every_stage_and_is_evidence(indexed, statement, use, nested):
    root, index = indexed
    body = f"{statement}\n{use}.submit(print)\n"
    source = f"def f():\n{textwrap.indent(body, '    ')}" if nested and not statement.endswith("*") else body
    data = source.encode()
    assert not may_import_concurrent(source) and may_have_findings(data, index)
    result = lint_bytes(data, str(root / "app" / "user" / "mod.py"), FUT902, project=index)
    assert not result.skipped and [f.code for f in result.findings] == ["FUT902"], source


def test_without_the_index_such_a_file_is_skipped(indexed):
    root, _ = indexed
    data = b"from app.pools import IO_POOL\nIO_POOL.submit(print)\n"
    assert not may_have_findings(data)
    assert lint_bytes(data, str(root / "app" / "user" / "mod.py"), FUT902).skipped


@pytest.mark.parametrize("source", ["# IO_POOL\nimport os\n", "from app.clients import IO_POOL\nIO_POOL.submit(print)\n"])
def test_a_file_that_only_spells_an_exported_name_is_rejected_by_the_tree(indexed, source):
    root, index = indexed
    assert lint_bytes(source.encode(), str(root / "app" / "user" / "mod.py"), FUT902, project=index).skipped


@pytest.mark.parametrize("name", sorted(path.name for path in PROJECTS.iterdir() if path.is_dir()))
def test_the_prefilter_changes_no_finding_of_the_fixture_projects(name):
    root = PROJECTS / name
    files = sorted(root.rglob("*.py"))
    index = build_index(root, files)
    rules = [rule(Settings()) for rule in registry().values()]
    for path in files:
        data = path.read_bytes()
        with_prefilter = lint_bytes(data, str(path), rules, project=index)
        without = lint_bytes(data, str(path), rules, prefilter=False, project=index)
        assert with_prefilter.findings == without.findings, path
