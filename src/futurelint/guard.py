"""Keep one pathological file from crashing or stalling a run.

libcst's native parser overflows the C stack (a segfault nothing can catch) on deeply nested input,
e.g. a few thousand nested parentheses or a very long `a + b + ...` chain, and its time grows faster
than linearly with the nesting depth (a 3,000-term `+` chain takes ~8 s, 10,000 terms over a
minute). Its Python-side visitors recurse once per tree level. Three guards:

- `precheck(source).nesting_row()` measures the depth of the file with CPython's own parser (which
  has hard limits and never crashes) before libcst sees it; files deeper than `MAX_DEPTH` become
  FUT000. The engine's prefilter reads the same tree for imports. When CPython rejects the file for
  another reason (a syntax error, or syntax newer than the running Python), the depth is measured on
  its tokens instead (`token_depth_row`): libcst would otherwise parse deep unary or attribute
  chains in quadratic time and memory.
- `run_guarded` runs the parse and analysis in a thread with a large stack and a raised recursion
  limit, so every file under `MAX_DEPTH` fits.
- The same call enforces a time limit: the waiting thread acts as the watchdog and raises
  `TimedOut` inside the worker thread (`PyThreadState_SetAsyncExc`; no signals, so it works in any
  thread and on every platform). It interrupts Python code (the analysis and the rules) only: the
  native parse holds the GIL until it returns, which the depth limit keeps short.
"""

from __future__ import annotations

import ast
import ctypes
import io
import itertools
import re
import sys
import threading
import tokenize
import warnings
from dataclasses import dataclass
from typing import Callable, Optional, TypeVar

T = TypeVar("T")

# AST depth libcst parses in about a second at worst (chains of `[i]` are the slowest shape).
MAX_DEPTH = 1000
# CPython's own limit on open brackets; used when CPython cannot parse the file at all.
MAX_BRACKET_DEPTH = 200
STACK_SIZE = 256 * 1024 * 1024  # reserved address space, committed only as far as it is used
RECURSION_LIMIT = 30_000
# Messages of CPython's parser when the nesting, not the syntax, is at fault.
_NESTING_MESSAGES = ("too many nested parentheses", "too many levels of indentation", "too complex")
_BRACKETS = re.compile(r"[^()\[\]{}]+")
_BRACKET_WEIGHT = {"(": 1, "[": 1, "{": 1, ")": -1, "]": -1, "}": -1}


class TimedOut(BaseException):
    """Raised inside the lint thread when its time is up (BaseException: rules' `except Exception`
    must not swallow it)."""


@dataclass
class Precheck:
    """What CPython's own parser says of a file before libcst sees it."""

    tree: Optional[ast.Module] = None  # None when CPython cannot parse the file
    too_deep_row: Optional[int] = None  # set when CPython's parser itself gave up on the nesting

    def nesting_row(self) -> Optional[int]:
        """The row (1 when unknown) where the file nests too deeply for libcst, or None."""
        return self.too_deep_row if self.tree is None else _too_deep(self.tree)


def precheck(source: str) -> Precheck:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # invalid escapes etc. are not ours to report
            return Precheck(tree=ast.parse(source))
    except (RecursionError, MemoryError):
        return Precheck(too_deep_row=1)
    except SyntaxError as error:
        if any(message in str(error.msg) for message in _NESTING_MESSAGES):
            return Precheck(too_deep_row=error.lineno or 1)
        # A syntax error, or syntax this interpreter does not know (libcst may): measure the depth
        # from the tokens, so that libcst never sees what CPython would have called too deep.
        if bracket_depth(source) > MAX_BRACKET_DEPTH:
            return Precheck(too_deep_row=1)
        return Precheck(too_deep_row=token_depth_row(source))
    except Exception:  # ValueError, OverflowError...: let libcst give its own verdict
        return Precheck()


def bracket_depth(source: str) -> int:
    """The deepest bracket nesting, counting brackets inside strings and comments too."""
    brackets = _BRACKETS.sub("", source)
    return max(itertools.accumulate(map(_BRACKET_WEIGHT.__getitem__, brackets)), default=0)


# Tokens that nest one level deeper in libcst's tree when they follow each other in one expression:
# operators (unary and binary, `.` of attribute chains, `:=`) and operator keywords. Commas, colons,
# `=` and `;` separate siblings; brackets open a level.
_NESTING_KEYWORDS = frozenset({"not", "and", "or", "if", "else", "lambda", "await", "in", "is", "yield"})
_SIBLING_SEPARATORS = frozenset({",", ":", ";", "="})


def token_depth_row(source: str) -> Optional[int]:
    """The row where a file that CPython cannot parse nests deeper than MAX_DEPTH, measured on its
    tokens (an upper bound of the tree's depth within each logical line), or None. Tokens after a
    tokenizing error are not measured: libcst's tokenizer, which runs before its parser, stops there
    too."""
    frames = [0]  # per open bracket: the depth reached before it plus the chain since its last separator
    bases = [0]
    indent = 0
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            kind, text = token.type, token.string
            if kind == tokenize.INDENT:
                indent += 1
            elif kind == tokenize.DEDENT:
                indent -= 1
            elif kind == tokenize.NEWLINE:
                frames, bases = [0], [0]
            elif kind == tokenize.OP and text in "([{":
                bases.append(bases[-1] + frames[-1] + 1)
                frames.append(0)
            elif kind == tokenize.OP and text in ")]}":
                if len(frames) > 1:
                    frames.pop()
                    bases.pop()
                frames[-1] += 1  # what follows (a call, a subscript) nests around the bracket
            elif kind == tokenize.OP and text in _SIBLING_SEPARATORS:
                frames[-1] = 0
            elif kind == tokenize.OP or (kind == tokenize.NAME and text in _NESTING_KEYWORDS):
                frames[-1] += 1
            else:
                continue
            if 2 * indent + bases[-1] + frames[-1] > MAX_DEPTH:
                return token.start[0]
    except (tokenize.TokenError, SyntaxError, ValueError, RecursionError, MemoryError):
        pass
    return None


def _too_deep(tree: ast.AST) -> Optional[int]:
    """The row of the first node deeper than MAX_DEPTH. libcst nests `a or b or c` (flat in the
    AST) one level per operand, so those count as deep as they are long."""
    stack = [(tree, 1)]
    pop, push = stack.pop, stack.append
    node_type, bool_op = ast.AST, ast.BoolOp
    while stack:
        node, depth = pop()
        if depth > MAX_DEPTH:
            return getattr(node, "lineno", 1)
        if isinstance(node, bool_op):
            depth += len(node.values)
        for name in node._fields:
            value = getattr(node, name, None)
            if isinstance(value, list):
                for item in value:
                    if isinstance(item, node_type):
                        push((item, depth + 1))
            elif isinstance(value, node_type):
                push((value, depth + 1))
    return None


class _Outcome:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.finished = False
        self.timed_out = False
        self.value = None
        self.error: Optional[BaseException] = None
        self.injected = False


def run_guarded(work: Callable[[], T], time_limit: Optional[float]) -> T:
    """`work()` in a thread with a big stack and recursion limit. Raises `TimedOut` when it takes
    longer than `time_limit` seconds (None: no limit); re-raises what `work` raised."""
    outcome = _Outcome()
    thread = _start(lambda: _body(work, outcome))
    if thread is None:  # no thread could be started (address space exhausted?): run here
        return work()
    thread.join(time_limit)
    if thread.is_alive():
        _interrupt(thread, outcome)
        # Give the interrupted work a moment to unwind; if it swallowed the exception, abandon it.
        thread.join(max(1.0, time_limit or 0.0))
        raise TimedOut()
    if outcome.timed_out:
        raise TimedOut()
    if outcome.error is not None:
        raise outcome.error
    return outcome.value  # type: ignore[return-value]


_stack_lock = threading.Lock()


def _start(target: Callable[[], None]) -> Optional[threading.Thread]:
    with _stack_lock:  # stack_size is process-wide; set it only for this thread's creation
        previous = threading.stack_size()
        try:
            threading.stack_size(STACK_SIZE)
            thread = threading.Thread(target=target, name="futurelint-lint", daemon=True)
            thread.start()
        except (ValueError, RuntimeError, MemoryError):
            return None
        finally:
            threading.stack_size(previous)
    return thread


def _body(work: Callable[[], object], outcome: _Outcome) -> None:
    limit = sys.getrecursionlimit()
    try:
        sys.setrecursionlimit(max(limit, RECURSION_LIMIT))
        value = work()
        with outcome.lock:
            outcome.finished = True
            outcome.value = value
            if outcome.injected:  # the watchdog fired just as we finished: cancel it
                _set_async_exc(threading.get_ident(), None)
    except TimedOut:
        outcome.timed_out = True
    except BaseException as error:  # handed to the calling thread, which decides
        outcome.error = error
    finally:
        sys.setrecursionlimit(limit)


def _interrupt(thread: threading.Thread, outcome: _Outcome) -> None:
    with outcome.lock:
        if not outcome.finished and thread.ident is not None:
            outcome.injected = True
            _set_async_exc(thread.ident, TimedOut)


def _set_async_exc(thread_id: int, exception: Optional[type]) -> None:
    api = getattr(ctypes, "pythonapi", None)
    if api is None:  # pragma: no cover - not CPython
        return
    api.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), ctypes.py_object(exception) if exception else None)
