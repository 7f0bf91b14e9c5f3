"""The semantic layer's walks dispatch on exact node types (`type(node) is cst.Name`, tables keyed by
type) where isinstance would be slower: sound only while libcst's classes they name have no
subclasses, which this checks (a libcst upgrade that adds one fails here, not silently)."""

from __future__ import annotations

import libcst as cst
import pytest

from futurelint.semantic import model, reaching

EXACT = (
    # model.Collector: dispatch, scope entry, binding targets, loads
    "Name", "Attribute", "FunctionDef", "Lambda", "ClassDef", "Param", "Arg", "Tuple", "List",
    "StarredElement", "Subscript", "ImportAlias", "AsName", "ImportFrom", "Import", "Assign",
    "AnnAssign", "AugAssign", "NamedExpr", "For", "CompFor", "WithItem", "ExceptHandler", "Global",
    "Nonlocal",
    # reaching.ScopeFlow's expressions; evidence._method_receiver
    "BooleanOperation", "IfExp", "ListComp", "SetComp", "DictComp", "GeneratorExp", "Call",
    "Integer", "Module",
)


def all_subclasses(klass: type) -> list:
    found, pending = [], list(klass.__subclasses__())
    while pending:
        sub = pending.pop()
        found.append(sub)
        pending.extend(sub.__subclasses__())
    return found


@pytest.mark.parametrize("name", EXACT)
def test_exactly_tested_node_classes_have_no_subclasses(name):
    assert all_subclasses(getattr(cst, name)) == []


def test_the_dispatch_tables_name_only_such_classes():
    tables = [model._VISITS, model._NOT_LOADED_UNDER, reaching._EXPRESSIONS]
    for table in tables:
        for klass in table:
            assert all_subclasses(klass) == [], klass
