"""What the formatters are told about the selected rules (`RuleInfo`), from the rule classes."""

from __future__ import annotations

from collections.abc import Sequence as SequenceABC
from typing import Optional

from futurelint.formatters import RuleInfo
from futurelint.selection import Selection


def rule_infos(selection: Selection) -> list[RuleInfo]:
    from futurelint.docs import render_rule
    from futurelint.findings import rule_url

    return [
        RuleInfo(
            code=rule.code,
            name=rule.name,
            summary=rule.message,
            description=_what_it_does(rule.documentation()) or rule.message,
            markdown=render_rule(rule),
            url=rule_url(rule.code),
            default=rule.default,
        )
        for rule in selection.rule_classes()
    ]


class LazyRuleInfos(SequenceABC):
    """`rule_infos(selection)`, built on first use: building them imports every rule module (and
    libcst) for the docs, and only some formats (SARIF) describe the rules."""

    def __init__(self, selection: Selection) -> None:
        self._selection = selection
        self._infos: Optional[list[RuleInfo]] = None

    def _built(self) -> list[RuleInfo]:
        if self._infos is None:
            self._infos = rule_infos(self._selection)
        return self._infos

    def __getitem__(self, index):
        return self._built()[index]

    def __len__(self) -> int:
        return len(self._built())


def _what_it_does(doc: str) -> str:
    """The first paragraph under "## What it does", on one line."""
    if "## What it does" not in doc:
        return ""
    section = doc.split("## What it does", 1)[1].split("##", 1)[0]
    paragraph = section.strip().split("\n\n", 1)[0]
    return " ".join(paragraph.split())
