"""Each notebook's own parameters are declared once and agree with its parameters cell."""

import json
import re
from pathlib import Path

import pytest

from analysis_lib.errors import ParameterError
from analysis_lib.packs.notebook_params import declared_parameters
from analysis_lib.parameters import (
    COMMON,
    REGISTRY,
    Parameter,
    check_parameters,
    declaration,
    parameter_problems,
)

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"


def cell_comments(notebook: Path) -> dict[str, str]:
    """The comment beside each assignment of the notebook's tagged parameters cell."""
    cells = json.loads(notebook.read_text())["cells"]
    source = next("".join(c["source"]) for c in cells
                  if "parameters" in c["metadata"].get("tags", []))
    return {m[1]: m[2].strip() for m in re.finditer(r"^(\w+)\s*=[^#\n]*#(.*)$", source, re.M)}


@pytest.mark.parametrize("notebook", sorted(REGISTRY))
def test_declaration_matches_the_parameters_cell(notebook):
    path = NOTEBOOKS / f"{notebook}.ipynb"
    in_cell = declared_parameters(path)
    own = declaration(notebook).by_name()
    assert set(in_cell) == set(own) | {p.name for p in COMMON}
    comments = cell_comments(path)
    for name, param in own.items():
        assert param.help == comments[name], name
        assert isinstance(in_cell[name].default, param.types), name
        assert param.problem(in_cell[name].default) is None, name
    check_parameters(notebook, {name: in_cell[name].default for name in own})


def test_every_notebook_with_a_parameters_cell_is_registered():
    assert sorted(p.stem for p in NOTEBOOKS.glob("[0-9]*.ipynb")) == sorted(REGISTRY)


def test_one_error_lists_the_callers_problems_and_the_declared_ones():
    with pytest.raises(ParameterError) as caught:
        check_parameters("04_troubled_families_impact", {"method": "iv", "phase": 1},
                         ["last_year is too late"])
    assert str(caught.value) == (
        "04_troubled_families_impact: cannot run with these parameters:\n"
        "- last_year is too late\n"
        "- method must be one of ('matching', 'did', 'both'), got 'iv'")


def test_rules_need_all_their_parameters_and_unknown_notebooks_declare_nothing():
    assert parameter_problems("04_troubled_families_impact", {"unit_costs": {}}) == []
    assert parameter_problems("04_troubled_families_impact",
                              {"unit_costs": {}, "outcome": "youth_custody"}) == [
        (("outcome", "unit_costs"), "unit_costs must be a dict with a £ figure for "
                                    "'youth_custody'")]
    assert parameter_problems("99_elsewhere", {"anything": object()}) == []


def test_types_allowed_values_and_their_messages():
    size = Parameter("size", (int,), "how many", allowed=(1, 2))
    assert size.problem(2) is None
    assert size.problem(True) == "size must be one of (1, 2), got True"
    assert size.problem(2.0) == "size must be one of (1, 2), got 2.0"
    label = Parameter("label", (str, type(None)), "a label")
    assert label.problem(None) is None and label.problem("x") is None
    assert label.problem(3) == "label must be str or None, got 3"
