"""Reaching definitions (semantic/reaching.py): each load of a name bound more than once sees only
the bindings that can reach it. Each case marks the load with `#@` and lists, as `# reach: L1 L2`,
the lines of the binding statements that must reach it."""

from __future__ import annotations

import re
import textwrap

import libcst as cst
import pytest

from .helpers import model_of

CASES = {
    "straight_line": """
        x = 1
        x = 2
        print(x)  #@ reach: 2
    """,
    "branches_merge": """
        x = 1
        if c:
            x = 2
        print(x)  #@ reach: 1 3
    """,
    "both_branches_rebind": """
        x = 1
        if c:
            x = 2
        else:
            x = 3
        print(x)  #@ reach: 3 5
    """,
    "elif_chain": """
        if a:
            x = 1
        elif b:
            x = 2
        else:
            return
        print(x)  #@ reach: 2 4
    """,
    "two_loops_reuse_a_name": """
        for f in pending:
            f.cancel()
        for f in done:
            f.cancel()  #@ reach: 3
    """,
    "first_loop_sees_only_its_own": """
        for f in pending:
            f.cancel()  #@ reach: 1
        for f in done:
            f.cancel()
    """,
    "loop_carried": """
        x = 1
        while c:
            print(x)  #@ reach: 1 4
            x = 2
    """,
    "after_loop_zero_or_more_iterations": """
        x = 1
        for i in y:
            x = 2
        print(x)  #@ reach: 1 3
    """,
    "while_true_exits_by_break_only": """
        x = 1
        while True:
            x = 2
            if c:
                break
            x = 3
        print(x)  #@ reach: 3
    """,
    "continue_goes_round": """
        x = 1
        for i in y:
            if c:
                x = 2
                continue
            print(x)  #@ reach: 1 4 7
            x = 3
    """,
    "for_else": """
        x = 1
        for i in y:
            if c:
                x = 2
                break
        else:
            x = 3
        print(x)  #@ reach: 4 7
    """,
    "with_as_rebinds": """
        p = multiprocessing.Pool()
        p.map(f, xs)
        with ThreadPoolExecutor() as p:
            p.map(f, xs)  #@ reach: 3
    """,
    "handler_sees_what_the_body_may_have_bound": """
        x = 1
        try:
            x = 2
            x = 3
        except E:
            print(x)  #@ reach: 1 3 4
    """,
    "after_try_with_handler": """
        x = 1
        try:
            x = 2
        except E:
            return
        print(x)  #@ reach: 3
    """,
    "finally_sees_both_paths": """
        x = 1
        try:
            x = 2
        finally:
            print(x)  #@ reach: 1 3
    """,
    "try_else": """
        x = 1
        try:
            pass
        except E:
            x = 2
        else:
            x = 3
        print(x)  #@ reach: 5 7
    """,
    "comprehension_target_does_not_leak": """
        x = 1
        ys = [x for x in range(3)]
        print(x)  #@ reach: 1
    """,
    "comprehension_sees_its_target": """
        x = 1
        ys = [x for x in range(3)]  #@ reach: 2
    """,
    "walrus_binds_where_evaluated": """
        x = 1
        if (x := f()) is not None:
            print(x)  #@ reach: 2
    """,
    "short_circuit_may_skip_a_walrus": """
        x = 1
        ok = c and (x := 2)
        print(x)  #@ reach: 1 2
    """,
    "conditional_expression_branches": """
        x = 1
        y = (x := 2) if c else (x := 3)
        print(x)  #@ reach: 2 2
    """,
    "augmented_assignment_reads_the_old_value": """
        x = 1
        x += 1  #@ reach: 1
    """,
    "return_ends_a_path": """
        x = 1
        if c:
            x = 2
            return x
        print(x)  #@ reach: 1
    """,
    "parameter_rebound": """
        print(a)  #@ reach: 0
        a = 2
    """,
    "nested_function_sees_every_binding": """
        x = 1
        def g():
            return x  #@ reach: 1 4
        x = 2
    """,
    "declaration_keeps_what_reaches": """
        x = None
        x: int
        print(x)  #@ reach: 1 2
    """,
}


def reaching_lines(source: str):
    model = model_of(source)
    marked = next(i for i, line in enumerate(source.splitlines(), 1) if "#@" in line)
    expected = [int(n) for n in re.search(r"reach: ([\d ]+)", source.splitlines()[marked - 1]).group(1).split()]
    load = next(
        name
        for name in model.nodes(cst.Name)
        if model.position(name).start.line == marked
        and name.value in {"x", "f", "p", "a"}
        and any(load is name for load in model.scope_of(name).loads.get(name.value, ()))
    )
    bindings = model.resolve(load)
    return sorted(model.position(b.node).start.line - 1 for b in bindings), sorted(expected)


@pytest.mark.parametrize("name", sorted(CASES))
def test_reaching(name):
    body = textwrap.dedent(CASES[name]).strip("\n")
    source = "def f(a, c, y, pending, done, xs):\n" + textwrap.indent(body, "    ") + "\n"
    found, expected = reaching_lines(source)
    assert found == expected
