"""Which configuration each file takes: the nearest one above it (ruff's hierarchical configuration),
unless `--config` names one for every file or `--isolated` ignores them all.

`Configs` resolves a path to its configuration file once per directory, loads each file once, and
hands each loaded `Config` to a `build` function (the CLI's: settings, selection, discovery options)
whose result it caches, so files under the same configuration share one plan object.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Generic, Optional, TypeVar

from futurelint.config import Config, ConfigError, find_config, load_config

T = TypeVar("T")


class Configs(Generic[T]):
    def __init__(self, build: Callable[[Config], T], explicit: Optional[str] = None, isolated: bool = False) -> None:
        self._build = build
        self._by_directory: dict[str, Optional[Path]] = {}
        self._plans: dict[Optional[Path], T] = {}
        self._fixed: Optional[Config] = None
        if isolated:
            self._fixed = Config()
        elif explicit is not None:
            path = Path(explicit)
            if not path.is_file():
                raise ConfigError(f"{explicit}: configuration file not found")
            self._fixed = load_config(path, explicit=True)

    def for_path(self, path: str) -> T:
        """The plan for the file or directory `path` (absolute or relative to the working directory)."""
        if self._fixed is not None:
            return self._plan(self._fixed.path, lambda: self._fixed)
        found = self._config_file(_directory_of(os.path.abspath(path)))
        return self._plan(found, lambda: load_config(found) if found is not None else Config())

    def _plan(self, key: Optional[Path], load: Callable[[], Config]) -> T:
        if key not in self._plans:
            self._plans[key] = self._build(load())
        return self._plans[key]

    def _config_file(self, directory: str) -> Optional[Path]:
        if directory not in self._by_directory:
            self._by_directory[directory] = find_config(Path(directory))
        return self._by_directory[directory]

    def plans(self) -> list[T]:
        return list(self._plans.values())


def _directory_of(path: str) -> str:
    """`path` itself when it is a directory, else its parent (a missing path counts as a file)."""
    if os.path.isdir(path):
        return path
    parent = os.path.dirname(path)
    while parent and not os.path.isdir(parent):  # a path that does not exist (yet): its nearest existing ancestor
        parent, previous = os.path.dirname(parent), parent
        if parent == previous:
            break
    return parent or os.getcwd()
