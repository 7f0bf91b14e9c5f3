"""The README's editor snippets are valid: JSON and TOML parse to the settings each editor reads, the
Lua runs in a real Lua interpreter (lupa) against a stand-in `vim` and `lspconfig` that record what
it configures, and the command every snippet names starts futurelint's language server."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from futurelint.config import tomllib

README = Path(__file__).resolve().parent.parent / "README.md"
COMMAND = ["futurelint", "server"]


def editor_blocks(language: str) -> list[str]:
    text = README.read_text(encoding="utf-8")
    section = text.split("## Editors: `futurelint server`", 1)[1].split("\n## ", 1)[0]
    return re.findall(rf"```{language}\n(.*?)```", section, re.DOTALL)


def test_vs_code_settings():
    [block] = editor_blocks("json")
    settings = json.loads(block)
    assert [settings["glspc.server.command"], *settings["glspc.server.commandArguments"]] == COMMAND
    assert settings["glspc.server.languageId"] == ["python"]


def test_helix_languages_toml():
    [block] = editor_blocks("toml")
    config = tomllib.loads(block)
    server = config["language-server"]["futurelint"]
    assert [server["command"], *server["args"]] == COMMAND
    [python] = [language for language in config["language"] if language["name"] == "python"]
    assert "futurelint" in python["language-servers"]


STAND_IN = """
recorded = { configs = {}, enabled = {}, setups = {} }
vim = { lsp = {} }
function vim.lsp.config(name, config) recorded.configs[name] = config end
function vim.lsp.enable(name) table.insert(recorded.enabled, name) end
local configs = {}
local lspconfig = setmetatable({}, { __index = function(_, name)
  return { setup = function(options) recorded.setups[name] = configs[name].default_config end }
end })
local modules = {
  ["lspconfig"] = lspconfig,
  ["lspconfig.configs"] = configs,
  ["lspconfig.util"] = { root_pattern = function(...) return { ... } end },
}
function require(name) return assert(modules[name], "unknown module " .. name) end
"""


def run_lua(block: str):
    lupa = pytest.importorskip("lupa")
    lua = lupa.LuaRuntime(unpack_returned_tuples=True)
    lua.execute(STAND_IN)
    lua.execute(block)
    return lua.globals().recorded


def as_list(table) -> list:
    return [table[index] for index in range(1, len(table) + 1)]


def test_neovim_native_configuration():
    block = next(block for block in editor_blocks("lua") if "vim.lsp.config" in block)
    recorded = run_lua(block)
    config = recorded.configs["futurelint"]
    assert as_list(config.cmd) == COMMAND
    assert as_list(config.filetypes) == ["python"]
    assert "pyproject.toml" in as_list(config.root_markers)
    assert as_list(recorded.enabled) == ["futurelint"]


def test_neovim_lspconfig():
    block = next(block for block in editor_blocks("lua") if "lspconfig" in block)
    recorded = run_lua(block)
    config = recorded.setups["futurelint"]
    assert as_list(config.cmd) == COMMAND
    assert as_list(config.filetypes) == ["python"]


def test_the_command_starts_the_language_server():
    """`futurelint server`, found on PATH as an editor finds it, answers `initialize`."""
    pytest.importorskip("pygls")
    bin_dir = os.path.dirname(sys.executable)
    env = dict(os.environ, PATH=bin_dir + os.pathsep + os.environ.get("PATH", ""))
    body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}})
    exit_body = json.dumps({"jsonrpc": "2.0", "method": "exit"})
    message = "".join(f"Content-Length: {len(part)}\r\n\r\n{part}" for part in (body, exit_body))
    completed = subprocess.run(COMMAND, input=message.encode(), capture_output=True, env=env, timeout=60)
    response = json.loads(completed.stdout.split(b"\r\n\r\n", 1)[1].split(b"Content-Length")[0])
    assert response["result"]["serverInfo"]["name"] == "futurelint"
    assert response["result"]["capabilities"]["codeActionProvider"]["codeActionKinds"]


def test_without_the_server_extra_the_command_says_what_to_install():
    code = (
        "import sys\n"
        "sys.modules['pygls'] = sys.modules['lsprotocol'] = None  # as if the extra were not installed\n"
        "from futurelint.cli import main\n"
        "sys.argv = ['futurelint', 'server']\n"
        "main()\n"
    )
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert completed.returncode == 2
    assert "pip install 'futurelint[server]'" in completed.stderr
