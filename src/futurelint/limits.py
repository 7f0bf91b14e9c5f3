"""What one file may cost, and reading files without trusting them.

A file is read only when it is a regular file (a FIFO, a terminal or `/dev/zero`, named on the command
line or reached through a symlink, would hang the run or fill the memory) and never beyond a bound.
The limits are settings (`max-file-size`, `time-limit`, `memory-limit`; README "Configuration").
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from typing import Optional

DEFAULT_MAX_FILE_SIZE = 1024 * 1024  # bytes; libcst needs several hundred times a file's size
DEFAULT_TIME_LIMIT = 30.0  # seconds per file
DEFAULT_MEMORY_LIMIT = 2048  # MiB of address space per worker process
CHUNK = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    time_limit: float = DEFAULT_TIME_LIMIT
    memory_limit: int = DEFAULT_MEMORY_LIMIT


def too_slow(time_limit: float) -> str:
    return f"too slow (timed out after {time_limit:g} seconds, the time-limit)"


class TooLarge(Exception):
    """The file is larger than the bound it was read with."""

    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.size = size


class NotRegularFile(OSError):
    def __init__(self) -> None:
        super().__init__(errno.EINVAL, "not a regular file")


def read_bounded(path: str, limit: Optional[int], follow_symlinks: bool = True) -> bytes:
    """The bytes of the regular file `path`; `TooLarge` past `limit` bytes (None: no bound),
    `NotRegularFile` (an OSError) for anything else. Opening never blocks, even on a FIFO."""
    with _open_regular(path, follow_symlinks) as handle:
        data = handle.read(limit + 1) if limit is not None else handle.read()
        if limit is not None and len(data) > limit:
            raise TooLarge(max(os.fstat(handle.fileno()).st_size, len(data)))
    return data


def file_contains(path: str, marker: bytes) -> bool:
    """Whether the regular file `path` contains `marker`, read a chunk at a time (bounded memory)."""
    with _open_regular(path) as handle:
        tail = b""
        while True:
            chunk = handle.read(CHUNK)
            if not chunk:
                return False
            if marker in tail + chunk:
                return True
            tail = chunk[-(len(marker) - 1) :] if len(marker) > 1 else b""


def _open_regular(path: str, follow_symlinks: bool = True):
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    if not follow_symlinks:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    descriptor = os.open(path, flags)
    try:
        mode = os.fstat(descriptor).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, "is a directory", path)
        if not stat.S_ISREG(mode):
            raise NotRegularFile()
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise
