"""Find the files to lint: walk directories for `*.py`/`*.pyi`, apply `exclude` globs (ruff's
semantics) and `.gitignore` files (git's semantics, implemented here so no subprocess is needed).

Exclude patterns, as in ruff: a pattern without `/` matches the name of any file or directory at
any depth (`build`, `foo_*.py`); a pattern with `/` is a path relative to the directory it was
defined in (the config file's directory, or the working directory for command-line patterns).
"""

from __future__ import annotations

import itertools
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator, Optional, Sequence

from futurelint.limits import TooLarge, read_bounded

PYTHON_SUFFIXES = (".py", ".pyi")
# The files a directory walk lints, as ruff's `include` (globs; `extend-include` adds to them).
DEFAULT_INCLUDE = ("*.py", "*.pyi", "*.ipynb")
MAX_IGNORE_FILE_SIZE = 16 * 1024 * 1024  # bytes: ignore files are read whole, so never beyond this

DEFAULT_EXCLUDE = (
    ".bzr",
    ".direnv",
    ".eggs",
    ".git",
    ".git-rewrite",
    ".hg",
    ".ipynb_checkpoints",
    ".mypy_cache",
    ".nox",
    ".pants.d",
    ".pyenv",
    ".pytest_cache",
    ".pytype",
    ".ruff_cache",
    ".svn",
    ".tox",
    ".venv",
    ".vscode",
    "__pycache__",
    "__pypackages__",
    "_build",
    "buck-out",
    "build",
    "dist",
    "node_modules",
    "site-packages",
    "venv",
)


# ---------------------------------------------------------------------------------------------
# Glob translation shared by exclude patterns and .gitignore lines
# ---------------------------------------------------------------------------------------------


_NOTHING = "(?!)"
_group_names = itertools.count()


@lru_cache(maxsize=None)
def glob_regex(pattern: str) -> "re.Pattern[str]":
    """Translate a glob to a regex over `/`-separated paths: `*` and `?` stay within one path
    component, `**` crosses components, `[...]` is a character class (never matching `/`). A glob
    that cannot be translated (`[z-a]`) matches nothing, as git treats it; see `invalid_glob`.

    Matching takes linear time however many `*` a component has: a `*` followed, within the same
    component, by more text and another `*` matches up to the first place where that text fits
    and never backtracks from there (an atomic group, spelled as a lookahead and a backreference
    for Pythons without `(?>...)`). The first fit is always right there: nothing between the `*`
    and the next one can match a `/`, so a later fit leaves less text for the rest to match."""
    atoms = _glob_atoms(pattern)
    if atoms is None:
        return re.compile(_NOTHING)
    out = []
    index = 0
    while index < len(atoms):
        atom = atoms[index]
        if atom != "*":
            out.append(atom)
            index += 1
            continue
        chunk_end = index + 1
        while chunk_end < len(atoms) and atoms[chunk_end] not in ("*", "/", _ANY_PATH, _ANY_DIRS, _ANY_TAIL):
            chunk_end += 1
        chunk = "".join(atoms[index + 1 : chunk_end])
        if chunk and chunk_end < len(atoms) and atoms[chunk_end] == "*":
            name = f"g{next(_group_names)}"
            out.append(f"(?=(?P<{name}>[^/]*?{chunk}))(?P={name})")
        else:
            out.append("[^/]*" + chunk)
        index = chunk_end
    return re.compile("".join(out) + r"\Z", re.DOTALL)


_ANY_DIRS = "(?:.*/)?"  # `**/`
_ANY_TAIL = "(?:/.*)?"  # a final `/**`
_ANY_PATH = ".*"  # `**` elsewhere


def _glob_atoms(pattern: str) -> Optional[list[str]]:
    """The glob as regex pieces: `*` for a star within a component, `/` for a separator, one
    fixed-width piece per other character; None when a character class is not valid."""
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        char = pattern[i]
        if pattern.startswith("**/", i):
            out.append(_ANY_DIRS)
            i += 3
        elif pattern.startswith("/**", i) and i + 3 == n:
            out.append(_ANY_TAIL)
            i += 3
        elif pattern.startswith("**", i):
            out.append(_ANY_PATH)
            i += 2
        elif char in "*/":
            out.append(char)
            i += 1
        elif char == "?":
            out.append("[^/]")
            i += 1
        elif char == "[":
            end = _class_end(pattern, i)
            if end < 0:
                out.append(re.escape(char))
                i += 1
                continue
            piece = _character_class(pattern[i + 1 : end])
            if piece is None:
                return None
            out.append(piece)
            i = end + 1
        elif char == "\\" and i + 1 < n:
            out.append(re.escape(pattern[i + 1]))
            i += 2
        else:
            out.append(re.escape(char))
            i += 1
    return out


def _character_class(body: str) -> Optional[str]:
    negated = body[:1] in ("!", "^")
    if negated:
        body = body[1:]
    piece = "[" + ("^/" if negated else "") + body.replace("\\", "\\\\").replace("[", "\\[") + "]"
    try:
        re.compile(piece)
    except re.error:
        return None
    return piece if negated else f"(?!/){piece}"


def invalid_glob(pattern: str) -> bool:
    """Whether `pattern` cannot be translated (and so matches nothing): for warnings."""
    return _glob_atoms(pattern.lstrip("!")) is None


def _class_end(pattern: str, start: int) -> int:
    i = start + 1
    if i < len(pattern) and pattern[i] in "!^":
        i += 1
    if i < len(pattern) and pattern[i] == "]":
        i += 1
    end = pattern.find("]", i)
    return end


def _posix(path: str) -> str:
    return path.replace(os.sep, "/") if os.sep != "/" else path


# ---------------------------------------------------------------------------------------------
# Exclude patterns
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Excluder:
    """Name patterns (no `/`) and absolute path patterns."""

    names: tuple[str, ...] = ()
    paths: tuple[str, ...] = ()

    @classmethod
    def build(cls, patterns: Iterable[tuple[str, Path]]) -> "Excluder":
        """`patterns`: (glob, directory the glob is relative to)."""
        names, paths = [], []
        for pattern, base in patterns:
            pattern = os.path.expanduser(pattern)
            stripped = pattern.rstrip("/")
            if "/" not in stripped and os.sep not in stripped:
                names.append(stripped)
            else:
                absolute = stripped if os.path.isabs(stripped) else os.path.join(str(base), stripped)
                paths.append(_posix(os.path.normpath(absolute)))
        return cls(tuple(names), tuple(paths))

    def excludes(self, path: str) -> bool:
        """Whether this absolute path itself (not its ancestors) is excluded."""
        if _any_glob(self.names).match(os.path.basename(path)):
            return True
        return bool(self.paths) and bool(_any_glob(self.paths).match(_posix(path)))

    def excludes_with_ancestors(self, path: str, stop_at: str) -> bool:
        """`excludes` for the path or any ancestor below `stop_at` (for --force-exclude)."""
        current = path
        while True:
            if self.excludes(current):
                return True
            parent = os.path.dirname(current)
            if parent == current or not _is_within(parent, stop_at) or parent == stop_at:
                return False
            current = parent


@lru_cache(maxsize=None)
def _any_glob(patterns: tuple[str, ...]) -> "re.Pattern[str]":
    """One regex for many globs: the walk tests every entry against all of them."""
    if not patterns:
        return re.compile(_NOTHING)
    unique = dict.fromkeys(patterns)  # each glob's group names may occur once in the whole regex
    return re.compile("|".join(f"(?:{glob_regex(pattern).pattern})" for pattern in unique), re.DOTALL)


def _is_within(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


# ---------------------------------------------------------------------------------------------
# .gitignore
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IgnoreRule:
    regex: "re.Pattern[str]"
    negated: bool
    directory_only: bool
    anchored: bool  # matched against the path relative to `base`, not just the name
    base: str  # directory holding the .gitignore (absolute, posix)


def parse_gitignore(text: str, base: str) -> list[IgnoreRule]:
    rules = []
    for raw in text.splitlines():
        line = _strip_trailing_spaces(raw)
        if not line or line.startswith("#"):
            continue
        negated = line.startswith("!")
        if negated:
            line = line[1:]
        elif line.startswith("\\!") or line.startswith("\\#"):
            line = line[1:]
        directory_only = line.endswith("/")
        line = line.rstrip("/")
        if not line:
            continue
        anchored = "/" in line
        line = line.lstrip("/")
        rules.append(IgnoreRule(glob_regex(line), negated, directory_only, anchored, _posix(base)))
    return rules


def _strip_trailing_spaces(line: str) -> str:
    stripped = line.rstrip(" ")
    if stripped.endswith("\\") and len(stripped) < len(line):
        return stripped[:-1] + " "
    return stripped


def gitignore_verdict(rules: Sequence[IgnoreRule], path: str, is_dir: bool) -> Optional[bool]:
    """True ignored, False re-included by `!`, None no rule matched. The last matching rule wins."""
    posix = _posix(path)
    name = posix.rsplit("/", 1)[-1]
    for rule in reversed(rules):
        if rule.directory_only and not is_dir:
            continue
        if not posix.startswith(rule.base.rstrip("/") + "/"):
            continue
        subject = posix[len(rule.base.rstrip("/")) + 1 :] if rule.anchored else name
        if rule.regex.match(subject):
            return not rule.negated
    return None


def git_root(start: str) -> Optional[str]:
    current = start
    while True:
        if os.path.exists(os.path.join(current, ".git")):
            return current
        parent = os.path.dirname(current)
        if parent == current:
            return None
        current = parent


def _read_ignore_file(path: str, base: str, follow_symlinks: bool = False) -> list[IgnoreRule]:
    """The rules of one ignore file. As git: a `.gitignore` that is a symlink is not followed, and
    one that is not a regular file (a FIFO, a device) is not read; none is read beyond a bound."""
    try:
        data = read_bounded(path, MAX_IGNORE_FILE_SIZE, follow_symlinks)
    except (OSError, TooLarge):
        return []
    return parse_gitignore(data.decode("utf-8", errors="replace"), base)


def inherited_gitignore(directory: str) -> list[IgnoreRule]:
    """The rules in force for `directory`: .git/info/exclude plus every .gitignore from the
    repository root down to it. Empty outside a git repository (ruff's behaviour)."""
    root = git_root(directory)
    if root is None:
        return []
    rules = _read_ignore_file(os.path.join(root, ".git", "info", "exclude"), root, follow_symlinks=True)
    relative = os.path.relpath(directory, root)
    current = root
    rules += _read_ignore_file(os.path.join(current, ".gitignore"), current)
    if relative != ".":
        for part in relative.split(os.sep):
            current = os.path.join(current, part)
            rules += _read_ignore_file(os.path.join(current, ".gitignore"), current)
    return rules


# ---------------------------------------------------------------------------------------------
# The walk
# ---------------------------------------------------------------------------------------------


@dataclass
class Discovered:
    files: list[str] = field(default_factory=list)  # absolute paths, sorted, unique
    errors: list[tuple[str, str]] = field(default_factory=list)  # (absolute path, reason)
    missing: list[str] = field(default_factory=list)  # paths as the user gave them
    truncated: bool = False  # the walk stopped at `max_files`


@dataclass(frozen=True)
class DiscoveryOptions:
    excluder: Excluder = Excluder()
    respect_gitignore: bool = True
    force_exclude: bool = False
    root: str = ""  # project root: force-exclude looks at ancestors below it
    include: Optional[Excluder] = None  # the files a walk yields (None: DEFAULT_INCLUDE)


def discover(paths: Sequence[str], options: DiscoveryOptions, max_files: Optional[int] = None) -> Discovered:
    """The files to lint under `paths`; with `max_files`, the walk stops (`truncated`) as soon as it
    has found more than that many."""
    found = Discovered()
    seen: set[str] = set()
    cwd = os.getcwd()
    for given in paths:
        absolute = os.path.normpath(os.path.join(cwd, os.path.expanduser(given)))
        if not os.path.lexists(absolute):
            found.missing.append(given)
            continue
        if options.force_exclude and options.excluder.excludes_with_ancestors(absolute, options.root or cwd):
            continue
        if os.path.isdir(absolute):
            in_repo = options.respect_gitignore and git_root(absolute) is not None
            rules = inherited_gitignore(absolute) if in_repo else None
            for path in _walk(absolute, rules, options, found):
                _add(path, seen, found)
                if max_files is not None and len(found.files) > max_files:
                    found.truncated = True
                    break
            if found.truncated:
                break
        else:
            _add(absolute, seen, found)
    found.files.sort()
    return found


def _add(path: str, seen: set[str], found: Discovered) -> None:
    if path not in seen:
        seen.add(path)
        found.files.append(path)


def _walk(
    directory: str, rules: Optional[list[IgnoreRule]], options: DiscoveryOptions, found: Discovered
) -> Iterator[str]:
    """The Python files below `directory`, depth first in name order. `rules` is None when
    .gitignore files are not consulted. Iterative: a tree thousands of levels deep is walked too."""
    pending = [_listing(directory, rules, found)]
    while pending:
        entry = next(pending[-1][0], None)
        if entry is None:
            pending.pop()
            continue
        rules = pending[-1][1]
        path = entry.path
        try:
            is_dir = entry.is_dir(follow_symlinks=False)
        except OSError:
            is_dir = False
        if options.excluder.excludes(path):
            continue
        if rules and gitignore_verdict(rules, path, is_dir):
            continue
        if is_dir:
            pending.append(_listing(path, rules, found))
        elif _included(path, options) and (_is_file(entry) or _is_broken_link(entry)):
            yield path  # a broken link is yielded so that reading it reports FUT000, not silence


def _listing(directory: str, rules: Optional[list[IgnoreRule]], found: Discovered):
    """(the directory's entries in name order, the ignore rules in force inside it)."""
    try:
        with os.scandir(directory) as iterator:
            entries = sorted(iterator, key=lambda entry: entry.name)
    except OSError as error:
        found.errors.append((directory, f"Cannot read directory: {error.strerror or error}"))
        return iter(()), rules
    if rules is not None and not _already_loaded(rules, directory):
        if any(entry.name == ".gitignore" for entry in entries):
            rules = rules + _read_ignore_file(os.path.join(directory, ".gitignore"), directory)
    return iter(entries), rules


_DEFAULT_INCLUDER = Excluder(DEFAULT_INCLUDE)


def _included(path: str, options: DiscoveryOptions) -> bool:
    return (options.include or _DEFAULT_INCLUDER).excludes(path)  # "excludes": the patterns match


def _already_loaded(rules: list[IgnoreRule], directory: str) -> bool:
    base = _posix(directory)
    return any(rule.base == base for rule in rules)


def _is_file(entry: os.DirEntry) -> bool:
    try:
        return entry.is_file()
    except OSError:
        return False


def _is_broken_link(entry: os.DirEntry) -> bool:
    """A symlink that leads nowhere: dangling, or a loop of links."""
    try:
        return entry.is_symlink() and not os.path.exists(entry.path)
    except OSError:
        return False
