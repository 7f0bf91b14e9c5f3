"""Files nobody can parse (or that are merely odd) never crash the engine: each yields one FUT000
finding when it cannot be parsed, real findings when it can, and never an exception or an internal
error. Every sample contains the word `concurrent`, so the prefilter does not skip it."""

from __future__ import annotations

import time

import pytest

from futurelint.engine import PARSE_ERROR, lint_bytes, lint_source
from futurelint.guard import MAX_DEPTH, TimedOut, run_guarded, token_depth_row
from futurelint.rules.base import Report, registry
from futurelint.settings import Settings

RULES = [rule(Settings()) for rule in registry().values()]
# A file every rule set flags: a submitted future whose result is never looked at (FUT902).
FLAGGED = "from concurrent.futures import ThreadPoolExecutor\nwith ThreadPoolExecutor() as ex:\n    ex.submit(print)\n"


def lint(data: bytes):
    result = lint_bytes(data, "bad.py", RULES)
    assert not result.errors, result.errors
    return result.findings


def parse_errors(data: bytes) -> list[str]:
    findings = lint(data)
    errors = [f.message for f in findings if f.code == PARSE_ERROR]
    if errors:
        assert len(findings) == 1, findings  # one FUT000 for the file, nothing else
    return errors


def real_codes(data: bytes) -> list[str]:
    findings = lint(data)
    assert all(f.code != PARSE_ERROR for f in findings), findings
    return [f.code for f in findings]


def test_the_flagged_sample_is_flagged():
    assert "FUT902" in real_codes(FLAGGED.encode())


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"import concurrent\nx = '\xff\xfe\xfa'\n", "Cannot decode"),
        (b"# -*- coding: klingon -*-\nimport concurrent\n", "Cannot decode"),
        (b"\xef\xbb\xbf# coding: latin-1\nimport concurrent\n", "Cannot decode"),  # BOM contradicts the cookie
        (b"import concurrent\nx = 1\x00\n", "null byte"),
        (b'import concurrent\nprint "x"\n', "Cannot parse"),
        (b"import concurrent\ndef f(:\n    pass\n", "Cannot parse"),
        (b"import concurrent\nx = (\n", "Cannot parse"),
    ],
    ids=["undecodable", "unknown-cookie", "bom-and-latin1-cookie", "nul", "python2", "syntax-error", "unclosed"],
)
def test_unparseable_files_give_one_fut000(data, reason):
    errors = parse_errors(data)
    assert len(errors) == 1 and reason in errors[0]


def test_fut000_points_at_the_syntax_error():
    (finding,) = lint(b"import concurrent\n\ndef f(:\n    pass\n")
    # libcst reports where it gave up: the broken line or the next one.
    assert finding.code == PARSE_ERROR and finding.start.row in (3, 4)


@pytest.mark.parametrize(
    "data",
    [
        ("# -*- coding: latin-1 -*-\n# caf\xe9\n" + FLAGGED).encode("latin-1"),
        ("# coding: cp1252\ns = '\u20ac \u201cquoted\u201d'\n" + FLAGGED).encode("cp1252"),
        b"\xef\xbb\xbf" + FLAGGED.encode(),
        b"\xef\xbb\xbf# coding: utf-8\n" + FLAGGED.encode(),
        FLAGGED.replace("\n", "\r\n").encode(),
        FLAGGED.replace("\n", "\r").encode(),
        FLAGGED.replace("    ", "\t").encode(),
        ("# \u00fcnicode \U0001f600 comment\n" + FLAGGED).encode(),
    ],
    ids=["latin1-cookie", "cp1252-cookie", "bom", "bom-and-utf8-cookie", "crlf", "cr-only", "tabs", "utf8"],
)
def test_odd_but_valid_files_get_their_real_findings(data):
    assert real_codes(data) == ["FUT902"]


@pytest.mark.parametrize(
    "source",
    ["# concurrent\n", "# concurrent\n# only comments\n\n", '"""concurrent"""\n', "import concurrent\n"],
)
def test_files_without_code_have_no_findings(source):
    assert real_codes(source.encode()) == []


def test_empty_file_is_skipped_by_the_prefilter_and_linted_without_it():
    assert lint_bytes(b"", "empty.py", RULES).skipped
    result = lint_bytes(b"", "empty.py", RULES, prefilter=False)
    assert result.findings == [] and result.errors == []


def test_a_50000_line_file():
    body = "".join(f"x{i} = {i}\n" for i in range(50_000))
    assert real_codes((body + FLAGGED).encode()) == ["FUT902"]


@pytest.mark.parametrize(
    "expression",
    [
        "(" * 100_000 + "1" + ")" * 100_000,
        "[" * 100_000 + "]" * 100_000,
        "f(" * 3_000 + ")" * 3_000,
        "{'a': " * 5_000 + "1" + "}" * 5_000,
        "-" * 20_000 + "1",
        "not " * 20_000 + "x",
        "+".join(["1"] * 20_000),
        "a" + ".b" * 20_000,
        "a" + "[0]" * 20_000,
        " or ".join(["a"] * 20_000),
        "lambda: " * 20_000 + "1",
        "1 if x else " * 20_000 + "1",
    ],
    ids=["parens", "lists", "calls", "dicts", "unary", "not", "plus-chain", "attributes", "subscripts",
         "or-chain", "lambdas", "conditionals"],
)
def test_deeply_nested_expressions_are_fut000_not_a_crash(expression):
    start = time.perf_counter()
    errors = parse_errors(f"import concurrent\nx = {expression}\n".encode())
    assert errors == ["Cannot parse file: too deeply nested"]
    assert time.perf_counter() - start < 10


def test_deeply_nested_blocks():
    source = "import concurrent\n" + "".join(" " * i + "if x:\n" for i in range(150)) + " " * 150 + "pass\n"
    errors = parse_errors(source.encode())
    assert len(errors) == 1


def test_nesting_below_the_limit_is_analysed():
    # A long but legitimate `+` chain (generated code has them): parsed, analysed, findings reported.
    chain = " + ".join(["'a'"] * (MAX_DEPTH - 50))
    assert real_codes((FLAGGED + f"x = {chain}\n" + FLAGGED).encode()) == ["FUT902", "FUT902"]


def test_nested_blocks_below_the_limit_are_analysed():
    nested = "".join(" " * i + "if x:\n" for i in range(60)) + " " * 60 + "ex.submit(print)\n"
    source = FLAGGED + "    " + nested.replace("\n", "\n    ").rstrip() + "\n"
    assert real_codes(source.encode()).count("FUT902") == 2


class _Slow:
    """Test double: a rule stuck in a loop (duck-typed: a Rule subclass would join the registry)."""

    code = "FUT999"
    name = "test-slow"
    message = "slow"

    def check(self, model):
        while True:
            time.sleep(0.001)
        yield Report(model.module)  # pragma: no cover


def test_a_stuck_rule_times_out_into_fut000():
    start = time.perf_counter()
    result = lint_source(FLAGGED, "slow.py", [*RULES, _Slow()], time_limit=0.5)
    assert [f.code for f in result.findings] == [PARSE_ERROR]
    assert "timed out" in result.findings[0].message
    assert time.perf_counter() - start < 5


def test_the_watchdog_does_not_fire_after_the_work_is_done():
    assert run_guarded(lambda: 42, time_limit=0.01) == 42
    time.sleep(0.05)  # a late interrupt would surface here as TimedOut


def test_run_guarded_passes_exceptions_through():
    with pytest.raises(KeyError):
        run_guarded(lambda: {}["missing"], time_limit=None)
    with pytest.raises(TimedOut):
        run_guarded(lambda: time.sleep(0.5), time_limit=0.05)


@pytest.mark.parametrize(
    "expression",
    ["-" * 3_000 + "y", "y" + ".a" * 3_000, "not " * 3_000 + "x", "+".join(["1"] * 3_000),
     "a" + "[0]" * 3_000, "f(" * 1_200 + ")" * 1_200],
    ids=["unary", "attributes", "not", "plus-chain", "subscripts", "calls"],
)
@pytest.mark.parametrize("other_problem", ["x = = 1\n", "type X = int\n", "try:\n    pass\nexcept A, B:\n    pass\n"])
def test_the_depth_guard_holds_when_cpython_rejects_the_file_for_another_reason(expression, other_problem):
    """Issue 14, item 2: a syntax error (or syntax newer than the running Python) elsewhere in the
    file must not let a deep chain through to libcst."""
    start = time.perf_counter()
    errors = parse_errors(f"import concurrent\nx = {expression}\n{other_problem}".encode())
    assert errors == ["Cannot parse file: too deeply nested"]
    assert time.perf_counter() - start < 10


def test_the_token_measure_lets_ordinary_broken_files_through():
    wide = "x = [" + ", ".join(f"-a.b.c[{i}] + 'x' 'y'" for i in range(3000)) + "]\n"
    assert token_depth_row(f"import concurrent\n{wide}x = = 1\n") is None
    assert parse_errors(f"import concurrent\n{wide}x = = 1\n".encode())[0].startswith("Cannot parse file: ")
