"""Settings that change what rules report (not which rules run: that is selection)."""

from __future__ import annotations

from dataclasses import dataclass

TARGET_VERSIONS = tuple(f"py3{minor}" for minor in range(9, 15))
DEFAULT_TARGET_VERSION = "py39"
DEFAULT_MAX_WORKERS_LIMIT = 128


def parse_target_version(name: str) -> tuple[int, int]:
    """`py311` -> (3, 11)."""
    return (3, int(name[3:]))


@dataclass(frozen=True)
class Settings:
    target_version: str = DEFAULT_TARGET_VERSION
    max_workers_limit: int = DEFAULT_MAX_WORKERS_LIMIT

    @property
    def target(self) -> tuple[int, int]:
        return parse_target_version(self.target_version)
