"""Keep notebooks stored cleanly and check the notebook conventions.

Stored notebooks keep outputs only in cells that start with ``# NBVAL_CHECK_OUTPUT`` (the
headline numbers nbval compares; nbval needs such a cell to carry an execution count, so it
gets the fixed count 1); every other output, every other execution count and volatile
metadata are stripped. ``python -m analysis_lib.notebook_hygiene NOTEBOOK...`` normalises in
place; ``--refresh`` first executes the notebook with its defaults to update the checked
outputs (do this deliberately, when a headline number is meant to change).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat

CHECK_MARKER = "# NBVAL_CHECK_OUTPUT"
KERNEL_NAME = "evidence-analysis"
KERNELSPEC = {"name": KERNEL_NAME, "display_name": "Evidence (analysis_lib)", "language": "python"}
KEPT_CELL_METADATA = ("tags",)
CHECKED_EXECUTION_COUNT = 1


def is_checked(cell) -> bool:
    return cell.cell_type == "code" and cell.source.lstrip().startswith(CHECK_MARKER)


def normalise(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Strip outputs (except checked cells' text), execution counts and volatile metadata."""
    nb.metadata = nbformat.from_dict({
        "kernelspec": KERNELSPEC,
        "language_info": {"name": "python"},
    })
    for cell in nb.cells:
        cell.metadata = nbformat.from_dict(
            {k: v for k, v in cell.metadata.items() if k in KEPT_CELL_METADATA})
        cell.pop("id", None)
        if cell.cell_type != "code":
            continue
        if is_checked(cell):
            cell.execution_count = CHECKED_EXECUTION_COUNT
            cell.outputs = [_plain(o) for o in cell.outputs if o.output_type == "stream"
                            and o.get("name") == "stdout"]
        else:
            cell.execution_count = None
            cell.outputs = []
    nb.nbformat, nb.nbformat_minor = 4, 4
    return nb


def _plain(output):
    return nbformat.v4.new_output("stream", name="stdout", text=output.text)


def problems(nb: nbformat.NotebookNode, name: str = "notebook") -> list[str]:
    """Every way the stored notebook breaks the conventions (empty when clean)."""
    found = []
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    if len(tagged) != 1:
        found.append(f"{name}: needs exactly one cell tagged 'parameters', has {len(tagged)}")
    if nb.cells and nb.cells[0].cell_type != "markdown":
        found.append(f"{name}: the first cell must be a markdown title")
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        lines = cell.source.splitlines()
        if any(line.lstrip().startswith(("def ", "class ")) for line in lines):
            found.append(f"{name}: cell {index} defines a function or class; "
                         "logic belongs in analysis_lib")
        expected_count = CHECKED_EXECUTION_COUNT if is_checked(cell) else None
        if cell.execution_count != expected_count:
            found.append(f"{name}: cell {index} has execution count {cell.execution_count}, "
                         f"expected {expected_count}")
        if cell.outputs and not is_checked(cell):
            found.append(f"{name}: cell {index} has stored outputs but is not a checked cell")
    if nb.metadata.get("kernelspec", {}).get("name") != KERNEL_NAME:
        found.append(f"{name}: kernelspec must be {KERNEL_NAME!r}")
    return found


def refresh(path: Path) -> None:
    """Execute the notebook with its defaults in the project kernel to update checked outputs."""
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, kernel_name=KERNEL_NAME, timeout=1800,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    nbformat.write(normalise(nb), path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--refresh", action="store_true",
                        help="execute first to update the checked headline outputs")
    args = parser.parse_args(argv)
    for path in args.notebooks:
        if args.refresh:
            refresh(path)
        else:
            nbformat.write(normalise(nbformat.read(path, as_version=4)), path)
        print(f"normalised {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
