"""Render rule and topic pages (markdown) from the rule classes: one source for the docs folder,
`futurelint rule`, SARIF help and the README table."""

from __future__ import annotations

from futurelint.findings import rule_url
from futurelint.rules.base import Rule, registry
from futurelint.topics import TOPICS, Topic


def fix_label(rule: type[Rule]) -> str:
    return rule.fix or "none"


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
    return [rule for rule in registry().values() if rule.topic() is topic]


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
    for rule in registry().values():
        topic = rule.topic()
        lines.append(
            f"| [{rule.code}]({link_prefix}{rule.code}.md) | {rule.name} | {topic.slug} | "
            f"{default_label(rule)} | {fix_label(rule)} |"
        )
    return "\n".join(lines) + "\n"


def expected_files() -> dict[str, str]:
    """Relative path -> content of every generated docs file."""
    files = {f"docs/rules/{rule.code}.md": render_rule(rule) for rule in registry().values()}
    files.update({f"docs/topics/{topic.slug}.md": render_topic(topic) for topic in TOPICS})
    return files


__all__ = ["render_rule", "render_topic", "rule_table", "expected_files", "rule_url"]
