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


def test_rule_page_names_its_topic_verbatim_and_links_it():
    for rule in registry().values():
        page = render_rule(rule)
        topic = rule.topic()
        assert f"[{topic.title}](../topics/{topic.slug}.md)" in page
        assert page.index("## Topic") < page.index("## References") if "## References" in page else True


def test_topic_titles_are_the_seed_titles():
    seeds = (ROOT.parent / "shared" / "seeds" / "topics.txt")
    if not seeds.exists():
        return
    titles = [line for line in seeds.read_text().splitlines() if line.startswith("Python ThreadPool")]
    assert [topic.title for topic in TOPICS] == titles[::-1] or sorted(t.title for t in TOPICS) == sorted(titles)


def test_every_topic_page_lists_its_rules():
    for topic in TOPICS:
        page = render_topic(topic)
        assert page.startswith(f"# {topic.title}\n")
