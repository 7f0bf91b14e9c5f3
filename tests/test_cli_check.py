"""`futurelint check`: paths, stdin, formats, exit codes, errors."""

from __future__ import annotations

import json
import os
import stat
import sys

import pytest

from cli_helpers import CLEAN, FLAGGED, MESSAGE, invoke, run_process, write

URL = "https://github.com/futurelint/futurelint/blob/main/docs/rules/FUT902.md"


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_full_format_shows_location_source_carets_and_help(project):
    write(project, "pkg/app.py", FLAGGED)
    result = invoke("check", "--select", "FUT902")
    assert result.exit_code == 1
    assert result.stdout == (
        f"pkg/app.py:3:5: FUT902 {MESSAGE}\n"
        "  |\n"
        "3 |     ex.submit(work)\n"
        "  |     ^^^^^^^^^^^^^^^ FUT902\n"
        "  |\n"
        f"  = help: see {URL}\n"
        "\n"
        "Found 1 finding.\n"
    )


def test_full_format_keeps_tabs_so_carets_line_up(project):
    write(project, "t.py", FLAGGED.replace("    ex.submit", "\tex.submit"))
    result = invoke("check", "--select", "FUT902", "t.py")
    assert "3 | \tex.submit(work)\n  | \t^^^^^^^^^^^^^^^ FUT902\n" in result.stdout


def test_clean_tree_passes(project):
    write(project, "ok.py", CLEAN)
    result = invoke("check")
    assert (result.exit_code, result.stdout) == (0, "All checks passed!\n")


def test_concise_format_and_stable_order(project):
    write(project, "b.py", FLAGGED)
    write(project, "a.py", FLAGGED + "ex.submit(other)\n")
    result = invoke("check", "--select", "FUT902", "--output-format", "concise", "--quiet")
    assert result.stdout == (
        f"a.py:3:5: FUT902 {MESSAGE}\n"
        f"a.py:4:1: FUT902 {MESSAGE}\n"
        f"b.py:3:5: FUT902 {MESSAGE}\n"
    )


def test_json_format_is_rufflike(project):
    path = write(project, "a.py", FLAGGED)
    result = invoke("check", "--select", "FUT902", "--output-format", "json")
    records = json.loads(result.stdout)
    assert records == [
        {
            "cell": None,
            "code": "FUT902",
            "end_location": {"column": 20, "row": 3},
            "filename": str(path),
            "fix": None,
            "location": {"column": 5, "row": 3},
            "message": MESSAGE,
            "name": "future-discarded",
            "noqa_row": 3,
            "severity": "error",
            "url": URL,
        }
    ]
    assert result.stdout.startswith('[\n  {\n    "cell": null,')


def test_json_format_without_findings_is_an_empty_list(project):
    write(project, "ok.py", CLEAN)
    result = invoke("check", "--output-format", "json")
    assert (result.exit_code, result.stdout) == (0, "[]\n")


def test_json_lines_one_object_per_line(project):
    write(project, "a.py", FLAGGED + "ex.submit(other)\n")
    result = invoke("check", "--select", "FUT902", "--output-format", "json-lines")
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    assert [json.loads(line)["location"]["row"] for line in lines] == [3, 4]
    assert json.loads(lines[0])["filename"] == str(project / "a.py")


def test_github_format_annotations_and_summary(project):
    write(project, "dir,x/a:b.py", FLAGGED)
    result = invoke("check", "--select", "FUT902", "--output-format", "github")
    assert result.stdout == (
        "::error title=futurelint (FUT902),file=dir%2Cx/a%3Ab.py,line=3,col=5,endLine=3,endColumn=20"
        f"::dir,x/a:b.py:3:5: FUT902 {MESSAGE}\n"
        "futurelint: 1 finding (FUT902: 1)\n"
    )


def test_github_format_no_findings_prints_nothing(project):
    write(project, "ok.py", CLEAN)
    assert invoke("check", "--output-format", "github").stdout == ""


def test_parse_errors_are_fut000_and_the_run_goes_on(project):
    write(project, "bad.py", "import concurrent.futures\ndef (:\n")
    write(project, "good.py", FLAGGED)
    result = invoke("check", "--select", "FUT902", "--output-format", "concise", "-q")
    lines = result.stdout.splitlines()
    assert lines[0].startswith("bad.py:") and " FUT000 Cannot parse file" in lines[0]
    assert lines[1] == f"good.py:3:5: FUT902 {MESSAGE}"
    assert result.exit_code == 1


def test_fut000_has_its_page_as_url_in_json(project):
    write(project, "bad.py", "import concurrent.futures\ndef (:\n")
    record = json.loads(invoke("check", "--output-format", "json").stdout)[0]
    assert record["code"] == "FUT000" and record["url"].endswith("/docs/rules/FUT000.md")


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root reads everything")
def test_unreadable_file_is_fut000(project):
    path = write(project, "secret.py", FLAGGED)
    path.chmod(0)
    write(project, "good.py", FLAGGED)
    try:
        result = invoke("check", "--select", "FUT902", "--output-format", "concise", "-q")
    finally:
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)
    assert "secret.py:1:1: FUT000 Cannot read file: Permission denied" in result.stdout
    assert "good.py:3:5: FUT902" in result.stdout


def test_directory_named_explicitly_with_py_suffix_is_walked(project):
    write(project, "weird.py/inner.py", FLAGGED)
    result = invoke("check", "--select", "FUT902", "--output-format", "concise", "-q", "weird.py")
    assert result.stdout == f"weird.py/inner.py:3:5: FUT902 {MESSAGE}\n"


def test_missing_path_is_a_finding(project):
    result = invoke("check", "--output-format", "concise", "-q", "nowhere.py")
    assert result.exit_code == 1
    assert result.stderr == "futurelint: warning: Failed to lint nowhere.py: No such file or directory\n"
    assert result.stdout == "nowhere.py:1:1: FUT000 Cannot read file: No such file or directory\n"


def test_stdin_with_filename(project):
    result = invoke(
        "check", "--select", "FUT902", "--output-format", "concise", "-q", "--stdin-filename", "src/x.py", "-",
        stdin=FLAGGED,
    )
    assert (result.exit_code, result.stdout) == (1, f"src/x.py:3:5: FUT902 {MESSAGE}\n")


def test_stdin_without_filename(project):
    result = invoke("check", "--select", "FUT902", "--output-format", "json", "-", stdin=FLAGGED)
    assert json.loads(result.stdout)[0]["filename"] == "-"


def test_stdin_filename_gets_per_file_ignores(project):
    write(project, "pyproject.toml", '[tool.futurelint]\nper-file-ignores = {"tests/*" = ["FUT902"]}\n')
    result = invoke("check", "--stdin-filename", "tests/t.py", "-", stdin=FLAGGED)
    assert result.exit_code == 0


def test_stdin_force_exclude(project):
    result = invoke(
        "check", "--force-exclude", "--extend-exclude", "gen", "--stdin-filename", "gen/x.py", "-", stdin=FLAGGED
    )
    assert result.exit_code == 0


def test_exit_zero(project):
    write(project, "a.py", FLAGGED)
    result = invoke("check", "--select", "FUT902", "--exit-zero")
    assert result.exit_code == 0 and "FUT902" in result.stdout


def test_quiet_prints_only_findings(project):
    write(project, "ok.py", CLEAN)
    assert invoke("check", "-q").stdout == ""


def test_statistics(project):
    write(project, "a.py", FLAGGED + "ex.submit(other)\n")
    write(project, "bad.py", "import concurrent.futures\ndef (:\n")
    result = invoke("check", "--select", "FUT902", "--statistics")
    assert result.stdout == "2\tFUT902\tfuture-discarded\n1\tFUT000\tparse-error\nFound 3 findings.\n"
    assert result.exit_code == 1
    assert invoke("check", "--select", "FUT902", "--statistics", "-q").stdout.count("\n") == 2
    as_json = json.loads(invoke("check", "--select", "FUT902", "--statistics", "--output-format", "json").stdout)
    assert as_json[0] == {"code": "FUT902", "name": "future-discarded", "count": 2, "fixable": False, "fixable_count": 0}


def test_missing_formatter_module_is_a_clean_error(project, monkeypatch):
    from futurelint import formatters

    monkeypatch.setitem(formatters.FORMATS, "junit", "no_such_module_for_test")
    write(project, "a.py", FLAGGED)
    result = invoke("check", "--output-format", "junit")
    assert result.exit_code == 2
    assert "output format `junit` is not available" in result.stderr


def test_every_format_choice_is_offered():
    help_text = invoke("check", "--help").stdout
    for name in ("full", "concise", "json", "json-lines", "github", "sarif", "gitlab", "junit"):
        assert name in help_text


def test_internal_error_names_rule_file_and_line_and_keeps_other_findings(project, monkeypatch):
    from futurelint.rules.swallowed_exceptions import FutureDiscarded

    def crash(self, model):
        raise RuntimeError("boom")

    monkeypatch.setattr(FutureDiscarded, "check", crash)
    write(project, "a.py", "import concurrent.futures\ndef (:\n")
    write(project, "b.py", FLAGGED)
    result = invoke("check", "--select", "FUT902", "--output-format", "concise", "-j", "1")
    assert result.exit_code == 2
    assert "a.py:2:" in result.stdout  # the parse error of the other file is still reported
    assert "b.py:" in result.stderr and "internal error in FUT902" in result.stderr and "boom" in result.stderr
    assert "Traceback" not in result.stderr


def test_version():
    from futurelint import __version__

    assert invoke("--version").stdout == f"futurelint {__version__}\n"


# ---- as real processes ---------------------------------------------------------------------


def test_process_check_exit_codes_and_streams(tmp_path):
    write(tmp_path, "a.py", FLAGGED)
    result = run_process("check", "--select", "FUT902", "--output-format", "concise", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stdout == f"a.py:3:5: FUT902 {MESSAGE}\nFound 1 finding.\n"
    assert result.stderr == ""  # no progress when stderr is not a terminal


def test_process_stdin(tmp_path):
    result = run_process(
        "check", "--select", "FUT902", "--output-format", "concise", "-q", "--stdin-filename", "x.py", "-",
        cwd=tmp_path, stdin=FLAGGED,
    )
    assert (result.exit_code, result.stdout) == (1, f"x.py:3:5: FUT902 {MESSAGE}\n")


def test_process_usage_errors_exit_2_without_traceback(tmp_path):
    for args in (["check", "--select", "FUT999"], ["check", "--select", ""], ["check", "--output-format", "xml"], ["rule", "FUT999"]):
        result = run_process(*args, cwd=tmp_path)
        assert result.exit_code == 2, args
        assert "Traceback" not in result.stderr


def test_process_selector_error_is_one_line(tmp_path):
    result = run_process("check", "--select", "no-such-rule", cwd=tmp_path)
    assert result.stderr.count("\n") == 1 and "`no-such-rule`" in result.stderr


def test_console_script_is_installed(tmp_path):
    import shutil
    import subprocess

    script = shutil.which("futurelint", path=os.path.dirname(sys.executable))
    if script is None:
        pytest.skip("console script not installed next to this interpreter")
    write(tmp_path, "a.py", FLAGGED)
    completed = subprocess.run([script, "check", "--select", "FUT902", "-q", "--output-format", "concise"],
                               cwd=str(tmp_path), capture_output=True, text=True)
    assert completed.returncode == 1 and "a.py:3:5: FUT902" in completed.stdout


def test_stdin_filename_alone_reads_stdin(project):
    result = invoke("check", "--select", "FUT902", "-q", "--output-format", "concise", "--stdin-filename", "s.py",
                    stdin=FLAGGED)
    assert result.stdout == f"s.py:3:5: FUT902 {MESSAGE}\n"


def test_progress_only_on_a_terminal_and_for_human_formats(project, monkeypatch):
    from futurelint import cli

    write(project, "a.py", FLAGGED)
    assert "Checked" not in invoke("check").stderr
    monkeypatch.setattr(cli, "_stderr_is_tty", lambda: True)
    assert "Checked 1/1 files" in invoke("check").stderr
    for args in (["--output-format", "json"], ["--output-format", "github"], ["--quiet"]):
        assert invoke("check", *args).stderr == ""


def test_closed_stdout_is_not_an_error(tmp_path):
    import subprocess
    import sys

    for index in range(300):
        write(tmp_path, f"m{index}.py", FLAGGED)
    process = subprocess.Popen([sys.executable, "-m", "futurelint", "check", "--select", "FUT902"], cwd=str(tmp_path),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.readline()
    process.stdout.close()
    stderr = process.stderr.read().decode()
    process.wait()
    assert "Traceback" not in stderr


@pytest.mark.parametrize("output_format", ["full", "concise", "json", "json-lines", "github"])
def test_process_output_equals_in_process_output(project, output_format):
    write(project, "a.py", FLAGGED + "ex.submit(again)\n")
    write(project, "bad.py", "import concurrent.futures\ndef (:\n")
    args = ("check", "--select", "FUT902", "--output-format", output_format)
    in_process, process = invoke(*args), run_process(*args, cwd=project)
    assert (process.exit_code, process.stdout) == (in_process.exit_code, in_process.stdout) == (1, in_process.stdout)
    assert process.stdout.count("FUT902") >= 2


def test_process_exclusion_gitignore_and_force_exclude(project):
    import subprocess

    subprocess.run(["git", "init", "-q", str(project)], check=True)
    write(project, ".gitignore", "ignored.py\n")
    write(project, "pyproject.toml", '[tool.futurelint]\nextend-exclude = ["gen"]\nselect = ["FUT902"]\n')
    for name in ("ignored.py", "gen/g.py", "build/b.py", "kept.py"):
        write(project, name, FLAGGED)
    found = run_process("check", "--output-format", "concise", "-q", cwd=project).stdout
    assert [line.split(":")[0] for line in found.splitlines()] == ["kept.py"]
    found = run_process("check", "--output-format", "concise", "-q", "--no-respect-gitignore", cwd=project).stdout
    assert [line.split(":")[0] for line in found.splitlines()] == ["ignored.py", "kept.py"]
    pre_commit_style = run_process("check", "--force-exclude", "gen/g.py", "kept.py", "-q", "--output-format", "concise",
                                   cwd=project).stdout
    assert [line.split(":")[0] for line in pre_commit_style.splitlines()] == ["kept.py"]
