"""Build `RunReport`s from real engine findings for the CI output-format tests."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable

from futurelint.docs import render_rule
from futurelint.engine import lint_source
from futurelint.findings import rule_url
from futurelint.formatters import RuleInfo, RunReport
from futurelint.rules.base import registry
from futurelint.settings import Settings

DISCARDED = (
    "from concurrent.futures import ThreadPoolExecutor\n"
    "with ThreadPoolExecutor() as ex:\n"
    "    ex.submit(work)\n"
    "    ex.submit(work)\n"
)
CLEAN = (
    "from concurrent.futures import ThreadPoolExecutor\n"
    "with ThreadPoolExecutor() as ex:\n"
    "    print(ex.submit(work).result(timeout=60))\n"
)
BROKEN = "import concurrent.futures\ndef f(:\n"


def rule_info(rule) -> RuleInfo:
    what = rule.documentation().split("## What it does", 1)[-1].split("##", 1)[0]
    first_paragraph = re.split(r"\n\s*\n", what.strip(), maxsplit=1)[0]
    return RuleInfo(
        code=rule.code,
        name=rule.name,
        summary=rule.message,
        description=" ".join(first_paragraph.split()),
        markdown=render_rule(rule),
        url=rule_url(rule.code),
        default=rule.default,
    )


def all_rule_infos() -> list[RuleInfo]:
    return [rule_info(rule) for rule in registry().values()]


def lint_files(root: Path, files: dict) -> list:
    """Write `files` (relative path -> source) under `root`, lint each with every rule, return the
    findings (paths as absolute strings, as the runner passes them)."""
    rules = [rule(Settings()) for rule in registry().values()]
    findings = []
    for relative, source in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source, encoding="utf-8")
        result = lint_source(source, str(path), rules)
        assert not result.errors, result.errors
        findings.extend(result.findings)
    return findings


def report_for(root: Path, files: dict, rules: Iterable[RuleInfo] = ()) -> RunReport:
    findings = lint_files(root, files)
    return RunReport(findings=findings, rules=list(rules) or all_rule_infos(), root=root, files_checked=len(files))
