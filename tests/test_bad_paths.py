"""Bad paths on the real command line: odd directory entries, unreadable and vanishing files, names
with characters that output formats must escape, a closed output pipe, and memory over many files.

Every tree also holds `good.py`, whose FUT902 finding must survive whatever else goes wrong, and no
run may print a traceback. (Files that cannot be parsed are covered in test_bad_input.py.)"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from urllib.parse import quote

import pytest

import futurelint.cli
import futurelint.discovery
import futurelint.runner
from cli_helpers import invoke, run_process

GOOD = "from concurrent.futures import ThreadPoolExecutor\nwith ThreadPoolExecutor() as ex:\n    ex.submit(print)\n"
GOOD_FINDING = "good.py:3:5: FUT902"
WEIRD = "we ird/ü,x:%y.py"  # space, non-ASCII, comma, colon, percent


@pytest.fixture
def tree(tmp_path: Path, monkeypatch) -> Path:
    (tmp_path / "good.py").write_text(GOOD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def symlink(target: str, link: Path) -> None:
    try:
        os.symlink(target, str(link))
    except (OSError, NotImplementedError):
        pytest.skip("symlinks are not available here")


def concise(tree: Path, *args: str):
    outcome = run_process("check", "--output-format", "concise", *args, cwd=tree)
    assert "Traceback" not in outcome.stderr, outcome.stderr
    return outcome


def fut000(stdout: str, shown: str) -> str:
    """The FUT000 line for `shown` (exactly one)."""
    lines = [line for line in stdout.splitlines() if line.startswith(f"{shown}:1:1: FUT000 ")]
    assert len(lines) == 1, stdout
    return lines[0]


def assert_good_reported(stdout: str) -> None:
    assert GOOD_FINDING in stdout, stdout


# ---------------------------------------------------------------------------------------------
# Odd directory entries
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["walked", "named"])
def test_a_directory_named_like_a_python_file_is_walked_not_read(tree, how):
    (tree / "x.py").mkdir()
    (tree / "x.py" / "inner.py").write_text(GOOD, encoding="utf-8")
    outcome = concise(tree, *([] if how == "walked" else ["good.py", "x.py"]))
    assert outcome.exit_code == 1
    assert_good_reported(outcome.stdout)
    assert "x.py/inner.py:3:5: FUT902" in outcome.stdout
    assert "FUT000" not in outcome.stdout and outcome.stderr == ""


def test_a_directory_symlink_to_its_parent_is_not_followed(tree):
    (tree / "pkg").mkdir()
    (tree / "pkg" / "mod.py").write_text(GOOD, encoding="utf-8")
    symlink("..", tree / "pkg" / "up")
    symlink("..", tree / "pkg" / "up.py")  # a link to a directory, named like a file
    outcome = concise(tree)
    assert outcome.exit_code == 1 and outcome.stderr == ""
    assert_good_reported(outcome.stdout)
    assert outcome.stdout.count("FUT902") == 2 and "FUT000" not in outcome.stdout  # each file once


@pytest.mark.parametrize("how", ["walked", "named"])
def test_file_symlinks_pointing_at_each_other_give_fut000(tree, how):
    symlink("b.py", tree / "a.py")
    symlink("a.py", tree / "b.py")
    outcome = concise(tree, *([] if how == "walked" else ["good.py", "a.py"]))
    assert outcome.exit_code == 1 and outcome.stderr == ""
    assert_good_reported(outcome.stdout)
    assert "symbolic links" in fut000(outcome.stdout, "a.py")


@pytest.mark.parametrize("how", ["walked", "named"])
def test_a_dangling_symlink_gives_fut000(tree, how):
    symlink("nowhere.py", tree / "dangling.py")
    outcome = concise(tree, *([] if how == "walked" else ["good.py", "dangling.py"]))
    assert outcome.exit_code == 1 and outcome.stderr == ""
    assert_good_reported(outcome.stdout)
    assert "Cannot read file: No such file or directory" in fut000(outcome.stdout, "dangling.py")


# ---------------------------------------------------------------------------------------------
# Unreadable and vanishing files
# ---------------------------------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads files whatever their mode")
def test_a_file_without_read_permission_gives_fut000(tree):
    secret = tree / "secret.py"
    secret.write_text(GOOD, encoding="utf-8")
    secret.chmod(0)
    try:
        outcome = concise(tree)
    finally:
        secret.chmod(0o644)
    assert outcome.exit_code == 1 and outcome.stderr == ""
    assert_good_reported(outcome.stdout)
    assert "Permission denied" in fut000(outcome.stdout, "secret.py")


def test_a_file_the_runner_may_not_open_gives_fut000(tree, monkeypatch):
    """The same, simulated, so that it also runs as root (where mode 000 does not stop reading)."""
    secret = tree / "secret.py"
    secret.write_text(GOOD, encoding="utf-8")

    real_read = futurelint.runner.read_bounded

    def guarded_read(path, *args, **kwargs):
        if os.path.basename(str(path)) == "secret.py":
            raise PermissionError(13, "Permission denied", str(path))
        return real_read(path, *args, **kwargs)

    monkeypatch.setattr(futurelint.runner, "read_bounded", guarded_read)
    outcome = invoke("check", "--output-format", "concise", "--jobs", "2", ".")
    assert outcome.exit_code == 1 and outcome.stderr == ""
    assert_good_reported(outcome.stdout)
    assert "Cannot read file: Permission denied" in fut000(outcome.stdout, "secret.py")


def test_a_directory_the_walk_may_not_open_gives_fut000(tree, monkeypatch):
    """Simulated, as above: as root, mode 000 does not stop listing a directory."""
    (tree / "locked").mkdir()
    (tree / "locked" / "hidden.py").write_text(GOOD, encoding="utf-8")
    real_scandir = os.scandir

    def guarded_scandir(path="."):
        if os.path.basename(str(path)) == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(futurelint.discovery.os, "scandir", guarded_scandir)
    outcome = invoke("check", "--output-format", "concise", ".")
    assert outcome.exit_code == 1 and outcome.stderr == ""
    assert_good_reported(outcome.stdout)
    assert "Cannot read directory: Permission denied" in fut000(outcome.stdout, "locked")
    assert "hidden.py" not in outcome.stdout


def test_a_file_deleted_between_discovery_and_reading_gives_fut000(tree, monkeypatch):
    doomed = tree / "doomed.py"
    doomed.write_text(GOOD, encoding="utf-8")
    real_discover = futurelint.cli.discover

    def discover_then_delete(*args, **kwargs):
        found = real_discover(*args, **kwargs)
        assert str(doomed) in found.files
        doomed.unlink()
        return found

    monkeypatch.setattr(futurelint.cli, "discover", discover_then_delete)
    outcome = invoke("check", "--output-format", "concise", ".")
    assert outcome.exit_code == 1 and outcome.stderr == ""
    assert_good_reported(outcome.stdout)
    assert "Cannot read file: No such file or directory" in fut000(outcome.stdout, "doomed.py")


# ---------------------------------------------------------------------------------------------
# Files and paths named explicitly
# ---------------------------------------------------------------------------------------------


def test_an_explicit_non_python_file_is_linted_as_ruff_does(tree):
    (tree / "script.txt").write_text(GOOD, encoding="utf-8")
    walked = concise(tree)
    assert "script.txt" not in walked.stdout  # a walk looks at *.py and *.pyi only
    outcome = concise(tree, "good.py", "script.txt")
    assert outcome.exit_code == 1 and outcome.stderr == ""
    assert_good_reported(outcome.stdout)
    assert "script.txt:3:5: FUT902" in outcome.stdout


def test_explicit_binary_garbage_is_skipped_or_gives_fut000(tree):
    garbage = bytes(range(256)) * 8
    (tree / "plain.bin").write_bytes(garbage)  # the prefilter: no `concurrent`, so nothing to find
    (tree / "mentions.bin").write_bytes(garbage + b"concurrent" + garbage)  # must be parsed, and cannot be
    outcome = concise(tree, "good.py", "plain.bin", "mentions.bin")
    assert outcome.exit_code == 1 and outcome.stderr == ""
    assert_good_reported(outcome.stdout)
    assert "plain.bin" not in outcome.stdout
    assert "Cannot decode file" in fut000(outcome.stdout, "mentions.bin")


def test_a_path_that_does_not_exist_is_reported_and_the_rest_linted(tree):
    outcome = concise(tree, "good.py", "no such dir/missing.py")
    assert outcome.exit_code == 1
    assert_good_reported(outcome.stdout)
    assert "Cannot read file: No such file or directory" in fut000(outcome.stdout, "no such dir/missing.py")
    assert outcome.stderr.strip().splitlines() == [
        "futurelint: warning: Failed to lint no such dir/missing.py: No such file or directory"
    ]


# ---------------------------------------------------------------------------------------------
# Names with characters that formats must escape
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def weird_tree(tree: Path) -> Path:
    (tree / WEIRD).parent.mkdir()
    (tree / WEIRD).write_text(GOOD, encoding="utf-8")
    return tree


def check_format(tree: Path, output_format: str):
    outcome = run_process("check", "--output-format", output_format, cwd=tree)
    assert outcome.exit_code == 1 and outcome.stderr == "", outcome.stderr
    return outcome.stdout


@pytest.mark.parametrize("output_format", ["full", "concise"])
def test_weird_names_in_human_formats(weird_tree, output_format):
    stdout = check_format(weird_tree, output_format)
    assert f"{WEIRD}:3:5: FUT902" in stdout
    assert_good_reported(stdout)


def test_weird_names_in_json(weird_tree):
    records = json.loads(check_format(weird_tree, "json"))
    assert sorted(record["filename"] for record in records) == [str(weird_tree / "good.py"), str(weird_tree / WEIRD)]


def test_weird_names_in_json_lines(weird_tree):
    records = [json.loads(line) for line in check_format(weird_tree, "json-lines").splitlines()]
    assert sorted(record["filename"] for record in records) == [str(weird_tree / "good.py"), str(weird_tree / WEIRD)]


def test_weird_names_in_github_annotations(weird_tree):
    lines = check_format(weird_tree, "github").splitlines()
    escaped_property = "we ird/ü%2Cx%3A%25y.py"  # `%`, `:` and `,` escaped in properties
    escaped_message = "we ird/ü,x:%25y.py"  # only `%` (and CR, LF) in the message
    expected = (
        f"::error title=futurelint (FUT902),file={escaped_property},line=3,col=5,endLine=3,endColumn=21"
        f"::{escaped_message}:3:5: FUT902 "
    )
    assert any(line.startswith(expected) for line in lines), lines
    assert any(line.startswith("::error title=futurelint (FUT902),file=good.py,") for line in lines)


def test_line_breaks_in_names_are_escaped_for_github(tree):
    if sys.platform.startswith("win"):
        pytest.skip("Windows forbids line breaks in names")
    (tree / "a\r\nb.py").write_text(GOOD, encoding="utf-8")
    lines = check_format(tree, "github").splitlines()
    assert len(lines) == 3  # two annotations and the summary: no raw line break leaked
    assert "file=a%0D%0Ab.py," in lines[0] and "::a%0D%0Ab.py:3:5: FUT902" in lines[0]


def test_weird_names_in_sarif(weird_tree):
    sarif = json.loads(check_format(weird_tree, "sarif"))
    uris = sorted(
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for result in sarif["runs"][0]["results"]
    )
    assert uris == ["good.py", "we%20ird/%C3%BC%2Cx%3A%25y.py"]
    assert uris[1] == quote(WEIRD, safe="/")


def test_weird_names_in_gitlab(weird_tree):
    issues = json.loads(check_format(weird_tree, "gitlab"))
    assert sorted(issue["location"]["path"] for issue in issues) == ["good.py", WEIRD]
    assert len({issue["fingerprint"] for issue in issues}) == 2


def test_weird_names_in_junit(weird_tree):
    root = ElementTree.fromstring(check_format(weird_tree, "junit").encode("utf-8"))
    suites = {suite.get("name"): suite for suite in root.iter("testsuite")}
    assert sorted(suites) == ["good.py", WEIRD]
    [case] = suites[WEIRD].findall("testcase")
    assert case.get("file") == WEIRD and case.find("failure").get("type") == "FUT902"


ALL_FORMATS = ["full", "concise", "json", "json-lines", "github", "sarif", "gitlab", "junit"]


@pytest.mark.parametrize("output_format", ALL_FORMATS)
def test_a_name_that_is_not_utf8_never_crashes_a_format(tree, output_format):
    if sys.platform in ("win32", "darwin"):
        pytest.skip("the file system insists on valid Unicode names")
    try:
        with open(os.path.join(os.fsencode(str(tree)), b"bad\xff.py"), "wb") as handle:
            handle.write(GOOD.encode())
    except OSError:
        pytest.skip("the file system refuses names that are not UTF-8")
    completed = subprocess.run(
        [sys.executable, "-m", "futurelint", "check", "--output-format", output_format],
        cwd=str(tree), capture_output=True, env=dict(os.environ, PYTHONIOENCODING="utf-8"),
    )
    assert completed.returncode == 1 and completed.stderr == b"", completed.stderr
    stdout = completed.stdout.decode("utf-8")  # valid UTF-8, or JSON and XML readers choke
    assert "good.py" in stdout and "bad" in stdout
    if output_format in ("full", "concise"):
        assert "bad\ufffd.py:3:5: FUT902" in stdout  # undecodable bytes shown as U+FFFD, as ruff does
    if output_format in ("json", "gitlab"):
        json.loads(stdout)
    if output_format == "sarif":
        results = json.loads(stdout)["runs"][0]["results"]
        uris = [result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for result in results]
        assert sorted(uris) == ["bad%FF.py", "good.py"]  # the name's own bytes, percent-encoded


# ---------------------------------------------------------------------------------------------
# A reader that leaves early
# ---------------------------------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("head") is None or shutil.which("bash") is None, reason="needs bash and head")
@pytest.mark.parametrize("output_format, exit_zero", [("full", False), ("json-lines", True)])
def test_a_closed_pipe_ends_the_run_quietly(tree, output_format, exit_zero):
    for index in range(600):  # far more output than a pipe buffer holds: the writer meets the closed end
        (tree / f"f{index:03}.py").write_text(GOOD, encoding="utf-8")
    flags = f"--jobs 2 --output-format {output_format}" + (" --exit-zero" if exit_zero else "")
    command = f'"{sys.executable}" -m futurelint check . {flags} | head -1; echo "status=${{PIPESTATUS[0]}}"'
    # Unbuffered output would make Python itself swallow the broken pipe, hiding what is tested here.
    env = {key: value for key, value in os.environ.items() if key != "PYTHONUNBUFFERED"}
    completed = subprocess.run(
        ["bash", "-c", command], cwd=str(tree), capture_output=True, text=True, env=env, timeout=120
    )
    first, status = completed.stdout.splitlines()
    assert "f000.py" in first
    assert status == f"status={0 if exit_zero else 1}"  # the findings decide, not the reader leaving
    assert completed.stderr == ""  # no traceback, no "BrokenPipeError", no "Exception ignored"


# ---------------------------------------------------------------------------------------------
# Memory does not grow with the number of files
# ---------------------------------------------------------------------------------------------

MEASURE = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=False)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""
MAX_SAMPLE_SIZE = 9_000  # bytes: keeps the two runs together around half a minute


def stdlib_samples() -> list[Path]:
    """Small standard-library modules that mention `concurrent` (so none is skipped unparsed)."""
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    samples = []
    for path in sorted(stdlib.rglob("*.py")):
        if "site-packages" in path.parts:
            continue
        try:
            if path.stat().st_size <= MAX_SAMPLE_SIZE and b"concurrent" in path.read_bytes():
                samples.append(path)
        except OSError:
            continue
    return samples


def peak_rss_mib(directory: Path) -> float:
    """Peak resident memory of `futurelint check DIRECTORY --jobs 1`, measured by a fresh parent whose
    only child it is (ru_maxrss is in KiB on Linux, bytes on macOS)."""
    command = [sys.executable, "-m", "futurelint", "check", str(directory), "--jobs", "1", "--quiet", "--exit-zero"]
    completed = subprocess.run(
        [sys.executable, "-c", MEASURE, *command], capture_output=True, text=True, check=True, timeout=300
    )
    peak = int(completed.stdout.strip())
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def copy_samples(samples: list[Path], target: Path, count: int) -> None:
    target.mkdir()
    for index in range(count):
        sample = samples[index % len(samples)]
        shutil.copyfile(str(sample), str(target / f"m{index:05}_{sample.name}"))


@pytest.mark.slow
@pytest.mark.skipif(sys.platform.startswith("win"), reason="the resource module is POSIX-only")
def test_peak_memory_does_not_grow_with_the_number_of_files(tmp_path):
    samples = stdlib_samples()
    if len(samples) < 3:
        pytest.skip("too few standard-library modules mention concurrent")
    copy_samples(samples, tmp_path / "small", 200)
    copy_samples(samples, tmp_path / "large", 2000)
    small, large = peak_rss_mib(tmp_path / "small"), peak_rss_mib(tmp_path / "large")
    print(f"\npeak RSS over {len(samples)} distinct modules: 200 files {small:.1f} MiB, 2000 files {large:.1f} MiB")
    assert large < 1.5 * small + 30
    assert large < 200


# ---------------------------------------------------------------------------------------------
# Special files: never read (issue 14, item 6)
# ---------------------------------------------------------------------------------------------


def bounded_run(tree: Path, *args: str) -> subprocess.CompletedProcess:
    """The real command, which must end on its own well before the timeout."""
    return subprocess.run(
        [sys.executable, "-m", "futurelint", "check", "--output-format", "concise", *args],
        cwd=str(tree), capture_output=True, text=True, timeout=60,
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo") or not os.path.exists("/dev/zero"), reason="POSIX special files")
def test_special_files_named_on_the_command_line_give_fut000_and_are_not_read(tree):
    os.mkfifo(str(tree / "fifo.py"))
    symlink("/dev/zero", tree / "zero.py")
    outcome = bounded_run(tree, "good.py", "fifo.py", "zero.py", "/dev/urandom")
    assert outcome.returncode == 1 and outcome.stderr == ""
    assert_good_reported(outcome.stdout)
    for shown in ("fifo.py", "zero.py", "/dev/urandom"):
        assert fut000(outcome.stdout, shown).endswith("FUT000 Cannot read file: not a regular file")


@pytest.mark.skipif(not hasattr(os, "mkfifo") or not os.path.exists("/dev/zero"), reason="POSIX special files")
@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
def test_a_special_gitignore_is_not_read(tree, kind):
    (tree / ".git").mkdir()
    (tree / "sub").mkdir()
    (tree / "sub" / "good.py").write_text(GOOD, encoding="utf-8")
    for directory in (tree, tree / "sub"):
        if kind == "fifo":
            os.mkfifo(str(directory / ".gitignore"))
        else:
            symlink("/dev/zero", directory / ".gitignore")
    outcome = bounded_run(tree, ".")
    assert outcome.returncode == 1 and outcome.stderr == ""
    assert_good_reported(outcome.stdout)
    assert "sub/good.py:3:5: FUT902" in outcome.stdout


def test_a_symlinked_gitignore_is_not_followed_as_git_does(tree):
    (tree / ".git").mkdir()
    (tree / "rules.txt").write_text("good.py\n", encoding="utf-8")
    symlink("rules.txt", tree / ".gitignore")
    assert_good_reported(bounded_run(tree, ".").stdout)


# ---------------------------------------------------------------------------------------------
# Output cannot be hijacked (issue 14, items 17 and 18)
# ---------------------------------------------------------------------------------------------

HOSTILE_LINE = "    ex.submit(print)  # \x1b]0;owned\x07\x1b[2J\x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\\x9b31m\x7f\n"


@pytest.mark.parametrize("output_format", ["full", "concise"])
def test_escape_sequences_in_sources_and_names_never_reach_the_terminal(tree, output_format):
    if sys.platform.startswith("win"):
        pytest.skip("Windows forbids control characters in names")
    name = "x\x1b[2Jy\n::warning file=x::pwned\n.py"
    (tree / name).write_text(GOOD.replace("    ex.submit(print)\n", HOSTILE_LINE), encoding="utf-8")
    stdout = check_format(tree, output_format)
    assert not any(char in stdout for char in "\x1b\x07\x9b\x7f"), stdout
    assert not any(line.startswith("::") for line in stdout.splitlines())
    shown = "x\u241b[2Jy\u240a::warning file=x::pwned\u240a.py"
    assert f"{shown}:3:5: FUT902 " in stdout
    assert_good_reported(stdout)
    if output_format == "full":
        row = next(line for line in stdout.splitlines() if line.startswith("3 |     ex.submit(print)  # \u241b]0;owned\u2407"))
        carets = stdout.splitlines()[stdout.splitlines().index(row) + 1]
        assert carets.index("^") == row.index("ex.submit")
