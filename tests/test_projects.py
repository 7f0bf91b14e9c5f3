"""Multi-file fixture projects (tests/fixtures/projects/<name>/, each with its own pyproject.toml):
the real command line lints the whole project, and the findings must be exactly what the `# expect:`
comments of its files name. A pool created in one module and misused in another is only visible to a
linter that knows the project, not just the file (issue #12, section 3)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_helpers import run_process
from harness import FIXTURES, expectations

PROJECTS = FIXTURES / "projects"
def projects() -> list[Path]:
    return sorted(path for path in PROJECTS.iterdir() if (path / "pyproject.toml").is_file())


def expected_findings(root: Path, found: list) -> list:
    """(file, code, row, column) named by the `# expect:` comments of every file of the project; an
    expectation without a column takes the column found on that row."""
    columns = {(path, code, row): column for path, code, row, column in found}
    expected = []
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root).as_posix()
        for code, row, column in expectations(path.read_text(encoding="utf-8")):
            if column is None:
                column = columns.get((relative, code, row), -1)
            expected.append((relative, code, row, column))
    return sorted(expected)


def lint_project(root: Path, *args: str) -> list:
    outcome = run_process("check", *(args or (".",)), "--output-format", "json", "--exit-zero", cwd=root)
    assert outcome.exit_code == 0, outcome.stderr
    findings = json.loads(outcome.stdout)
    return sorted(
        (Path(f["filename"]).relative_to(root.resolve()).as_posix(), f["code"], f["location"]["row"], f["location"]["column"])
        for f in findings
    )


@pytest.mark.parametrize("root", [pytest.param(root, id=root.name) for root in projects()])
def test_project(root):
    found = lint_project(root)
    assert found == expected_findings(root, found)


def test_the_near_miss_project_has_no_expectations():
    """It proves silence: names that look like the exported ones but are other objects."""
    assert projects() and not expected_findings(PROJECTS / "near_miss", [])


def test_a_single_file_on_the_command_line_still_sees_the_project():
    root = PROJECTS / "pool_module"
    found = lint_project(root, "app/jobs.py")
    assert found == [f for f in expected_findings(root, found) if f[0] == "app/jobs.py"]
    assert found


def test_stdin_with_a_filename_inside_the_project_sees_the_project():
    root = PROJECTS / "pool_module"
    source = (root / "app" / "jobs.py").read_text(encoding="utf-8")
    outcome = run_process("check", "--stdin-filename", "app/jobs.py", "--output-format", "json", "-", cwd=root, stdin=source)
    codes = sorted(f["code"] for f in json.loads(outcome.stdout))
    assert codes == ["FUT401", "FUT902", "FUT902", "FUT902"]


def test_src_names_the_module_roots(tmp_path):
    """`src = ["lib"]` (relative to the configuration file): modules are named under lib/ only."""
    (tmp_path / "pyproject.toml").write_text('[tool.futurelint]\nsrc = ["lib"]\n')
    (tmp_path / "lib" / "shared").mkdir(parents=True)
    (tmp_path / "lib" / "shared" / "pools.py").write_text(
        "from concurrent.futures import ThreadPoolExecutor\nPOOL = ThreadPoolExecutor(2)\n"
    )
    (tmp_path / "lib" / "shared" / "jobs.py").write_text("from shared.pools import POOL\nPOOL.submit(print)\n")
    (tmp_path / "other.py").write_text("from lib.shared.pools import POOL\nPOOL.submit(print)\n")  # not a module root
    assert [(path, code) for path, code, _, _ in lint_project(tmp_path)] == [("lib/shared/jobs.py", "FUT902")]
    outcome = run_process("check", "--show-settings", "other.py", cwd=tmp_path)
    assert 'src = ["lib"]  # ' in outcome.stdout


def test_fixes_see_the_project_too(tmp_path):
    """A fixable finding whose evidence comes from another module is fixed, and what remains after
    the fix is judged with the project's index too."""
    (tmp_path / "pyproject.toml").write_text("[tool.futurelint]\n")
    (tmp_path / "pools.py").write_text("from concurrent.futures import ThreadPoolExecutor\nPOOL = ThreadPoolExecutor(2)\n")
    (tmp_path / "jobs.py").write_text(
        "from pools import POOL\n\n\ndef render(pages, job):\n    POOL.submit(job)\n    return list(POOL.map(job, pages, chunksize=8))\n"
    )
    before = lint_project(tmp_path)
    assert [code for _, code, _, _ in before] == ["FUT404", "FUT902"]
    outcome = run_process("check", "--fix", "--output-format", "json", "--exit-zero", ".", cwd=tmp_path)
    assert [f["code"] for f in json.loads(outcome.stdout)] == ["FUT902"]
    assert "chunksize" not in (tmp_path / "jobs.py").read_text()


def test_an_index_that_cannot_be_built_is_a_warning_and_the_files_are_still_linted(tmp_path, monkeypatch):
    import shutil

    import futurelint.indexing
    from cli_helpers import invoke

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    root = tmp_path / "pool_module"
    shutil.copytree(PROJECTS / "pool_module", root)
    (root / "app" / "direct.py").write_text("from concurrent.futures import ThreadPoolExecutor\nThreadPoolExecutor().submit(print)\n")
    monkeypatch.chdir(root)
    monkeypatch.setattr(futurelint.indexing, "build_index", broken)  # the worker is forked: it inherits this
    outcome = invoke("check", "--no-cache", "--output-format", "concise", "--exit-zero", ".")
    assert "project index" in outcome.stderr and "internal error: RuntimeError: boom" in outcome.stderr
    assert "app/direct.py:2:1: FUT902" in outcome.stdout and "app/jobs.py" not in outcome.stdout
