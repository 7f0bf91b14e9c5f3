"""ruff's conventions, checked through the real command line: in this process (click's runner) and
as a real `python -m futurelint` process."""

from __future__ import annotations

import json
import re
import subprocess

import pytest
from cli_helpers import FLAGGED, invoke, run_process, write


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "app.py", FLAGGED)
    return tmp_path


def both(project, *args: str, stdin: str = None):
    """The outcome of `futurelint ARGS` in this process and as a real process (they must agree)."""
    here = invoke(*args, stdin=stdin)
    there = run_process(*args, cwd=project, stdin=stdin)
    assert (here.exit_code, here.stdout) == (there.exit_code, there.stdout), (here, there)
    return there


@pytest.mark.parametrize(
    "option, value", [("--select", ""), ("--select", " "), ("--extend-select", "FUT902,"), ("--ignore", ",FUT9")]
)
def test_an_empty_selector_is_an_error(project, option, value):
    outcome = both(project, "check", option, value, "app.py")
    assert outcome.exit_code == 2 and outcome.stdout == ""
    assert "empty rule selector" in outcome.stderr


def test_an_empty_selector_in_the_configuration_is_an_error(project):
    write(project, "pyproject.toml", '[tool.futurelint]\nselect = [""]\n')
    outcome = both(project, "check", "app.py")
    assert outcome.exit_code == 2 and "empty rule selector" in outcome.stderr


def test_a_missing_path_is_a_finding_and_the_rest_is_linted(project):
    outcome = both(project, "check", "--output-format", "concise", "gone.py", "app.py", "gone/")
    assert outcome.exit_code == 1
    lines = outcome.stdout.splitlines()
    assert "gone.py:1:1: FUT000 Cannot read file: No such file or directory" in lines
    assert "gone:1:1: FUT000 Cannot read file: No such file or directory" in lines
    assert any(line.startswith("app.py:3:5: FUT902") for line in lines)
    assert "Failed to lint gone.py: No such file or directory" in outcome.stderr


def test_a_missing_path_with_fix_and_json(project):
    import json

    fixed = both(project, "check", "--fix", "gone.py")
    assert fixed.exit_code == 1 and "FUT000" in fixed.stdout
    [record] = json.loads(both(project, "check", "--output-format", "json", "gone.py").stdout)
    assert record["code"] == "FUT000" and record["filename"] == str(project / "gone.py")


def test_a_missing_path_whose_fut000_is_ignored_still_warns(project):
    outcome = both(project, "check", "--ignore", "FUT000", "gone.py")
    assert outcome.exit_code == 0 and "Failed to lint gone.py" in outcome.stderr


SAFE_AND_UNSAFE = (
    "from concurrent.futures import ThreadPoolExecutor\n"
    "def total(items):\n"
    "    return sum(items)\n"
    "with ThreadPoolExecutor() as ex:\n"
    "    fut = ex.submit(total([1]))\n"  # FUT201, an unsafe fix
    "    print(fut.result())\n"
    "    results = list(ex.map(total, [[1]], chunksize=10))\n"  # FUT404, a safe fix
)


def test_statistics_call_fixable_only_what_fix_would_fix(project):
    write(project, "fixes.py", SAFE_AND_UNSAFE)
    text = both(project, "check", "--statistics", "fixes.py").stdout
    assert text == (
        "1\tFUT201\t[ ] submit-non-callable\n"
        "1\tFUT404\t[*] map-chunksize-ignored\n"
        "Found 2 findings.\n"
        "[*] 1 fixable with `--fix` (1 unsafe fix available with `--fix --unsafe-fixes`).\n"
    )
    rows = json.loads(both(project, "check", "--statistics", "--output-format", "json", "fixes.py").stdout)
    assert [(row["code"], row["fixable"], row["fixable_count"]) for row in rows] == [
        ("FUT201", False, 0), ("FUT404", True, 1)
    ]
    unsafe = both(project, "check", "--statistics", "--unsafe-fixes", "fixes.py").stdout
    assert "1\tFUT201\t[*] submit-non-callable\n" in unsafe and "[*] 2 fixable with `--fix`.\n" in unsafe


def test_concise_and_full_mark_what_fix_would_fix(project):
    write(project, "fixes.py", SAFE_AND_UNSAFE)
    concise = both(project, "check", "--output-format", "concise", "fixes.py").stdout.splitlines()
    assert concise[0].startswith("fixes.py:5:11: FUT201 `submit()` is given")
    assert concise[1] == "fixes.py:7:41: FUT404 [*] `chunksize` has no effect on a `ThreadPoolExecutor`'s `map()`"
    unsafe = both(project, "check", "--output-format", "concise", "--unsafe-fixes", "fixes.py").stdout
    assert "FUT201 [*] `submit()`" in unsafe
    full = both(project, "check", "fixes.py").stdout
    assert "fixes.py:7:41: FUT404 [*] `chunksize`" in full and "FUT201 `submit()`" in full


def test_only_unsafe_fixes_say_how_to_enable_them(project):
    write(project, "fixes.py", SAFE_AND_UNSAFE)
    text = both(project, "check", "--select", "FUT201", "fixes.py").stdout
    assert text.endswith("Found 1 finding.\n1 unsafe fix available with `--fix --unsafe-fixes`.\n")


def test_a_syntax_error_gets_pythons_reason_and_position(project):
    write(project, "py2.py", "import concurrent.futures\nprint 'hello', x\n")
    write(project, "broken.py", "import concurrent.futures\ndef f(:\n    pass\n")
    lines = both(project, "check", "--output-format", "concise", "py2.py", "broken.py").stdout.splitlines()
    assert lines[0] == "broken.py:2:7: FUT000 Cannot parse file: invalid syntax"
    # the column CPython gives depends on its version (1 on 3.11, 7 on 3.9)
    assert re.match(r"py2.py:2:\d+: FUT000 Cannot parse file: Missing parentheses in call to 'print'", lines[1])
    full = both(project, "check", "broken.py").stdout
    assert "2 | def f(:\n  |       ^ FUT000\n" in full and "help: see " in full and "FUT000.md" in full


def test_fut000_is_ignored_by_its_name_too(project):
    write(project, "broken.py", "import concurrent.futures\ndef f(:\n")
    assert both(project, "check", "--ignore", "parse-error", "broken.py").exit_code == 0
    assert both(project, "check", "--ignore", "FUT0", "broken.py").exit_code == 1


def test_carets_under_wide_characters_line_up(project):
    write(project, "wide.py", (
        "from concurrent.futures import ThreadPoolExecutor\n"
        "with ThreadPoolExecutor() as ex:\n"
        "    x = '日本語'; ex.submit(work)\n"
        "    ex.submit('日本', work)\n"
    ))
    full = both(project, "check", "--select", "FUT902", "wide.py").stdout
    # each of 日, 本, 語 takes two columns on screen
    assert "3 |     x = '日本語'; ex.submit(work)\n  |                   ^^^^^^^^^^^^^^^ FUT902\n" in full
    assert "4 |     ex.submit('日本', work)\n  |     ^^^^^^^^^^^^^^^^^^^^^^^ FUT902\n" in full


def test_output_file_takes_what_stdout_would_show(project):
    printed = both(project, "check", "--output-format", "json", "app.py").stdout
    outcome = both(project, "check", "--output-format", "json", "-o", "reports/out.json", "app.py")
    assert outcome.exit_code == 1 and outcome.stdout == ""
    assert (project / "reports" / "out.json").read_text(encoding="utf-8") == printed
    summary = both(project, "check", "--output-file", "full.txt", "app.py")
    assert summary.stdout == "" and (project / "full.txt").read_text(encoding="utf-8").endswith("Found 1 finding.\n")


def test_output_file_that_cannot_be_written_is_an_error(project):
    outcome = both(project, "check", "-o", "app.py/out.txt", "app.py")
    assert outcome.exit_code == 2 and "cannot write --output-file app.py/out.txt" in outcome.stderr


def test_output_format_from_the_environment(project, monkeypatch):
    monkeypatch.setenv("FUTURELINT_OUTPUT_FORMAT", "github")
    outcome = both(project, "check", "app.py")
    assert outcome.stdout.startswith("::error title=futurelint (FUT902),file=app.py,line=3")
    assert both(project, "check", "--output-format", "concise", "-q", "app.py").stdout.startswith("app.py:3:5: FUT902")
    monkeypatch.setenv("FUTURELINT_OUTPUT_FORMAT", "xml")
    assert both(project, "check", "app.py").exit_code == 2


def test_json_records_have_the_keys_of_ruffs_json(project):
    from test_readme_usage import RUFF

    if RUFF is None:
        pytest.skip("ruff is not installed")
    write(project, "unused.py", "import os\n")
    ruff = subprocess.run(
        [RUFF, "check", "--isolated", "--no-cache", "--select", "F401", "--output-format", "json", "unused.py"],
        cwd=project, capture_output=True, text=True,
    )
    [theirs] = json.loads(ruff.stdout)
    [ours] = json.loads(both(project, "check", "--output-format", "json", "app.py").stdout)
    assert list(ours) == list(theirs)
    assert (ours["name"], ours["severity"]) == ("future-discarded", theirs["severity"])
    [line] = both(project, "check", "--output-format", "json-lines", "app.py").stdout.splitlines()
    assert json.loads(line) == ours


@pytest.mark.parametrize("shadow", ["click.py", "json.py", "libcst/__init__.py"])
def test_python_dash_m_ignores_modules_in_the_working_directory(project, shadow):
    write(project, shadow, "raise SystemExit('the linted folder was imported')\n")
    outcome = run_process("check", "--output-format", "concise", "-q", "--select", "FUT902", ".", cwd=project)
    assert outcome.exit_code == 1, outcome.stderr
    assert outcome.stdout.startswith("app.py:3:5: FUT902 ") and "imported" not in outcome.stderr


NOQA_SOURCE = (
    "from concurrent.futures import ThreadPoolExecutor\n"
    "with ThreadPoolExecutor() as ex:\n"
    "    fut = ex.submit(work)  # noqa: FUT902\n"
    "    ex.submit(work)  # noqa: FUT902, FUT305, E501\n"
    "    ex.submit(work)  # noqa: FUT99\n"
    "    print(fut.result())\n"
)


def test_unused_noqa_is_opt_in_reported_and_fixed(project):
    write(project, "noqa.py", NOQA_SOURCE)
    default = both(project, "check", "--output-format", "concise", "-q", "noqa.py").stdout
    assert [line.split(" ")[:2] for line in default.splitlines()] == [["noqa.py:5:5:", "FUT902"]]  # opt-in
    report = both(project, "check", "--extend-select", "FUT090", "--output-format", "concise", "-q", "noqa.py")
    assert report.stdout.splitlines() == [
        "noqa.py:3:28: FUT090 [*] Unused `noqa` directive (unused: `FUT902`)",
        "noqa.py:4:22: FUT090 [*] Unused `noqa` directive (non-enabled: `FUT305`)",
        "noqa.py:5:5: FUT902 Future returned by `submit()` is discarded; exceptions raised by the task are lost",
        "noqa.py:5:22: FUT090 [*] Unused `noqa` directive (unknown: `FUT99`)",
    ]
    fixed = run_process("check", "--extend-select", "FUT090", "--fix", "noqa.py", cwd=project)
    assert fixed.exit_code == 1 and "Found 4 findings (3 fixed, 1 remaining)." in fixed.stdout
    assert (project / "noqa.py").read_text(encoding="utf-8") == (
        "from concurrent.futures import ThreadPoolExecutor\n"
        "with ThreadPoolExecutor() as ex:\n"
        "    fut = ex.submit(work)\n"
        "    ex.submit(work)  # noqa: FUT902, E501\n"
        "    ex.submit(work)\n"
        "    print(fut.result())\n"
    )


def test_unused_noqa_respects_selection_and_its_own_code(project):
    write(project, "noqa.py", NOQA_SOURCE.replace("FUT305, E501", "FUT305, FUT090"))
    outcome = both(project, "check", "--select", "FUT090,FUT3", "--output-format", "concise", "-q", "noqa.py")
    assert outcome.stdout.splitlines() == [
        "noqa.py:3:28: FUT090 [*] Unused `noqa` directive (non-enabled: `FUT902`)",
        "noqa.py:5:22: FUT090 [*] Unused `noqa` directive (unknown: `FUT99`)",
        "noqa.py:6:11: FUT305 `result()` without a timeout waits forever if a task hangs",
    ]  # row 4 names FUT090 itself: left alone


ESCAPE = "\033["


def test_color_never_by_default_off_a_terminal_and_with_no_color(project, monkeypatch):
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert ESCAPE not in both(project, "check", "app.py").stdout
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert ESCAPE not in both(project, "check", "app.py").stdout
    assert ESCAPE in both(project, "check", "--color", "always", "app.py").stdout


def test_force_color_and_color_always(project, monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("FORCE_COLOR", "1")
    forced = both(project, "check", "--output-format", "concise", "app.py").stdout
    assert forced.startswith(f"{ESCAPE}1mapp.py{ESCAPE}0m:3:5: {ESCAPE}1;31mFUT902{ESCAPE}0m Future returned")
    assert ESCAPE not in both(project, "check", "--color", "never", "app.py").stdout
    assert ESCAPE not in both(project, "check", "--output-format", "json", "app.py").stdout
    both(project, "check", "-o", "report.txt", "app.py")
    assert ESCAPE not in (project / "report.txt").read_text(encoding="utf-8")


def test_color_never_touches_text_from_the_linted_file(project):
    write(project, "app.py", FLAGGED.replace("ex.submit(work)", "ex.submit(work)  # \\x1b[31m red?"))
    full = both(project, "check", "--color", "always", "app.py").stdout
    lines = full.splitlines()
    # the source line follows a coloured gutter and is left as the file has it, escaped or not
    assert lines[2].startswith(f"{ESCAPE}1;34m3 |{ESCAPE}0m ")
    assert ESCAPE not in lines[2][len(f"{ESCAPE}1;34m3 |{ESCAPE}0m "):]
    # the message is printed as is, and only futurelint's own tokens are coloured
    assert lines[0].endswith(" Future returned by `submit()` is discarded; exceptions raised by the task are lost")
    plain = full
    for style in ("1m", "1;31m", "1;34m", "36m", "0m"):
        plain = plain.replace(ESCAPE + style, "")
    assert plain == both(project, "check", "--color", "never", "app.py").stdout


def test_show_files_lists_what_would_be_linted(project):
    write(project, "pkg/mod.py", "x = 1\n")
    write(project, "build/gen.py", FLAGGED)
    write(project, "notes.txt", "")
    outcome = both(project, "check", "--show-files")
    assert outcome.exit_code == 0
    assert outcome.stdout == f"{project / 'app.py'}\n{project / 'pkg' / 'mod.py'}\n"


def test_show_settings_says_where_each_value_comes_from(project, monkeypatch):
    write(project, "pyproject.toml", (
        '[project]\nrequires-python = ">=3.10"\n'
        '[tool.futurelint]\nextend-select = ["FUT305"]\nmax-workers-limit = 64\n'
        '[tool.futurelint.per-file-ignores]\n"app.py" = ["FUT3"]\n'
    ))
    monkeypatch.setenv("FUTURELINT_OUTPUT_FORMAT", "concise")
    outcome = both(project, "check", "--show-settings", "--ignore", "FUT001", "app.py")
    assert outcome.exit_code == 0
    lines = outcome.stdout.splitlines()
    config = project / "pyproject.toml"
    assert lines[:2] == [f"Resolved settings for: {project / 'app.py'}", f"Settings path: {config}"]
    enabled = json.loads(lines[4].split(" = ", 1)[1])
    assert "FUT902" in enabled and "FUT001" not in enabled and "FUT305" not in enabled  # per-file-ignores
    assert f'per-file-ignores matching it = ["app.py"]  # {config}' in lines
    assert f'extend-select = ["FUT305"]  # {config}' in lines
    assert 'ignore = ["FUT001"]  # command line' in lines
    assert f'target-version = "py310"  # {config} ([project] requires-python)' in lines
    assert f"max-workers-limit = 64  # {config}" in lines
    assert "respect-gitignore = true  # default" in lines
    assert 'output-format = "concise"  # environment (FUTURELINT_OUTPUT_FORMAT)' in lines
    assert 'target-version = "py312"  # command line' in both(
        project, "check", "--show-settings", "--target-version", "py312"
    ).stdout.splitlines()
