"""Jupyter notebooks, end to end: real `.ipynb` files written by nbformat, the real command line."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import nbformat
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from cli_helpers import MESSAGE, invoke
from notebook_support import FLAGGED_CELL, IMPORT_CELL, write_notebook

from futurelint.notebook import from_cells, lint_notebook, load

FIXABLE = (
    "from concurrent.futures import Future, ThreadPoolExecutor\n"
    "def check(fut: Future):\n"
    "    if fut.done:\n"
    "        return fut.result()"
)


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_directory_walk_finds_notebooks_and_reports_per_cell(project):
    write_notebook(project / "analysis.ipynb", [IMPORT_CELL, "x = 1", FLAGGED_CELL])
    outcome = invoke("check", ".", "--output-format", "concise")
    assert outcome.exit_code == 1
    assert outcome.stdout.splitlines()[0] == f"analysis.ipynb:cell 4:2:5: FUT902 {MESSAGE}"


def test_full_format_shows_the_cells_line(project):
    write_notebook(project / "analysis.ipynb", [IMPORT_CELL, FLAGGED_CELL])
    outcome = invoke("check", "analysis.ipynb")
    assert outcome.stdout.startswith(f"analysis.ipynb:cell 3:2:5: FUT902 {MESSAGE}\n")
    assert "2 |     ex.submit(work)" in outcome.stdout


def test_json_has_the_cell_key_like_ruff(project):
    write_notebook(project / "analysis.ipynb", [IMPORT_CELL, FLAGGED_CELL])
    [record] = json.loads(invoke("check", "analysis.ipynb", "--output-format", "json").stdout)
    assert record["cell"] == 3
    assert (record["location"], record["noqa_row"]) == ({"row": 2, "column": 5}, 2)
    assert record["filename"] == str(project / "analysis.ipynb")
    (project / "module.py").write_text(IMPORT_CELL + "\n" + FLAGGED_CELL + "\n")
    [record] = json.loads(invoke("check", "module.py", "--output-format", "json").stdout)
    assert record["cell"] is None


def test_ci_formats_name_the_cell(project):
    write_notebook(project / "analysis.ipynb", [IMPORT_CELL, FLAGGED_CELL])
    github = invoke("check", "analysis.ipynb", "--output-format", "github").stdout
    assert "file=analysis.ipynb,line=2,col=5" in github
    assert f"::analysis.ipynb:cell 3:2:5: FUT902 {MESSAGE}" in github
    sarif = json.loads(invoke("check", "analysis.ipynb", "--output-format", "sarif").stdout)
    [result] = sarif["runs"][0]["results"]
    assert result["properties"] == {"cell": 3}
    assert result["message"]["text"].startswith("cell 3: ")
    [issue] = json.loads(invoke("check", "analysis.ipynb", "--output-format", "gitlab").stdout)
    assert issue["description"].endswith("(cell 3)")
    assert issue["location"]["path"] == "analysis.ipynb"
    junit = ET.fromstring(invoke("check", "analysis.ipynb", "--output-format", "junit").stdout)
    [case] = junit.iter("testcase")
    assert case.get("name") == "FUT902 (cell 3, line 2, column 5)"


def test_magics_and_shell_escapes_are_masked(project):
    cells = [
        "%load_ext autoreload\n" + IMPORT_CELL,
        "!pip install thing\nfiles = !ls\nThreadPoolExecutor?\n?ThreadPoolExecutor",
        "%%bash\necho this is not Python(",
        "%%time\n" + FLAGGED_CELL + "\n    %time x = 1",
    ]
    write_notebook(project / "magic.ipynb", cells)
    outcome = invoke("check", "magic.ipynb", "--output-format", "concise")
    assert outcome.stdout.splitlines()[:1] == [f"magic.ipynb:cell 5:3:5: FUT902 {MESSAGE}"]
    assert "FUT000" not in outcome.stdout


def test_magic_lookalikes_inside_strings_stay_python():
    raw = nbformat.writes(
        nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell('s = """\n%d items\n!important\n"""\nt = "a?"  # why?')])
    )
    notebook = load(raw)
    assert "%d items\n!important\n" in notebook.source
    assert 't = "a?"  # why?' in notebook.source
    assert "futurelint-magic" not in notebook.source


def test_operators_starting_a_continuation_line_are_not_magics():
    text = 'label = ("%d items"\n         % 3)\ntotal = 1 + \\\n    !flag if False else 2\nx = [\n  ?\n]'
    notebook = load(nbformat.writes(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(text)])))
    assert "futurelint-magic" not in notebook.source


def test_repeated_keys_are_read_and_written_as_json_loads_reads_them(project):
    path = write_notebook(project / "fix.ipynb", [FIXABLE])
    decoy = '"cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "source": "fut.done"}], '
    text = path.read_text(encoding="utf-8").replace('"cells": [', decoy + '"cells": [', 1)
    path.write_text(text, encoding="utf-8")
    invoke("check", "fix.ipynb", "--fix")
    assert path.read_text(encoding="utf-8") == text.replace("fut.done:", "fut.done():")


def test_fix_writes_back_only_the_changed_source(project):
    path = write_notebook(project / "fix.ipynb", [FIXABLE, "!ls", FLAGGED_CELL])
    before = path.read_text(encoding="utf-8")
    outcome = invoke("check", "fix.ipynb", "--fix", "--output-format", "concise")
    after = path.read_text(encoding="utf-8")
    assert "FUT302" not in outcome.stdout and "FUT902" in outcome.stdout
    changed = [(old, new) for old, new in zip(before.splitlines(), after.splitlines()) if old != new]
    assert changed == [('    "    if fut.done:\\n",', '    "    if fut.done():\\n",')]
    assert after.endswith("}\n") and len(before.splitlines()) == len(after.splitlines())
    notebook = nbformat.read(str(path), as_version=4)
    nbformat.validate(notebook)
    assert notebook.cells[1].outputs[0]["text"] == "résultat 1\n"
    assert notebook.cells[2].source == "!ls"


def test_fix_keeps_a_foreign_json_layout(project):
    """Not every tool writes notebooks as nbformat does: two-space indents, sources as one string,
    non-ASCII escaped, no final newline."""
    document = {
        "cells": [{"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": FIXABLE}],
        "metadata": {"title": "é"},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path = project / "foreign.ipynb"
    path.write_text(json.dumps(document, indent=2), encoding="utf-8")
    invoke("check", "foreign.ipynb", "--fix")
    document["cells"][0]["source"] = FIXABLE.replace("fut.done:", "fut.done():")
    assert path.read_text(encoding="utf-8") == json.dumps(document, indent=2)


def test_diff_prints_per_cell_and_changes_nothing(project):
    path = write_notebook(project / "fix.ipynb", [FIXABLE])
    before = path.read_bytes()
    outcome = invoke("check", "fix.ipynb", "--diff")
    assert outcome.exit_code == 1
    assert outcome.stdout.splitlines()[:2] == ["--- a/fix.ipynb:cell 2", "+++ b/fix.ipynb:cell 2"]
    assert "-    if fut.done:\n+    if fut.done():\n" in outcome.stdout
    assert path.read_bytes() == before


def test_add_noqa_writes_into_the_cell(project):
    path = write_notebook(project / "noqa.ipynb", [IMPORT_CELL, "%time y = 2\n" + FLAGGED_CELL])
    outcome = invoke("check", "noqa.ipynb", "--add-noqa")
    assert "Added 1 noqa directive." in outcome.stderr
    notebook = nbformat.read(str(path), as_version=4)
    assert notebook.cells[2].source == "%time y = 2\nwith ThreadPoolExecutor() as ex:\n    ex.submit(work)  # noqa: FUT902"
    assert invoke("check", "noqa.ipynb").exit_code == 0


def test_broken_notebooks_get_fut000_and_the_run_goes_on(project):
    (project / "broken.ipynb").write_text('{"cells": ["concurrent"', encoding="utf-8")
    (project / "cellless.ipynb").write_text('{"metadata": {}, "concurrent": 1}', encoding="utf-8")
    write_notebook(project / "good.ipynb", [IMPORT_CELL, FLAGGED_CELL])
    outcome = invoke("check", ".", "--output-format", "concise")
    lines = outcome.stdout.splitlines()
    assert lines[0].startswith("broken.ipynb:1:1: FUT000 Cannot read notebook: invalid JSON")
    assert lines[1] == "cellless.ipynb:1:1: FUT000 Cannot read notebook: it has no `cells` list"
    assert lines[2].startswith("good.ipynb:cell 3:2:5: FUT902")


def test_a_cell_that_does_not_parse_is_located(project):
    write_notebook(project / "syntax.ipynb", [IMPORT_CELL, "x = (", "y = 1"])
    outcome = invoke("check", "syntax.ipynb", "--output-format", "concise")
    # CPython names the cell whose bracket never closes (its wording varies by version)
    assert re.match(r"syntax\.ipynb:cell 3:1:\d+: FUT000 Cannot parse cell: ", outcome.stdout), outcome.stdout


def test_notebooks_of_other_languages_are_skipped(project):
    write_notebook(project / "r.ipynb", ["library(concurrent)", FLAGGED_CELL], language="R")
    write_notebook(project / "py.ipynb", [IMPORT_CELL, FLAGGED_CELL], language=None)  # no metadata: Python
    outcome = invoke("check", ".", "--output-format", "concise")
    assert [line.split(":")[0] for line in outcome.stdout.splitlines()[:-1]] == ["py.ipynb"]


def test_include_settings_decide_the_suffixes(project):
    write_notebook(project / "analysis.ipynb", [IMPORT_CELL, FLAGGED_CELL])
    (project / "script.pyw").write_text(IMPORT_CELL + "\n" + FLAGGED_CELL + "\n")
    (project / "pyproject.toml").write_text('[tool.futurelint]\ninclude = ["*.py"]\nextend-include = ["*.pyw"]\n')
    outcome = invoke("check", ".", "--output-format", "concise")
    assert [line.split(":")[0] for line in outcome.stdout.splitlines()[:-1]] == ["script.pyw"]
    (project / "pyproject.toml").write_text("[tool.futurelint]\n")
    outcome = invoke("check", ".", "--output-format", "concise")
    assert [line.split(":")[0] for line in outcome.stdout.splitlines()[:-1]] == ["analysis.ipynb"]


def test_stdin_notebook_with_fix_prints_the_notebook(project):
    path = write_notebook(project / "fix.ipynb", [FIXABLE])
    outcome = invoke("check", "-", "--stdin-filename", "fix.ipynb", "--fix", stdin=path.read_text(encoding="utf-8"))
    assert json.loads(outcome.stdout)["cells"][1]["source"][2] == "    if fut.done():\n"


CELL_TEXT = st.text(alphabet=st.sampled_from(list("ab %!?#\"'()[]\\=:\n\r\t")), max_size=40)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.none(), CELL_TEXT), max_size=5))
def test_joining_and_splitting_gives_back_every_cell(cells):
    """Whatever the cells hold, the joined module splits back into exactly the cells' texts (so a
    rewrite never changes a cell that no fix touched)."""
    notebook = from_cells(cells)
    sources = notebook.split(notebook.source)
    assert sources == {number: text for number, text in enumerate(cells, start=1) if text is not None}


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.binary(max_size=200), JSON_VALUES.map(lambda value: json.dumps({"cells": value}).encode())))
def test_any_notebook_bytes_give_a_result_not_a_crash(data):
    result = lint_notebook(b"concurrent" + data if not data.startswith(b"{") else data, "fuzz.ipynb", [])
    assert all(finding.code == "FUT000" for finding in result.findings)


def test_a_process_pool_in_a_notebook_cell_needs_no_main_guard(project):
    # The cells run as a `__main__` without `__file__`: spawned workers never import it (FUT005 is
    # about scripts and modules). The same code in a module is still flagged.
    pool_cell = "from concurrent.futures import ProcessPoolExecutor\npool = ProcessPoolExecutor(4)"
    write_notebook(project / "analysis.ipynb", [pool_cell])
    (project / "script.py").write_text(pool_cell + "\n", encoding="utf-8")
    outcome = invoke("check", ".", "--output-format", "concise")
    assert [line.split(" ")[:2] for line in outcome.stdout.splitlines() if "FUT" in line] == [
        ["script.py:2:8:", "FUT005"]
    ]
