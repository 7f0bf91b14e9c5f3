"""The snippets in docs/integrations.md parse and name the real hook id, action inputs, output
formats and flake8 options."""

from __future__ import annotations

import configparser
import re
import subprocess
import sys

import yaml
from repo_support import PROJECT

from futurelint.formatters import FORMATS

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

DOC = (PROJECT / "docs" / "integrations.md").read_text(encoding="utf-8")
FENCE = re.compile(r"^```(\w+)\n(.*?)^```$", re.MULTILINE | re.DOTALL)
HOOKS = yaml.safe_load((PROJECT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
ACTION = yaml.safe_load((PROJECT / "action.yml").read_text(encoding="utf-8"))
REPOSITORY = "futurelint/futurelint"


def blocks(language: str) -> list[str]:
    return [body for lang, body in FENCE.findall(DOC) if lang == language]


def yaml_blocks() -> list[dict]:
    return [yaml.safe_load(body) for body in blocks("yaml")]


def test_every_yaml_snippet_parses():
    parsed = yaml_blocks()
    assert len(parsed) == 4
    assert all(isinstance(document, dict) for document in parsed)


def test_pre_commit_snippet_names_the_hook():
    [config] = [doc for doc in yaml_blocks() if "repos" in doc]
    [repo] = config["repos"]
    assert repo["repo"] == f"https://github.com/{REPOSITORY}"
    assert [hook["id"] for hook in repo["hooks"]] == [hook["id"] for hook in HOOKS]


def steps_of(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def test_workflow_snippets_use_real_action_inputs():
    workflows = [doc for doc in yaml_blocks() if "jobs" in doc]
    assert len(workflows) == 2
    action_steps = [s for w in workflows for s in steps_of(w) if s.get("uses", "").startswith(REPOSITORY + "@")]
    assert action_steps
    for step in action_steps:
        assert set(step.get("with", {})) <= set(ACTION["inputs"])
    documented = set(re.findall(r"^\| `([\w-]+)` \|", DOC, re.MULTILINE))
    assert documented == set(ACTION["inputs"])


def test_commands_use_real_output_formats():
    formats = re.findall(r"--output-format ([\w-]+)", DOC)
    assert formats and set(formats) <= set(FORMATS)


def test_sarif_workflow_uploads_the_file_it_writes():
    [workflow] = [doc for doc in yaml_blocks() if "jobs" in doc and "permissions" in doc]
    steps = steps_of(workflow)
    [written] = [s["run"].rsplit("> ", 1)[1] for s in steps if "> " in s.get("run", "")]
    [upload] = [s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif@")]
    assert upload["with"]["sarif_file"] == written
    assert workflow["permissions"]["security-events"] == "write"


def test_gitlab_job_reports_the_files_it_writes():
    [config] = [doc for doc in yaml_blocks() if "futurelint" in doc]
    job = config["futurelint"]
    written = [line.rsplit("> ", 1)[1] for line in job["script"] if "> " in line]
    assert sorted(job["artifacts"]["reports"].values()) == sorted(written)


def test_flake8_config_uses_the_plugins_options():
    from futurelint.flake8_plugin import Flake8Plugin

    class Recorder:
        names: list = []

        def add_option(self, name, **kwargs):
            self.names.append(name.lstrip("-"))

    Flake8Plugin.add_options(Recorder())
    [ini] = blocks("ini")
    parser = configparser.ConfigParser()
    parser.read_string(ini)
    futurelint_keys = {key for key in parser["flake8"] if key.startswith("futurelint")}
    assert futurelint_keys and futurelint_keys <= set(Recorder.names)


def test_ruff_snippet_marks_fut_external():
    [toml] = blocks("toml")
    assert tomllib.loads(toml)["tool"]["ruff"]["lint"]["external"] == ["FUT"]


def test_ci_snippets_match_schemastore_schemas(tmp_path):
    checked = []
    for index, body in enumerate(blocks("yaml")):
        document = yaml.safe_load(body)
        if "jobs" in document:
            schema = "vendor.github-workflows"
        elif "repos" in document:
            continue  # the pre-commit snippet is checked against the hook definition above
        else:
            schema = "vendor.gitlab-ci"
        snippet = tmp_path / f"snippet{index}.yml"
        snippet.write_text(body, encoding="utf-8")
        completed = subprocess.run(
            [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(snippet)],
            capture_output=True, text=True,
        )
        assert completed.returncode == 0, body + completed.stdout + completed.stderr
        checked.append(schema)
    assert sorted(checked) == ["vendor.github-workflows", "vendor.github-workflows", "vendor.gitlab-ci"]


def test_readme_snippets_are_the_documented_ones():
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    readme_yaml = [body for lang, body in FENCE.findall(readme) if lang == "yaml"]
    assert len(readme_yaml) == 3  # pre-commit, the action, SARIF upload
    assert all(body in blocks("yaml") for body in readme_yaml)
