"""Executor kinds, executor constructions, and the one resolver of done-callbacks."""

from __future__ import annotations

import libcst as cst
import pytest

from futurelint.semantic import ExecutorKind, executor_constructions, is_process_pool, resolve_callback, same_object

from .helpers import calls_named, first_call, model_of

POOLS = (
    "from concurrent.futures import ThreadPoolExecutor, ProcessPoolExecutor, InterpreterPoolExecutor\n"
    "t = ThreadPoolExecutor()\np = ProcessPoolExecutor()\ni = InterpreterPoolExecutor()\n"
    "class Mine(ProcessPoolExecutor):\n    pass\nm = Mine()\n"
)


def test_executor_kinds_and_what_follows_from_them():
    assert ExecutorKind.PROCESS.pickles_tasks and ExecutorKind.INTERPRETER.pickles_tasks
    assert not ExecutorKind.THREAD.pickles_tasks and not ExecutorKind.ANY.pickles_tasks
    assert ExecutorKind.PROCESS.spawns_processes and not ExecutorKind.INTERPRETER.spawns_processes
    assert ExecutorKind.THREAD == "thread"  # compares with its value, as kinds did when they were strings


def test_each_construction_has_its_kind_and_only_real_process_pools_are_process_pools():
    model = model_of(POOLS)
    kinds = {model.source_of(call.func): kind for call, kind in executor_constructions(model)}
    assert kinds == {
        "ThreadPoolExecutor": ExecutorKind.THREAD, "ProcessPoolExecutor": ExecutorKind.PROCESS,
        "InterpreterPoolExecutor": ExecutorKind.INTERPRETER, "Mine": ExecutorKind.PROCESS,
    }
    process_pools = [model.source_of(c.func) for c, _ in executor_constructions(model) if is_process_pool(model, c)]
    assert process_pools == ["ProcessPoolExecutor", "Mine"]


def test_a_construction_inside_pytest_raises_is_a_test_not_a_construction():
    model = model_of("import pytest\nfrom concurrent.futures import ThreadPoolExecutor\n"
                     "with pytest.raises(ValueError):\n    ThreadPoolExecutor(0)\n")
    assert list(executor_constructions(model)) == []


def test_an_annotation_of_the_executor_base_class_is_any_kind():
    model = model_of("from concurrent.futures import Executor\ndef run(ex: Executor):\n    ex.submit(print)\n")
    receiver = model.submit_receiver(first_call(model, "ex.submit"))
    assert model.executor_kind(receiver) is ExecutorKind.ANY


CALLBACKS = (
    "import functools\nfrom concurrent.futures import ThreadPoolExecutor\n"
    "def on_done(label, fut):\n    pass\n"
    "def plain(fut):\n    pass\n"
    "class Job:\n    def done(self, fut):\n        pass\n    def hook(self, ex: ThreadPoolExecutor):\n        ex.submit(print).add_done_callback(self.done)\n"
    "def factory():\n    def inner(fut):\n        pass\n    return inner\n"
    "with ThreadPoolExecutor() as ex:\n"
    "    ex.submit(print).add_done_callback(functools.partial(on_done, 'job'))\n"
    "    ex.submit(print).add_done_callback(plain)\n"
    "    ex.submit(print).add_done_callback(factory())\n"
)


def _registered(model, index: int) -> cst.BaseExpression:
    calls = [c for c in model.calls if model.source_of(c.func).endswith(".add_done_callback")]
    return calls[index].args[0].value


@pytest.mark.parametrize(("index", "factories", "param"), [(1, False, "fut"), (2, False, "fut"), (0, False, "fut")])
def test_the_future_parameter_skips_what_partial_and_self_bind(index, factories, param):
    model = model_of(CALLBACKS)
    callback = resolve_callback(model, _registered(model, index), factories)
    assert callback is not None and callback.future_param().name.value == param


def test_a_factory_gives_its_product_only_when_asked():
    model = model_of(CALLBACKS)
    assert resolve_callback(model, _registered(model, 3)) is None
    product = resolve_callback(model, _registered(model, 3), factories=True)
    assert product is not None and product.function.name.value == "inner"


def test_the_model_knows_the_same_future_parameters_as_the_resolver():
    model = model_of(CALLBACKS)
    params = [p for p in model.nodes(cst.Name) if p.value in ("label", "fut")]
    label = next(model.binding_of(n) for n in params if n.value == "label" and model.binding_of(n))
    assert not model.receives_callback_future(label.definition)  # bound by functools.partial
    futs = {model.enclosing_function(n).name.value: model.binding_of(n) for n in params if n.value == "fut" and model.binding_of(n)}
    receiving = sorted(name for name, binding in futs.items() if model.receives_callback_future(binding.definition))
    assert receiving == ["done", "on_done", "plain"]  # a factory's product is resolved only on request


SAME_OBJECT = (
    "class A:\n"
    "    def start(self):\n        self.fut.cancel()\n        other.fut.cancel()\n"
    "    def stop(self):\n        self.fut.result()\n"
    "class B:\n"
    "    def stop(self):\n        self.fut.result()\n"
    "def run(fut, flag):\n"
    "    fut.done()\n"
    "    if flag:\n        fut = make()\n"
    "    fut.done()\n"
    "    fut = make()\n"
    "    fut.done()\n"
)


def test_same_object_is_claimed_only_when_surely_the_same():
    model = model_of(SAME_OBJECT)
    attrs = [node for node in model.nodes(cst.Attribute) if model.source_of(node) in ("self.fut", "other.fut")]
    a_start, a_other, a_stop, b_stop = attrs
    assert same_object(model, a_start, a_stop)  # one class: the instance its methods share
    assert not same_object(model, a_start, b_stop)  # another class's attribute of the same name
    assert not same_object(model, a_start, a_other)  # another receiver
    before, maybe_rebound, rebound = [call.func.value for call in calls_named(model, "fut.done")]
    assert same_object(model, before, before)
    assert not same_object(model, before, maybe_rebound)  # the branch's rebinding may have run
    assert not same_object(model, maybe_rebound, rebound)
