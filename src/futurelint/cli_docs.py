"""The documentation commands: `futurelint rule`, `rules`, `topic`, `topics`."""

from __future__ import annotations

import json
from typing import Optional, Sequence

import click

from futurelint.cli import fail, main


@main.command("rule")
@click.argument("code", required=False)
@click.option("--all", "show_all", is_flag=True, help="Print every rule's documentation.")
def rule_command(code: Optional[str], show_all: bool) -> None:
    """Print a rule's documentation, by code or name: `futurelint rule FUT902`."""
    from futurelint.docs import documented_rules, find_documented, render_rule

    if show_all:
        click.echo("\n".join(render_rule(rule) for rule in documented_rules()), nl=False)
        return
    if code is None:
        fail("give a rule code or name, or --all")
    rule = find_documented(code)
    if rule is None:
        names = [rule.name for rule in documented_rules()]
        fail(f"unknown rule `{code}`{_did_you_mean(code, names)}; see `futurelint rules`")
    click.echo(render_rule(rule), nl=False)


def _fix_record(meta) -> Optional[dict]:
    if meta.fix_availability == "never":
        return None
    return {"availability": meta.fix_availability, "applicability": meta.fix_applicability}


def _did_you_mean(given: str, choices: Sequence[str]) -> str:
    """` (did you mean `x`?)` when a choice is close to what was given (any case), else ``."""
    import difflib

    by_key = {choice.lower(): choice for choice in choices}
    close = difflib.get_close_matches(given.strip().lower(), list(by_key), n=1, cutoff=0.6)
    return f" (did you mean `{by_key[close[0]]}`?)" if close else ""


@main.command("rules")
@click.option("--output-format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def rules_command(output_format: str) -> None:
    """List every rule: code, name, topic, default, fix."""
    from futurelint.parse_errors import ParseError
    from futurelint.rules.base import catalog
    from futurelint.rules.meta import RuleMeta

    metas = [RuleMeta.of(ParseError), *catalog().values()]
    records = [
        {"code": r.code, "name": r.name, "topic": r.topic().slug, "default": r.default, "fix": _fix_record(r)}
        for r in metas
    ]
    if output_format == "json":
        click.echo(json.dumps(records, indent=2))
        return
    header = ("CODE", "NAME", "TOPIC", "DEFAULT", "FIX")
    labels = {meta.code: meta.fix_label() for meta in metas}
    rows = [header] + [
        (r["code"], r["name"], r["topic"], "yes" if r["default"] else "opt-in", labels[r["code"]]) for r in records
    ]
    _echo_table(rows)


def _echo_table(rows: Sequence[Sequence[str]]) -> None:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())


@main.command("topic")
@click.argument("slug")
def topic_command(slug: str) -> None:
    """Print a topic page, by its slug (any case) or title: `futurelint topic wait`."""
    from futurelint.docs import render_topic
    from futurelint.topics import ALL_TOPICS

    wanted = slug.strip().lower()
    topic = next((t for t in ALL_TOPICS if wanted in (t.slug, t.title.lower())), None)
    if topic is None:
        mean = _did_you_mean(slug, [t.slug for t in ALL_TOPICS])
        fail(f"unknown topic `{slug}`{mean}; topics: {', '.join(t.slug for t in ALL_TOPICS)} (see `futurelint topics`)")
    click.echo(render_topic(topic), nl=False)


@main.command("topics")
@click.option("--output-format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def topics_command(output_format: str) -> None:
    """List the topics: slug, title, and the rule codes of each (`futurelint topic SLUG` shows one)."""
    from futurelint.parse_errors import ParseError
    from futurelint.rules.base import RuleMeta, catalog
    from futurelint.topics import ALL_TOPICS

    metas = [RuleMeta.of(ParseError), *catalog().values()]
    records = [
        {"slug": t.slug, "title": t.title, "rules": [m.code for m in metas if m.topic() is t]} for t in ALL_TOPICS
    ]
    if output_format == "json":
        click.echo(json.dumps(records, indent=2))
        return
    rows = [("SLUG", "RULES", "TITLE")] + [(r["slug"], _code_span(r["rules"]), r["title"]) for r in records]
    _echo_table(rows)


def _code_span(codes: Sequence[str]) -> str:
    return f"{codes[0]}..{codes[-1]}" if len(codes) > 1 else "".join(codes)
