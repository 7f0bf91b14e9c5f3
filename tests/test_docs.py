"""Generated docs and the README rule table are up to date with the rule classes."""

import subprocess
import sys
from pathlib import Path

from futurelint.docs import render_rule, render_topic
from futurelint.rules.base import registry
from futurelint.topics import TOPICS

ROOT = Path(__file__).resolve().parent.parent


def test_generated_docs_are_current():
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen_docs.py"), "--check"], capture_output=True, text=True
    )
    assert result.returncode == 0, f"run `python scripts/gen_docs.py`:\n{result.stdout}{result.stderr}"


SECTIONS = ("## What it does", "## Why is this bad?", "## Example", "## Use instead", "## Topic", "## References")

# The ten topic titles of the catalog, verbatim, by digit (two spell "ThreadPool Executor").
SEED_TITLES = (
    "Python ThreadPoolExecutor - Lifecycle of a Thread Pool",
    "Python ThreadPoolExecutor - max_workers",
    "Python ThreadPoolExecutor - The .submit() Method",
    "Python ThreadPoolExecutor - The Future Object",
    "Python ThreadPoolExecutor - The .map() method",
    "Python ThreadPool Executor - as_completed()",
    "Python ThreadPool Executor - wait()",
    "Python ThreadPoolExecutor - Callbacks",
    "Python ThreadPoolExecutor - Cancelling Tasks",
    "Python ThreadPoolExecutor - Swallowed Exceptions",
)


def test_rule_page_links_an_existing_topic_page_with_its_sections_in_order():
    for rule in registry().values():
        page = render_rule(rule)
        topic = rule.topic()
        link = f"[{topic.title}](../topics/{topic.slug}.md)"
        assert page.count(link) == 2, rule.code  # the header line and the Topic section
        assert (ROOT / "docs" / "topics" / f"{topic.slug}.md").is_file()
        positions = [page.index(section) for section in SECTIONS if section in page]
        assert len(positions) >= 5 and positions == sorted(positions), rule.code


def test_topic_titles_are_the_seed_titles():
    assert tuple(topic.title for topic in sorted(TOPICS, key=lambda t: t.digit)) == SEED_TITLES
    seeds = ROOT.parent / "shared" / "seeds" / "topics.txt"  # the seed itself, where it is at hand
    if seeds.exists():
        titles = [line for line in seeds.read_text().splitlines() if line.startswith("Python ThreadPool")]
        assert sorted(titles) == sorted(SEED_TITLES)


def test_every_topic_page_lists_its_rules():
    for topic in TOPICS:
        page = render_topic(topic)
        assert page.startswith(f"# {topic.title}\n")
        for rule in registry().values():
            assert (f"[{rule.code}]" in page) == (rule.topic() is topic), (topic.slug, rule.code)
