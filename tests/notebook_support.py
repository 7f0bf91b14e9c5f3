"""Real Jupyter notebooks for tests, written by nbformat (the library Jupyter itself writes them with)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional, Sequence

import nbformat

FLAGGED_CELL = "with ThreadPoolExecutor() as ex:\n    ex.submit(work)"
IMPORT_CELL = "from concurrent.futures import ThreadPoolExecutor"


def write_notebook(
    path: Path,
    cells: Sequence[str],
    language: Optional[str] = "python",
    outputs: bool = True,
) -> Path:
    """A notebook with a markdown title cell first, then one code cell per entry of `cells` (an
    entry starting with `md:` is a markdown cell). Code cells get an output and an execution count,
    so tests can check those survive a rewrite."""
    notebook = nbformat.v4.new_notebook()
    if language is not None:
        notebook.metadata["kernelspec"] = {"name": language, "language": language, "display_name": language}
        notebook.metadata["language_info"] = {"name": language}
    notebook.cells.append(nbformat.v4.new_markdown_cell("# Analysis"))
    for index, source in enumerate(cells, start=1):
        if source.startswith("md:"):
            notebook.cells.append(nbformat.v4.new_markdown_cell(source[3:]))
            continue
        cell = nbformat.v4.new_code_cell(source, execution_count=index)
        if outputs:
            cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=f"résultat {index}\n")]
        notebook.cells.append(cell)
    nbformat.write(notebook, str(path))
    return path
