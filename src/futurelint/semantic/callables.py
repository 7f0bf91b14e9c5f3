"""Callables: data that is not callable (FUT201, FUT701), and the one resolver of done-callbacks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterator, Optional

import libcst as cst

from futurelint.semantic.constants import SCOPE_TYPES, FunctionNode
from futurelint.semantic.project_code import ask_called_function
from futurelint.semantic.syntax import decorator_name, method_name, positional_params
from futurelint.semantic.walk import parse_string_annotation

if TYPE_CHECKING:
    from futurelint.semantic.model import Model

# ---------------------------------------------------------------- evidently data (FUT201, FUT701)
# Evidence that a value or a call's result is data, not a callable: shared by the rules that flag a
# callable's result passed where the callable was meant (submit, add_done_callback).
DATA_LITERALS = (
    cst.Integer, cst.Float, cst.Imaginary, cst.SimpleString, cst.ConcatenatedString, cst.FormattedString,
    cst.List, cst.Dict, cst.Tuple, cst.Set, cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp,
)


# Builtins whose call returns data, never a callable.
DATA_BUILTINS = (
    "print", "len", "str", "int", "float", "bool", "bytes", "dict", "list", "set", "frozenset", "tuple",
    "sorted", "open", "sum", "abs", "repr", "range", "input", "format", "hash", "id", "round",
    "enumerate", "zip", "reversed", "ord", "chr", "hex", "oct", "bin", "any", "all", "isinstance", "divmod",
)


# Standard-library functions that do their work when called and return its result (data).
DATA_FUNCTIONS = {
    "asyncio.run", "time.sleep", "os.system", "json.load", "json.loads", "json.dump", "json.dumps",
    "subprocess.run", "subprocess.call", "subprocess.check_call", "subprocess.check_output",
    "shutil.copy", "shutil.copyfile", "shutil.rmtree", "urllib.request.urlopen",
}
# Return annotations that say a function gives data (FUT201's evidence).
DATA_TYPES = frozenset({
    "str", "bytes", "bytearray", "int", "float", "complex", "bool", "list", "dict", "set", "frozenset", "tuple",
})
TYPING_DATA_TYPES = frozenset({
    "typing.List", "typing.Dict", "typing.Set", "typing.FrozenSet", "typing.Tuple", "typing.Text",
})
HARMLESS_DECORATORS = ("staticmethod", "classmethod")
_ARITHMETIC = (cst.Add, cst.Subtract, cst.Multiply, cst.Divide, cst.FloorDivide, cst.Modulo, cst.Power)


def own_nodes(model: Model, function: FunctionNode, node_type: type) -> Iterator[cst.CSTNode]:
    """Nodes of `node_type` inside `function`, not inside a function or class nested in it."""
    for node in model.nodes_in(node_type, function.body):
        if owning_scope(model, node) is function:
            yield node


def owning_scope(model: Model, node: cst.CSTNode) -> Optional[cst.CSTNode]:
    for ancestor in model.ancestors(node):
        if isinstance(ancestor, SCOPE_TYPES):
            return ancestor
    return None


def evidently_data(model: Model, expr: Optional[cst.BaseExpression], depth: int = 0) -> bool:
    """Whether `expr` is plainly not callable: a literal, arithmetic, a data builtin's result, or a
    local name only ever assigned such values."""
    if expr is None or depth > 3:
        return expr is None
    if isinstance(expr, DATA_LITERALS):
        return True
    if isinstance(expr, cst.Name):
        if expr.value in ("None", "True", "False"):
            return True
        bindings = model.resolve(expr)
        return bool(bindings) and all(
            b.kind in ("assign", "annassign", "augassign") and not b.path
            and (b.kind == "augassign" or evidently_data(model, b.value, depth + 1))
            for b in bindings
        )
    if isinstance(expr, cst.Comparison):
        return True
    if isinstance(expr, cst.BinaryOperation):
        left, right = evidently_data(model, expr.left, depth + 1), evidently_data(model, expr.right, depth + 1)
        # Arithmetic with data gives data; `|`, `&`, `@`, `>>` are overloaded to compose callables
        # (pipelines), so they need data on both sides.
        return (left or right) if isinstance(expr.operator, _ARITHMETIC) else (left and right)
    if isinstance(expr, cst.UnaryOperation):
        return isinstance(expr.operator, cst.Not) or evidently_data(model, expr.expression, depth + 1)
    if isinstance(expr, cst.Call):
        return model.is_builtin(expr.func, *DATA_BUILTINS)
    return False


def never_returns_callable(model: Model, function: cst.FunctionDef) -> bool:
    """A function (of `model`'s file) whose return annotation is a data type, or whose every
    return value is plainly data (or None), a generator, or a coroutine function. Decorated
    functions are unknown."""
    if any(not is_harmless_decorator(d) for d in function.decorators):
        return False
    if function.asynchronous is not None:
        return True
    if function.returns is not None and _data_annotation(model, function.returns.annotation):
        return True
    if any(True for _ in own_nodes(model, function, cst.Yield)):
        return True
    return all(evidently_data(model, r.value) for r in own_nodes(model, function, cst.Return))


def _data_annotation(model: Model, annotation: cst.BaseExpression) -> bool:
    """`str`, `list[int]`, `Optional[dict]`, `bytes | None`: a type whose values are never callable."""
    if isinstance(annotation, cst.SimpleString):
        parsed = parse_string_annotation(annotation.evaluated_value) if isinstance(annotation.evaluated_value, str) else None
        return parsed is not None and not isinstance(parsed, cst.SimpleString) and _data_annotation(model, parsed)
    if isinstance(annotation, cst.Name) and annotation.value == "None":
        return True
    if isinstance(annotation, cst.BinaryOperation) and isinstance(annotation.operator, cst.BitOr):
        return _data_annotation(model, annotation.left) and _data_annotation(model, annotation.right)
    if isinstance(annotation, cst.Subscript):
        if model.qualname(annotation.value) in ("typing.Optional", "typing.Union"):
            return all(
                isinstance(element.slice, cst.Index) and _data_annotation(model, element.slice.value)
                for element in annotation.slice
            )
        annotation = annotation.value
    qualified = model.qualname(annotation)
    if qualified is None:
        return False
    return qualified in TYPING_DATA_TYPES or (qualified.startswith("builtins.") and qualified[len("builtins."):] in DATA_TYPES)


def call_returns_data(model: Model, call: cst.Call) -> bool:
    """FUT201's evidence that a call's result is not callable (shared with FUT701): a data builtin,
    a standard-library function that does its work now, or a function of the project that never
    returns a callable."""
    if model.is_builtin(call.func, *DATA_BUILTINS) or model.qualname(call.func) in DATA_FUNCTIONS:
        return True
    return bool(ask_called_function(model, call.func, never_returns_callable))


def is_harmless_decorator(decorator: cst.Decorator) -> bool:
    return isinstance(decorator.decorator, cst.Name) and decorator.decorator.value in HARMLESS_DECORATORS


# ---------------------------------------------------------------- done-callbacks
@dataclass(frozen=True)
class Callback:
    """A callback whose code is in the file: the function, and how many leading positional
    parameters are already bound (`self`, `functools.partial` arguments) or given by keyword."""

    function: FunctionNode
    bound: int
    keywords: tuple[str, ...] = ()

    def free_params(self) -> list[cst.Param]:
        """The positional parameters left for the caller to fill."""
        params = positional_params(self.function)[self.bound:]
        return [p for p in params if p.name.value not in self.keywords]

    def future_param(self) -> Optional[cst.Param]:
        """The parameter that receives the future."""
        params = self.free_params()
        return params[0] if params else None


def callback_registrations(model: Model) -> Iterator[tuple[cst.Call, cst.BaseExpression]]:
    """Every `<future>.add_done_callback(<callback>)` on an evidenced future (one from a submit or
    made by hand with `Future()`), with the callback."""
    for call in model.calls:
        if method_name(call) != "add_done_callback" or not isinstance(call.func, cst.Attribute):
            continue
        if not model.may_be_future_object(call.func.value):
            continue
        if len(call.args) == 1 and call.args[0].keyword is None and not call.args[0].star:
            yield call, call.args[0].value


def resolve_callback(model: Model, expr: cst.BaseExpression, factories: bool = False) -> Optional[Callback]:
    """The in-file code a callback expression runs: a lambda, a function or method defined here,
    either through `functools.partial`, or (with `factories`) the nested function a factory returns.
    The one resolver of callbacks: the model's done-callback parameters come from it too."""
    if isinstance(expr, cst.Lambda):
        return Callback(expr, 0)
    if isinstance(expr, cst.Call):
        if model.qualname(expr.func) == "functools.partial" and expr.args:
            return _partial_callback(model, expr)
        return _factory_product(model, expr) if factories else None
    function = model.function_def(expr)
    if function is None or not plain_function(function):
        return None
    staticmethod = any(decorator_name(d) == "staticmethod" for d in function.decorators)
    return Callback(function, 1 if isinstance(expr, cst.Attribute) and not staticmethod else 0)


def _partial_callback(model: Model, call: cst.Call) -> Optional[Callback]:
    if any(a.star for a in call.args):
        return None
    inner = resolve_callback(model, call.args[0].value)
    if inner is None:
        return None
    positional = sum(1 for a in call.args[1:] if a.keyword is None)
    keywords = tuple(a.keyword.value for a in call.args[1:] if a.keyword is not None)
    return Callback(inner.function, inner.bound + positional, inner.keywords + keywords)


def plain_function(function: cst.FunctionDef) -> bool:
    """No decorator that could change what calling it means."""
    return all(is_harmless_decorator(d) for d in function.decorators)


def _factory_product(model: Model, call: cst.Call) -> Optional[Callback]:
    factory = model.function_def(call.func)
    if factory is None or not plain_function(factory):
        return None
    products = set()
    for node in own_nodes(model, factory, cst.Return):
        value = node.value
        if not isinstance(value, cst.Name):
            return None
        bindings = model.resolve(value) or []
        if len(bindings) != 1 or bindings[0].kind != "def" or not model.contains(factory, bindings[0].definition):
            return None
        products.add(id(bindings[0].definition))
        product = bindings[0].definition
    if len(products) != 1 or not plain_function(product):
        return None
    return Callback(product, 0)


def is_generator(model: Model, function: cst.FunctionDef) -> bool:
    """A function with a `yield` of its own."""
    return any(model.enclosing_function(node) is function for node in model.nodes(cst.Yield))


def makes_coroutine_or_generator(model: Model, function: cst.FunctionDef) -> bool:
    """Calling the function runs none of its body: it makes a coroutine or a generator."""
    return function.asynchronous is not None or is_generator(model, function)
