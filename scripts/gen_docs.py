"""Regenerate docs/rules/*.md, docs/topics/*.md, the README rule table and the rule catalog
(src/futurelint/rules/catalog.py, read at start-up instead of the rule modules) from the rule classes.

    python scripts/gen_docs.py          # write
    python scripts/gen_docs.py --check  # exit 1 when anything is stale
"""

from __future__ import annotations

import sys
from pathlib import Path

from futurelint.docs import expected_files, rule_table

ROOT = Path(__file__).resolve().parent.parent
TABLE_START = "<!-- rule-table:start -->"
TABLE_END = "<!-- rule-table:end -->"


def readme_with_table(readme: str) -> str:
    start = readme.index(TABLE_START) + len(TABLE_START)
    end = readme.index(TABLE_END)
    return readme[:start] + "\n" + rule_table() + readme[end:]


def stale_files() -> dict[Path, str]:
    stale = {}
    wanted = {ROOT / path: content for path, content in expected_files().items()}
    readme = ROOT / "README.md"
    wanted[readme] = readme_with_table(readme.read_text(encoding="utf-8"))
    for path, content in wanted.items():
        if not path.exists() or path.read_text(encoding="utf-8") != content:
            stale[path] = content
    for folder in ("docs/rules", "docs/topics"):
        for path in (ROOT / folder).glob("*.md"):
            if path not in wanted:
                stale[path] = ""  # no longer generated: remove
    return stale


def main(argv: list[str]) -> int:
    stale = stale_files()
    if "--check" in argv:
        for path in stale:
            print(f"stale: {path.relative_to(ROOT)}")
        return 1 if stale else 0
    for path, content in stale.items():
        if content:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")
        else:
            path.unlink()
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
