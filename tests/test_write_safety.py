"""`--fix` and `--add-noqa` damage nothing around a file's content (issue 14, items 8 to 12): links,
owners, modes, read-only files and directories, files changed meanwhile, codecs, stdin."""

from __future__ import annotations

import os
import stat
import sys
import tempfile

import pytest

import futurelint.writing
from cli_helpers import invoke, run_process, write

FIXABLE = (
    "from concurrent.futures import ThreadPoolExecutor\n"
    "def first_done(items):\n"
    "    with ThreadPoolExecutor() as ex:\n"
    "        futs = [ex.submit(len, i) for i in items]\n"
    "        return not futs[0].done\n"
)
FIXED = FIXABLE.replace(".done\n", ".done()\n")
UNFIXABLE = "from concurrent.futures import ThreadPoolExecutor\nwith ThreadPoolExecutor() as ex:\n    ex.submit(print)\n"

posix_only = pytest.mark.skipif(sys.platform.startswith("win"), reason="POSIX links, owners and modes")


def fix(tmp_path, *paths, expect=0):
    outcome = invoke("check", "--fix", "--select", "FUT302", "--output-format", "concise", *[str(p) for p in paths])
    assert outcome.exit_code == expect, (outcome.stdout, outcome.stderr)
    return outcome


@posix_only
def test_a_symlink_is_written_through_to_its_target(tmp_path):
    target = write(tmp_path, "real/mod.py", FIXABLE)
    link = tmp_path / "link.py"
    link.symlink_to(target)
    fix(tmp_path, link)
    assert link.is_symlink() and os.readlink(str(link)) == str(target)
    assert target.read_text() == FIXED


@posix_only
def test_hard_links_stay_links(tmp_path):
    first = write(tmp_path, "a.py", FIXABLE)
    second = tmp_path / "b_link.txt"
    os.link(str(first), str(second))
    fix(tmp_path, first)
    assert os.stat(str(first)).st_ino == os.stat(str(second)).st_ino
    assert second.read_text() == FIXED


@posix_only
@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="giving files away needs root")
def test_owner_group_and_mode_are_kept_when_run_as_root(tmp_path):
    path = write(tmp_path, "theirs.py", FIXABLE)
    os.chown(str(path), 65534, 65534)  # nobody
    os.chmod(str(path), 0o640)
    fix(tmp_path, path)
    info = path.stat()
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (65534, 65534, 0o640)
    assert path.read_text() == FIXED


@posix_only
def test_a_read_only_file_is_skipped_with_a_warning(tmp_path):
    path = write(tmp_path, "ro.py", FIXABLE)
    other = write(tmp_path, "rw.py", FIXABLE)
    os.chmod(str(path), 0o444)
    outcome = fix(tmp_path, path, other, expect=1)
    assert path.read_text() == FIXABLE and other.read_text() == FIXED
    assert f"futurelint: warning: {path}: not fixed: it is read-only" in outcome.stderr
    assert "ro.py:5:20: FUT302" in outcome.stdout.replace(str(tmp_path) + os.sep, "")
    assert "(1 fixed, 1 remaining)" in outcome.stdout


def test_a_directory_that_cannot_be_written_is_reported_and_the_run_goes_on(tmp_path, monkeypatch):
    """Simulated: as root, a directory's mode does not stop creating files in it."""
    locked = write(tmp_path, "locked/a.py", FIXABLE)
    free = write(tmp_path, "free/b.py", FIXABLE)
    real = tempfile.mkstemp

    def refuse_in_locked(*args, **kwargs):
        if kwargs.get("dir", "").endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return real(*args, **kwargs)

    monkeypatch.setattr(futurelint.writing.tempfile, "mkstemp", refuse_in_locked)
    outcome = fix(tmp_path, tmp_path / "locked", tmp_path / "free", expect=1)
    assert locked.read_text() == FIXABLE and free.read_text() == FIXED
    assert f"{locked}: not fixed: cannot write it: Permission denied" in outcome.stderr
    assert "Traceback" not in outcome.stderr and "(1 fixed, 1 remaining)" in outcome.stdout


def test_a_file_changed_while_linting_counts_as_not_fixed(tmp_path, monkeypatch):
    path = write(tmp_path, "a.py", FIXABLE)
    real = futurelint.writing.read_bounded

    def edited_meanwhile(name, *args, **kwargs):
        path.write_text(FIXABLE + "# edited\n")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(futurelint.writing, "read_bounded", edited_meanwhile)
    outcome = fix(tmp_path, path, expect=1)
    assert path.read_text() == FIXABLE + "# edited\n"
    assert "not fixed: changed while futurelint was running" in outcome.stderr
    assert "Found 1 finding." in outcome.stdout and "fixed" not in outcome.stdout


def test_a_codec_that_does_not_round_trip_is_refused(tmp_path):
    source = "# coding: unicode_escape\n" + FIXABLE
    path = write(tmp_path, "esc.py", source)
    outcome = fix(tmp_path, path, expect=1)
    assert path.read_text() == source
    assert "not fixed: its encoding (unicode_escape) does not give back the same text" in outcome.stderr


def test_a_latin_1_file_is_fixed_in_latin_1(tmp_path):
    path = tmp_path / "latin.py"
    path.write_bytes(b"# -*- coding: latin-1 -*-\n" + FIXABLE.encode() + b"s = '\xe9'\n")
    fix(tmp_path, path)
    assert path.read_bytes() == b"# -*- coding: latin-1 -*-\n" + FIXED.encode() + b"s = '\xe9'\n"


def test_add_noqa_on_a_read_only_file_is_reported_and_exits_1(tmp_path):
    path = write(tmp_path, "ro.py", UNFIXABLE)
    os.chmod(str(path), 0o444)
    outcome = invoke("check", "--add-noqa", str(path))
    assert outcome.exit_code == 1 and path.read_text() == UNFIXABLE
    assert "not fixed: it is read-only" in outcome.stderr and "Added 0 noqa directives." in outcome.stderr


@pytest.mark.parametrize(
    "source, args",
    [
        ("x = 1\n", ()),  # no finding possible: the prefilter skips it
        (UNFIXABLE, ()),  # a finding, but nothing to fix
        (FIXABLE, ("--extend-exclude", "gen.py", "--force-exclude")),  # force-excluded
        ("x = 'caf\xe9'\n", ()),  # not ASCII
    ],
    ids=["clean", "unfixable", "force-excluded", "non-ascii"],
)
def test_fix_from_stdin_always_prints_the_source(tmp_path, source, args):
    """Issue 14, item 12: an editor's fix-on-save replaces the file with stdout."""
    outcome = run_process("check", "--fix", "--stdin-filename", "gen.py", *args, "-", cwd=tmp_path, stdin=source)
    assert outcome.stdout == source
    assert "All checks passed!" not in outcome.stdout


def test_fix_from_stdin_prints_a_too_large_input_whole(tmp_path):
    write(tmp_path, "pyproject.toml", "[tool.futurelint]\nmax-file-size = 100\n")
    source = FIXABLE * 20
    outcome = run_process("check", "--fix", "-", cwd=tmp_path, stdin=source)
    assert outcome.stdout == source and "too large" in outcome.stderr


def test_fixes_are_computed_in_workers_under_the_time_limit(tmp_path, monkeypatch):
    """The parent never parses a user's file, not even to fix it; a fix that stalls is given up."""
    import time

    import futurelint.rewrite

    fixers = tmp_path / "fixers.txt"
    real = futurelint.rewrite.fix_source

    def recorded(source, path, *args, **kwargs):
        with open(fixers, "a") as log:
            log.write(f"{os.getpid()}\n")
        if path.endswith("stuck.py"):
            time.sleep(60)
        return real(source, path, *args, **kwargs)

    monkeypatch.setattr(futurelint.rewrite, "fix_source", recorded)
    stuck = write(tmp_path, "stuck.py", FIXABLE)
    fine = write(tmp_path, "fine.py", FIXABLE)
    write(tmp_path, "pyproject.toml", "[tool.futurelint]\ntime-limit = 0.5\n")
    outcome = fix(tmp_path, tmp_path, expect=1)
    assert fine.read_text() == FIXED and stuck.read_text() == FIXABLE
    assert f"{stuck}: not fixed: too slow (timed out after 0.5 seconds, the time-limit)" in outcome.stderr
    assert str(os.getpid()) not in fixers.read_text().split()
