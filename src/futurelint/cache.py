"""Results of earlier runs, per file, so a repeat run over unchanged files lints nothing again.

A file's entry is named after its path, the rules selected for it and its settings, and is valid only
for the bytes, the project index (when the file spells a name other modules export: a digest of the
index), the other modules of the project it read (their size and modification time) and the
futurelint it records (futurelint's version and the size and time of every module of
the installed package, so a changed rule in a development checkout is never served stale results).
So the cache holds one entry per file and settings, overwritten as the file changes, and does not
grow with every edit. Entries are JSON files under `.futurelint_cache/` (the `cache-dir` setting;
`--no-cache` turns it off), which holds a `.gitignore` of `*`. Each entry is written to a temporary
file and renamed into place, so concurrent runs never read half an entry; an entry that cannot be
read or decoded is a miss. When the directory cannot be created or written (a read-only checkout, a
full disk) the run simply does not cache. Each project's index is kept the same way, valid for the
size and modification time of every file of the project."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import asdict
from functools import lru_cache
from pathlib import Path
from typing import Optional

from futurelint import __version__
from futurelint.engine import FileResult
from futurelint.findings import Edit, Finding, Fix, Location
from futurelint.project_index import Export, ProjectIndex, unchanged

DIRECTORY_NAME = ".futurelint_cache"
# FUT000 for a file that ran out of time or memory, or whose worker died: it depends on the limits
# and the machine, not on the file alone.
_OUT_OF_RESOURCES = "Cannot lint file:"


def content_digest(data: bytes) -> bytes:
    """What a file's cache entry records of its bytes (taken at the first read, so that the parent
    need not keep or read the bytes again)."""
    return hashlib.sha256(data).digest()


class Cache:
    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory) / __version__
        self.usable = _prepare(Path(directory))

    def key(
        self, path: str, content: bytes, codes: frozenset, settings, report_parse_errors: bool, depends: str = ""
    ) -> tuple[str, str]:
        """(entry name, what the entry must record to be valid). `content`: the file's
        `content_digest`; `depends`: a digest of what else the result depends on (the project index,
        for a file that spells a name other modules export)."""
        name = hashlib.sha256()
        for part in (path, ",".join(sorted(codes)), repr(settings), str(report_parse_errors)):
            name.update(part.encode("utf-8", "surrogatepass") + b"\0")
        validity = hashlib.sha256(package_fingerprint().encode("ascii") + b"\0" + depends.encode("ascii") + b"\0" + content)
        return name.hexdigest(), validity.hexdigest()

    def get(self, key: tuple[str, str]) -> Optional[FileResult]:
        record = self._read(key)
        try:
            return _result(record) if record and unchanged(record.get("dependencies", [])) else None
        except (ValueError, KeyError, TypeError):
            return None

    def put(self, key: tuple[str, str], result: FileResult) -> None:
        if _cacheable(result):
            self._write(key, _record(result))

    def _write(self, key: tuple[str, str], record: dict) -> None:
        if not self.usable:
            return
        entry = self._entry(key[0])
        try:
            entry.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=entry.parent, prefix=".entry.", suffix=".tmp")
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as stream:
                    json.dump({"valid_for": key[1], **record}, stream, ensure_ascii=False)
                os.replace(temporary, entry)
            except BaseException:
                _remove(temporary)
                raise
        except (OSError, ValueError):  # read-only, full disk, an unencodable path: no caching, no failure
            self.usable = False

    def _entry(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    # ------------------------------------------------------------------ project indexes
    def index_key(self, project, max_file_size: int) -> tuple[str, str]:
        """(entry name, validity) for the index of `project` (an indexing.ProjectFiles): one entry
        per project and module roots, valid for the path, size and modification time of each of
        its files (reading them all would cost what building the index costs) and for the
        `max-file-size` the build read them with (a file over it is read as empty)."""
        name = hashlib.sha256(f"index\0{project.root}\0{project.src!r}".encode("utf-8", "surrogatepass")).hexdigest()
        validity = hashlib.sha256(f"{package_fingerprint()}\0{max_file_size}".encode("ascii"))
        for path in project.files:
            try:
                stat = os.stat(path)
                validity.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode("utf-8", "surrogatepass"))
            except (OSError, ValueError):
                validity.update(f"{path}\0missing\n".encode("utf-8", "surrogatepass"))
        for path, data in project.overrides:
            validity.update(path.encode("utf-8", "surrogatepass") + b"\0" + hashlib.sha256(data).digest())
        return name, validity.hexdigest()

    def get_index(self, key: tuple[str, str]) -> Optional[ProjectIndex]:
        record = self._read(key)
        try:
            exports = {path: Export(path, kind, bool(returns), reason) for path, kind, returns, reason in record["exports"]}
            return ProjectIndex(tuple(Path(root) for root in record["roots"]), exports)
        except (KeyError, TypeError, ValueError):
            return None

    def put_index(self, key: tuple[str, str], index: ProjectIndex) -> None:
        exports = [[path, e.kind, e.returns, e.reason] for path, e in sorted(index.exports.items())]
        self._write(key, {"roots": [str(root) for root in index.roots], "exports": exports})

    def _read(self, key: tuple[str, str]) -> dict:
        if not self.usable:
            return {}
        try:
            with open(self._entry(key[0]), encoding="utf-8") as handle:
                record = json.load(handle)
            return record if record["valid_for"] == key[1] else {}
        except (OSError, ValueError, KeyError, TypeError):
            return {}


def _prepare(directory: Path) -> bool:
    """Create the cache directory with its `.gitignore`; False when that is not possible."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
        ignore = directory / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# Created by futurelint automatically.\n*\n", encoding="utf-8")
        return os.access(directory, os.W_OK)
    except OSError:
        return False


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _cacheable(result: FileResult) -> bool:
    """Only results that the same input always gives: no internal errors, no time-outs, no file
    stopped at a limit."""
    if result.errors or result.source is not None:
        return False
    return not any(finding.message.startswith(_OUT_OF_RESOURCES) for finding in result.findings)


@lru_cache(maxsize=None)
def package_fingerprint() -> str:
    """futurelint's version and the size and modification time of each of its modules."""
    package = Path(__file__).resolve().parent
    parts = [__version__]
    for module in sorted(package.rglob("*.py")):
        try:
            stat = module.stat()
        except OSError:
            continue
        parts.append(f"{module.relative_to(package)}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


def _record(result: FileResult) -> dict:
    findings = [asdict(f) for f in result.findings]
    dependencies = [list(dependency) for dependency in result.dependencies]
    return {"path": result.path, "skipped": result.skipped, "findings": findings, "dependencies": dependencies}


def _result(record: dict) -> FileResult:
    findings = [_finding(item) for item in record["findings"]]
    dependencies = [(str(path), int(size), int(mtime)) for path, size, mtime in record.get("dependencies", [])]
    return FileResult(record["path"], findings, [], None, bool(record["skipped"]), dependencies)


def _finding(item: dict) -> Finding:
    fix = item["fix"]
    if fix is not None:
        edits = tuple(Edit(e["content"], Location(**e["start"]), Location(**e["end"])) for e in fix["edits"])
        fix = Fix(fix["applicability"], fix["message"], edits)
    return Finding(
        path=item["path"],
        code=item["code"],
        message=item["message"],
        start=Location(**item["start"]),
        end=Location(**item["end"]),
        fix=fix,
        noqa_row=item["noqa_row"],
        name=item["name"],
        source_line=item["source_line"],
        cell=item.get("cell"),
    )

