"""The built wheel carries everything `futurelint rule` / `rules` / `topic` need: docs work offline
from an installed package, away from the source tree."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """The wheel built from this checkout, unpacked into a folder of its own (its dependencies,
    libcst and click, come from the running environment)."""
    base = tmp_path_factory.mktemp("wheel")
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "wheel", "--no-deps", "-w", str(base / "dist"), str(ROOT)], check=True, timeout=600)
    [wheel] = (base / "dist").glob("futurelint-*.whl")
    subprocess.run([*pip, "install", "--no-deps", "--target", str(base / "site"), str(wheel)], check=True)
    return base / "site"


def run_installed(site: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(site))
    return subprocess.run(
        [sys.executable, "-m", "futurelint", *args], cwd=str(site.parent), env=env, capture_output=True, text=True
    )


def test_imports_come_from_the_wheel(installed):
    code = "import futurelint; print(futurelint.__file__)"
    env = dict(os.environ, PYTHONPATH=str(installed))
    where = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=str(installed.parent))
    assert where.stdout.strip().startswith(str(installed))


def test_rule_docs_from_the_wheel_match_the_docs_folder(installed):
    for code in ("FUT902", "FUT001", "FUT601"):
        shown = run_installed(installed, "rule", code)
        assert shown.returncode == 0, shown.stderr
        assert shown.stdout == (ROOT / "docs" / "rules" / f"{code}.md").read_text(encoding="utf-8")


def test_rules_and_topics_from_the_wheel(installed):
    listed = json.loads(run_installed(installed, "rules", "--output-format", "json").stdout)
    assert len(listed) == len(list((ROOT / "docs" / "rules").glob("FUT*.md")))
    topic = run_installed(installed, "topic", "swallowed-exceptions")
    assert topic.stdout == (ROOT / "docs" / "topics" / "swallowed-exceptions.md").read_text(encoding="utf-8")


def test_the_wheel_carries_the_license(installed):
    [dist_info] = installed.glob("futurelint-*.dist-info")
    shipped = dist_info / "licenses" / "LICENSE"
    assert shipped.read_text(encoding="utf-8") == (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "License-Expression: MIT" in (dist_info / "METADATA").read_text(encoding="utf-8")
