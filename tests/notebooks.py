"""Running the lesson notebooks for the tests.

execute() runs a notebook of notebooks/ top to bottom in a fresh gocell
kernel with nbclient, as `jupyter nbconvert --execute` would: a cell tagged
`raises-exception` must fail, any other cell must not. It returns the
executed notebook, whose outputs the tests read; with save=True (or
GOCELL_SAVE_NOTEBOOKS=1 in the environment) it also writes it back, so
that the saved notebook shows the outputs of a real run.
"""

import os
from pathlib import Path

import nbformat
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


def execute(name, timeout=120, save=False):
    path = NOTEBOOKS / name
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        kernel_name="gocell",
        timeout=timeout,
        allow_errors=False,
        resources={"metadata": {"path": str(NOTEBOOKS)}},
    )
    client.execute()
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        expected = "raises-exception" in cell.metadata.get("tags", [])
        failed = any(o.output_type == "error" for o in cell.outputs)
        assert failed == expected, (
            f"{name}: cell {cell.get('id')} {'did not fail' if expected else 'failed'}:\n"
            f"{cell.source}\n{text(cell)}"
        )
    if save or os.environ.get("GOCELL_SAVE_NOTEBOOKS") == "1":
        nbformat.write(nb, path)
    return nb


def text(cell):
    """All the text a code cell showed: streams, text/plain of results and
    displays, and errors."""
    parts = []
    for o in cell.outputs:
        if o.output_type == "stream":
            parts.append(o.text)
        elif o.output_type in ("execute_result", "display_data"):
            parts.append(o.data.get("text/plain", ""))
        elif o.output_type == "error":
            parts.append(f"{o.ename}: {o.evalue}")
    return "".join(parts)


def cells_with(nb, marker):
    """The code cells whose source contains marker."""
    return [c for c in nb.cells if c.cell_type == "code" and marker in c.source]


def mime(cell, kind):
    """The outputs of a cell's results and displays of MIME type kind."""
    return [o.data[kind] for o in cell.outputs
            if o.output_type in ("execute_result", "display_data") and kind in o.data]
