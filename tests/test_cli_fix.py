"""`check --fix`, `--unsafe-fixes`, `--diff` and `--add-noqa`, in-process and as a real process."""

from __future__ import annotations

import os
import stat

from cli_helpers import invoke, run_process, write

FIXABLE = (
    "from concurrent.futures import ThreadPoolExecutor\n"
    "def first_done(items):\n"
    "    with ThreadPoolExecutor() as ex:\n"
    "        futs = [ex.submit(len, i) for i in items]\n"
    "        if futs[0].done:\r\n"
    "            return list(ex.map(len, items, chunksize=4))\n"
    "        return [f.result() for f in futs]\n"
)
FIXED = FIXABLE.replace("futs[0].done:", "futs[0].done():").replace(", chunksize=4", "")
UNSAFE_ONLY = (
    "from concurrent.futures import ThreadPoolExecutor\n"
    "def work(a):\n"
    "    return [a]\n"
    "def run():\n"
    "    with ThreadPoolExecutor() as ex:\n"
    "        return ex.submit(work(1)).result()\n"
)
UNFIXABLE = "from concurrent.futures import ThreadPoolExecutor\nwith ThreadPoolExecutor() as ex:\n    ex.submit(print)\n"


def test_fix_rewrites_in_place_keeping_line_endings_and_mode(tmp_path):
    path = write(tmp_path, "pkg/mod.py", "")
    path.write_bytes(FIXABLE.encode())
    os.chmod(path, 0o640)
    outcome = run_process("check", "--fix", "pkg", cwd=tmp_path)
    assert outcome.exit_code == 0, outcome.stderr
    assert path.read_bytes() == FIXED.encode()
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert "Found 2 findings (2 fixed, 0 remaining)." in outcome.stdout
    again = run_process("check", "--fix", "pkg", cwd=tmp_path)
    assert again.exit_code == 0 and path.read_bytes() == FIXED.encode()


def test_remaining_findings_keep_exit_code_1(tmp_path):
    write(tmp_path, "a.py", FIXABLE)
    write(tmp_path, "b.py", UNFIXABLE)
    outcome = invoke("check", "--fix", "--output-format", "concise", str(tmp_path))
    assert outcome.exit_code == 1
    assert "FUT902" in outcome.stdout and "FUT302" not in outcome.stdout
    assert "(2 fixed, 1 remaining)" in outcome.stdout


def test_diff_changes_nothing_and_exits_1(tmp_path):
    path = write(tmp_path, "a.py", FIXABLE)
    outcome = run_process("check", "--diff", "a.py", cwd=tmp_path)
    assert outcome.exit_code == 1
    assert "--- a/a.py\n+++ b/a.py\n" in outcome.stdout
    assert "-        if futs[0].done:" in outcome.stdout and "+        if futs[0].done():" in outcome.stdout
    assert path.read_text() == FIXABLE.replace("\r\n", "\n") or path.read_bytes() == FIXABLE.encode()
    clean = write(tmp_path, "c.py", UNFIXABLE)
    assert run_process("check", "--diff", str(clean), cwd=tmp_path).exit_code == 0


def test_unsafe_fixes_need_the_flag(tmp_path):
    path = write(tmp_path, "u.py", UNSAFE_ONLY)
    outcome = invoke("check", "--fix", str(path))
    assert outcome.exit_code == 1 and path.read_text() == UNSAFE_ONLY
    assert "1 unsafe fix available with `--fix --unsafe-fixes`." in outcome.stdout
    outcome = invoke("check", "--fix", "--unsafe-fixes", str(path))
    assert outcome.exit_code == 0, outcome.stdout
    assert "ex.submit(work, 1).result()" in path.read_text()


def test_fix_from_stdin_prints_the_fixed_code(tmp_path):
    outcome = run_process("check", "--fix", "-", cwd=tmp_path, stdin=FIXABLE.replace("\r\n", "\n"))
    assert outcome.exit_code == 0
    assert outcome.stdout == FIXED.replace("\r\n", "\n")
    assert "2 fixed" in outcome.stderr


def test_add_noqa_silences_every_finding_and_is_idempotent(tmp_path):
    path = write(tmp_path, "a.py", UNFIXABLE + "    ex.submit(print)  # noqa: FUT101\n")
    outcome = run_process("check", "--add-noqa", ".", cwd=tmp_path)
    assert outcome.exit_code == 0 and "Added 2 noqa directives." in outcome.stderr
    assert path.read_text().splitlines()[2:] == [
        "    ex.submit(print)  # noqa: FUT902",
        "    ex.submit(print)  # noqa: FUT101, FUT902",
    ]
    assert run_process("check", ".", cwd=tmp_path).exit_code == 0
    again = run_process("check", "--add-noqa", ".", cwd=tmp_path)
    assert "Added 0 noqa directives." in again.stderr


def test_add_noqa_with_fix_is_a_usage_error(tmp_path):
    assert invoke("check", "--add-noqa", "--fix", str(tmp_path)).exit_code == 2


def test_diff_of_a_file_without_final_newline(tmp_path):
    write(tmp_path, "n.py", "from concurrent.futures import Future\ndef f(fut: Future):\n    print(fut.done)")
    outcome = run_process("check", "--diff", "n.py", cwd=tmp_path)
    assert outcome.stdout.endswith("+    print(fut.done())\n\\ No newline at end of file\n")
