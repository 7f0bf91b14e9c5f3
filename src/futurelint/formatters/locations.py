"""Paths and fingerprints shared by the formats that CI services read (SARIF, GitLab, JUnit).

CI services match findings across runs and machines, so what they see must not depend on where the
checkout lives: paths are relative to the report's root with forward slashes, and fingerprints hash
the rule, the relative path and the offending line's text (not its number, which shifts as code is
edited above it).
"""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from pathlib import Path
from typing import Iterable, Sequence
from urllib.parse import quote

from futurelint.findings import Finding

STDIN = "-"


def relative_path(path: str, root: Path) -> str:
    """`path` relative to `root` with forward slashes; left absolute when it lies outside `root`."""
    if path == STDIN:
        return path
    absolute = Path(os.path.abspath(path))
    root = Path(os.path.abspath(root))
    try:
        relative = absolute.relative_to(root)
    except ValueError:
        return absolute.as_posix()
    return relative.as_posix()


def uri_reference(path: str, root: Path) -> str:
    """An RFC 3986 URI reference for `path`: relative (percent-encoded, `/`-separated) when it lies
    under `root`, else an absolute `file:` URI."""
    relative = relative_path(path, root)
    if os.path.isabs(relative):
        return Path(os.path.abspath(path)).as_uri()
    # The file system's bytes, so a name that is not UTF-8 (held as surrogate escapes) is encoded as it is.
    return quote(os.fsencode(relative), safe="/")


def root_uri(root: Path) -> str:
    """`root` as a `file:` URI ending in `/`, as SARIF requires for base URIs."""
    uri = Path(os.path.abspath(root)).as_uri()
    return uri if uri.endswith("/") else uri + "/"


def line_hashes(findings: Sequence[Finding], root: Path) -> list[str]:
    """One fingerprint per finding: `<hash>:<n>`, where the hash covers the rule, the relative path
    and the whitespace-normalised source line, and `n` counts earlier findings with the same hash so
    that identical lines in one file stay distinct. Stable across runs and checkout locations."""
    seen: Counter = Counter()
    hashes = []
    for finding in findings:
        digest = _digest(finding.code, relative_path(finding.path, root), " ".join(finding.source_line.split()))
        seen[digest] += 1
        hashes.append(f"{digest}:{seen[digest]}")
    return hashes


def _digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:32]


def by_path(findings: Iterable[Finding]) -> dict[str, list[Finding]]:
    """Findings grouped by path, paths and findings in report order."""
    groups: dict[str, list[Finding]] = {}
    for finding in sorted(findings, key=Finding.sort_key):
        groups.setdefault(finding.path, []).append(finding)
    return groups
