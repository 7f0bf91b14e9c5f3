"""Which rules run: `select` / `extend-select` / `ignore` layered like ruff's, and per-file-ignores.

A selector is `ALL`, a code (`FUT902`), a code prefix (`FUT`, `FUT9`, `FUT90`) or a rule's kebab-case
name (`future-discarded`). Within one layer (the config file, then the command line) the more
specific selector wins, and `ignore` wins a tie; a layer's `select` replaces what earlier layers chose.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Iterable, Mapping, Optional, Sequence

from futurelint.discovery import glob_regex
from futurelint.engine import PARSE_ERROR
from futurelint.parse_errors import NAME as PARSE_ERROR_NAME
from futurelint.rules.base import Rule, catalog, catalog_by_name, registry

_PREFIX = re.compile(r"^FUT\d{0,3}$")
EXACT = 100  # specificity of a full code or a rule name


class SelectorError(ValueError):
    """An unknown code, prefix or rule name."""

    def __init__(self, selector: str) -> None:
        if selector.strip():
            super().__init__(f"unknown rule selector `{selector}`")
        else:
            super().__init__("empty rule selector (an empty value or a stray comma)")
        self.selector = selector


@dataclass(frozen=True)
class Selector:
    text: str
    codes: frozenset
    specificity: int


def parse_selector(text: str) -> Selector:
    """Resolve one selector; `SelectorError` when it names nothing."""
    token = text.strip()
    rules = catalog()
    if token.upper() == "ALL":
        return Selector(token, frozenset(rules), 0)
    by_name = catalog_by_name()
    if token in by_name:
        return Selector(token, frozenset({by_name[token].code}), EXACT)
    upper = token.upper()
    if upper == PARSE_ERROR or token == PARSE_ERROR_NAME:
        return Selector(token, frozenset(), EXACT)
    if _PREFIX.match(upper):
        codes = frozenset(code for code in rules if code.startswith(upper))
        if codes:
            return Selector(token, codes, EXACT if len(upper) == 6 else len(upper))
    raise SelectorError(text)


def parse_selectors(texts: Iterable[str]) -> list[Selector]:
    return [parse_selector(text) for text in texts]


@dataclass(frozen=True)
class Layer:
    """One source of selection choices (config file or command line)."""

    select: Optional[Sequence[Selector]] = None
    extend_select: Sequence[Selector] = ()
    ignore: Sequence[Selector] = ()


def default_codes() -> set[str]:
    return {code for code, rule in catalog().items() if rule.default}


def resolve(layers: Sequence[Layer]) -> set[str]:
    enabled = default_codes()
    for layer in layers:
        if layer.select is not None:
            enabled = set()
        positives = list(layer.select or ()) + list(layer.extend_select)
        for code in catalog():
            wanted = _strongest(positives, code)
            unwanted = _strongest(layer.ignore, code)
            if wanted > unwanted:
                enabled.add(code)
            elif unwanted >= 0:
                enabled.discard(code)
    return enabled


def _strongest(selectors: Iterable[Selector], code: str) -> int:
    return max((s.specificity for s in selectors if code in s.codes), default=-1)


def ignores_parse_errors(selectors: Iterable[Selector]) -> bool:
    """FUT000 (file cannot be read or parsed) is always reported unless ignored by its exact code."""
    return any(s.text.strip().upper() == PARSE_ERROR or s.text.strip() == PARSE_ERROR_NAME for s in selectors)


@dataclass(frozen=True)
class PerFileIgnore:
    pattern: str
    base: str  # directory the pattern is relative to
    selectors: tuple[Selector, ...]
    negated: bool = False

    def matches(self, path: str) -> bool:
        """ruff's rule: the glob is matched against the file's name and its absolute path."""
        name = os.path.basename(path)
        absolute_pattern = os.path.normpath(os.path.join(self.base, self.pattern)).replace(os.sep, "/")
        hit = bool(glob_regex(self.pattern).match(name)) or bool(
            glob_regex(absolute_pattern).match(path.replace(os.sep, "/"))
        )
        return hit != self.negated


def build_per_file_ignores(table: Mapping[str, Sequence[str]], base: str) -> list[PerFileIgnore]:
    entries = []
    for pattern, selectors in table.items():
        negated = pattern.startswith("!")
        entries.append(PerFileIgnore(pattern.lstrip("!"), base, tuple(parse_selectors(selectors)), negated))
    return entries


@dataclass(frozen=True)
class Selection:
    codes: frozenset  # enabled rule codes
    per_file_ignores: tuple[PerFileIgnore, ...] = ()
    report_parse_errors: bool = True

    def codes_for(self, path: str) -> frozenset:
        ignored = self._ignored_for(path)
        if not ignored:
            return self.codes
        return frozenset(code for code in self.codes if not any(code in s.codes for s in ignored))

    def parse_errors_for(self, path: str) -> bool:
        return self.report_parse_errors and not ignores_parse_errors(self._ignored_for(path))

    def _ignored_for(self, path: str) -> list[Selector]:
        selectors: list[Selector] = []
        for entry in self.per_file_ignores:
            if entry.matches(path):
                selectors.extend(entry.selectors)
        return selectors

    def rule_classes(self) -> list[type[Rule]]:
        """The enabled rules' classes (imports every rule module: for docs, not for start-up)."""
        return [rule for code, rule in registry().items() if code in self.codes]
