"""`futurelint check --show-files` and `--show-settings`, as ruff has them: what would be linted,
and the settings that apply to a file with where each comes from."""

from __future__ import annotations

import json
import os
from typing import Any, Optional, Sequence

from futurelint.cache import DIRECTORY_NAME
from futurelint.discovery import DEFAULT_EXCLUDE, DEFAULT_INCLUDE
from futurelint.project_index import DEFAULT_SRC
from futurelint.settings import DEFAULT_TARGET_VERSION

DEFAULT = "default"
COMMAND_LINE = "command line"


def show_files(paths: Sequence[str]) -> str:
    """The files a run would lint, one absolute path a line, sorted (stdin shows as `-`)."""
    return "".join(f"{path}\n" for path in sorted(paths))


def show_settings(plan, request, sources: dict) -> str:
    """The settings for the first file the run would lint (or the first path given): those of its
    own configuration (the nearest one above it, `--config`'s, or none with `--isolated`)."""
    target = _target_file(plan, request)
    file_plan = plan.configs.for_path(target if target != "-" else (request.stdin_filename or "."))
    config, selection = file_plan.config, file_plan.selection
    settings_path = str(config.path) if config.path is not None else "none (no configuration file: defaults)"
    lines = [f"Resolved settings for: {target}", f"Settings path: {settings_path}", "", "# Rules for this file"]
    lines.append(_entry("enabled", sorted(selection.codes_for(target)), ""))
    matching = [entry.pattern for entry in selection.per_file_ignores if entry.matches(target)]
    lines.append(_entry("per-file-ignores matching it", matching, _from_file(config, "per-file-ignores")))
    lines.append(_entry("reports FUT000", selection.parse_errors_for(target), ""))
    lines += ["", "# Settings (value, then where it comes from)"]
    for name, value, origin in _rows(config, request, sources):
        lines.append(_entry(name, value, origin))
    return "\n".join(lines) + "\n"


def _target_file(plan, request) -> str:
    if plan.tasks:
        return plan.tasks[0].path
    first = request.paths[0] if request.paths else "."
    return os.path.abspath(first) if first != "-" else "-"


def _rows(config, request, sources: dict) -> list[tuple[str, Any, str]]:
    rows = [_layered("select", config.select, request.select, config)]
    for key, in_file, given in (
        ("extend-select", config.extend_select, request.extend_select),
        ("ignore", config.ignore, request.ignore),
    ):
        rows += _both(key, in_file, given, config)
    rows.append(("target-version", request.target_version or config.effective_target_version, _target_origin(config, request)))
    for key in ("max-workers-limit", "max-file-size", "time-limit", "memory-limit"):
        rows.append((key, getattr(config, key.replace("-", "_")), _from_file(config, key) or DEFAULT))
    rows.append(_layered("exclude", config.exclude, request.exclude, config, default=list(DEFAULT_EXCLUDE)))
    rows += _both("extend-exclude", config.extend_exclude, request.extend_exclude, config)
    rows.append(_layered("include", config.include, None, config, default=list(DEFAULT_INCLUDE)))
    rows += _both("extend-include", config.extend_include, [], config)
    for key, attribute in (("respect-gitignore", "respect_gitignore"), ("force-exclude", "force_exclude")):
        given = getattr(request, attribute)
        value = given if given is not None else getattr(config, attribute)
        rows.append((key, value, COMMAND_LINE if given is not None else _from_file(config, key) or DEFAULT))
    rows.append(("cache-dir", config.cache_dir or DIRECTORY_NAME, _from_file(config, "cache-dir") or DEFAULT))
    rows.append(("src", config.src if config.src is not None else list(DEFAULT_SRC), _from_file(config, "src") or DEFAULT))
    rows.append(("output-format", request.output_format, sources.get("output_format", DEFAULT)))
    return rows


def _layered(key: str, in_file: Optional[list], given: Optional[list], config, default: Any = None):
    """A setting the command line replaces: (key, value, origin)."""
    if given is not None:
        return key, given, COMMAND_LINE
    if in_file is not None:
        return key, in_file, _from_file(config, key)
    return key, default if default is not None else "the default rules", DEFAULT


def _both(key: str, in_file: list, given: list, config) -> list[tuple[str, Any, str]]:
    """A setting the command line adds to: one row per source that sets it."""
    rows = []
    if key in config.keys:
        rows.append((key, in_file, _from_file(config, key)))
    if given:
        rows.append((key, given, COMMAND_LINE))
    return rows or [(key, [], DEFAULT)]


def _target_origin(config, request) -> str:
    if request.target_version:
        return COMMAND_LINE
    if "target-version" in config.keys:
        return _from_file(config, "target-version")
    if config.path is not None and config.inferred_target_version != DEFAULT_TARGET_VERSION:
        return f"{config.path} ([project] requires-python)"
    return DEFAULT


def _from_file(config, key: str) -> str:
    return str(config.path) if config.path is not None and key in config.keys else ""


def _entry(name: str, value: Any, origin: str) -> str:
    text = f"{name} = {_toml(value)}"
    return f"{text}  # {origin}" if origin else text


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value, ensure_ascii=False)
