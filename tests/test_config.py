"""`[tool.futurelint]`: discovery, keys, errors, requires-python."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli_helpers import FLAGGED, invoke, run_process, write
from futurelint.config import ConfigError, discover_config, find_config, load_config, target_from_requires_python


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def pyproject(root: Path, body: str, project: str = "") -> Path:
    return write(root, "pyproject.toml", (f"[project]\n{project}\n" if project else "") + "[tool.futurelint]\n" + body)


def test_nearest_pyproject_upward_from_first_path(project):
    outer = pyproject(project, 'select = ["FUT902"]\n')
    inner = pyproject(project / "sub", 'ignore = ["FUT902"]\n')
    (project / "sub" / "deep").mkdir()
    assert find_config(project / "sub" / "deep") == inner
    assert find_config(project / "other") == outer


def test_pyproject_without_section_is_passed_over_for_one_with_it(project):
    outer = pyproject(project, 'select = ["FUT902"]\n')
    write(project, "sub/pyproject.toml", "[project]\nname = 'x'\n")
    assert find_config(project / "sub") == outer


@pytest.mark.parametrize(
    "body, fragment",
    [
        ('selct = ["FUT902"]\n', "unknown key `selct`"),
        ('extend_select = ["FUT902"]\n', "unknown key `extend_select` in [tool.futurelint] (did you mean `extend-select`?)"),
        ('select = "FUT902"\n', "`select` must be a list of rule codes or names, got str 'FUT902'"),
        ('ignore = ["FUT999"]\n', "unknown rule selector `FUT999` in `ignore`"),
        ('per-file-ignores = {"tests/*" = ["nope"]}\n', 'unknown rule selector `nope` in `per-file-ignores."tests/*"`'),
        ('per-file-ignores = {"tests/*" = "FUT902"}\n', "`per-file-ignores` must be a table of glob = [codes]"),
        ('respect-gitignore = "yes"\n', "`respect-gitignore` must be true or false"),
        ('target-version = "py38"\n', '`target-version` must be one of "py39"'),
        ("max-workers-limit = 0\n", "`max-workers-limit` must be a positive integer"),
        ("max-workers-limit = true\n", "`max-workers-limit` must be a positive integer"),
        ("select = [\n", "invalid TOML"),
    ],
)
def test_config_errors_name_key_and_file(project, body, fragment):
    path = pyproject(project, body)
    write(project, "a.py", FLAGGED)
    result = invoke("check")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"futurelint: error: {path}")
    assert fragment in result.stderr
    assert result.stderr.count("\n") == 1


def test_config_error_in_a_real_process_has_no_traceback(tmp_path):
    pyproject(tmp_path, "bogus = 1\n")
    result = run_process("check", cwd=tmp_path)
    assert result.exit_code == 2 and "unknown key `bogus`" in result.stderr and "Traceback" not in result.stderr


def test_config_selects_and_cli_overrides(project):
    pyproject(project, 'ignore = ["FUT902"]\n')
    write(project, "a.py", FLAGGED)
    assert invoke("check").exit_code == 0
    assert invoke("check", "--select", "FUT902").exit_code == 1
    assert invoke("check", "--extend-select", "FUT902").exit_code == 1  # exact code beats nothing on the CLI layer


def test_per_file_ignores_relative_to_config(project):
    pyproject(project, 'per-file-ignores = {"tests/*.py" = ["FUT9"], "conftest.py" = ["future-discarded"]}\n')
    write(project, "tests/test_a.py", FLAGGED)
    write(project, "deep/conftest.py", FLAGGED)
    write(project, "src/a.py", FLAGGED)
    result = invoke("check", "--output-format", "concise", "-q", "--select", "FUT902")
    assert [line.split(":")[0] for line in result.stdout.splitlines()] == ["src/a.py"]


def test_exclude_keys(project):
    pyproject(project, 'extend-exclude = ["generated"]\n')
    write(project, "generated/a.py", FLAGGED)
    write(project, "build/a.py", FLAGGED)
    assert invoke("check", "--select", "FUT902").exit_code == 0
    pyproject(project, 'exclude = ["other"]\n')  # replaces the defaults: build/ is linted now
    result = invoke("check", "--select", "FUT902", "--output-format", "concise", "-q")
    assert sorted(line.split(":")[0] for line in result.stdout.splitlines()) == ["build/a.py", "generated/a.py"]


def test_explicit_config_file(project):
    config = write(project, "conf/futurelint.toml", 'ignore = ["FUT902"]\n')
    write(project, "a.py", FLAGGED)
    assert invoke("check", "--config", str(config)).exit_code == 0
    assert invoke("check", "--config", "missing.toml").exit_code == 2


@pytest.mark.parametrize(
    "spec, expected",
    [(">=3.9", "py39"), (">=3.11", "py311"), (">=3.10,<4", "py310"), ("~=3.12", "py312"), (">=3.7", "py39"),
     ("==3.13.*", "py313"), (">=3.20", "py314"), ("<4", None)],
)
def test_target_from_requires_python(spec, expected):
    assert target_from_requires_python(spec) == expected


def test_target_version_precedence(project):
    path = pyproject(project, "", project='requires-python = ">=3.11"')
    assert load_config(path).effective_target_version == "py311"
    path = pyproject(project, 'target-version = "py312"\n', project='requires-python = ">=3.11"')
    assert load_config(path).effective_target_version == "py312"
    assert discover_config(None, None).effective_target_version == "py312"


def test_target_version_reaches_rules(project, monkeypatch):
    from futurelint import cli

    seen = {}
    real = cli.run

    def spy(tasks, settings, **kwargs):
        seen["settings"] = settings
        return real(tasks, settings, **kwargs)

    monkeypatch.setattr(cli, "run", spy)
    pyproject(project, "max-workers-limit = 64\n", project='requires-python = ">=3.10"')
    write(project, "a.py", FLAGGED)
    invoke("check")
    assert (seen["settings"].target_version, seen["settings"].max_workers_limit) == ("py310", 64)
    invoke("check", "--target-version", "py313")
    assert seen["settings"].target_version == "py313"


def test_no_config_uses_defaults(project):
    config = discover_config(None, None)
    assert config.path is None and config.effective_target_version == "py39" and config.max_workers_limit == 128


def test_load_config_error_type(project):
    with pytest.raises(ConfigError):
        load_config(pyproject(project, "nope = 1\n"))


@pytest.mark.parametrize("value", ["[" * 5000 + "]" * 5000, "{a = " * 5000 + "1" + "}" * 5000])
def test_toml_nested_thousands_deep_in_an_ancestor_is_a_configuration_error(tmp_path, monkeypatch, value):
    """Issue 14, item 13: a RecursionError traceback before."""
    (tmp_path / "pyproject.toml").write_text(f"x = {value}\n")
    project = tmp_path / "project"
    project.mkdir()
    (project / "a.py").write_text("x = 1\n")
    monkeypatch.chdir(project)
    outcome = invoke("check", "a.py")
    assert outcome.exit_code == 2 and outcome.stdout == ""
    assert outcome.stderr == f"futurelint: error: {tmp_path / 'pyproject.toml'}: invalid TOML: nested too deeply\n"
