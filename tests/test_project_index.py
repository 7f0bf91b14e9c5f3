"""The project index (project_index.py): what a project's modules export, and the soundness of the
prefilter extension: a file that uses an exported executor or future spells its name, so
`mentions_export` never rejects it, and `imports_export` (the tree stage) accepts it."""

from __future__ import annotations

import ast
import pickle
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from timing import best_seconds

from futurelint.project_index import DEFAULT_SRC, absolute_module, build_index, may_export, module_name, module_roots

PROJECTS = Path(__file__).parent / "fixtures" / "projects"


def index_of(name: str):
    root = PROJECTS / name
    return build_index(root, sorted(root.rglob("*.py")))


def kinds(index) -> dict:
    return {path: (e.kind, e.returns) for path, e in index.exports.items()}


def write_project(root: Path, files: dict[str, str]):
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return build_index(root, sorted(root.rglob("*.py")))


def test_module_level_pools_and_class_attributes():
    found = kinds(index_of("pool_module"))
    assert found["app.pools.IO_POOL"] == ("thread", False)
    assert found["app.pools.Pools.cpu"] == ("thread", False)


def test_getters_annotated_or_returning_a_pool_or_a_future():
    found = kinds(index_of("getter"))
    assert found["lib.pools.get_pool"] == ("thread", True)
    assert found["lib.pools.shared"] == ("thread", True)
    assert found["lib.pools.start"] == ("future", True)
    assert found["lib.pools._pool"] == ("thread", False)  # `global _pool` in the getter, None elsewhere


def test_reexports_through_init_and_aliases():
    index = index_of("reexport")
    assert kinds(index)["pkg.IO_POOL"] == ("thread", False)
    assert kinds(index)["pkg.pool"] == ("thread", True)
    assert "pkg.pools.get_pool" in index.lookup("pkg.pool").reason


def test_a_circular_import_terminates_and_derives_across_it():
    found = kinds(index_of("circular"))
    assert found["a.POOL"] == ("thread", False)
    assert found["b.pool"] == ("thread", True)


def test_src_layout_module_names():
    index = index_of("src_layout")
    assert index.lookup("mypkg.pools.CPU_POOL").kind == "process"
    assert module_name(PROJECTS / "src_layout" / "src" / "mypkg" / "__init__.py", index.roots) == "mypkg"


def test_a_src_directory_that_is_a_package_is_named_from_the_project_root():
    """src/__init__.py: `src` is imported as a package (`from src.app.pools import POOL`), so it is
    no module root and `src/app/pools.py` is `src.app.pools`; the root's own `app/pools.py` keeps
    the name `app.pools` (the near miss: before, both were `app.pools` and the wrong one won)."""
    root = PROJECTS / "src_package"
    index = index_of("src_package")
    assert index.roots == (root.absolute(),)
    assert kinds(index)["src.app.pools.POOL"] == ("thread", False)
    assert not [path for path in index.exports if path.startswith("app.")]
    assert index.module_of(root / "src" / "app" / "jobs.py") == "src.app.jobs"
    assert index.module_of(root / "app" / "pools.py") == "app.pools"
    # The index crosses processes (pickled) and the cache (its roots stored as strings) small: the
    # roots travel with it, so the linting worker names a file as the build did.
    travelled = pickle.loads(pickle.dumps(index))
    assert not travelled.modules and travelled.module_of(root / "src" / "app" / "pools.py") == "src.app.pools"


def test_module_roots_drop_only_packages_another_root_names(tmp_path):
    for package in ("__init__.py", "src/__init__.py", "my-src/__init__.py", "lib/pkg/__init__.py"):
        (tmp_path / package).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / package).write_text("")
    (tmp_path / "plain").mkdir()
    roots = module_roots(tmp_path, [".", "src", "my-src", "lib/pkg", "plain"])
    # the project root has no enclosing root; `my-src` is no identifier, so nothing imports it as a package
    assert roots == (tmp_path, tmp_path / "my-src", tmp_path / "plain")
    assert module_roots(tmp_path, ["src"]) == (tmp_path / "src",)  # no other root names it
    assert module_roots(tmp_path / "plain", DEFAULT_SRC) == (tmp_path / "plain", tmp_path / "plain" / "src")


def test_names_that_only_look_like_exports_are_not_exported():
    index = index_of("near_miss")
    assert index.lookup("app.clients.IO_POOL") is None
    assert index.lookup("app.shadow_module.IO_POOL") is None  # rebound at module level
    assert index.lookup("app.executor.Executor") is None  # a project class of that name
    users = PROJECTS / "near_miss" / "app" / "users.py"
    assert not index.imports_export(ast.parse(users.read_bytes()), users)


def test_mixed_or_unknown_bindings_are_not_exports(tmp_path):
    index = write_project(tmp_path, {
        "m.py": """
            from concurrent.futures import Future, ThreadPoolExecutor
            import queue
            MIXED = ThreadPoolExecutor()
            MIXED = queue.Queue()
            OPTIONAL: "Future[int] | None" = None
            def maybe(flag):
                if flag:
                    return ThreadPoolExecutor()
                return queue.Queue()
            async def coroutine() -> ThreadPoolExecutor:
                return ThreadPoolExecutor()
            def generator():
                yield ThreadPoolExecutor()
        """,
    })
    assert index.lookup("m.MIXED") is None
    assert index.lookup("m.OPTIONAL").kind == "future"
    assert index.lookup("m.maybe") is None and index.lookup("m.coroutine") is None
    assert index.lookup("m.generator") is None


def test_project_subclasses_of_executors(tmp_path):
    index = write_project(tmp_path, {
        "pools.py": "import concurrent.futures as cf\nclass Named(cf.ThreadPoolExecutor):\n    pass\n",
        "use.py": "from pools import Named\nPOOL = Named(4)\n",
    })
    assert kinds(index)["pools.Named"] == ("thread", True)
    assert kinds(index)["use.POOL"] == ("thread", False)


def test_files_outside_the_module_roots_export_nothing(tmp_path):
    index = write_project(tmp_path / "project", {"a.py": "import concurrent.futures\nP = concurrent.futures.ThreadPoolExecutor()\n"})
    assert module_name(tmp_path / "elsewhere.py", index.roots) is None
    assert module_name(tmp_path / "project" / "not-a-module" / "x.py", index.roots) is None


@pytest.mark.parametrize(
    ("module", "is_package", "level", "name", "expected"),
    [
        ("app.jobs", False, 0, "app.pools", "app.pools"),
        ("app.jobs", False, 1, "pools", "app.pools"),
        ("app", True, 1, "pools", "app.pools"),
        ("app.sub.jobs", False, 2, None, "app"),
        ("app.jobs", False, 3, "x", None),
        ("app.user.mod", False, 3, "app", None),  # above the top-level package
        (None, False, 1, "pools", None),
    ],
)
def test_relative_imports(module, is_package, level, name, expected):
    assert absolute_module(module, is_package, level, name) == expected


# --------------------------------------------------------------------------- prefilter soundness
EXPORTS = {
    "app/__init__.py": "from .pools import IO_POOL, get_pool as pool\n",
    "app/pools.py": (
        "from concurrent.futures import ThreadPoolExecutor\n"
        "IO_POOL = ThreadPoolExecutor()\n"
        "def get_pool() -> ThreadPoolExecutor:\n    return IO_POOL\n"
        "class Pools:\n    cpu = ThreadPoolExecutor()\n"
    ),
}

# (import statement, the expression that reaches the export), relative to a file app/user/mod.py.
SPELLINGS = [
    ("from app.pools import IO_POOL", "IO_POOL"),
    ("from app.pools import IO_POOL as p", "p"),
    ("from app import IO_POOL as p", "p"),
    ("from app import pool as g", "g()"),
    ("from app.pools import get_pool", "get_pool()"),
    ("from app.pools import Pools", "Pools.cpu"),
    ("import app.pools", "app.pools.IO_POOL"),
    ("import app.pools as m", "m.IO_POOL"),
    ("import app", "app.IO_POOL"),
    ("from app import pools", "pools.Pools.cpu"),
    ("from .. import pools", "pools.IO_POOL"),
    ("from ..pools import get_pool as g", "g()"),
    ("from ... import app", "app.pool()"),  # a level too far: resolves nowhere, still spelled
    ("from app.pools import *", "IO_POOL"),
    ("from app import *", "pool()"),
]


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("project")
    return root, write_project(root, EXPORTS)


@settings(max_examples=200, deadline=None)
@given(
    spelling=st.sampled_from(SPELLINGS),
    nested=st.booleans(),
    padding=st.sampled_from(["", "x = 1\n", "# app.pools\n", "'''IO\\n_POOL'''\n"]),
)
def test_a_file_that_uses_an_export_passes_the_byte_stage(project, spelling, nested, padding):
    root, index = project
    statement, use = spelling
    body = f"{statement}\n{use}.submit(print)\n"
    source = padding + (f"def f():\n{textwrap.indent(body, '    ')}" if nested else body)
    assert index.mentions_export(source.encode())
    path = root / "app" / "user" / "mod.py"
    if statement != "from ... import app":
        assert index.imports_export(ast.parse(source), path), source


@pytest.mark.parametrize(
    "source",
    [
        "# IO_POOL lives in app.pools\nimport os\n",
        "import app.clients\n",
        "from app.clients import IO_POOL\n",
        "from other import pool\n",
        "IO_POOL = 1\n",
        "x = 'from app.pools import IO_POOL'\n",
    ],
)
def test_files_that_do_not_import_an_export_are_rejected_by_the_tree(project, source):
    root, index = project
    assert not index.imports_export(ast.parse(source), root / "app" / "user" / "mod.py")


@pytest.mark.parametrize("source", ["import os\n", "IO_POOLS = 1\n", "MY_IO_POOL = 1\n", "x.IO_POOLx\n", "poolé = 1\n"])
def test_files_that_never_spell_an_exported_name_are_rejected_by_the_bytes(project, source):
    _, index = project
    assert not index.mentions_export(source.encode())


@pytest.mark.parametrize(
    "source",
    [
        "POOL = ThreadPoolExecutor(4)\n",
        "POOL: Executor = make()\n",
        "def get():\n    global _p\n    if _p is None:\n        _p = cf.ThreadPoolExecutor()\n    return _p\n",
        "def get(\n    n: int,\n) -> 'cf.ThreadPoolExecutor':\n    ...\n",
        "def get():\n    return cf.ProcessPoolExecutor()\n",
        "def start(ex, job):\n    return ex.submit(job)\n",
        "class Pools:\n    # a comment\n\n    io = ThreadPoolExecutor()\n",
        "class Named(cf.ThreadPoolExecutor):\n    pass\n",
        "class Request(NamedTuple):\n    result: Optional[Future]\n",
        "if sys.platform == 'win32':\n    POOL = ThreadPoolExecutor(4)\nelse:\n    POOL = ProcessPoolExecutor(4)\n",
        "try:\n    POOL = ThreadPoolExecutor(4)\nexcept RuntimeError:\n    POOL = None\n",
        "POOL = (\n    ThreadPoolExecutor(4)\n)\n",
        "POOL: Executor = (\n\n    # spread over lines\n    cf.ThreadPoolExecutor(max_workers=4)\n)\n",
    ],
)
def test_definitions_that_may_export_are_parsed(source):
    assert may_export(source.encode())


@pytest.mark.parametrize(
    "source",
    [
        "def run(items):\n    with ThreadPoolExecutor() as ex:\n        ex.map(print, items)\n",
        "def run():\n    ex = ThreadPoolExecutor()\n    ex.shutdown()\n",
        "class C:\n    def run(self):\n        pool = ThreadPoolExecutor()\n",
        "import concurrent.futures\n",
        "def count():\n    global counter\n    counter = 1\n",
        "def get(ex):\n    return ex.result()\n",
        "def run():\n    if ready:\n        pool = ThreadPoolExecutor(4)\n",
        "def run():\n    pool = (\n        ThreadPoolExecutor(4)\n    )\n",
        "if __name__ == '__main__':\n    pool = ThreadPoolExecutor(4)\n    fut = pool.submit(print)\n",
    ],
)
def test_files_that_only_use_executors_inside_functions_are_not_parsed(source):
    assert not may_export(source.encode())


def test_pools_made_in_module_level_blocks_are_exported(tmp_path):
    index = write_project(tmp_path, {
        "m.py": """
            import sys
            from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
            if sys.platform == "win32":
                CHOSEN = ThreadPoolExecutor(4)
            else:
                CHOSEN = ProcessPoolExecutor(4)
            try:
                GUARDED = ThreadPoolExecutor(4)
            except RuntimeError:
                GUARDED = ThreadPoolExecutor(1)
            SPREAD = (
                ThreadPoolExecutor(4)
            )
        """,
    })
    assert {"m.CHOSEN", "m.GUARDED", "m.SPREAD"} <= set(index.exports)


def test_star_reexports_in_a_package(tmp_path):
    index = write_project(tmp_path, {
        "app/__init__.py": "from .pools import *\n",
        "app/pools.py": "from concurrent.futures import ThreadPoolExecutor\nIO_POOL = ThreadPoolExecutor(4)\n_PRIVATE = ThreadPoolExecutor(1)\n",
        "shadow/__init__.py": "from app.pools import *\nIO_POOL = None\n",
    })
    assert index.lookup("app.IO_POOL").kind == "thread"
    assert index.lookup("app._PRIVATE") is None and index.lookup("shadow.IO_POOL") is None


def test_a_module_too_deeply_nested_to_scan_loses_only_its_own_exports(tmp_path):
    index = write_project(tmp_path, {
        "pools.py": "from concurrent.futures import ThreadPoolExecutor\nIO_POOL = ThreadPoolExecutor(4)\n",
        "deep.py": "from concurrent.futures import ThreadPoolExecutor\nOTHER = ThreadPoolExecutor(" + "+".join(["1"] * 700) + ")\n",
    })
    assert index.lookup("pools.IO_POOL") is not None


@pytest.mark.parametrize(
    "make",
    [
        lambda n: b"import concurrent.futures\ndef f():\n" + b"    a = submit\n" * n,
        lambda n: b"import concurrent.futures\nclass C:\n" + b"    def m(self):\n        x = Future\n" * n,
        lambda n: b"from concurrent.futures import ThreadPoolExecutor\ndef g():\n    global "
        + b", ".join(b"n%d" % i for i in range(n)) + b"\n    x = ThreadPoolExecutor()\n",
    ],
)
def test_the_byte_gate_is_linear_in_the_size_of_the_file(make):
    """A hostile file (every line a candidate) must not make the parent, which runs this gate on
    every file, take quadratic time: doubling 8x to 16x the size must not quadruple the time."""
    ratio = best_seconds(may_export, make(16000), runs=3) / max(best_seconds(may_export, make(2000), runs=3), 1e-4)
    assert ratio < 8 * 3, ratio  # linear: about 8; quadratic: about 64


@pytest.mark.parametrize("prefix", ["", "tree/", "vendor/lib/"])
def test_a_copy_of_concurrent_futures_itself_exports_nothing(tmp_path, prefix):
    """The standard library linted as a project (or copied under a directory) defines
    ThreadPoolExecutor itself: the semantic layer knows it already, the index adds nothing."""
    index = write_project(tmp_path, {
        f"{prefix}concurrent/futures/_base.py": "class Executor:\n    pass\n",
        f"{prefix}concurrent/futures/thread.py": "from concurrent.futures import _base\nclass ThreadPoolExecutor(_base.Executor):\n    pass\n",
    })
    assert index.exports == {}
