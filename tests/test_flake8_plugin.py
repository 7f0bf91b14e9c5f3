"""The flake8 plugin, run through the real flake8 as a subprocess: same codes, rows, columns and
messages as futurelint's engine, and flake8's own `# noqa` handling."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from repo_support import needs_cli

from futurelint.engine import lint_source
from futurelint.flake8_plugin import default_rules
from futurelint.rules.base import registry
from futurelint.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures"

SOURCE = """\
from concurrent.futures import ThreadPoolExecutor
with ThreadPoolExecutor() as ex:
    ex.submit(work)
    x = 'é'; ex.submit(work)
    ex.submit(work)  # noqa: FUT902
    ex.submit(work)  # noqa
    ex.submit(work)  # noqa:E501
    ex.submit(work)  # NOQA:FUT9
def tabbed(pool: ThreadPoolExecutor):
\tpool.submit(work)
"""


def flake8(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "flake8", "--isolated", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
    )


def engine_lines(path: Path, display: str, line_noqa: bool = True) -> list[str]:
    source = path.read_text(encoding="utf-8")
    result = lint_source(source, display, default_rules(Settings()), line_noqa=line_noqa)
    assert not result.errors
    return [f"{display}:{f.start.row}:{f.start.column}: {f.code} {f.message}" for f in result.findings]


def write(tmp_path: Path, name: str, source: str) -> Path:
    path = tmp_path / name
    path.write_text(source, encoding="utf-8")
    return path


def test_plugin_is_registered():
    completed = flake8("--version", cwd=Path.cwd())
    assert "futurelint" in completed.stdout


def test_same_findings_as_the_engine(tmp_path):
    path = write(tmp_path, "tasks.py", SOURCE)
    completed = flake8("--select", "FUT", "tasks.py", cwd=tmp_path)
    assert completed.returncode == 1, completed.stderr
    assert completed.stdout.splitlines() == engine_lines(path, "tasks.py")
    rows = [line.split(":")[1:3] for line in completed.stdout.splitlines()]
    assert rows == [["3", "5"], ["4", "14"], ["7", "5"], ["10", "2"]]


def test_disable_noqa_shows_suppressed_findings(tmp_path):
    path = write(tmp_path, "tasks.py", SOURCE)
    completed = flake8("--select", "FUT", "--disable-noqa", "tasks.py", cwd=tmp_path)
    assert completed.stdout.splitlines() == engine_lines(path, "tasks.py", line_noqa=False)
    assert len(completed.stdout.splitlines()) == 7


def test_file_level_futurelint_noqa_is_honoured(tmp_path):
    write(tmp_path, "tasks.py", "# futurelint: noqa\n" + SOURCE)
    completed = flake8("--select", "FUT", "tasks.py", cwd=tmp_path)
    assert (completed.returncode, completed.stdout) == (0, "")


def test_selection_is_flake8s(tmp_path):
    write(tmp_path, "tasks.py", SOURCE)
    others = flake8("--select", "E", "tasks.py", cwd=tmp_path).stdout
    assert "E702" in others and "FUT" not in others
    # flake8 matches codes by prefix: `F` (pyflakes) selects FUT too, unless FUT is ignored
    pyflakes = flake8("--select", "F", "--extend-ignore", "FUT", "tasks.py", cwd=tmp_path).stdout
    assert "F821" in pyflakes and "FUT" not in pyflakes
    everything = flake8("tasks.py", cwd=tmp_path).stdout
    assert "FUT902" in everything and "F821" in everything


def test_fixtures_match_the_engine(tmp_path):
    files = sorted(FIXTURES.rglob("*.py"))
    assert files
    relative = [str(path.relative_to(FIXTURES)) for path in files]
    completed = flake8("--select", "FUT", "--disable-noqa", *relative, cwd=FIXTURES)
    expected = []
    for path, display in zip(files, relative):
        expected += engine_lines(path, display, line_noqa=False)
    assert sorted(completed.stdout.splitlines()) == sorted(expected)
    assert expected


def test_files_without_concurrent_and_syntax_errors(tmp_path):
    write(tmp_path, "plain.py", "def run(client):\n    client.submit(job)\n")
    write(tmp_path, "broken.py", "import concurrent.futures\ndef f(:\n")
    completed = flake8("--select", "FUT,E999", "plain.py", "broken.py", cwd=tmp_path)
    assert "Traceback" not in completed.stderr
    assert [line.split(": ")[1].split()[0] for line in completed.stdout.splitlines()] == ["E999"]


def test_settings_options(tmp_path):
    write(tmp_path, "tasks.py", SOURCE)
    ok = flake8("--select", "FUT", "--futurelint-target-version", "py313", "--futurelint-max-workers-limit", "8",
                "tasks.py", cwd=tmp_path)
    assert ok.returncode == 1 and "FUT902" in ok.stdout
    bad = flake8("--select", "FUT", "--futurelint-target-version", "py27", "tasks.py", cwd=tmp_path)
    assert bad.returncode != 0 and "py27" in bad.stderr


def test_options_from_config_file(tmp_path):
    write(tmp_path, "tasks.py", SOURCE)
    write(tmp_path, "setup.cfg", "[flake8]\nselect = FUT\nfuturelint-target-version = py27\n")
    completed = subprocess.run([sys.executable, "-m", "flake8", "tasks.py"], cwd=tmp_path, capture_output=True, text=True)
    assert completed.returncode == 2 and "py27" in completed.stderr and "Traceback" not in completed.stderr


@pytest.mark.parametrize("settings", [Settings(), Settings(target_version="py314")])
def test_only_default_rules_run(settings):
    codes = {rule.code for rule in default_rules(settings)}
    defaults = {code for code, rule in registry().items() if rule.default and rule(settings).applies()}
    assert codes == defaults


@needs_cli
def test_same_output_as_the_command_line(tmp_path):
    write(tmp_path, "tasks.py", SOURCE)
    write(tmp_path, "more.py", "# futurelint: noqa\n" + SOURCE)
    (tmp_path / "pkg").mkdir()
    write(tmp_path / "pkg", "jobs.py", SOURCE.replace("work", "job"))
    cli = subprocess.run(
        [sys.executable, "-m", "futurelint", "check", "--output-format", "concise", "."],
        cwd=tmp_path, capture_output=True, text=True, encoding="utf-8",
    )
    findings = sorted(line for line in cli.stdout.splitlines() if re.match(r"^\S+:\d+:\d+: FUT", line))
    via_flake8 = flake8("--select", "FUT", ".", cwd=tmp_path).stdout.splitlines()
    assert findings and sorted(line[2:] if line.startswith("./") else line for line in via_flake8) == findings


OPT_IN_SOURCE = """\
from concurrent.futures import ThreadPoolExecutor
with ThreadPoolExecutor() as ex:
    fut = ex.submit(work)
    print(fut.result())
"""


@pytest.mark.parametrize(
    "args, runs_fut305",
    [
        (["--select", "FUT305"], True),
        (["--select", "E,FUT3"], True),
        (["--extend-select", "FUT30"], True),
        (["--select", "FUT"], False),
        ([], False),
        (["--select", "FUT", "--extend-select", "fut305"], True),
    ],
)
def test_opt_in_rules_run_when_flake8_selects_them(tmp_path, args, runs_fut305):
    write(tmp_path, "tasks.py", OPT_IN_SOURCE)
    completed = flake8(*args, "tasks.py", cwd=tmp_path)
    reported = [line for line in completed.stdout.splitlines() if " FUT" in line]
    expected = ["tasks.py:4:11: FUT305 `result()` without a timeout waits forever if a task hangs"]
    assert reported == (expected if runs_fut305 else []), completed.stdout + completed.stderr


def test_opt_in_rules_from_the_flake8_config(tmp_path):
    write(tmp_path, "tasks.py", OPT_IN_SOURCE)
    write(tmp_path, "setup.cfg", "[flake8]\nextend-select = FUT305\n")
    completed = subprocess.run([sys.executable, "-m", "flake8", "tasks.py"], cwd=tmp_path, capture_output=True, text=True)
    assert "tasks.py:4:11: FUT305 " in completed.stdout, completed.stdout + completed.stderr


def test_unused_noqa_does_not_run_under_flake8(tmp_path):
    write(tmp_path, "tasks.py", OPT_IN_SOURCE.replace("fut = ex.submit(work)", "fut = ex.submit(work)  # noqa: FUT902"))
    completed = flake8("--select", "FUT090,FUT9", "tasks.py", cwd=tmp_path)
    assert completed.returncode == 0 and completed.stdout == "", completed.stdout + completed.stderr
