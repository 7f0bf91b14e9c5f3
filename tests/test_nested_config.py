"""Settings per file: each file takes the nearest configuration above it, in real directory trees."""

from __future__ import annotations

import itertools

import pytest
from cli_helpers import FLAGGED, invoke

from futurelint.project import Configs


def tree(root, files: dict) -> None:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def reported(*args: str) -> list[str]:
    outcome = invoke("check", "--output-format", "concise", *args)
    assert outcome.exit_code in (0, 1), outcome.stderr
    return [line.split(":")[0] for line in outcome.stdout.splitlines() if ": FUT" in line]


@pytest.fixture
def project(tmp_path, monkeypatch):
    tree(
        tmp_path,
        {
            "pyproject.toml": "[tool.futurelint]\n",
            "app/x.py": FLAGGED,
            "sub/pyproject.toml": '[tool.futurelint]\nignore = ["FUT902"]\nextend-exclude = ["generated"]\n',
            "sub/y.py": FLAGGED,
            "sub/generated/z.py": FLAGGED,
            "tools/.futurelint.toml": 'ignore = ["FUT902"]\n',
            "tools/pyproject.toml": '[tool.futurelint]\nselect = ["FUT9"]\n',  # .futurelint.toml wins
            "tools/t.py": FLAGGED,
        },
    )
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_each_file_takes_its_nearest_configuration(project):
    assert reported(".") == ["app/x.py"]


def test_the_order_of_paths_does_not_matter(project):
    paths = ["sub", "app/x.py", "tools", "sub/y.py"]
    outputs = {tuple(reported(*order)) for order in itertools.permutations(paths)}
    assert outputs == {("app/x.py",)}


def test_a_nested_configuration_excludes_below_itself(project):
    (project / "sub" / "pyproject.toml").write_text('[tool.futurelint]\nextend-exclude = ["generated"]\n')
    assert reported(".") == ["app/x.py", "sub/y.py"]
    assert reported("sub") == ["sub/y.py"]


def test_config_and_isolated_override_every_file(project):
    (project / "strict.toml").write_text('select = ["FUT902"]\n')
    assert reported("--config", "strict.toml", "app", "sub/y.py", "tools") == ["app/x.py", "sub/y.py", "tools/t.py"]
    assert reported("--isolated", "app", "sub/y.py", "tools") == ["app/x.py", "sub/y.py", "tools/t.py"]
    assert invoke("check", "--isolated", "--config", "strict.toml", ".").exit_code == 2


def test_extend_inherits_and_keeps_paths_relative_to_their_file(tmp_path, monkeypatch):
    tree(
        tmp_path,
        {
            "pyproject.toml": '[tool.futurelint]\nper-file-ignores = { "legacy/*.py" = ["FUT902"] }\n',
            "legacy/old.py": FLAGGED,
            "pkg/pyproject.toml": '[tool.futurelint]\nextend = "../pyproject.toml"\n',
            "pkg/legacy/new.py": FLAGGED,  # `legacy/*.py` means the root's legacy/, not pkg's
            "pkg/lib/pyproject.toml": '[tool.futurelint]\nextend = "../pyproject.toml"\nper-file-ignores = { "*.py" = ["FUT902"] }\n',
            "pkg/lib/m.py": FLAGGED,
        },
    )
    monkeypatch.chdir(tmp_path)
    assert reported(".") == ["pkg/legacy/new.py"]
    monkeypatch.chdir(tmp_path / "pkg")
    assert reported(".") == ["legacy/new.py"]


def test_extend_cycles_and_missing_targets_are_errors(tmp_path, monkeypatch):
    tree(tmp_path, {"a/pyproject.toml": '[tool.futurelint]\nextend = "../b/pyproject.toml"\n',
                    "b/pyproject.toml": '[tool.futurelint]\nextend = "../a/pyproject.toml"\n',
                    "c/pyproject.toml": '[tool.futurelint]\nextend = "nowhere.toml"\n',
                    "a/x.py": FLAGGED, "c/x.py": FLAGGED})
    monkeypatch.chdir(tmp_path)
    cycle = invoke("check", "a")
    assert cycle.exit_code == 2 and "`extend` makes a cycle" in cycle.stderr
    missing = invoke("check", "c")
    assert missing.exit_code == 2 and "configuration file not found" in missing.stderr


def test_configs_load_each_file_once(project):
    loaded = []
    configs = Configs(lambda config: loaded.append(config.path) or config)
    first = configs.for_path(str(project / "sub" / "y.py"))
    assert configs.for_path(str(project / "sub" / "generated" / "z.py")) is first
    assert configs.for_path(str(project / "sub" / "missing.py")) is first
    assert loaded == [project / "sub" / "pyproject.toml"]
