"""Every notebook follows the conventions in notebooks/README.md."""

from __future__ import annotations

import nbformat
import pytest

from analysis_lib.notebook_hygiene import CHECK_MARKER, normalise, problems
from tests.conftest import PROJECT_ROOT

NOTEBOOKS = sorted((PROJECT_ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
COMMON_PARAMETERS = ("la", "comparators", "first_year", "last_year", "data_source", "data_dir",
                     "output_dir")


def test_the_four_notebooks_exist():
    stems = [p.stem for p in NOTEBOOKS]
    assert stems == ["01_attainment_gaps", "02_ofsted_trajectory", "03_caseload_regressions",
                     "04_troubled_families_impact"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_stored_cleanly_and_thin(path):
    nb = nbformat.read(path, as_version=4)
    assert problems(nb, path.name) == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_declares_the_common_parameters(path):
    import papermill

    declared = papermill.inspect_notebook(str(path))
    missing = [p for p in COMMON_PARAMETERS if p not in declared]
    assert not missing, f"{path.name} lacks common parameters {missing}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_has_a_checked_headline_cell_with_stored_output(path):
    nb = nbformat.read(path, as_version=4)
    checked = [c for c in nb.cells if c.cell_type == "code"
               and c.source.lstrip().startswith(CHECK_MARKER)]
    assert len(checked) == 1, "exactly one headline cell is compared by nbval"
    assert checked[0].outputs, "the headline cell's expected output must be stored"


def test_normalise_strips_everything_but_checked_text():
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell("la = 'Walsall'", metadata={"tags": ["parameters"],
                                                                   "scrolled": True})
    noisy = nbformat.v4.new_code_cell("1 + 1", execution_count=3, outputs=[
        nbformat.v4.new_output("execute_result", data={"text/plain": "2"}, execution_count=3)])
    checked = nbformat.v4.new_code_cell(f"{CHECK_MARKER}\nprint('x')", execution_count=4,
                                        outputs=[nbformat.v4.new_output("stream", name="stdout",
                                                                        text="x\n")])
    nb.cells = [nbformat.v4.new_markdown_cell("# t"), params, noisy, checked]
    clean = normalise(nb)
    assert clean.cells[1].metadata == {"tags": ["parameters"]}
    assert clean.cells[2].outputs == [] and clean.cells[2].execution_count is None
    assert clean.cells[3].outputs[0].text == "x\n" and clean.cells[3].execution_count == 1
    assert problems(clean) == []


def test_problems_reports_logic_in_a_notebook():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# t"),
                nbformat.v4.new_code_cell("def f():\n    return 1")]
    found = problems(normalise(nb))
    assert any("parameters" in p for p in found)
    assert any("defines a function" in p for p in found)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_papermill_sees_every_assignment_in_the_parameters_cell(path):
    """papermill skips parameter lines it cannot parse (e.g. a second '=' in a comment),
    which would make a pack silently unable to override that parameter."""
    import ast

    import papermill

    nb = nbformat.read(path, as_version=4)
    cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    assigned = {target.id for node in ast.parse(cell.source).body
                if isinstance(node, ast.Assign) for target in node.targets}
    assert assigned == set(papermill.inspect_notebook(str(path)))
