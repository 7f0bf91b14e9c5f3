"""`wait()` situations (one predicate each, shared by the rules and by FUT903's silences) and the
observation verdicts."""

from __future__ import annotations

import pytest

from futurelint.semantic import (
    NEUTRAL, OBSERVED, Observation, observes, result_discarded, wait_discarded_situation,
    wait_first_exception_unchecked_situation,
)

from .helpers import first_call, model_of, name_loads

HEAD = "from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait\n"


@pytest.mark.parametrize(("line", "discarded"), [
    ("wait(fs, timeout=5)", True),
    ("_ = wait(fs, timeout=5)", True),
    ("_ = other = wait(fs, timeout=5)", False),
    ("done, _ = wait(fs, timeout=5)", False),
    ("print(wait(fs, timeout=5))", False),
])
def test_result_discarded(line, discarded):
    model = model_of(HEAD + "def f(fs):\n    " + line + "\n")
    assert result_discarded(model, first_call(model, "wait")) is discarded


@pytest.mark.parametrize(("body", "reported"), [
    ("    _ = wait(fs, timeout=5)\n", True),
    ("    wait(fs)\n", False),  # waits for all: nothing is lost
    ("    wait(fs, timeout=5)\n    return [f.result() for f in fs if f.done()]\n", False),  # stragglers skipped
    ("    wait(fs, timeout=5)\n    return [f.result(timeout=0) for f in fs]\n", False),  # the deadline holds
    ("    wait(fs, timeout=5)\n    return [f.result() for f in fs]\n", True),  # waits past the deadline
])
def test_the_wait_discarded_situation_is_fut602s(body, reported):
    model = model_of(HEAD + "def f(fs):\n" + body)
    assert wait_discarded_situation(model, first_call(model, "wait")) is reported


@pytest.mark.parametrize(("after", "unchecked"), [
    ("    assert len(done) > 0\n", True),  # counting the finished futures examines none of them
    ("    assert failing in done\n", False),  # a test asserting which future finished knows what happened
    ("    for f in done:\n        f.result()\n", False),
    ("    return done\n", False),
])
def test_first_exception_unchecked(after, unchecked):
    model = model_of(HEAD + "def f(fs, failing):\n    done, _ = wait(fs, return_when=FIRST_EXCEPTION)\n" + after)
    assert wait_first_exception_unchecked_situation(model, first_call(model, "wait")) is unchecked


@pytest.mark.parametrize(("use", "verdict"), [
    ("print(fut)", NEUTRAL),
    ("fut.done()", NEUTRAL),
    ("fut.result()", OBSERVED),
    ("keep(fut)", OBSERVED),  # handed to code we cannot see
    ("futures.append(fut)", OBSERVED),  # stored in another container, which may be looked at later
])
def test_observation_of_one_use(use, verdict):
    model = model_of(HEAD + "ex = ThreadPoolExecutor()\nfutures = []\nfut = ex.submit(print)\n" + use + "\n")
    load = name_loads(model, "fut")[-1]
    assert Observation(model).of_value(load) == verdict


@pytest.mark.parametrize(("use", "observed"), [
    ("print(fut)", False), ("format(fut)", False), ("fut.done()", False), ("fut", False),
    ("pending.discard(fut)", False), ("names.get(fut)", False), ("log.error('%s', fut)", False),
    ("fut.result()", True), ("fut.result", True),  # un-called: FUT302's, but meant to look
    ("keep(fut)", True), ("futures.append(fut)", True), ("reporter.error(fut)", True),  # not a logger
    ("other = fut\nother.result()", True), ("done, _ = wait([fut])\nfor f in done:\n    f.result()", True),
])
def test_observes_one_use(use, observed):
    model = model_of(HEAD + "ex = ThreadPoolExecutor()\nfutures = []\nfut = ex.submit(print)\n" + use + "\n")
    assert observes(model, name_loads(model, "fut")[-1]) is observed


def test_waits_that_read_each_others_futures_do_not_loop():
    # Each FUT603 situation reads the futures the other wait is given, and asks whether that use
    # observes them: `observes` leaves the situations out, so this ends.
    model = model_of(HEAD + "def run(nd):\n    while nd:\n"
                     "        d1, nd = wait(nd, return_when=FIRST_EXCEPTION)\n"
                     "        d2, nd = wait(nd, return_when=FIRST_EXCEPTION)\n")
    first, second = [call for call in model.calls if model.source_of(call.func) == "wait"]
    assert [wait_first_exception_unchecked_situation(model, call) for call in (first, second)] == [True, True]
