"""Developer tool: apply every fix (unsafe ones included) to real code and check the results, as
tests/test_fix_properties.py does for the fixtures: the fixed file compiles, a second `--fix`
changes nothing, comments stay beside their code, and only the flagged statements changed.
Nothing is written.

    python scripts/check_fixes.py PATH [PATH ...] [--target-version py310]

Prints each problem as `path: problem`, then per rule how many fixes were applied and in how many
files a problem was found. Exit code 1 when there is a problem.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from fix_checks import fix_problems  # noqa: E402 (tests/ holds the checks the tests use too)

from futurelint.engine import lint_bytes  # noqa: E402
from futurelint.fixer import wanted  # noqa: E402
from futurelint.rules.base import registry  # noqa: E402
from futurelint.settings import Settings  # noqa: E402


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--target-version", default="py310")
    options = parser.parse_args(argv)
    settings = Settings(target_version=options.target_version)
    rules = [rule for rule in (cls(settings) for cls in registry().values()) if rule.applies()]
    fixed, troubled, problems_found = Counter(), Counter(), 0
    for path in _python_files(options.paths):
        source = _fixable_source(path, rules)
        if source is None:
            continue
        problems, findings = fix_problems(source, str(path), rules)
        fixed.update(f.code for f in findings)
        troubled.update({problem.split(":")[0] for problem in problems})
        for problem in problems:
            print(f"{path}: {problem}")
        problems_found += len(problems)
    for code in sorted(fixed):
        print(f"{code}: {fixed[code]} fixes applied", file=sys.stderr)
    for codes, count in sorted(troubled.items()):
        print(f"{codes}: problems in {count} files", file=sys.stderr)
    return 1 if problems_found else 0


def _python_files(paths: list[Path]):
    for root in paths:
        yield from ([root] if root.is_file() else sorted(root.rglob("*.py")))


def _fixable_source(path: Path, rules):
    """The decoded source of a file with at least one fix to apply, else None."""
    result = lint_bytes(path.read_bytes(), str(path), rules, keep_source=True)
    if result.source is None or not any(wanted(f, True) for f in result.findings):
        return None
    return result.source


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
