"""Configuration files: `[tool.futurelint]` in a pyproject.toml, `.futurelint.toml` or `futurelint.toml`
(found upward from a file, or given with `--config`), and `extend` between them.

Every key is checked: an unknown key, a value of the wrong type or an unknown rule code raises
`ConfigError`, whose message names the key (or code) and the file.
"""

from __future__ import annotations

import difflib
import os
import re
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Optional

from futurelint.limits import DEFAULT_MAX_FILE_SIZE, DEFAULT_MEMORY_LIMIT, DEFAULT_TIME_LIMIT, Limits
from futurelint.selection import SelectorError, parse_selector
from futurelint.settings import DEFAULT_MAX_WORKERS_LIMIT, DEFAULT_TARGET_VERSION, TARGET_VERSIONS

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.9/3.10
    import tomli as tomllib

SECTION = "futurelint"
# Files holding the settings at the top level, preferred in this order over a pyproject.toml in the
# same directory (as ruff prefers `.ruff.toml` and `ruff.toml`).
STANDALONE_NAMES = (".futurelint.toml", "futurelint.toml")


class ConfigError(Exception):
    """A configuration problem to report in one line (exit code 2)."""


@dataclass
class Config:
    path: Optional[Path] = None  # the file read, None when no file was found
    select: Optional[list[str]] = None
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    exclude: Optional[list[str]] = None
    extend_exclude: list[str] = field(default_factory=list)
    include: Optional[list[str]] = None  # None: discovery's DEFAULT_INCLUDE
    extend_include: list[str] = field(default_factory=list)
    respect_gitignore: bool = True
    force_exclude: bool = False
    target_version: Optional[str] = None  # None: not set in [tool.futurelint]
    inferred_target_version: str = DEFAULT_TARGET_VERSION  # from [project] requires-python
    max_workers_limit: int = DEFAULT_MAX_WORKERS_LIMIT
    cache_dir: Optional[str] = None  # None: .futurelint_cache beside the configuration file
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    time_limit: float = DEFAULT_TIME_LIMIT
    memory_limit: int = DEFAULT_MEMORY_LIMIT
    src: Optional[list[str]] = None  # module roots, relative to `root`; None: project_index.DEFAULT_SRC
    keys: set = field(default_factory=set)  # the keys the file set (for --show-settings)
    # The directory of a configuration this one extends in an ancestor directory (`tests/` with
    # `extend = "../pyproject.toml"`): its modules are this project's too (indexing.py).
    extended_root: Optional[Path] = None

    @property
    def root(self) -> Path:
        """Relative paths in the file (exclude, per-file-ignores) are relative to this."""
        return self.path.parent if self.path is not None else Path.cwd()


    @property
    def effective_target_version(self) -> str:
        return self.target_version or self.inferred_target_version

    @property
    def limits(self) -> Limits:
        return Limits(self.max_file_size, float(self.time_limit), self.memory_limit)


def _string_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _per_file_table(value: Any) -> bool:
    return isinstance(value, dict) and all(_string_list(codes) for codes in value.values())


def _positive_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _positive_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and 0 < value < float("inf")


# key -> (attribute, validator, what the value must be)
KEYS = {
    "select": ("select", _string_list, "a list of rule codes or names"),
    "extend-select": ("extend_select", _string_list, "a list of rule codes or names"),
    "ignore": ("ignore", _string_list, "a list of rule codes or names"),
    "per-file-ignores": ("per_file_ignores", _per_file_table, "a table of glob = [codes]"),
    "exclude": ("exclude", _string_list, "a list of glob patterns"),
    "extend-exclude": ("extend_exclude", _string_list, "a list of glob patterns"),
    "include": ("include", _string_list, "a list of glob patterns"),
    "extend-include": ("extend_include", _string_list, "a list of glob patterns"),
    "respect-gitignore": ("respect_gitignore", lambda v: isinstance(v, bool), "true or false"),
    "force-exclude": ("force_exclude", lambda v: isinstance(v, bool), "true or false"),
    "target-version": (
        "target_version",
        lambda v: v in TARGET_VERSIONS,
        "one of " + ", ".join(f'"{v}"' for v in TARGET_VERSIONS),
    ),
    "max-workers-limit": ("max_workers_limit", _positive_int, "a positive integer"),
    "cache-dir": ("cache_dir", lambda v: isinstance(v, str) and bool(v), "a directory path"),
    "max-file-size": ("max_file_size", _positive_int, "a positive integer (bytes)"),
    "time-limit": ("time_limit", _positive_number, "a positive number (seconds)"),
    "memory-limit": ("memory_limit", _positive_int, "a positive integer (MiB)"),
    "src": ("src", _string_list, "a list of directories (module roots)"),
}
_CODE_KEYS = ("select", "extend-select", "ignore")


def find_config(start: Path) -> Optional[Path]:
    """The nearest `.futurelint.toml`, `futurelint.toml` or pyproject.toml with a [tool.futurelint]
    table, searching upward from `start`; failing that, the nearest pyproject.toml at all (for
    `requires-python`)."""
    directory = start if start.is_dir() else start.parent
    directory = Path(os.path.abspath(directory))
    nearest = None
    for candidate_dir in (directory, *directory.parents):
        standalone = next((candidate_dir / name for name in STANDALONE_NAMES if (candidate_dir / name).is_file()), None)
        if standalone is not None:
            return standalone
        candidate = candidate_dir / "pyproject.toml"
        if not candidate.is_file():
            continue
        nearest = nearest or candidate
        try:
            if _has_section(_read_toml(candidate)):
                return candidate
        except ConfigError:
            return candidate  # broken file: report it rather than skip it
    return nearest


def _has_section(data: dict) -> bool:
    tool = data.get("tool")
    return isinstance(tool, dict) and SECTION in tool


def _read_toml(path: Path) -> dict:
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except OSError as error:
        raise ConfigError(f"{path}: cannot read configuration: {error.strerror or error}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None
    except UnicodeDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None
    except (RecursionError, MemoryError):  # e.g. arrays nested thousands deep
        raise ConfigError(f"{path}: invalid TOML: nested too deeply") from None


def load_config(path: Path, explicit: bool = False, _extending: tuple = ()) -> Config:
    """Read `[tool.futurelint]` from `path`. `.futurelint.toml`, `futurelint.toml` and, with
    `explicit` (from --config), any file not named pyproject.toml may hold the keys at the top level.
    `extend = "../pyproject.toml"` starts from that file's settings (its own paths stay relative to it)."""
    data = _read_toml(path)
    config = Config(path=path)
    if _has_section(data):
        table = data["tool"][SECTION]
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: [tool.{SECTION}] must be a table")
    elif (explicit and path.name != "pyproject.toml") or path.name in STANDALONE_NAMES:
        table = data
    else:
        table = {}
    table = dict(table)
    inferred = _target_from_project(data, path)
    base = _extended(path, table.pop("extend"), _extending) if "extend" in table else None
    if base is not None:
        config = replace(base, path=path, keys=set(base.keys))  # its keys count as set here (--show-settings)
        outer = base.extended_root or base.root
        config.extended_root = outer if _holds(outer, path.parent) else None
        if _requires_python(data) is None:
            inferred = base.inferred_target_version
    _apply(config, table, path)
    if base is not None:
        _accumulate(config, base, table)
    config.inferred_target_version = inferred
    return config


def _holds(directory: Path, inner: Path) -> bool:
    """Whether `inner` is `directory` or below it."""
    outer = os.path.join(os.path.abspath(directory), "")
    return os.path.join(os.path.abspath(inner), "").startswith(outer)


# Keys whose values add to those of an extended configuration rather than replace them.
_ACCUMULATED = ("extend-select", "extend-exclude", "extend-include", "per-file-ignores")


def _accumulate(config: Config, base: Config, table: dict) -> None:
    for key in _ACCUMULATED:
        if key not in table:
            continue
        attribute = KEYS[key][0]
        inherited, own = getattr(base, attribute), getattr(config, attribute)
        setattr(config, attribute, {**inherited, **own} if isinstance(own, dict) else inherited + own)


def _extended(path: Path, value: Any, extending: tuple) -> Config:
    """The configuration `extend` names, its relative paths made absolute so they keep meaning the
    same files when the extending configuration (in another directory) uses them."""
    if not isinstance(value, str):
        raise ConfigError(f"{path}: `extend` must be a path to a configuration file, got {_describe(value)}")
    target = Path(os.path.normpath(path.parent / os.path.expanduser(value)))
    if target in extending or target == path:
        raise ConfigError(f"{path}: `extend` makes a cycle through {target}")
    if not target.is_file():
        raise ConfigError(f"{path}: `extend`: configuration file not found: {target}")
    base = load_config(target, explicit=True, _extending=extending + (path,))
    root = str(base.root)
    base.exclude = _anchored(base.exclude, root)
    base.extend_exclude = _anchored(base.extend_exclude, root)
    base.include = _anchored(base.include, root)
    base.extend_include = _anchored(base.extend_include, root)
    if base.cache_dir is not None:
        base.cache_dir = os.path.join(root, base.cache_dir)
    if base.src is not None:
        base.src = [os.path.join(root, entry) for entry in base.src]
    base.per_file_ignores = {
        ("!" if key.startswith("!") else "") + _anchor(key.lstrip("!"), root): codes
        for key, codes in base.per_file_ignores.items()
    }
    return base


def _anchored(patterns: Optional[list[str]], root: str) -> Optional[list[str]]:
    return None if patterns is None else [_anchor(pattern, root) for pattern in patterns]


def _anchor(pattern: str, root: str) -> str:
    """A glob with a `/` is relative to its configuration's directory: make it absolute. One
    without is matched against file names anywhere, and stays as it is."""
    if "/" not in pattern.rstrip("/") or os.path.isabs(pattern):
        return pattern
    return os.path.join(root, pattern)


def _apply(config: Config, table: dict, path: Path) -> None:
    for key, value in table.items():
        if key not in KEYS:
            hint = _suggest(key)
            raise ConfigError(f"{path}: unknown key `{key}` in [tool.{SECTION}]{hint}")
        attribute, valid, expected = KEYS[key]
        if not valid(value):
            raise ConfigError(f"{path}: `{key}` must be {expected}, got {_describe(value)}")
        if key in _CODE_KEYS:
            _check_codes(value, key, path)
        if key == "per-file-ignores":
            for pattern, codes in value.items():
                _check_codes(codes, f'per-file-ignores."{pattern}"', path)
        setattr(config, attribute, list(value) if isinstance(value, list) else value)
        config.keys.add(key)


def _check_codes(codes: list[str], key: str, path: Path) -> None:
    for code in codes:
        try:
            parse_selector(code)
        except SelectorError as error:
            raise ConfigError(f"{path}: {error} in `{key}`") from None


def _suggest(key: str) -> str:
    close = difflib.get_close_matches(key.replace("_", "-"), list(KEYS), n=1)
    return f" (did you mean `{close[0]}`?)" if close else ""


def _describe(value: Any) -> str:
    return f"{type(value).__name__} {value!r}"[:80]


_SPECIFIER = re.compile(r"(>=|~=|==|>|===)\s*(\d+)(?:\.(\d+))?")


def target_from_requires_python(spec: str) -> Optional[str]:
    """The lowest Python version a `requires-python` specifier admits, clamped to py39..py314."""
    lows = []
    for clause in spec.split(","):
        match = _SPECIFIER.search(clause.strip())
        if match and match.group(2) == "3":
            lows.append(int(match.group(3) or 0))
    if not lows:
        return None
    low = max(lows)  # ">=3.9,>=3.10" means 3.10; a lower bound is the tightest `>=`
    low = min(max(low, 9), 14)
    return f"py3{low}"


def _requires_python(data: dict) -> Optional[str]:
    project = data.get("project")
    spec = project.get("requires-python") if isinstance(project, dict) else None
    return spec if isinstance(spec, str) else None


def _target_from_project(data: dict, path: Path) -> str:
    spec = _requires_python(data)
    if spec is None:
        return DEFAULT_TARGET_VERSION
    return target_from_requires_python(spec) or DEFAULT_TARGET_VERSION


def discover_config(first_path: Optional[str], explicit: Optional[str]) -> Config:
    if explicit is not None:
        path = Path(explicit)
        if not path.is_file():
            raise ConfigError(f"{explicit}: configuration file not found")
        return load_config(path, explicit=True)
    start = Path(first_path) if first_path and first_path != "-" else Path.cwd()
    if not start.exists():
        start = Path.cwd()
    found = find_config(start)
    return load_config(found) if found is not None else Config()
