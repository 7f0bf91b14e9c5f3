"""The README's usage examples are true: the full-format sample and the configuration sample."""

from __future__ import annotations

import re
from pathlib import Path

from cli_helpers import invoke, write
from futurelint.config import load_config

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


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
