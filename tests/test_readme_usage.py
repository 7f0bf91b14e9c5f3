"""The README's usage examples are true: the full-format sample and the configuration sample."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cli_helpers import invoke, run_process, write
from futurelint.cli import CheckRequest, build_selection
from futurelint.config import load_config
from futurelint.selection import default_codes

PROJECT = Path(__file__).resolve().parent.parent
README = (PROJECT / "README.md").read_text(encoding="utf-8")
# ruff installed next to this Python (the test extra has it), else on the PATH
RUFF = shutil.which("ruff", path=os.pathsep.join([os.path.dirname(sys.executable), os.environ.get("PATH", "")]))


def _block(language: str, containing: str) -> str:
    for match in re.finditer(rf"```{language}\n(.*?)```", README, re.DOTALL):
        if containing in match.group(1):
            return match.group(1)
    raise AssertionError(f"no ```{language} block with {containing!r} in README.md")


def test_setup_commands_come_first():
    assert README.index("pip install . && futurelint check .") < README.index("pip install -e '.[test]' && pytest")
    assert README.index("pip install -e '.[test]' && pytest") < README.index("## Usage")


def test_full_output_sample_is_what_futurelint_prints(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "src/jobs.py", (
        "from concurrent.futures import ThreadPoolExecutor\n"
        "with ThreadPoolExecutor() as ex:\n"
        "    ex.submit(send_report, user)\n"
    ))
    sample = _block("text", "= help: see")
    assert invoke("check", "--select", "FUT902").stdout == sample


def test_configuration_sample_loads(tmp_path):
    path = write(tmp_path, "pyproject.toml", _block("toml", "[tool.futurelint]"))
    config = load_config(path)
    assert config.target_version == "py311" and config.inferred_target_version == "py310"
    assert config.per_file_ignores["tests/**"] == ["FUT9"]
    # "opt-in rules to run too, besides the default ones"
    assert build_selection(config, CheckRequest()).codes == (default_codes() | {"FUT305"}) - {"FUT902"}


def test_select_fut_runs_every_rule_opt_in_ones_too(tmp_path):
    assert "`select = [\"FUT\"]` or `[\"ALL\"]` runs every rule, opt-in ones included" in README
    for selector in ("FUT", "ALL"):
        config = load_config(write(tmp_path, "pyproject.toml", f'[tool.futurelint]\nselect = ["{selector}"]\n'))
        selected = build_selection(config, CheckRequest()).codes
        assert selected > default_codes() and "FUT305" in selected


def test_the_first_command_in_this_checkout_passes():
    """`futurelint check .` at the project's root lints its own code, not the fixtures."""
    outcome = run_process("check", ".", cwd=PROJECT)
    assert (outcome.exit_code, outcome.stdout) == (0, "All checks passed!\n"), outcome.stdout + outcome.stderr
    assert "prints `All checks passed!`" in README


@pytest.mark.skipif(RUFF is None, reason="ruff is not installed")
def test_ruff_external_advice_keeps_ruff_quiet_about_fut_codes(tmp_path):
    write(tmp_path, "app.py", "x = 1  # noqa: FUT902\n")
    ruff = [RUFF, "check", "--no-cache", "--select", "RUF100,RUF102", "--output-format", "concise"]
    write(tmp_path, "pyproject.toml", "")
    alone = subprocess.run([*ruff, "app.py"], cwd=tmp_path, capture_output=True, text=True)
    assert "RUF102" in alone.stdout and "RUF102" in README
    write(tmp_path, "pyproject.toml", _block("toml", "external = "))
    advised = subprocess.run([*ruff, "app.py"], cwd=tmp_path, capture_output=True, text=True)
    assert advised.returncode == 0, advised.stdout


def test_pinned_versions_name_this_release_and_say_how_to_pin_a_commit():
    version = re.search(r'^version = "(.+)"$', (PROJECT / "pyproject.toml").read_text(encoding="utf-8"), re.MULTILINE)
    tag = f"v{version.group(1)}"
    assert re.findall(r"^ +rev: (\S+)", README, re.MULTILINE) == [tag]
    assert re.findall(r"^ +- uses: futurelint/futurelint@(\S+)", README, re.MULTILINE) == [tag]
    assert "pin a commit instead:\n`rev: <commit sha>`" in README
    assert "name a commit instead: `uses: futurelint/futurelint@<commit sha>`" in README
