"""The semantic layer: one walk over a file's tree that every rule asks its questions of.

It answers *what* an expression is (an executor, a future, a container of futures, a name from
`concurrent.futures`) and *where* a node stands (its parent, scope, enclosing loop, `try`, function),
following the evidence rules of the catalog: a fact is established only from what the file itself
shows, and anything unproven is unknown, which rules treat as silence.

It is built without libcst's metadata providers (their scope and qualified-name analyses cost several
times the parse itself); positions are resolved lazily, only for nodes that are reported.

The modules, from the bottom up:

- `constants`: names from `concurrent.futures`, node-type groups, the shared constant sets with their reasons
- `walk`: the fast walk over a tree in source order (trivia skipped)
- `bindings`: bindings, scopes and classes the walk records
- `syntax`: small questions about syntax (arguments, caught types, task-error handlers, logging calls,
  container roots)
- `containers`: what a container of futures holds
- `callables`: data that is not callable, and the one resolver of done-callbacks
- `flow`: loops, leaving them, statements that run after a statement
- `iterators`: consuming an iterator
- `executors`: where executors are made, and of which kind
- `waits`: `wait()`/`as_completed()` arguments, FUT602/FUT603 situations, reads after the call
- `observation`: whether a future's outcome is observed, finished futures
- `identity`: whether two expressions surely hold the same object
- `project_code`: functions of other modules of the project (read, parsed and modelled on demand)
- `tasks`: what a submitted task does (whether it reports its own errors)
- `reaching`: reaching definitions, which bindings of a name reach each load
- `imported`: executors and futures imported from other modules of the project (the project index)
- `evidence`: executors, futures, None-ness and done-ness (the queries `Model` inherits)
- `model`: `Model`, the indexes, structure, names and positions of one file
- `positions`: the start and end of every node, in one codegen pass (as libcst's PositionProvider)

Rules import from this package (`from futurelint.semantic import Model`); the names below are its API.
"""

from __future__ import annotations

from futurelint.semantic.bindings import Binding, ClassInfo, Scope
from futurelint.semantic.callables import (
    DATA_BUILTINS, DATA_FUNCTIONS, DATA_LITERALS, Callback, call_returns_data, callback_registrations,
    is_generator, makes_coroutine_or_generator, never_returns_callable, own_nodes, owning_scope, resolve_callback,
)
from futurelint.semantic.constants import (
    CALLER_THREAD_ERRORS, CF, COMPREHENSION_TYPES, HARMLESS_BUILTINS, INTERPRETER_POOL, LOGGING_METHODS,
    NOT_TASK_ERRORS, PROCESS_POOL, RAISES_METHODS, SCOPE_TYPES, SUBMISSION_ERRORS, ExecutorKind, FunctionNode,
)
from futurelint.semantic.containers import Container, grows_after, is_empty_container
from futurelint.semantic.executors import (
    executor_constructions, inside_executor_implementation, is_process_pool, pickles_tasks,
)
from futurelint.semantic.finished import completed_on_creation
from futurelint.semantic.flow import (
    block_statement, following_statements, holds, is_true_loop, leaves_loop, loop_has_break, loop_may_stop_early,
    never_returns, nodes_of_same_scope, previous_statement, runs_after,
)
from futurelint.semantic.identity import same_object
from futurelint.semantic.iterators import (
    FULL_CONSUMERS, IMMEDIATE_CONSUMERS, LAZY_WRAPPERS, PARTIAL_CONSUMERS, STOPPING_CONSUMERS, consumed,
    consumption, consumption_in_statement,
)
from futurelint.semantic.model import Model
from futurelint.semantic.observation import (
    NEUTRAL, OBSERVED, REPORTED, Observation, binding_holds_finished_future, observes, truth_tested,
    uncalled_future_methods, visible_bindings,
)
from futurelint.semantic.syntax import (
    STORING_METHODS, assigned_name, call_argument, catches_task_errors, caught_types, container_root, handler_types,
    first_positional, is_logging_call, is_main_test, is_none, method_name, stored_in_container,
)
from futurelint.semantic.project_code import ask_called_function
from futurelint.semantic.tasks import callable_reports_errors, submitted_callable, task_reports_errors
from futurelint.semantic.waits import (
    RETURN_WHEN, RETURN_WHEN_MODULES, futures_looked_at_after, later_reads, result_discarded,
    unpacked_wait_targets, wait_discarded_situation, wait_first_exception_unchecked_situation,
    wait_has_timeout,
)

__all__ = [
    "ask_called_function",
    "first_positional",
    "pickles_tasks",
    "previous_statement",
    "block_statement",
    "runs_after",
    "CALLER_THREAD_ERRORS",
    "HARMLESS_BUILTINS",
    "NOT_TASK_ERRORS",
    "catches_task_errors",
    "LOGGING_METHODS",
    "RAISES_METHODS",
    "SUBMISSION_ERRORS",
    "holds",
    "loop_may_stop_early",
    "OBSERVED",
    "REPORTED",
    "callable_reports_errors",
    "grows_after",
    "inside_executor_implementation",
    "submitted_callable",
    "task_reports_errors",
    "call_returns_data",
    "handler_types",
    "is_main_test",
    "STORING_METHODS",
    "is_generator",
    "makes_coroutine_or_generator",
    "stored_in_container",
    "CF",
    "COMPREHENSION_TYPES",
    "DATA_BUILTINS",
    "DATA_FUNCTIONS",
    "DATA_LITERALS",
    "FULL_CONSUMERS",
    "IMMEDIATE_CONSUMERS",
    "INTERPRETER_POOL",
    "LAZY_WRAPPERS",
    "NEUTRAL",
    "PARTIAL_CONSUMERS",
    "PROCESS_POOL",
    "RETURN_WHEN",
    "RETURN_WHEN_MODULES",
    "SCOPE_TYPES",
    "STOPPING_CONSUMERS",
    "Binding",
    "Callback",
    "ClassInfo",
    "Container",
    "ExecutorKind",
    "FunctionNode",
    "Model",
    "Observation",
    "Scope",
    "binding_holds_finished_future",
    "completed_on_creation",
    "assigned_name",
    "call_argument",
    "callback_registrations",
    "caught_types",
    "consumed",
    "consumption",
    "consumption_in_statement",
    "container_root",
    "executor_constructions",
    "following_statements",
    "futures_looked_at_after",
    "is_empty_container",
    "is_logging_call",
    "is_none",
    "is_process_pool",
    "is_true_loop",
    "later_reads",
    "leaves_loop",
    "loop_has_break",
    "method_name",
    "never_returns",
    "never_returns_callable",
    "nodes_of_same_scope",
    "observes",
    "own_nodes",
    "owning_scope",
    "resolve_callback",
    "result_discarded",
    "same_object",
    "truth_tested",
    "uncalled_future_methods",
    "unpacked_wait_targets",
    "visible_bindings",
    "wait_discarded_situation",
    "wait_first_exception_unchecked_situation",
    "wait_has_timeout",
]
