"""Multi-file fixture projects (tests/fixtures/projects/<name>/, each with its own pyproject.toml):
the real command line lints the whole project, and the findings must be exactly what the `# expect:`
comments of its files name. A pool created in one module and misused in another is only visible to a
linter that knows the project, not just the file (issue #12, section 3)."""

from __future__ import annotations

import json
import os
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


# ------------------------------------------------------------------ no configuration file
POOLS = "from concurrent.futures import ThreadPoolExecutor\n\nPOOL = ThreadPoolExecutor(2)\n"
USE = "from pools import POOL\n\n\ndef work():\n    pass\n\n\nPOOL.submit(work)\n"


def unconfigured(root: Path, pools: str = POOLS) -> Path:
    """A project with no configuration file: `use.py` discards a future of the pool `pools.py` makes."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "pools.py").write_text(pools)
    (root / "use.py").write_text(USE)
    return root


def findings_for_use(root: Path, how: str, runner: str, *extra: str) -> list:
    """(file name, code, row) found when only use.py is linted from `root`, named on the command line
    or read from stdin with --stdin-filename (or when `.` is: `how="dir"`), in this process
    (CliRunner) or in a real one."""
    from cli_helpers import invoke

    args = ["check", "--output-format", "json", "--exit-zero", *extra]
    stdin = None
    if how in ("path", "dir"):
        args.append("use.py" if how == "path" else ".")
    else:
        args += ["--stdin-filename", "use.py", "-"]
        stdin = USE
    if runner == "process":
        outcome = run_process(*args, cwd=root, stdin=stdin)
    else:
        previous = os.getcwd()
        os.chdir(root)
        try:
            outcome = invoke(*args, stdin=stdin)
        finally:
            os.chdir(previous)
    assert outcome.exit_code == 0, outcome.stderr
    return [(Path(f["filename"]).name, f["code"], f["location"]["row"]) for f in json.loads(outcome.stdout)]


def outside_any_checkout(path: Path) -> None:
    from futurelint.indexing import _in_checkout

    if _in_checkout(str(path.resolve())):
        pytest.skip("the temporary directory is inside a version-control checkout")


WALKED = [("use.py", "FUT902", 8)]
BOTH_WAYS = [(how, runner) for how in ("path", "stdin") for runner in ("cli", "process")]


@pytest.mark.parametrize(("how", "runner"), BOTH_WAYS)
def test_without_a_configuration_file_a_checkout_root_is_walked_for_one_file(tmp_path, how, runner):
    """pre-commit runs `futurelint check use.py` at a repository's root, which has no configuration
    file: the working directory is a checkout (`.git`), so it is the project and is walked."""
    root = unconfigured(tmp_path / "repo")
    (root / ".git").mkdir()
    assert findings_for_use(root, how, runner, "--no-cache") == WALKED


@pytest.mark.parametrize(("how", "runner"), BOTH_WAYS)
def test_without_a_configuration_file_or_a_checkout_one_file_is_linted_alone(tmp_path, how, runner):
    """The near miss: the same files in a directory that is no checkout (it could be a home
    directory) are not walked, so use.py is linted on its own; `check .` names both and finds it."""
    root = unconfigured(tmp_path / "not_a_repo")
    outside_any_checkout(root)
    assert findings_for_use(root, how, runner, "--no-cache") == []
    assert findings_for_use(root, "dir", "cli", "--no-cache") == WALKED


@pytest.mark.parametrize("marker", [".git file", ".hg", "ancestor .git"])
def test_other_checkout_markers(tmp_path, marker):
    """A worktree's `.git` is a file; Mercurial's `.hg`; a working directory below a checkout's root
    (the walk starts at the working directory itself, its project root)."""
    repo = tmp_path / "repo"
    root = unconfigured(repo / "sub" if marker == "ancestor .git" else repo)
    if marker == ".git file":
        (repo / ".git").write_text("gitdir: /elsewhere/.git/worktrees/repo\n")
    else:
        (repo / marker.split()[-1]).mkdir()
    assert findings_for_use(root, "path", "cli", "--no-cache") == WALKED


def test_an_unconfigured_checkout_over_the_bound_is_not_walked(tmp_path, monkeypatch, caplog):
    import logging

    import futurelint.indexing

    root = unconfigured(tmp_path / "repo")
    (root / ".git").mkdir()
    monkeypatch.setattr(futurelint.indexing, "MAX_UNCONFIGURED_FILES", 1)
    with caplog.at_level(logging.DEBUG, logger="futurelint"):
        assert findings_for_use(root, "path", "cli", "--no-cache") == []
    assert "the project index holds the run's files only" in caplog.text
    monkeypatch.setattr(futurelint.indexing, "MAX_UNCONFIGURED_FILES", 2)
    assert findings_for_use(root, "path", "cli", "--no-cache") == WALKED


def test_the_cache_of_one_file_follows_the_unconfigured_project(tmp_path):
    """The cache (in the working directory, no configuration file) keys use.py's findings with the
    index's digest: once pools.py stops making a pool, use.py is linted again and is clean."""
    root = unconfigured(tmp_path / "repo")
    (root / ".git").mkdir()
    assert findings_for_use(root, "path", "cli") == WALKED
    assert findings_for_use(root, "path", "cli") == WALKED  # from the cache
    assert (root / ".futurelint_cache").is_dir()
    (root / "pools.py").write_text("POOL = None\n")
    assert findings_for_use(root, "path", "cli") == []
    (root / "pools.py").write_text(POOLS)
    assert findings_for_use(root, "path", "cli") == WALKED


def test_an_unconfigured_checkout_is_not_walked_for_a_file_outside_it(tmp_path, monkeypatch):
    """`futurelint check ../elsewhere/use.py` from a checkout without a configuration file: the
    working directory is the project root but holds none of the files linted, so it is not walked."""
    import futurelint.indexing
    from cli_helpers import invoke

    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    for index in range(3):
        (root / f"module_{index}.py").write_text(POOLS)
    elsewhere = unconfigured(tmp_path / "elsewhere")

    def walked(*args, **kwargs):
        raise AssertionError("the working directory was walked")

    monkeypatch.setattr(futurelint.indexing, "_project_files", walked)
    monkeypatch.chdir(root)
    outcome = invoke("check", "--no-cache", "--output-format", "json", "--exit-zero", str(elsewhere / "use.py"))
    assert outcome.exit_code == 0 and json.loads(outcome.stdout) == []


def test_a_nested_configuration_that_extends_the_projects_is_part_of_it():
    """`tests/pyproject.toml` with `extend = "../pyproject.toml"`: its files see the project's pools
    whether the run names one of them, or is started inside `tests/`."""
    root = PROJECTS / "nested_extend"
    expected = [("tests/send_jobs.py", "FUT902", 6, 5)]
    assert lint_project(root, "tests/send_jobs.py") == expected
    outcome = run_process("check", ".", "--output-format", "json", "--exit-zero", cwd=root / "tests")
    assert [(f["code"], f["location"]["row"]) for f in json.loads(outcome.stdout)] == [("FUT902", 6)]


@pytest.mark.parametrize("service_src", ["", 'src = ["."]\n'])
def test_services_extending_a_shared_base_stay_projects_of_their_own(tmp_path, service_src):
    """A monorepo: svc_a/ and svc_b/ each extend the root's configuration and have a `pools` module
    of their own; each `main.py` imports its own (svc_b's POOL is no executor)."""
    (tmp_path / "pyproject.toml").write_text("[tool.futurelint]\n")
    for service, pools in (("svc_a", POOLS), ("svc_b", "class P:\n    def submit(self, job):\n        return job()\n\nPOOL = P()\n")):
        (tmp_path / service).mkdir()
        (tmp_path / service / "pyproject.toml").write_text(f'[tool.futurelint]\nextend = "../pyproject.toml"\n{service_src}')
        (tmp_path / service / "pools.py").write_text(pools)
        (tmp_path / service / "main.py").write_text("from pools import POOL\n\nPOOL.submit(print)\n")
    expected = [("svc_a/main.py", "FUT902", 3, 1)]
    assert lint_project(tmp_path, "--no-cache") == expected
    assert lint_project(tmp_path, "--no-cache", "svc_a/main.py", "svc_b/main.py") == expected
