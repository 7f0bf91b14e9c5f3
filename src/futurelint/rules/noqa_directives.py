"""futurelint's own check of its `# noqa` comments (ruff's RUF100): FUT090."""

from __future__ import annotations

import io
import tokenize
from typing import Iterable, Optional

from futurelint.findings import Edit, Finding, Fix, Location
from futurelint.noqa import Directive, DirectiveCode, entry_matches, line_directives, physical_lines
from futurelint.rules.base import Report, Rule, catalog

PARSE_ERROR = "FUT000"


class UnusedNoqa(Rule):
    """
    ## What it does
    Checks for `# noqa` directives naming futurelint codes that suppress nothing on their line:
    the code's rule found nothing there (*unused*), the rule does not run on the file (*non-enabled*:
    not selected, ignored for the file, or not applicable to the target version), or no rule has the
    code (*unknown*). The fix removes those codes, and the whole directive when no code is left
    (text after it stays a comment: `# noqa: FUT902  (why)` becomes `# (why)`).

    Only `FUT` codes are judged: codes of other tools (`# noqa: E501`) and blanket `# noqa`
    comments are left alone, and so are the file-level `# futurelint: noqa` comments. A code
    suppresses its line whether or not a file-level comment would too. Files that do not import from
    `concurrent` are never analysed (no finding is possible in them), so their comments are not judged.
    The rule runs only under `futurelint check`: under flake8, which applies `noqa` itself, it is off.

    ## Why is this bad?
    A suppression that suppresses nothing is noise, and it hides the next real finding on that line:
    after a fix or a refactor, the mistake it was written for is gone but the comment silences the
    rule if the mistake comes back. An unknown code is usually a typo, so the intended suppression
    does not happen either.

    ## Example
    ```python
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor() as ex:
        future = ex.submit(work)  # noqa: FUT902
    print(future.result())
    ```

    ## Use instead
    ```python
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor() as ex:
        future = ex.submit(work)
    print(future.result())
    ```

    ## References
    - [ruff's unused-noqa (RUF100)](https://docs.astral.sh/ruff/rules/unused-noqa/)
    """

    code = "FUT090"
    name = "unused-noqa"
    message = "Unused `noqa` directive"
    default = False
    fix_availability = "always"
    fix_applicability = "safe"
    checks_noqa_directives = True  # the engine calls `check_directives` after the other rules
    invalid = (
        "from concurrent.futures import ThreadPoolExecutor\n"
        "with ThreadPoolExecutor() as ex:\n"
        "    future = ex.submit(work)  # noqa: FUT902\n"
        "print(future.result())\n",
        "from concurrent.futures import ThreadPoolExecutor\n"
        "with ThreadPoolExecutor() as ex:\n"
        "    ex.submit(work)  # noqa: FUT992\n",
    )
    valid = (
        "from concurrent.futures import ThreadPoolExecutor\n"
        "with ThreadPoolExecutor() as ex:\n"
        "    ex.submit(work)  # noqa: FUT902\n",
        "from concurrent.futures import ThreadPoolExecutor\n"
        "with ThreadPoolExecutor() as ex:\n"
        "    ex.submit(work)  # noqa\n"
        "    x = 1  # noqa: E501\n",
    )

    def check(self, model) -> Iterable[Report]:
        return ()  # works on the comments and on what they suppressed: see `check_directives`

    def check_directives(self, source: str, path: str, suppressed: list, ran: frozenset) -> list[Finding]:
        """Findings for the unused codes of every `# noqa` comment, given the findings the comments
        suppressed and the codes of the rules that ran on the file."""
        lines = physical_lines(source)
        hidden: dict[int, list[str]] = {}
        for finding in suppressed:
            hidden.setdefault(finding.noqa_row, []).append(finding.code)
        findings = []
        comments = _comment_spans(source)
        for directive in line_directives(source).values():
            if not any(start <= directive.start < end for start, end in comments.get(directive.row, ())):
                continue  # a noqa inside a string is not a directive
            finding = self._judge(directive, hidden.get(directive.row, []), ran, path, lines[directive.row - 1])
            if finding is not None:
                findings.append(finding)
        return findings

    def _judge(self, directive: Directive, hidden: list, ran: frozenset, path: str, line: str) -> Optional[Finding]:
        ours = [code for code in directive.codes if code.text.startswith("FUT")]
        if any(code.text == self.code for code in ours):
            return None  # a FUT090 in the directive keeps every code of its line
        verdicts = [(code, _verdict(code.text, hidden, ran)) for code in ours]
        unused = [(code, verdict) for code, verdict in verdicts if verdict is not None]
        if not unused:
            return None
        return Finding(
            path=path,
            code=self.code,
            message=f"{self.message} ({_describe(unused)})",
            start=Location(directive.row, directive.start + 1),
            end=Location(directive.row, directive.end + 1),
            fix=_removal(directive, [code for code, _ in unused], line),
            noqa_row=directive.row,
            name=self.name,
            source_line=line,
        )


def _comment_spans(source: str) -> dict:
    """Row -> (start, end) columns (0-based) of the comments on that row; none when the source
    cannot be tokenized (then no directive is judged)."""
    spans: dict[int, list[tuple[int, int]]] = {}
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type == tokenize.COMMENT:
                spans.setdefault(token.start[0], []).append((token.start[1], token.end[1]))
    except (tokenize.TokenError, SyntaxError, ValueError):
        return {}
    return spans


def _verdict(entry: str, hidden: list, ran: frozenset) -> Optional[str]:
    """None when the code suppressed a finding; else why it is unused."""
    if any(entry_matches(entry, code) for code in hidden):
        return None
    known = [code for code in (PARSE_ERROR, *catalog()) if entry_matches(entry, code)]
    if not known:
        return "unknown"
    if entry != PARSE_ERROR and not any(code in ran for code in known):
        return "non-enabled"
    return "unused"


def _describe(unused: list) -> str:
    """ruff's wording: `unused: `FUT902`; non-enabled: `FUT305``."""
    groups: dict[str, list[str]] = {}
    for code, verdict in unused:
        groups.setdefault(verdict, []).append(f"`{code.text}`")
    order = ("unused", "non-enabled", "unknown")
    return "; ".join(f"{verdict}: {', '.join(groups[verdict])}" for verdict in order if verdict in groups)


def _removal(directive: Directive, unused: list, line: str) -> Fix:
    """Drop the unused codes; the whole comment (and the spaces before it) when none is left."""
    kept = [code for code in directive.codes if code not in unused]
    row = directive.row
    if kept:
        first, last = directive.codes[0], directive.codes[-1]
        text = ", ".join(code.text for code in kept)
        edit = Edit(text, Location(row, first.start + 1), Location(row, last.end + 1))
        return Fix("safe", "Remove unused codes from the `noqa` directive", (edit,))
    start = len(line[: directive.start].rstrip())
    rest = line[directive.end :]
    text = ""
    if rest.strip():  # more comment follows: keep it where it was, still a comment
        start = directive.start
        end = directive.end + (len(rest) - len(rest.lstrip()))
        text = "" if rest.lstrip().startswith("#") else "# "  # `# noqa: X  (why)` -> `# (why)`
    else:
        end = directive.end
    edit = Edit(text, Location(row, start + 1), Location(row, end + 1))
    return Fix("safe", "Remove unused `noqa` directive", (edit,))


__all__ = ["UnusedNoqa", "DirectiveCode"]
