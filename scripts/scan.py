"""Developer tool: lint a tree with chosen rules straight through the engine, one finding a line.

    python scripts/scan.py PATH [CODE_PREFIX ...]     e.g. scripts/scan.py /usr/lib/python3.11 FUT9

Prints `path:row:col: CODE message` and, on stderr, counts and any internal errors. Meant for reading
every finding of a rule on real code while developing it.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from futurelint.engine import lint_bytes
from futurelint.rules.base import registry
from futurelint.settings import Settings


def main(argv: list[str]) -> int:
    root = Path(argv[0])
    prefixes = argv[1:] or ["FUT"]
    settings = Settings()
    rules = [
        rule(settings)
        for code, rule in registry().items()
        if any(code.startswith(p) for p in prefixes)
    ]
    rules = [rule for rule in rules if rule.applies()]
    files = [root] if root.is_file() else sorted(root.rglob("*.py"))
    counts: Counter = Counter()
    errors = 0
    for path in files:
        try:
            data = path.read_bytes()
        except OSError:
            continue
        result = lint_bytes(data, str(path), rules)
        for finding in result.findings:
            counts[finding.code] += 1
            print(f"{path}:{finding.start.row}:{finding.start.column}: {finding.code} {finding.message}")
        for error in result.errors:
            errors += 1
            print(f"INTERNAL ERROR {error}", file=sys.stderr)
    print(f"{len(files)} files; findings {dict(sorted(counts.items()))}; internal errors {errors}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
