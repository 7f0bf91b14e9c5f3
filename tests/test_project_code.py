"""Tasks and functions that another module of the project defines (semantic/project_code.py,
issue #12 §2): read, parsed and asked about like the file's own; what cannot be read or parsed
is unknown, and unknown keeps the finding."""

from __future__ import annotations

import os

import pytest
from cli_helpers import invoke, run_process

SUBMITS = (
    "from concurrent.futures import ThreadPoolExecutor\nfrom app.tasks import send\n\n"
    "def run(job):\n    with ThreadPoolExecutor() as ex:\n        ex.submit(send, job)\n"
)
GUARDED = "import logging\n\ndef send(job):\n    try:\n        job()\n    except Exception:\n        logging.exception('lost')\n"
FINDING = "app/jobs.py:6:9: FUT902"


@pytest.fixture
def project(tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text("[tool.futurelint]\nmax-file-size = 100000\n")
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "__init__.py").write_text("")
    (tmp_path / "app" / "jobs.py").write_text(SUBMITS)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def check(*args: str) -> str:
    outcome = invoke("check", "--no-cache", "--output-format", "concise", *args)
    assert outcome.exit_code in (0, 1), outcome.output
    return outcome.stdout


def test_a_guarded_task_of_another_module_loses_nothing(project):
    (project / "app" / "tasks.py").write_text(GUARDED)
    assert FINDING not in check(".")
    assert FINDING not in check("app/jobs.py")
    source = (project / "app" / "jobs.py").read_text()
    stdin = ("check", "--no-cache", "--output-format", "concise", "--stdin-filename", "app/jobs.py", "-")
    assert FINDING not in invoke(*stdin, stdin=source).stdout
    assert FINDING not in run_process(*stdin, cwd=project, stdin=source).stdout
    (project / "app" / "tasks.py").write_text("def send(job):\n    job()\n")
    assert FINDING in invoke(*stdin, stdin=source).stdout
    assert FINDING in run_process(*stdin, cwd=project, stdin=source).stdout


@pytest.mark.parametrize(
    "tasks",
    [
        pytest.param("def send(job):\n    job()\n", id="unguarded"),
        pytest.param(GUARDED.replace("Exception", "KeyError"), id="narrow-handler"),
        pytest.param(GUARDED.replace("def send", "def other") + "send = other\n", id="not-a-def"),
        pytest.param(GUARDED + "\ndef send(job):\n    job()\n", id="defined-twice"),
        pytest.param("@retry\n" + GUARDED.split("\n", 2)[2], id="decorated"),
        pytest.param(GUARDED + "x = (" * 200 + ")" * 200 + "\n", id="too-deep"),
        pytest.param(GUARDED + "def broken(:\n", id="syntax-error"),
        pytest.param(GUARDED + "#" * 100_001 + "\n", id="over-max-file-size"),
        pytest.param(b"\xff\xfe" + GUARDED.encode(), id="undecodable"),
        pytest.param(GUARDED.replace("        job()\n", "        pass\n") + "    else:\n        job()\n", id="else-can-raise"),
        pytest.param(GUARDED + "    finally:\n        job.close()\n", id="finally-can-raise"),
        pytest.param(GUARDED.replace("def send", "async def send"), id="coroutine-function"),
    ],
)
def test_what_cannot_be_known_keeps_the_finding(project, tasks):
    path = project / "app" / "tasks.py"
    path.write_bytes(tasks if isinstance(tasks, bytes) else tasks.encode())
    assert FINDING in check(".")


def test_a_special_file_named_like_the_module_is_not_read(project):
    os.mkfifo(project / "app" / "tasks.py")  # reading it would block for ever
    assert FINDING in check("app/jobs.py")


def test_a_module_outside_the_module_roots_is_not_read(project):
    """`src = ["lib"]`: app/ is no module root any more, so `app.tasks` is not found."""
    (project / "app" / "tasks.py").write_text(GUARDED)
    (project / "pyproject.toml").write_text('[tool.futurelint]\nsrc = ["lib"]\n')
    assert FINDING in check(".")


def test_a_re_export_chain_is_followed_a_few_hops(project):
    (project / "app" / "tasks.py").write_text(GUARDED)
    (project / "app" / "__init__.py").write_text("from app.tasks import send\n")
    (project / "app" / "jobs.py").write_text(SUBMITS.replace("from app.tasks import send", "from app import send"))
    assert FINDING not in check(".")
    (project / "app" / "__init__.py").write_text("from app import send\n")  # a cycle: never found
    assert FINDING in check(".")


def test_a_package_comes_before_a_module_of_the_same_name(project):
    """Python imports `app/tasks/__init__.py` when `app/tasks.py` exists too."""
    (project / "app" / "tasks.py").write_text(GUARDED)
    (project / "app" / "tasks").mkdir()
    (project / "app" / "tasks" / "__init__.py").write_text("def send(job):\n    job()\n")
    assert FINDING in check(".")
    (project / "app" / "tasks" / "__init__.py").write_text(GUARDED)
    assert FINDING not in check(".")


def test_a_file_outside_the_module_roots_does_not_resolve_its_imports_there(tmp_path, monkeypatch):
    """`cd a && futurelint check ../b/main.py` without configuration: b/main.py is no module of the
    project rooted at a/, so a/tasks.py is not what its `from tasks import send` means."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "tasks.py").write_text(GUARDED)
    (tmp_path / "b" / "tasks.py").write_text("def send(job):\n    job()\n")
    (tmp_path / "b" / "main.py").write_text(SUBMITS.replace("from app.tasks import send", "from tasks import send"))
    monkeypatch.chdir(tmp_path / "a")
    assert "main.py:6:9: FUT902" in check("../b/main.py")


def test_a_task_module_created_later_is_seen_by_the_cache_and_the_process(project):
    """A module looked for and not found is a dependency too: creating it lints the file again."""
    def cached() -> str:
        return invoke("check", "--output-format", "concise", ".").stdout

    assert FINDING in cached()
    (project / "app" / "tasks.py").write_text(GUARDED)
    assert FINDING not in cached()
    (project / "app" / "tasks.py").unlink()
    assert FINDING in cached()


def test_a_file_consults_a_bounded_amount_of_other_modules(project, monkeypatch):
    """A task delegating to helpers in many modules: beyond CONSULTED_BYTES of modules, unknown
    (the finding stays), whether the modules were parsed for this file or remembered."""
    import futurelint.semantic.project_code as project_code

    helpers = [f"helper_{index}" for index in range(4)]
    for name in helpers:
        (project / "app" / f"{name}.py").write_text(GUARDED + "# padding\n" * 50)
    imports = "".join(f"from app.{name} import send as {name}\n" for name in helpers)
    calls = "".join(f"    {name}(job)\n" for name in helpers)
    (project / "app" / "tasks.py").write_text(f"{imports}\ndef send(job):\n{calls}")
    assert FINDING not in check(".")
    monkeypatch.setattr(project_code, "CONSULTED_BYTES", 1000)
    assert FINDING in check(".")
    assert FINDING in check("app/jobs.py")
