"""Render rule and topic pages (markdown) from the rule classes: one source for the docs folder,
`futurelint rule`, SARIF help and the README table; and the rule catalog module that start-up reads
instead of importing the rules."""

from __future__ import annotations

import json

from futurelint.findings import rule_url
from futurelint.parse_errors import ParseError
from futurelint.rules.base import Rule, registry
from futurelint.rules.meta import RuleMeta
from futurelint.topics import ALL_TOPICS, Topic


def documented_rules() -> list:
    """Every rule with a page: FUT000 (a file futurelint cannot lint), then the rule classes."""
    return [ParseError, *registry().values()]


def find_documented(code_or_name: str):
    """The documented rule with this code (any case) or name, or None."""
    wanted = code_or_name.strip()
    for rule in documented_rules():
        if rule.code == wanted.upper() or rule.name == wanted.lower():
            return rule
    return None


def fix_label(rule: type[Rule]) -> str:
    return rule.fix_label()


def default_label(rule: type[Rule]) -> str:
    return "yes" if rule.default else "opt-in"


def topic_link(topic: Topic, prefix: str = "../topics/") -> str:
    return f"[{topic.title}]({prefix}{topic.slug}.md)"


def render_rule(rule: type[Rule]) -> str:
    topic = rule.topic()
    body = rule.documentation()
    topic_section = f"## Topic\n{topic_link(topic)}\n"
    if "## References" in body:
        before, after = body.split("## References", 1)
        body = f"{before.rstrip()}\n\n{topic_section}\n## References{after}"
    else:
        body = f"{body.rstrip()}\n\n{topic_section}"
    header = (
        f"# {rule.name} ({rule.code})\n\n"
        f"Default: {default_label(rule)} · Fix: {fix_label(rule)} · Topic: {topic_link(topic)}\n\n"
    )
    return header + body.rstrip() + "\n"


def topic_rules(topic: Topic) -> list[type[Rule]]:
    return [rule for rule in documented_rules() if rule.topic() is topic]


def render_topic(topic: Topic) -> str:
    lines = [f"# {topic.title}", "", topic.summary, "", "## Rules", ""]
    rules = topic_rules(topic)
    if rules:
        lines += ["| Code | Name | Default | Fix |", "|---|---|---|---|"]
        for rule in rules:
            lines.append(
                f"| [{rule.code}](../rules/{rule.code}.md) | {rule.name} | {default_label(rule)} | {fix_label(rule)} |"
            )
    else:
        lines.append("No rules yet.")
    return "\n".join(lines) + "\n"


def rule_table(link_prefix: str = "docs/rules/") -> str:
    lines = ["| Code | Name | Topic | Default | Fix |", "|---|---|---|---|---|"]
    for rule in documented_rules():
        topic = rule.topic()
        lines.append(
            f"| [{rule.code}]({link_prefix}{rule.code}.md) | {rule.name} | {topic.slug} | "
            f"{default_label(rule)} | {fix_label(rule)} |"
        )
    return "\n".join(lines) + "\n"


CATALOG_PATH = "src/futurelint/rules/catalog.py"
CATALOG_HEADER = '''"""Every rule's code, name, default and fix kind: what start-up needs (selection, configuration,
`futurelint rules`) without importing the rule modules and libcst.

Generated from the rule classes by `python scripts/gen_docs.py`; do not edit.
"""

from futurelint.rules.meta import RuleMeta

CATALOG = (
'''


def render_catalog() -> str:
    """The source of `futurelint/rules/catalog.py`."""
    lines = []
    for rule in registry().values():
        meta = RuleMeta.of(rule)
        fix = ""
        if meta.fix_availability != "never":
            fix = f", fix_availability={_literal(meta.fix_availability)}, fix_applicability={_literal(meta.fix_applicability)}"
        lines.append(f"    RuleMeta({_literal(meta.code)}, {_literal(meta.name)}, default={_literal(meta.default)}{fix}),")
    return CATALOG_HEADER + "\n".join(lines) + "\n)\n"


def _literal(value: object) -> str:
    """Python source for a str, bool or None, with double quotes as the rest of the code base."""
    return json.dumps(value) if isinstance(value, str) else repr(value)


def expected_files() -> dict[str, str]:
    """Relative path -> content of every generated file (docs pages and the rule catalog)."""
    files = {f"docs/rules/{rule.code}.md": render_rule(rule) for rule in documented_rules()}
    files.update({f"docs/topics/{topic.slug}.md": render_topic(topic) for topic in ALL_TOPICS})
    files[CATALOG_PATH] = render_catalog()
    return files


__all__ = ["render_rule", "render_topic", "rule_table", "render_catalog", "expected_files", "rule_url"]
