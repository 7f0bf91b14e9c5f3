"""The project index: which executors and futures a project's modules hand to each other.

Some codebases create one pool in a module (`app/pools.py: IO_POOL = ThreadPoolExecutor(8)`, or a
`get_pool() -> ThreadPoolExecutor`) and use it from files that never import `concurrent`. The index
records, by full dotted path (`app.pools.IO_POOL`), every module-level name, function and class
attribute of the project that is (or returns) an executor or a future, with the reason, including
what other modules re-export (`from .pools import IO_POOL` in `app/__init__.py` makes
`app.IO_POOL`) or derive (`def pool(): return pools.IO_POOL`).

It is built with CPython's `ast` (much cheaper than libcst) in rounds:

1. every file whose bytes mention `concurrent` and that imports from it (the prefilter's stages)
   may define executors and futures from `concurrent.futures` itself;
2. then, until nothing new is found, every file whose bytes mention a newly exported name may
   re-export or derive it.

Soundness of the prefilter extension (`mentions_export`): a file can only reach an exported object
through an import statement or an attribute access that spells the exported name (`from m import
NAME`, `from m import NAME as alias`, `m.NAME`, `import m.sub as s; s.NAME`); a name bound by
`from m import *` is used by its own spelling. So a file that mentions neither `concurrent` nor any
exported name (as a whole identifier) cannot use one; tests/test_project_index.py checks it.

Module names come from the module roots (ruff's `src` setting: by default the project root and its
`src/` directory, unless `src/` is itself a package: then `src/app/pools.py` is `src.app.pools`, see
`module_roots`); a file under none of them has no module name and exports nothing. Neither does a
copy of `concurrent.futures` itself (the standard library linted as a project, or copied under some
directory): the semantic layer knows those names already.
"""

from __future__ import annotations

import ast
import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional, Sequence

from futurelint.limits import DEFAULT_MAX_FILE_SIZE
from futurelint.prefilter import imports_concurrent, mentions_concurrent

CF = "concurrent.futures"
_EXECUTOR_CLASSES = {
    f"{CF}.ThreadPoolExecutor": "thread",
    f"{CF}.ProcessPoolExecutor": "process",
    f"{CF}.InterpreterPoolExecutor": "interpreter",
}
_EXECUTOR_ANNOTATIONS = {**_EXECUTOR_CLASSES, f"{CF}.Executor": "any"}
_FUTURE = f"{CF}.Future"
_PRIVATE_MODULES = (f"{CF}.thread.", f"{CF}.process.", f"{CF}.interpreter.", f"{CF}._base.")
_OPTIONAL = {"typing.Optional", "typing.Union"}
DEFAULT_SRC = (".", "src")
MAX_ROUNDS = 8  # re-export chains longer than this are not followed (none was seen on real code)


@dataclass(frozen=True)
class Export:
    """What a dotted path of the project is. `kind` is an `ExecutorKind` value (thread, process,
    interpreter, any) for an executor, 'future' for a future; `returns` says the path is a function
    (or class) whose call gives it."""

    path: str
    kind: str
    returns: bool
    reason: str

    @property
    def is_executor(self) -> bool:
        return self.kind != "future"


@dataclass
class ProjectIndex:
    roots: tuple[Path, ...]
    exports: dict[str, Export] = field(default_factory=dict)
    modules: dict[Path, str] = field(default_factory=dict)
    max_file_size: int = DEFAULT_MAX_FILE_SIZE  # what semantic/project_code.py may read of a module
    _pattern: Optional[_NameMatcher] = None
    _prefixes: Optional[set[str]] = None

    def lookup(self, dotted: Optional[str]) -> Optional[Export]:
        """The export at a full dotted path (`app.pools.IO_POOL`, `app.pools.Pools.cpu`)."""
        return self.exports.get(dotted) if dotted else None

    @property
    def names(self) -> frozenset[str]:
        """The last component of every exported path: what an importing file must spell."""
        return frozenset(path.rpartition(".")[2] for path in self.exports)

    def mentions_export(self, data: bytes) -> bool:
        """Whether the bytes of a file spell one of the exported names as a whole identifier."""
        if not self.exports:
            return False
        if self._pattern is None:
            self._pattern = _names_pattern(self.names)
        return self._pattern is not None and self._pattern.search(data)

    def digest(self) -> str:
        """What the findings of a file that uses the index depend on (the cache's key): the module
        roots and every export's path and kind; reasons (with line numbers) change no finding."""
        lines = [*map(str, self.roots), *(f"{path}:{e.kind}:{e.returns}" for path, e in sorted(self.exports.items()))]
        return hashlib.sha256("\n".join(lines).encode("utf-8", "surrogatepass")).hexdigest()

    def module_of(self, path: Path) -> Optional[str]:
        return self.modules.get(_absolute(path)) or module_name(path, self.roots)

    def leads_to_export(self, dotted: Optional[str]) -> bool:
        """Whether `dotted` is an export or a module/class on the way to one (`app`, `app.pools`)."""
        if not dotted:
            return False
        if self._prefixes is None:
            self._prefixes = {path.rsplit(".", depth)[0] for path in self.exports for depth in range(path.count(".") + 1)}
        return dotted in self._prefixes

    def imports_export(self, tree: ast.Module, path: Path) -> bool:
        """The prefilter's third stage for the index: whether any import statement of `tree`, at any
        depth, names an export or a module that leads to one."""
        if not self.exports:
            return False
        module = self.module_of(path)
        is_package = path.name == "__init__.py"
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                if any(self.leads_to_export(alias.name) for alias in node.names):
                    return True
            elif isinstance(node, ast.ImportFrom):
                base = absolute_module(module, is_package, node.level, node.module)
                if base is not None and self._imports_from(base, node.names):
                    return True
        return False

    def _imports_from(self, base: str, names: list[ast.alias]) -> bool:
        if any(alias.name == "*" for alias in names):
            return self.leads_to_export(base)
        return any(self.leads_to_export(f"{base}.{alias.name}") for alias in names)


ABSENT = -1  # the size and mtime recorded of a file looked for and not found


def unchanged(stamps: Iterable[tuple[str, int, int]]) -> bool:
    """Whether every file keeps the (path, size, st_mtime_ns) recorded of it (ABSENT, ABSENT: is
    still absent)."""
    for path, size, mtime in stamps:
        try:
            status = os.stat(path)
        except (OSError, ValueError, TypeError):
            if size == ABSENT:
                continue
            return False
        if (status.st_size, status.st_mtime_ns) != (size, mtime):
            return False
    return True


def module_name(path: Path, roots: Sequence[Path]) -> Optional[str]:
    """`src/app/pools.py` -> `app.pools` under the deepest root that holds the file (string
    operations: pathlib's parsing cost more than the rest of the index on the standard library)."""
    resolved = os.path.abspath(path)
    best: Optional[list[str]] = None
    for root in roots:
        prefix = os.path.join(str(root), "")
        if not resolved.startswith(prefix):
            continue
        parts = resolved[len(prefix):].split(os.sep)
        if best is None or len(parts) < len(best):
            best = parts
    if not best or not best[-1]:
        return None
    best[-1] = os.path.splitext(best[-1])[0]
    if best[-1] == "__init__":
        best.pop()
    if not best or not all(part.isidentifier() for part in best):
        return None
    return ".".join(best)


def absolute_module(module: Optional[str], is_package: bool, level: int, name: Optional[str]) -> Optional[str]:
    if level == 0:
        return name
    if module is None:
        return None
    parts = module.split(".")
    if not is_package:
        parts.pop()
    if level - 1 >= len(parts):  # above the top-level package: an ImportError
        return None
    base = parts[: len(parts) - (level - 1)]
    if name:
        base.append(name)
    return ".".join(base) or None


def module_roots(project_root: Path, src: Sequence[str] = DEFAULT_SRC) -> tuple[Path, ...]:
    """The directories modules are named under: the `src` entries, except one that is itself a
    package of another root. `src/` holding an `__init__.py` is imported as `src` (`from
    src.app.pools import POOL`), so its files are named from the project root (`src.app.pools`), as
    ruff names a module from the top of its chain of `__init__.py` files. A package directory that
    no other root names (the project root itself, `my-src/`) stays a root. One stat per entry, when
    the index is built or its roots computed for the parent's byte gate; the roots then travel with
    the index, so the linting worker's `module_of` names files as the build did."""
    roots = tuple(_absolute(project_root / entry) for entry in src)
    kept: list[Path] = []
    for root in sorted(set(roots), key=lambda root: len(str(root))):  # enclosing roots first
        init = root / "__init__.py"
        if not (os.path.isfile(init) and module_name(init, kept) is not None):
            kept.append(root)
    return tuple(root for root in roots if root in kept)


def build_index(
    project_root: Path,
    files: Iterable[Path],
    src: Sequence[str] = DEFAULT_SRC,
    read: Callable[[Path], bytes] = Path.read_bytes,
) -> ProjectIndex:
    """The index of the project whose Python files are `files`."""
    index = ProjectIndex(module_roots(project_root, src))
    candidates = []
    for path in files:
        name = module_name(path, index.roots)
        if name is not None and not _is_concurrent_itself(name):
            index.modules[_absolute(path)] = name
            candidates.append(path)
    trees: dict[Path, ast.Module] = {}
    _first_round(index, candidates, read, trees)
    _later_rounds(index, candidates, read, trees)
    index.modules.clear()  # `module_of` computes them again: the index travels between processes small
    return index


def _is_concurrent_itself(module: str) -> bool:
    """`concurrent.futures.thread` (the standard library linted as a project), or a copy of it
    under some directory (`tree.concurrent.futures.process`): the semantic layer knows its names."""
    return module.split(".")[0] == "concurrent" or ".concurrent.futures." in f".{module}."


def _first_round(index: ProjectIndex, files: list[Path], read: Callable[[Path], bytes], trees: dict) -> None:
    for path in files:
        data = _read(path, read)
        if data is None or not mentions_concurrent(data) or not may_export(data):
            continue
        tree = trees[path] = _parse(data)
        if tree is not None and imports_concurrent(tree):
            _scan(index, path, tree)


def _later_rounds(index: ProjectIndex, files: list[Path], read: Callable[[Path], bytes], trees: dict) -> None:
    known = set(index.exports)
    new_names = {path.rpartition(".")[2] for path in known}
    for _ in range(MAX_ROUNDS):
        pattern = _names_pattern(new_names)
        if pattern is None:
            return
        for path in files:
            data = _read(path, read)
            if data is not None and (_STAR_IMPORT.search(data) or pattern.search(data) and may_reexport(data, pattern)):
                tree = trees[path] = trees[path] if path in trees else _parse(data)
                if tree is not None:
                    _scan(index, path, tree)
        added = set(index.exports) - known
        known |= added
        new_names = {path.rpartition(".")[2] for path in added}


# The shapes of a definition that can export an executor or a future, on the bytes of a file (the
# first round parses only files that have one: most files use executors inside functions only).
_WORD = rb"(?:Executor|Future|submit)"
_MAKES = rb"(?:[\w.]*(?:ThreadPoolExecutor|ProcessPoolExecutor|InterpreterPoolExecutor)\(|\.submit\()"
_EXPORT_SHAPES = re.compile(
    rb"^[A-Za-z_]\w*[ \t]*(?::|=(?!=))[^\n]*" + _WORD  # module-level `NAME = ...Executor(...)`
    + rb"|^[ \t]*global[ \t]+(?P<names>[\w \t,]+)"  # `global NAME` in a getter that makes a pool
    + rb"|->[^:\n]*(?:Executor|Future)"  # `def get() -> ThreadPoolExecutor:`
    + rb"|^[ \t]+return\b[^\n]*" + _MAKES  # `return ThreadPoolExecutor(...)`, `return ex.submit(...)`
    + rb"|^class[ \t][^\n]*Executor"  # `class Named(ThreadPoolExecutor):`
    + rb"|^(?P<indent>[ \t]+)[A-Za-z_]\w*[ \t]*(?::|=(?!=))[^\n]*" + _WORD,  # maybe a class attribute
    re.MULTILINE,
)


# Every shape lies within one line that spells one of these words: the shapes are tried on those
# lines only (trying them at every position of the file cost ten times more).
_SHAPE_WORDS = re.compile(rb"Executor|Future|submit|global")


def may_export(data: bytes) -> bool:
    """Whether a file has a statement shaped like an exporting definition. An indented line counts
    only in a class body, or under a module-level `if`/`try` or a module-level assignment
    continued on later lines (`POOL = (` ... `ThreadPoolExecutor(4)`); `global NAME` only when NAME
    is assigned a new pool or future somewhere in the file. Linear in the size of the file."""
    shape = _FileShape(data)
    line_end = -1
    for word in _SHAPE_WORDS.finditer(data):
        if word.start() <= line_end:
            continue  # that line was tried already
        line_start = data.rfind(b"\n", 0, word.start()) + 1
        line_end = data.find(b"\n", word.end())
        if line_end < 0:
            line_end = len(data)
        if any(_exports(shape, match) for match in _EXPORT_SHAPES.finditer(data, line_start, line_end)):
            return True
        if _continues_module_statement(shape, data, line_start, line_end):
            return True
    return False


def _exports(shape: _FileShape, match: re.Match) -> bool:
    indent, names = match.group("indent"), match.group("names")
    if names is not None:
        return any(name.strip() in shape.pool_names for name in names.split(b","))
    if indent is None:
        return True
    enclosing_indent, enclosing = shape.enclosing(match.start())
    return enclosing.startswith(_CLASS) or (enclosing_indent == 0 and _module_block(enclosing))


def _module_block(line: bytes) -> bool:
    """A module-level `if`/`else`/`try`/`except` whose body can define a module's names (not the
    `if __name__ == "__main__":` of a script, which no importer ever runs)."""
    return line.startswith(_MODULE_BLOCKS) and not _MAIN_GUARD.match(line)


def _continues_module_statement(shape: _FileShape, data: bytes, line_start: int, line_end: int) -> bool:
    """An indented line that makes a pool or future in a module-level assignment spread over
    several lines (`POOL = (` ... `ThreadPoolExecutor(4)`)."""
    if data[line_start:line_start + 1] not in (b" ", b"\t") or not _MAKES_PATTERN.search(data, line_start, line_end):
        return False
    enclosing_indent, enclosing = shape.enclosing(line_start)
    return enclosing_indent == 0 and _ASSIGNMENT_START.match(enclosing) is not None


def may_reexport(data: bytes, matcher: _NameMatcher) -> bool:
    """Whether a file spells one of the names where a re-export or a derivation can be: in a
    module-level statement (an import, an assignment), a `return`, a multi-line `from ... import (`
    or a class body. A name used only inside function bodies exports nothing."""
    shape = _FileShape(data)
    for match in matcher.pattern.finditer(data):
        begin = data.rfind(b"\n", 0, match.start()) + 1
        line = data[begin:match.start()]
        stripped = line.lstrip(b" \t")
        if len(stripped) == len(line) or stripped.startswith(b"return"):
            return True
        if shape.enclosing(begin)[1].startswith((b"from ", b"from\t", *_CLASS, *_MODULE_BLOCKS)):
            return True
    return False


_CLASS = (b"class ", b"class\t")
_STAR_IMPORT = re.compile(rb"^from[ \t][^\n]*import[ \t]*\*", re.MULTILINE)
_MODULE_BLOCKS = (b"if ", b"if\t", b"elif ", b"elif\t", b"else", b"try", b"except", b"finally")
_MAIN_GUARD = re.compile(rb"if[ \t(]+__name__[ \t]*==")
_MAKES_PATTERN = re.compile(_MAKES + rb"|[\w.]*Future\(")
_ASSIGNMENT_START = re.compile(rb"[A-Za-z_][\w.]*[ \t]*(?::[^=\n]*)?=(?!=)")
_POOL_ASSIGNMENT = re.compile(rb"(?<![\w.])([A-Za-z_]\w*)[ \t]*=[ \t]*(?:" + _MAKES + rb"|[\w.]*Future\()")


class _FileShape:
    """What the byte gates ask of one file, each computed once and in linear time: the line that
    encloses a line (the nearest one above it indented less), and the names assigned a new pool."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self._enclosing: Optional[dict[int, tuple[int, bytes]]] = None
        self._pool_names: Optional[set[bytes]] = None

    def enclosing(self, line_start: int) -> tuple[int, bytes]:
        """(indent, stripped text) of the line enclosing the line at `line_start`; (-1, b"") at the top."""
        if self._enclosing is None:
            self._enclosing = self._outline()
        return self._enclosing.get(line_start, (-1, b""))

    def _outline(self) -> dict[int, tuple[int, bytes]]:
        # A stack of the lines still open, indents strictly increasing: a line closes every entry
        # indented as much or more, and what stays on top encloses it.
        outline: dict[int, tuple[int, bytes]] = {}
        stack: list[tuple[int, bytes]] = []
        start = 0
        data = self.data
        while start < len(data):
            end = data.find(b"\n", start)
            end = len(data) if end < 0 else end
            line = data[start:end]
            stripped = line.lstrip(b" \t")
            indent = len(line) - len(stripped)
            if stripped.strip() and not stripped.startswith(b"#"):  # blank lines and comments close nothing
                while stack and stack[-1][0] >= indent:
                    stack.pop()
                outline[start] = stack[-1] if stack else (-1, b"")
                stack.append((indent, stripped))
            start = end + 1
        return outline

    @property
    def pool_names(self) -> set[bytes]:
        if self._pool_names is None:
            made = b"Executor(" in self.data or b".submit(" in self.data or b"Future(" in self.data
            self._pool_names = set(_POOL_ASSIGNMENT.findall(self.data)) if made else set()
        return self._pool_names


def _absolute(path: Path) -> Path:
    """An absolute path without resolving symbolic links (`resolve()` costs a system call per part)."""
    return Path(os.path.abspath(path))


def _read(path: Path, read: Callable[[Path], bytes]) -> Optional[bytes]:
    try:
        return read(path)
    except OSError:
        return None


def _parse(data: bytes) -> Optional[ast.Module]:
    try:
        return ast.parse(data)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return None


class _NameMatcher:
    """Whether bytes spell one of some names as a whole identifier: a C-speed substring scan first,
    the regular expression with identifier boundaries only when a name occurs at all."""

    def __init__(self, names: Iterable[str]) -> None:
        self.names = tuple(sorted(name.encode("utf-8") for name in names))
        alternatives = b"|".join(re.escape(name) for name in self.names)
        # No ASCII word character and no byte of a non-ASCII character around the name.
        self.pattern = re.compile(rb"(?<![\w\x80-\xff])(?:" + alternatives + rb")(?![\w\x80-\xff])")

    def search(self, data: bytes) -> bool:
        return any(name in data for name in self.names) and self.pattern.search(data) is not None


def _names_pattern(names: Iterable[str]) -> Optional[_NameMatcher]:
    names = [name for name in names if name]
    return _NameMatcher(names) if names else None


# ------------------------------------------------------------------------------------ one module
def _scan(index: ProjectIndex, path: Path, tree: ast.Module) -> None:
    """Add the exports of one module; a module too deeply nested to scan (`ast.unparse` and the
    scanner recurse) adds what was found before, and the rest of the project is indexed."""
    try:
        _scan_module(index, path, tree)
    except RecursionError:
        pass
    index._pattern = None
    index._prefixes = None


def _scan_module(index: ProjectIndex, path: Path, tree: ast.Module) -> None:
    """Its own names may depend on each other (`def get(): return _pool` after `_pool =
    ThreadPoolExecutor()`), so repeat while it finds new ones."""
    module = index.modules[_absolute(path)]
    scanner = _ModuleScanner(index, module, path.name == "__init__.py", tree)
    while True:
        before = len(index.exports)
        for dotted, export in scanner.exports():
            index.exports.setdefault(dotted, export)
        if len(index.exports) == before:
            break


class _ModuleScanner:
    """The exports of one module, judged from its module-level statements and the index so far."""

    def __init__(self, index: ProjectIndex, module: str, is_package: bool, tree: ast.Module) -> None:
        self.index = index
        self.module = module
        self.is_package = is_package
        self.tree = tree
        self.imports: dict[str, str] = {}
        self.bindings: dict[str, list[ast.AST]] = {}
        self.returned: dict[int, Optional[list[ast.expr]]] = {}
        self.star_bases: list[str] = []  # `from .pools import *`
        for statement in _module_statements(tree.body):
            self._record(statement)
        for node, name in _global_assignments(tree):
            self.bindings.setdefault(name, []).append(node)

    def _record(self, statement: ast.stmt) -> None:
        if isinstance(statement, ast.Import):
            for alias in statement.names:
                local = alias.asname or alias.name.split(".")[0]
                self.imports[local] = alias.name if alias.asname else local
                self.bindings.setdefault(local, []).append(statement)
        elif isinstance(statement, ast.ImportFrom):
            base = absolute_module(self.module, self.is_package, statement.level, statement.module)
            for alias in statement.names:
                if alias.name == "*" and base is not None:
                    self.star_bases.append(base)
                if alias.name == "*" or base is None:
                    continue
                local = alias.asname or alias.name
                self.imports[local] = f"{base}.{alias.name}"
                self.bindings.setdefault(local, []).append(statement)
        elif isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            self.bindings.setdefault(statement.name, []).append(statement)
        else:
            for target in _assigned_names(statement):
                self.bindings.setdefault(target, []).append(statement)

    # ------------------------------------------------------------------ what the module exports
    def exports(self) -> Iterator[tuple[str, Export]]:
        for name, nodes in self.bindings.items():
            export = self._name_export(name, nodes)
            if export is not None:
                yield f"{self.module}.{name}", export
            for node in nodes:
                if isinstance(node, ast.ClassDef) and len(nodes) == 1:
                    yield from self._class_exports(node)
        yield from self._star_exports()

    def _star_exports(self) -> Iterator[tuple[str, Export]]:
        """`from .pools import *` re-exports the public exports of `pools` this module does not bind."""
        for base in self.star_bases:
            for path, found in list(self.index.exports.items()):
                module, _, name = path.rpartition(".")
                if module == base and not name.startswith("_") and name not in self.bindings:
                    dotted = f"{self.module}.{name}"
                    yield dotted, Export(dotted, found.kind, found.returns, f"re-exported from {path}: {found.reason}")

    def _name_export(self, name: str, nodes: list[ast.AST]) -> Optional[Export]:
        judged = [self._binding_export(name, node) for node in nodes]
        real = [export for export in judged if export is not _NONE]
        if not real or any(export is None for export in real):
            return None
        kinds = {export.kind for export in real}
        returns = {export.returns for export in real}
        if len(returns) != 1 or (len(kinds) != 1 and "future" in kinds):
            return None
        kind = kinds.pop() if len(kinds) == 1 else "any"
        return Export(f"{self.module}.{name}", kind, returns.pop(), real[0].reason)

    def _binding_export(self, name: str, node: ast.AST):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            return self._import_export(name)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return self._function_export(node)
        if isinstance(node, ast.ClassDef):
            return self._class_export(node)
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            return self._assignment_export(node)
        return None

    def _import_export(self, name: str) -> Optional[Export]:
        # `from concurrent.futures import ThreadPoolExecutor` is not re-exported: every module that
        # uses the class would export it, and a file that imports it from there is rare.
        found = self.index.lookup(self.imports.get(name))
        if found is None:
            return None
        return Export("", found.kind, found.returns, f"re-exported from {found.path}: {found.reason}")

    def _class_export(self, node: ast.ClassDef) -> Optional[Export]:
        """A class of the project derived from an executor class: calling it makes an executor."""
        for base in node.bases:
            name = self.qualified(base)
            kind = _EXECUTOR_ANNOTATIONS.get(name)
            found = self.index.lookup(name)
            if kind is None and found is not None and found.returns and found.kind != "future":
                kind = found.kind
            if kind is not None:
                return Export("", kind, True, f"class {node.name}({ast.unparse(base)})")
        return None

    def _assignment_export(self, node) -> object:
        if isinstance(node, ast.AnnAssign):
            kind = self.annotation_kind(node.annotation)
            if kind is not None:
                return Export("", kind, False, f"annotated `{ast.unparse(node.annotation)}` (line {node.lineno})")
        value = node.value
        if value is None or _is_none(value):
            return _NONE
        kind = self.value_kind(value)
        if kind is None:
            return None
        return Export("", kind, False, f"`{_short(value)}` (line {node.lineno})")

    def _function_export(self, node) -> Optional[Export]:
        if isinstance(node, ast.AsyncFunctionDef):
            return None  # calling it gives a coroutine
        if node.returns is not None:
            kind = self.annotation_kind(node.returns)
            if kind is not None:
                return Export("", kind, True, f"`{node.name}()` is annotated `-> {ast.unparse(node.returns)}`")
        if id(node) not in self.returned:
            self.returned[id(node)] = _returned_values(node)
        values = self.returned[id(node)]
        if values is None:
            return None
        kinds = set()
        for value in values:
            if _is_none(value):
                continue
            kind = self.value_kind(value)
            if kind is None:
                return None
            kinds.add(kind)
        if len(kinds) != 1:
            return None
        return Export("", kinds.pop(), True, f"`{node.name}()` returns it (line {node.lineno})")

    def _class_exports(self, node: ast.ClassDef) -> Iterator[tuple[str, Export]]:
        assigned: dict[str, list[ast.AST]] = {}
        for statement in node.body:
            for target in _assigned_names(statement):
                assigned.setdefault(target, []).append(statement)
        for attr, nodes in assigned.items():
            judged = [self._assignment_export(n) if isinstance(n, (ast.Assign, ast.AnnAssign)) else None for n in nodes]
            real = [export for export in judged if export is not _NONE]
            if real and all(export is not None for export in real) and len({e.kind for e in real}) == 1:
                dotted = f"{self.module}.{node.name}.{attr}"
                yield dotted, Export(dotted, real[0].kind, False, f"class attribute {node.name}.{attr} = {real[0].reason}")

    # ------------------------------------------------------------------ evidence in expressions
    def qualified(self, expr: ast.expr) -> Optional[str]:
        if isinstance(expr, ast.Name):
            if expr.id in self.imports:
                return _normalize(self.imports[expr.id])
            if expr.id in self.bindings:
                return f"{self.module}.{expr.id}"
            return None
        if isinstance(expr, ast.Attribute):
            base = self.qualified(expr.value)
            return _normalize(f"{base}.{expr.attr}") if base else None
        return None

    def value_kind(self, expr: ast.expr) -> Optional[str]:
        if isinstance(expr, ast.Call):
            return self._call_kind(expr)
        found = self.index.lookup(self.qualified(expr))
        if found is not None and not found.returns:
            return found.kind
        return None

    def _call_kind(self, call: ast.Call) -> Optional[str]:
        callee = self.qualified(call.func)
        if callee in _EXECUTOR_CLASSES:
            return _EXECUTOR_CLASSES[callee]
        if callee == _FUTURE:
            return "future"
        found = self.index.lookup(callee)
        if found is not None and found.returns:
            return found.kind
        if isinstance(call.func, ast.Attribute) and call.func.attr == "submit":
            receiver = self.value_kind(call.func.value)
            if receiver is not None and receiver != "future":
                return "future"
        return None

    def annotation_kind(self, annotation: ast.expr) -> Optional[str]:
        """The kind an annotation promises for every value: `Executor`, `Future[int]`, a string
        annotation; `Optional[...]`/`X | None` only say "or None", which changes nothing here."""
        if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
            try:
                annotation = ast.parse(annotation.value, mode="eval").body
            except SyntaxError:
                return None
        members = _annotation_members(annotation, self.qualified)
        kinds = set()
        for member in members:
            target = member.value if isinstance(member, ast.Subscript) else member
            name = self.qualified(target)
            if name in _EXECUTOR_ANNOTATIONS:
                kinds.add(_EXECUTOR_ANNOTATIONS[name])
            elif name == _FUTURE:
                kinds.add("future")
            else:
                return None
        return kinds.pop() if len(kinds) == 1 else None


_NONE = Export("", "none", False, "None")


def _annotation_members(annotation: ast.expr, qualified: Callable) -> list[ast.expr]:
    """The non-None members of `Optional[X]`, `Union[X, None]`, `X | None`, or `[X]`."""
    if isinstance(annotation, ast.BinOp) and isinstance(annotation.op, ast.BitOr):
        return _annotation_members(annotation.left, qualified) + _annotation_members(annotation.right, qualified)
    if isinstance(annotation, ast.Subscript) and qualified(annotation.value) in _OPTIONAL:
        inner = annotation.slice
        items = inner.elts if isinstance(inner, ast.Tuple) else [inner]
        return [member for item in items for member in _annotation_members(item, qualified)]
    if _is_none(annotation):
        return []
    return [annotation]


def _normalize(name: str) -> str:
    for private in _PRIVATE_MODULES:
        if name.startswith(private):
            return f"{CF}.{name[len(private):]}"
    return name


def _is_none(expr: ast.expr) -> bool:
    return isinstance(expr, ast.Constant) and expr.value is None


def _short(expr: ast.expr) -> str:
    text = ast.unparse(expr)
    return text if len(text) <= 60 else text[:57] + "..."


def _module_statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Module-level statements, including those nested in `if`/`try`/`with` blocks."""
    for statement in body:
        yield statement
        if isinstance(statement, (ast.If, ast.Try, ast.With)) or type(statement).__name__ == "TryStar":
            for block in ("body", "orelse", "finalbody"):
                yield from _module_statements(getattr(statement, block, []))
            for handler in getattr(statement, "handlers", []):
                yield from _module_statements(handler.body)


def _assigned_names(statement: ast.stmt) -> list[str]:
    if isinstance(statement, ast.Assign):
        targets = statement.targets
    elif isinstance(statement, (ast.AnnAssign, ast.AugAssign)):
        targets = [statement.target]
    elif isinstance(statement, (ast.For, ast.AsyncFor)):
        targets = [statement.target]
    elif isinstance(statement, (ast.With, ast.AsyncWith)):
        targets = [item.optional_vars for item in statement.items if item.optional_vars is not None]
    elif isinstance(statement, ast.Delete):
        targets = statement.targets
    else:
        return []
    names = []
    for target in targets:
        names += [node.id for node in ast.walk(target) if isinstance(node, ast.Name)]
    return names


def _blocks(statement: ast.stmt) -> Iterator[list[ast.stmt]]:
    for block in ("body", "orelse", "finalbody"):
        nested = getattr(statement, block, None)
        if isinstance(nested, list):
            yield nested
    for handler in getattr(statement, "handlers", ()):
        yield handler.body
    for case in getattr(statement, "cases", ()):
        yield case.body


def _statements(body: list[ast.stmt], into_functions: bool) -> Iterator[ast.stmt]:
    """The statements of a block and of the blocks nested in it (an import, `global` or assignment
    is always a statement, so expressions need no walk); functions and classes are entered only
    when asked."""
    pending = list(reversed(body))
    while pending:
        statement = pending.pop()
        yield statement
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and not into_functions:
            continue
        for block in _blocks(statement):
            pending.extend(reversed(block))


def _global_assignments(tree: ast.Module) -> Iterator[tuple[ast.AST, str]]:
    """`global X` then `X = ...` inside a function: bindings of the module-level X."""
    for function in _statements(tree.body, True):
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        own = list(_statements(function.body, False))
        declared = {name for node in own if isinstance(node, ast.Global) for name in node.names}
        for node in own if declared else ():
            for name in _assigned_names(node):
                if name in declared:
                    yield node, name


def _own_nodes(function: ast.AST) -> Iterator[ast.AST]:
    """The nodes of a function's body, not those of functions or classes nested in it."""
    pending = list(ast.iter_child_nodes(function))
    while pending:
        node = pending.pop()
        yield node
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            pending.extend(ast.iter_child_nodes(node))


def _returned_values(function: ast.AST) -> Optional[list[ast.expr]]:
    """The values a function returns (None for a generator: it returns a generator)."""
    values = []
    for node in _own_nodes(function):
        if isinstance(node, ast.Return):
            values.append(node.value if node.value is not None else ast.Constant(None))
        elif isinstance(node, (ast.Yield, ast.YieldFrom)):
            return None
    return values
