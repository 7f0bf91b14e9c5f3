"""Finding files: walking, exclude globs, --force-exclude, .gitignore."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from cli_helpers import FLAGGED, invoke, write
from futurelint.discovery import (
    DEFAULT_EXCLUDE,
    DiscoveryOptions,
    Excluder,
    discover,
    gitignore_verdict,
    glob_regex,
    parse_gitignore,
)


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def names(found, root: Path) -> list[str]:
    return [os.path.relpath(path, str(root)) for path in found.files]


def defaults(root: Path, *extra: str) -> DiscoveryOptions:
    return DiscoveryOptions(Excluder.build([(p, root) for p in DEFAULT_EXCLUDE + extra]))


@pytest.mark.parametrize(
    "pattern, path, matches",
    [
        ("*.py", "a.py", True),
        ("*.py", "d/a.py", False),
        ("**/*.py", "d/e/a.py", True),
        ("**/*.py", "a.py", True),
        ("d/**", "d/e/a.py", True),
        ("a?.py", "ab.py", True),
        ("[ab].py", "b.py", True),
        ("[!ab].py", "b.py", False),
        ("foo_*.py", "foo_bar.py", True),
    ],
)
def test_glob_regex(pattern, path, matches):
    assert bool(glob_regex(pattern).match(path)) is matches


def test_walk_finds_py_and_pyi_sorted(project):
    for name in ("b.py", "a.pyi", "c.txt", "pkg/d.py", "pkg/__pycache__/d.py", ".venv/x.py", "node_modules/y.py"):
        write(project, name, "")
    assert names(discover(["."], defaults(project)), project) == ["a.pyi", "b.py", os.path.join("pkg", "d.py")]


def test_explicit_file_is_linted_whatever_its_suffix_and_deduplicated(project):
    write(project, "script", "")
    write(project, "a.py", "")
    found = discover(["script", "a.py", ".", "./a.py"], defaults(project))
    assert names(found, project) == ["a.py", "script"]


def test_missing_paths_are_reported(project):
    assert discover(["nope.py"], defaults(project)).missing == ["nope.py"]


def test_name_and_path_excludes(project):
    for name in ("gen/a.py", "src/gen/b.py", "src/migrations/c.py", "src/keep.py", "src/foo_x.py"):
        write(project, name, "")
    found = discover(["."], defaults(project, "gen", "src/migrations", "foo_*.py"))
    assert names(found, project) == [os.path.join("src", "keep.py")]


def test_excluded_explicit_file_is_linted_unless_force_exclude(project):
    write(project, "gen/a.py", "")
    options = defaults(project, "gen")
    assert names(discover(["gen/a.py"], options), project) == [os.path.join("gen", "a.py")]
    forced = DiscoveryOptions(options.excluder, force_exclude=True, root=str(project))
    assert discover(["gen/a.py"], forced).files == []


def test_force_exclude_on_the_command_line(project):
    write(project, "build/a.py", FLAGGED)
    assert invoke("check", "--select", "FUT902", "build/a.py").exit_code == 1
    assert invoke("check", "--select", "FUT902", "--force-exclude", "build/a.py").exit_code == 0


def test_cli_exclude_replaces_defaults_and_extend_exclude_adds(project):
    write(project, "build/a.py", FLAGGED)
    write(project, "gen/b.py", FLAGGED)
    result = invoke("check", "--select", "FUT902", "--output-format", "concise", "-q", "--exclude", "gen")
    assert [line.split(":")[0] for line in result.stdout.splitlines()] == ["build/a.py"]
    assert invoke("check", "--select", "FUT902", "--extend-exclude", "gen").exit_code == 0


def _git_init(root: Path) -> None:
    subprocess.run(["git", "init", "-q", str(root)], check=True)


def test_gitignore_semantics():
    rules = parse_gitignore("*.gen.py\n/top.py\nbuild/\n!keep.gen.py\ndocs/**/x.py\n\\#hash.py\n# comment\n", "/r")
    assert gitignore_verdict(rules, "/r/a/b.gen.py", False) is True
    assert gitignore_verdict(rules, "/r/keep.gen.py", False) is False
    assert gitignore_verdict(rules, "/r/top.py", False) is True
    assert gitignore_verdict(rules, "/r/sub/top.py", False) is None  # anchored to the .gitignore's directory
    assert gitignore_verdict(rules, "/r/a/build", True) is True
    assert gitignore_verdict(rules, "/r/a/build", False) is None  # `build/` matches directories only
    assert gitignore_verdict(rules, "/r/docs/a/b/x.py", False) is True
    assert gitignore_verdict(rules, "/r/#hash.py", False) is True
    assert gitignore_verdict(rules, "/other/a.gen.py", False) is None


def test_gitignore_in_a_repository(project):
    _git_init(project)
    write(project, ".gitignore", "ignored/\n*_pb2.py\n")
    write(project, "sub/.gitignore", "local.py\n")
    for name in ("ignored/a.py", "x_pb2.py", "sub/local.py", "local.py", "sub/kept.py"):
        write(project, name, FLAGGED)
    found = discover(["."], defaults(project))
    assert names(found, project) == ["local.py", os.path.join("sub", "kept.py")]
    # a walk that starts below the repository root still honours the root's .gitignore
    assert names(discover(["sub"], defaults(project)), project) == [os.path.join("sub", "kept.py")]
    no_git = DiscoveryOptions(defaults(project).excluder, respect_gitignore=False)
    assert len(discover(["."], no_git).files) == 5


def test_gitignore_flag_on_the_command_line(project):
    _git_init(project)
    write(project, ".gitignore", "gen.py\n")
    write(project, "gen.py", FLAGGED)
    assert invoke("check", "--select", "FUT902").exit_code == 0
    assert invoke("check", "--select", "FUT902", "--no-respect-gitignore").exit_code == 1
    write(project, "pyproject.toml", "[tool.futurelint]\nrespect-gitignore = false\n")
    assert invoke("check", "--select", "FUT902").exit_code == 1
    assert invoke("check", "--select", "FUT902", "--respect-gitignore").exit_code == 0


def test_gitignore_outside_a_repository_is_not_used(project):
    write(project, ".gitignore", "gen.py\n")
    write(project, "gen.py", "")
    assert names(discover(["."], defaults(project)), project) == ["gen.py"]


def test_symlinked_directories_are_not_followed(project):
    write(project, "pkg/a.py", "")
    try:
        os.symlink(str(project / "pkg"), str(project / "pkg" / "loop"))
    except (OSError, NotImplementedError):
        pytest.skip("no symlinks here")
    assert names(discover(["."], defaults(project)), project) == [os.path.join("pkg", "a.py")]


def test_unreadable_directory_is_reported_and_the_walk_goes_on(project, monkeypatch):
    write(project, "locked/a.py", "")
    write(project, "open/b.py", "")
    real_scandir = os.scandir

    def scandir(path="."):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    found = discover(["."], defaults(project))
    assert names(found, project) == [os.path.join("open", "b.py")]
    assert found.errors == [(str(project / "locked"), "Cannot read directory: Permission denied")]
    result = invoke("check", "--output-format", "concise", "-q")
    assert result.stdout == "locked:1:1: FUT000 Cannot read directory: Permission denied\n"
