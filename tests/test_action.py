"""`action.yml`, the composite GitHub Action: its inputs and steps, and its shell steps run the way
the runner runs them (`bash --noprofile --norc -eo pipefail`), with the `${{ }}` expressions they use
filled in."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from notebook_support import FLAGGED_CELL, IMPORT_CELL, write_notebook
from repo_support import PROJECT, needs_cli, project_snapshot

ACTION = yaml.safe_load((PROJECT / "action.yml").read_text(encoding="utf-8"))
EXPRESSION = re.compile(r"\$\{\{\s*(.+?)\s*\}\}")
BAD = "from concurrent.futures import ThreadPoolExecutor\nwith ThreadPoolExecutor() as ex:\n    ex.submit(work)\n"
GOOD = "from concurrent.futures import ThreadPoolExecutor\nwith ThreadPoolExecutor() as ex:\n    print(ex.submit(work).result())\n"


def test_inputs_and_defaults():
    inputs = ACTION["inputs"]
    assert inputs["version"]["default"] == ""
    assert inputs["args"]["default"] == "check"
    assert inputs["src"]["default"] == "."
    for name, spec in inputs.items():
        assert spec["description"], name
        assert spec.get("required", False) is False, name


def test_composite_steps():
    runs = ACTION["runs"]
    assert runs["using"] == "composite"
    steps = runs["steps"]
    setup, install, lint = steps
    assert setup["uses"].startswith("actions/setup-python@")
    assert setup["if"] == "inputs.python-version != ''"
    assert install["id"] == "install" and "pip install" in install["run"]
    assert "github.action_path" in install["env"]["ACTION_PATH"]
    assert "futurelint" in lint["run"] and "steps.install.outputs.bin" in lint["env"]["FUTURELINT_BIN"]
    for step in (install, lint):
        assert step["shell"] == "bash"
        # inputs reach scripts through the environment only: no expression pasted into shell code
        assert "${{" not in step["run"], step["name"]


def test_action_metadata_matches_the_schemastore_schema():
    completed = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-actions", str(PROJECT / "action.yml")],
        capture_output=True, text=True,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_shell_steps_pass_shellcheck(tmp_path):
    shellcheck = shutil.which("shellcheck") or str(Path(sys.executable).parent / "shellcheck")
    for index, step in enumerate(ACTION["runs"]["steps"]):
        if "run" not in step:
            continue
        script = tmp_path / f"step{index}.sh"
        script.write_text(step["run"])
        completed = subprocess.run([shellcheck, "--shell=bash", str(script)], capture_output=True, text=True)
        assert completed.returncode == 0, step["name"] + "\n" + completed.stdout


def evaluate(value: str, context: dict) -> str:
    return EXPRESSION.sub(lambda match: context[match.group(1)], value)


def run_action(workspace: Path, runner_temp: Path, action_path: Path, **inputs: str) -> subprocess.CompletedProcess:
    """Runs the action's shell steps in order as the runner would; returns the last step's process."""
    context = {f"inputs.{name}": spec["default"] for name, spec in ACTION["inputs"].items()}
    context.update({f"inputs.{name}": value for name, value in inputs.items()})
    context.update({"github.action_path": str(action_path), "runner.temp": str(runner_temp)})
    completed = None
    for step in ACTION["runs"]["steps"]:
        if "uses" in step:
            assert context["inputs.python-version"] == "", "only the default (no setup-python) runs here"
            continue
        output_file = runner_temp / f"output-{step.get('id', 'step')}"
        output_file.write_text("")
        env = {key: evaluate(str(value), context) for key, value in step.get("env", {}).items()}
        env = dict(os.environ, GITHUB_OUTPUT=str(output_file), **env)
        env.pop("VIRTUAL_ENV", None)
        script = runner_temp / "step.sh"
        script.write_text(step["run"])
        completed = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=workspace, env=env, capture_output=True, text=True, timeout=900,
        )
        if completed.returncode != 0:
            return completed
        for line in output_file.read_text().splitlines():
            name, _, value = line.partition("=")
            context[f"steps.{step['id']}.outputs.{name}"] = value
    return completed


@pytest.fixture(scope="module")
def action_env(tmp_path_factory):
    base = tmp_path_factory.mktemp("action")
    action_path = project_snapshot(base / "action")
    workspace = base / "workspace"
    (workspace / "src").mkdir(parents=True)
    (workspace / "src" / "bad.py").write_text(BAD)
    (workspace / "src" / "good.py").write_text(GOOD)
    (workspace / "clean").mkdir()
    (workspace / "clean" / "good.py").write_text(GOOD)
    (workspace / "notebooks").mkdir()
    write_notebook(workspace / "notebooks" / "analysis.ipynb", [IMPORT_CELL, FLAGGED_CELL])
    return workspace, base, action_path


@needs_cli
def test_action_fails_the_step_on_findings(action_env):
    workspace, runner_temp, action_path = action_env
    completed = run_action(workspace, runner_temp, action_path)
    assert completed.returncode == 1, completed.stdout + completed.stderr
    assert "::error title=futurelint (FUT902),file=src/bad.py,line=3" in completed.stdout
    assert "::error title=futurelint (FUT902),file=notebooks/analysis.ipynb,line=2" in completed.stdout


@needs_cli
def test_action_passes_on_clean_paths_with_given_args(action_env):
    workspace, runner_temp, action_path = action_env
    completed = run_action(workspace, runner_temp, action_path, args="check --output-format concise", src="clean src/good.py")
    assert completed.returncode == 0, completed.stdout + completed.stderr
    bad = run_action(workspace, runner_temp, action_path, args="check --output-format concise", src="clean src")
    assert bad.returncode == 1
    assert bad.stdout.startswith("src/bad.py:3:5: FUT902 ")


@needs_cli
def test_action_keeps_annotations_when_args_are_overridden(action_env):
    workspace, runner_temp, action_path = action_env
    completed = run_action(workspace, runner_temp, action_path, args="check --select FUT9 --target-version py311")
    assert completed.returncode == 1, completed.stdout + completed.stderr
    assert "::error title=futurelint (FUT902),file=src/bad.py,line=3" in completed.stdout
