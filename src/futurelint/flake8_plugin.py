"""flake8 plugin: `flake8 --select FUT` runs futurelint's default rules through the same engine, so
codes, rows, columns and messages match `futurelint check --output-format concise`.

Registered as the `FUT` entry of the `flake8.extension` entry-point group. flake8 applies `# noqa`
comments itself (and `--disable-noqa` turns them off), so the engine leaves line-level `# noqa` to it
and only honours futurelint's own file-level `# futurelint: noqa`.

Options (command line or the `[flake8]` section of a config file):
`--futurelint-target-version py39..py314` and `--futurelint-max-workers-limit N`.
"""

from __future__ import annotations

import sys
from typing import ClassVar, Iterator, Sequence

from futurelint import __version__
from futurelint.engine import lint_source
from futurelint.rules.base import Rule, registry
from futurelint.settings import DEFAULT_MAX_WORKERS_LIMIT, DEFAULT_TARGET_VERSION, TARGET_VERSIONS, Settings


class Flake8Plugin:
    name = "futurelint"
    version = __version__

    settings: ClassVar[Settings] = Settings()

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

    def run(self) -> Iterator[tuple[int, int, str, type]]:
        source = "".join(self.lines)
        result = lint_source(source, self.filename, default_rules(self.settings), line_noqa=False)
        for error in result.errors:
            print(f"futurelint: {error}", file=sys.stderr)
        for finding in result.findings:
            # flake8 adds 1 to the column a plugin reports; ours are already 1-based.
            yield finding.start.row, finding.start.column - 1, f"{finding.code} {finding.message}", type(self)


_RULES_CACHE: dict = {}


def default_rules(settings: Settings) -> list[Rule]:
    """Instances of the rules futurelint runs by default that apply under `settings`."""
    if settings not in _RULES_CACHE:
        rules = [rule(settings) for rule in registry().values() if rule.default]
        _RULES_CACHE[settings] = [rule for rule in rules if rule.applies()]
    return _RULES_CACHE[settings]
