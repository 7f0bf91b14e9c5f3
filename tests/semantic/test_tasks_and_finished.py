"""What a submitted task does (semantic/tasks.py) and futures finished by their executor
(semantic/finished.py)."""

from __future__ import annotations

import textwrap

import pytest

from futurelint.semantic import task_reports_errors

from .helpers import first_call, model_of, name_loads

HEAD = "import logging, sys\nfrom concurrent.futures import ThreadPoolExecutor, wait\nlog = logging.getLogger()\n"


def _task(body: str) -> bool:
    source = HEAD + "def task(x):\n" + textwrap.indent(textwrap.dedent(body), "    ") + (
        "def run(ex: ThreadPoolExecutor):\n    ex.submit(task, 1)\n"
    )
    model = model_of(source)
    return task_reports_errors(model, first_call(model, "ex.submit"))


@pytest.mark.parametrize(("body", "reports"), [
    ("try:\n    x.run()\nexcept Exception:\n    log.exception('failed')\n", True),
    ("try:\n    x.run()\nexcept BaseException as e:\n    errors.append(e)\n", True),
    ("try:\n    x.run()\nexcept:\n    print('failed')\n", True),
    ("'''doc'''\nif x.skipped:\n    return\ntry:\n    x.run()\nexcept Exception:\n    log.exception('failed')\nreturn x\n", True),
    ("y = x[1:2]\nprint(f'{y}')\ntry:\n    y.run()\nexcept Exception:\n    log.exception('failed')\n", True),
    ("try:\n    x.run()\nfinally:\n    done(sys.exc_info()[1])\n", True),
    ("try:\n    x.run()\nexcept KeyError:\n    log.exception('failed')\n", False),
    ("try:\n    x.run()\nexcept Exception:\n    pass\n", False),
    ("try:\n    x.run()\nexcept Exception:\n    log.exception('failed')\n    raise\n", False),
    ("y = x.prepare()\ntry:\n    y.run()\nexcept Exception:\n    log.exception('failed')\n", False),
    ("x.run()\n", False),
])
def test_a_task_reports_its_errors_when_its_whole_body_is_guarded(body, reports):
    assert _task(body) is reports


def test_a_task_that_only_delegates_to_guarded_tasks_reports_its_errors():
    source = HEAD + (
        "def guarded(x):\n    try:\n        x.run()\n    except Exception:\n        log.exception('failed')\n"
        "def serialize(items):\n    for item in items:\n        guarded(item)\n"
        "def run(ex: ThreadPoolExecutor, items):\n    ex.submit(serialize, items)\n"
    )
    model = model_of(source)
    assert task_reports_errors(model, first_call(model, "ex.submit"))


def test_tasks_defined_elsewhere_are_unknown():
    model = model_of(HEAD + "from tasks import guarded\ndef run(ex: ThreadPoolExecutor):\n    ex.submit(guarded)\n")
    assert not task_reports_errors(model, first_call(model, "ex.submit"))


@pytest.mark.parametrize(("body", "done"), [
    ("with ThreadPoolExecutor() as ex:\n    f = ex.submit(job)\nf.result()\n", True),
    ("with ThreadPoolExecutor() as ex:\n    f = ex.submit(job)\n    f.result()\n", False),
    ("ex = ThreadPoolExecutor()\nf = ex.submit(job)\nex.shutdown()\nf.result()\n", True),
    ("ex = ThreadPoolExecutor()\nf = ex.submit(job)\nex.shutdown(wait=False)\nf.result()\n", False),
    ("ex = ThreadPoolExecutor()\ntry:\n    f = ex.submit(job)\nfinally:\n    ex.shutdown()\nf.result()\n", True),
    ("ex = ThreadPoolExecutor()\nf = ex.submit(job)\nwait([f])\nf.result()\n", False),
    ("ex = ThreadPoolExecutor()\nfs = [ex.submit(job)]\nwait(fs)\nfor f in fs:\n    f.result()\n", True),
    ("ex = ThreadPoolExecutor()\nfs = [ex.submit(job)]\nwait(fs, timeout=1)\nfor f in fs:\n    f.result()\n", False),
])
def test_futures_finished_by_their_executor(body, done):
    source = HEAD + "def run(job):\n" + textwrap.indent(body, "    ")
    model = model_of(source)
    result = [load for load in name_loads(model, "f") if model.source_of(model.parent(model.parent(load))) == "f.result()"][-1]
    call = model.parent(model.parent(result))
    assert model.future_known_done(result, call) is done
