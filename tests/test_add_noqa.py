"""`add_noqa`: comments land where they suppress the finding, merge with existing ones, never break
code, and a second run changes nothing."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import hypothesmith
from hypothesis import HealthCheck, given, settings

from futurelint.add_noqa import add_noqa, plan_noqa
from futurelint.engine import lint_source
from futurelint.findings import Finding, Location
from futurelint.noqa import parse_suppressions, physical_lines
from futurelint.rules.base import registry
from futurelint.settings import Settings as LintSettings

HEADER = "from concurrent.futures import ThreadPoolExecutor\nwith ThreadPoolExecutor() as ex:\n"
FIXTURES = Path(__file__).parent / "fixtures"


def findings_of(source: str) -> list[Finding]:
    result = lint_source(source, "t.py", [rule(LintSettings()) for rule in registry().values()])
    assert not result.errors
    return result.findings


def finding(row: int, code: str = "FUT902") -> Finding:
    return Finding("t.py", code, "message", Location(row, 1), Location(row, 2), noqa_row=row)


def apply(source: str, findings=None) -> tuple[str, int, list[str]]:
    warnings: list[str] = []
    new, count = add_noqa("t.py", source, findings_of(source) if findings is None else findings, warnings.append)
    return new, count, warnings


def test_adds_comments_that_suppress_and_is_idempotent():
    source = HEADER + "    ex.submit(work)\n    ex.submit(other)   \n"
    new, count, warnings = apply(source)
    assert new == HEADER + "    ex.submit(work)  # noqa: FUT902\n    ex.submit(other)  # noqa: FUT902\n"
    assert (count, warnings) == (2, [])
    assert findings_of(new) == []
    assert apply(new, findings_of(source)) == (new, 0, [])


def test_several_codes_on_one_row_are_sorted_into_one_comment():
    source = HEADER + "    ex.submit(work)\n"
    new, count, _ = apply(source, [finding(3, "FUT902"), finding(3, "FUT101"), finding(3, "FUT902")])
    assert new == HEADER + "    ex.submit(work)  # noqa: FUT101, FUT902\n"
    assert count == 1


def test_merges_with_existing_noqa_codes():
    cases = {
        "    ex.submit(work)  # noqa: E501\n": "    ex.submit(work)  # noqa: E501, FUT902\n",
        "    ex.submit(work)  #noqa:E501 trailing words\n": "    ex.submit(work)  #noqa:E501, FUT902 trailing words\n",
        "    ex.submit(work)  # NOQA: E501,W291\n": "    ex.submit(work)  # NOQA: E501,W291, FUT902\n",
    }
    for line, expected in cases.items():
        new, count, _ = apply(HEADER + line)
        assert (new, count) == (HEADER + expected, 1)
        assert findings_of(new) == []


def test_existing_comments_that_already_cover_the_code_are_left_alone():
    for line in ("    ex.submit(work)  # noqa\n", "    ex.submit(work)  # noqa: FUT9\n"):
        source = HEADER + line
        assert apply(source, [finding(3)]) == (source, 0, [])


def test_other_comments_are_kept():
    source = HEADER + "    ex.submit(work)  # type: ignore[arg-type]\n"
    new, count, _ = apply(source)
    assert new == HEADER + "    ex.submit(work)  # type: ignore[arg-type]  # noqa: FUT902\n"
    assert findings_of(new) == []


def test_multi_line_statement_gets_its_comment_on_the_first_row():
    source = HEADER + "    ex.submit(\n        work,\n    )\n"
    new, count, _ = apply(source)
    assert new == HEADER + "    ex.submit(  # noqa: FUT902\n        work,\n    )\n"
    assert findings_of(new) == []


def test_rows_ending_inside_a_string_or_continuation_are_reported_not_edited():
    sources = [
        HEADER + '    ex.submit(work, """text\n    more""")\n',
        HEADER + "    ex.submit(work, 'a\\\nb')\n",
        HEADER + "    ex.submit(work, \\\n        arg)\n",
        HEADER + '    ex.submit(work, f"""{x}\n    """)\n',
    ]
    for source in sources:
        found = findings_of(source)
        assert [f.noqa_row for f in found] == [3], source
        new, count, warnings = apply(source)
        assert (new, count) == (source, 0)
        assert warnings == ["t.py:3: cannot add `# noqa: FUT902`: the line ends inside a multi-line string "
                            "or a backslash continuation"]


def test_row_where_a_string_ends_can_carry_the_comment():
    source = HEADER + '    doc = """text\n    """; ex.submit(work)\n'
    new, count, _ = apply(source)
    assert new == HEADER + '    doc = """text\n    """; ex.submit(work)  # noqa: FUT902\n'
    assert findings_of(new) == []


def test_a_noqa_lookalike_in_a_string_makes_the_row_unsuppressible():
    source = HEADER + '    x = "# noqa: E1"; ex.submit(work)\n'
    new, count, warnings = apply(source)
    assert (new, count, len(warnings)) == (source, 0, 1)


def test_line_endings_and_missing_final_newline_are_kept():
    source = (HEADER + "    ex.submit(work)\n    ex.submit(work)").replace("\n", "\r\n")
    new, count, _ = apply(source)
    assert new == (HEADER + "    ex.submit(work)  # noqa: FUT902\n    ex.submit(work)  # noqa: FUT902").replace(
        "\n", "\r\n"
    )
    assert findings_of(new) == []


def test_form_feed_lines_do_not_shift_rows():
    source = "from concurrent.futures import ThreadPoolExecutor\n\x0c\nwith ThreadPoolExecutor() as ex:\n    ex.submit(work)\n"
    new, count, _ = apply(source)
    assert new.endswith("    ex.submit(work)  # noqa: FUT902\n") and count == 1
    assert findings_of(new) == []


def test_parse_errors_are_ignored():
    source = "import concurrent\ndef f(:\n"
    assert apply(source) == (source, 0, [])


def test_nothing_to_do():
    source = HEADER + "    print(ex.submit(work).result(timeout=60))\n"
    assert plan_noqa(source, []).source == source
    assert apply(source) == (source, 0, [])


def test_every_fixture_ends_clean_except_reported_rows():
    checked = 0
    for path in sorted(FIXTURES.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        before = findings_of(source)
        result = plan_noqa(source, before)
        after = findings_of(result.source)
        assert [replace(f, path="") for f in after] == [replace(f, path="") for f in result.skipped], path
        assert plan_noqa(result.source, before).source == result.source
        checked += bool(before)
    assert checked


def _every_row(source: str) -> list[Finding]:
    rows = len(source.splitlines()) + 1
    return [finding(row) for row in range(1, rows + 1)]


def _check_never_breaks(source: str) -> None:
    import ast
    import warnings

    warnings.simplefilter("ignore", SyntaxWarning)  # generated code is odd but valid
    try:
        tree = ast.dump(ast.parse(source))
    except (SyntaxError, ValueError):
        return
    wanted = _every_row(source)
    result = plan_noqa(source, wanted)
    assert ast.dump(ast.parse(result.source)) == tree
    skipped = {f.noqa_row for f in result.skipped}
    suppressions = parse_suppressions(result.source)
    lines = physical_lines(source)
    for row in range(1, len(lines) + 1):
        assert row in skipped or suppressions.suppresses("FUT902", row), (row, result.source)
    assert plan_noqa(result.source, wanted).source == result.source


def test_never_breaks_code_on_tricky_sources():
    sources = [
        'x = """a\nb""" ; y = 1\n',
        "x = 1 + \\\n    2\n",
        "def f():\n    '''doc\n    '''\n    return {\n        'a': 1,  # comment\n    }\n",
        "s = f'{1}'\nt = f'''{\n1}'''\n",
        "a = '#noqa'\nb = 2 # noqa:E1\n",
        "if x:\n\tpass\n",
        "x = (1,\n\n     2)\n",
    ]
    for source in sources:
        _check_never_breaks(source)


@given(hypothesmith.from_grammar())
@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
def test_never_breaks_generated_code(source):
    _check_never_breaks(source)


def test_lone_carriage_returns_end_lines():
    _check_never_breaks("\n#\r0")
    _check_never_breaks("x = 1\ry = '''a\rb'''\rz = 2\r")
