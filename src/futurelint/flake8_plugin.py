"""flake8 plugin: `flake8 --select FUT` runs futurelint's default rules through the same engine, so
codes, rows, columns and messages match `futurelint check --output-format concise`. An opt-in rule
runs too when flake8's `--select` or `--extend-select` (command line or config) names it by its code
or by a prefix longer than `FUT` (`FUT305`, `FUT3`): `FUT` alone is how a flake8 configuration turns
a plugin on, so it means the default rules. FUT090 (unused `noqa` directives) needs futurelint's own
`noqa` handling and does not run under flake8.

Registered as the `FUT` entry of the `flake8.extension` entry-point group. flake8 applies `# noqa`
comments itself (and `--disable-noqa` turns them off), so the engine leaves line-level `# noqa` to it
and only honours futurelint's own file-level `# futurelint: noqa`.

Options (command line or the `[flake8]` section of a config file):
`--futurelint-target-version py39..py314` and `--futurelint-max-workers-limit N`.
"""

from __future__ import annotations

import sys
from typing import ClassVar, Iterator, Optional, Sequence

from futurelint import __version__
from futurelint.engine import lint_source
from futurelint.rules.base import Rule, catalog, registry
from futurelint.settings import DEFAULT_MAX_WORKERS_LIMIT, DEFAULT_TARGET_VERSION, TARGET_VERSIONS, Settings


class Flake8Plugin:
    name = "futurelint"
    version = __version__

    settings: ClassVar[Settings] = Settings()
    opted_in: ClassVar[frozenset] = frozenset()  # opt-in rule codes flake8's selection names

    # flake8 calls plugins by parameter name; `tree` marks this as an AST plugin (run once per file),
    # though the engine parses `lines` with libcst itself.
    def __init__(self, tree, lines: Sequence[str], filename: str) -> None:
        self.lines = lines
        self.filename = filename

    @classmethod
    def add_options(cls, manager) -> None:
        manager.add_option(
            "--futurelint-target-version",
            default=DEFAULT_TARGET_VERSION,
            parse_from_config=True,
            choices=TARGET_VERSIONS,
            help="Python version futurelint's rules assume (default: %(default)s)",
        )
        manager.add_option(
            "--futurelint-max-workers-limit",
            default=DEFAULT_MAX_WORKERS_LIMIT,
            type=int,
            parse_from_config=True,
            help="Largest max_workers futurelint accepts without a finding (default: %(default)s)",
        )

    @classmethod
    def parse_options(cls, options) -> None:
        # flake8 checks `choices` on the command line only, not in config files.
        if options.futurelint_target_version not in TARGET_VERSIONS:
            choices = ", ".join(TARGET_VERSIONS)
            print(
                f"flake8: futurelint-target-version: {options.futurelint_target_version!r} is not one of {choices}",
                file=sys.stderr,
            )
            raise SystemExit(2)
        cls.settings = Settings(
            target_version=options.futurelint_target_version,
            max_workers_limit=options.futurelint_max_workers_limit,
        )
        cls.opted_in = opted_in_codes(getattr(options, "select", None), getattr(options, "extend_select", None))

    def run(self) -> Iterator[tuple[int, int, str, type]]:
        source = "".join(self.lines)
        result = lint_source(source, self.filename, plugin_rules(self.settings, self.opted_in), line_noqa=False)
        for error in result.errors:
            print(f"futurelint: {error}", file=sys.stderr)
        for finding in result.findings:
            # flake8 adds 1 to the column a plugin reports; ours are already 1-based.
            yield finding.start.row, finding.start.column - 1, f"{finding.code} {finding.message}", type(self)


_RULES_CACHE: dict = {}
# Rules that cannot run under flake8: FUT090 reads futurelint's own record of what each `noqa` suppressed.
NOT_UNDER_FLAKE8 = frozenset({"FUT090"})


def opted_in_codes(*selector_lists: Optional[Sequence[str]]) -> frozenset:
    """The opt-in rules that flake8 selectors name by code or by a prefix longer than `FUT`."""
    selectors = [text.strip().upper() for texts in selector_lists for text in (texts or ())]
    selectors = [text for text in selectors if len(text) > len("FUT") and text.startswith("FUT")]
    return frozenset(
        code
        for code, meta in catalog().items()
        if not meta.default and code not in NOT_UNDER_FLAKE8 and any(code.startswith(text) for text in selectors)
    )


def default_rules(settings: Settings) -> list[Rule]:
    """Instances of the rules futurelint runs by default that apply under `settings`."""
    return plugin_rules(settings)


def plugin_rules(settings: Settings, opted_in: frozenset = frozenset()) -> list[Rule]:
    """Instances of the default rules and of the `opted_in` ones that apply under `settings`."""
    key = (settings, opted_in)
    if key not in _RULES_CACHE:
        rules = [rule(settings) for code, rule in registry().items() if rule.default or code in opted_in]
        _RULES_CACHE[key] = [rule for rule in rules if rule.applies()]
    return _RULES_CACHE[key]
