"""Finding files: walking, exclude globs, --force-exclude, .gitignore."""

from __future__ import annotations

import functools
import os
import subprocess
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cli_helpers import FLAGGED, invoke, write
from futurelint.discovery import (
    DEFAULT_EXCLUDE,
    DiscoveryOptions,
    Excluder,
    discover,
    gitignore_verdict,
    glob_regex,
    invalid_glob,
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


def test_a_bounded_walk_stops_after_more_than_max_files(project):
    for name in ("a.py", "b.py", "pkg/c.py"):
        write(project, name, "")
    assert not discover(["."], defaults(project), max_files=3).truncated
    found = discover(["."], defaults(project), max_files=1)
    assert found.truncated and len(found.files) == 2  # stopped at the first file over the bound


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


def reference_match(pattern: str, path: str) -> bool:
    """A direct (slow, obviously right) glob matcher for the cases the generated tests use: `*`,
    `**`, `**/`, a final `/**`, `?` and literals."""

    @functools.lru_cache(maxsize=None)
    def match(p: int, t: int) -> bool:
        if p == len(pattern):
            return t == len(path)
        if pattern.startswith("**/", p):
            return match(p + 3, t) or any(path[k] == "/" and match(p + 3, k + 1) for k in range(t, len(path)))
        if pattern[p:] == "/**":
            return t == len(path) or path[t] == "/"
        if pattern.startswith("**", p):
            return any(match(p + 2, k) for k in range(t, len(path) + 1))
        if pattern[p] == "*":
            return any(match(p + 1, k) for k in range(t, len(path) + 1) if "/" not in path[t:k])
        if t < len(path) and (pattern[p] == path[t] or (pattern[p] == "?" and path[t] != "/")):
            return match(p + 1, t + 1)
        return False

    return match(0, 0)


GLOB_PIECES = st.sampled_from(["*", "a", "b", "/", "?", "**/"])
PATH_PIECES = st.sampled_from(["a", "b", "/", "ab", "ba"])


@settings(max_examples=800, deadline=None)
@given(st.lists(GLOB_PIECES, max_size=7).map("".join), st.lists(PATH_PIECES, max_size=8).map("".join))
def test_glob_regex_agrees_with_a_direct_matcher(pattern, path):
    assert bool(glob_regex(pattern).match(path)) is reference_match(pattern, path), (pattern, path)


def test_many_stars_match_in_linear_time():
    """Issue 14, item 15: `*a*a*...*b` against a name of `a`s backtracked exponentially in the
    number of stars. Doubling the name must not much more than double the time."""
    pattern = "*a" * 10 + "*b"  # the issue's: 19 s against a 40-character name
    start = time.perf_counter()
    assert not Excluder.build([(pattern, Path("/r"))]).excludes("/r/" + "a" * 40)
    assert time.perf_counter() - start < 1
    regex = glob_regex(pattern)

    def seconds(name: str) -> float:
        start = time.perf_counter()
        for _ in range(20):
            assert regex.match(name) is None
        return time.perf_counter() - start

    assert seconds("a" * 800) < 20 * seconds("a" * 400) + 0.05


@pytest.mark.parametrize("pattern", ["[z-a]", "x[z-a]*.py", "[[:bogus:]"])
def test_invalid_globs_match_nothing_and_are_reported(pattern):
    assert glob_regex(pattern).match("x.py") is None and glob_regex(pattern).match("z") is None
    assert parse_gitignore(f"{pattern}\nkept.py\n", "/r")[-1].regex.match("kept.py")
    assert invalid_glob(pattern) or pattern == "[[:bogus:]"


def test_classes_never_match_a_slash():
    assert not glob_regex("a[!x]b").match("a/b") and not glob_regex("a[/]b").match("a/b")


def test_invalid_globs_in_settings_are_ignored_with_a_warning(project):
    write(project, "a.py", FLAGGED)
    write(project, "pyproject.toml", '[tool.futurelint]\nextend-exclude = ["x[z-a]"]\n[tool.futurelint.per-file-ignores]\n"[z-a]" = ["FUT902"]\n')
    write(project, ".gitignore", "[z-a]\n")
    (project / ".git").mkdir()
    outcome = invoke("check", "--output-format", "concise", "--extend-exclude", "[b-a].py", ".")
    assert outcome.exit_code == 1 and "a.py:3:5: FUT902" in outcome.stdout
    assert outcome.stderr.splitlines() == [
        "futurelint: warning: ignoring the invalid glob pattern `[b-a].py`",
        "futurelint: warning: ignoring the invalid glob pattern `x[z-a]`",
        "futurelint: warning: ignoring the invalid glob pattern `[z-a]`",
    ]


def test_a_tree_thousands_of_levels_deep_is_walked(project):
    """Issue 14, item 16: the recursive walk overflowed Python's stack at about 1,000 levels."""
    deepest = project
    for _ in range(1500):
        deepest = deepest / "d"
        try:
            deepest.mkdir()
        except OSError:  # the path grew too long for this system
            break
    (deepest / "deep.py").write_text(FLAGGED)
    try:
        found = discover(["."], defaults(project))
        assert len(found.files) == 1 and found.files[0].endswith("/d/deep.py")
    finally:  # bottom up: shutil.rmtree, which pytest cleans up with, recurses too
        (deepest / "deep.py").unlink()
        while deepest != project:
            deepest.rmdir()
            deepest = deepest.parent
