"""Declared notebook parameters (via papermill inspection) and the type checks on values."""

from pathlib import Path

import pytest

from analysis_lib.errors import ParameterError
from analysis_lib.packs.notebook_params import (
    DeclaredParameter,
    _types_from_annotation,
    declared_parameters,
    plain_value_problem,
    value_problem,
)

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "notebooks"


def test_declared_parameters_of_a_fixture_notebook():
    declared = declared_parameters(FIXTURES / "slow.ipynb")
    assert list(declared) == ["la", "comparators", "first_year", "last_year", "data_source",
                              "data_dir", "output_dir", "scale", "seconds"]
    assert declared["seconds"].types == (int, float) and declared["seconds"].default == 1.0
    assert declared["comparators"].types == (str, list)  # contract type, not the default's
    assert declared["first_year"].help == "first academic year (end year)"


def test_missing_notebook_is_a_parameter_error(tmp_path):
    with pytest.raises(ParameterError, match="does not exist"):
        declared_parameters(tmp_path / "nope.ipynb")


@pytest.mark.parametrize(("annotation", "types"), [
    ("int", (int,)), ("float", (int, float)), ("list[str]", (list,)), ("str|list", (str, list)),
    ("Optional[int]", (type(None), int)), ("None", None), ("Widget", None)])
def test_annotations(annotation, types):
    found = _types_from_annotation(annotation)
    assert (set(found) if found else found) == (set(types) if types else types)


YEAR = DeclaredParameter("first_year", (int,), 2010, "")
RATIO = DeclaredParameter("scale", (int, float), 1.0, "")
ANY = DeclaredParameter("extra", None, None, "")


@pytest.mark.parametrize(("param", "value", "ok"), [
    (YEAR, 2012, True), (YEAR, "2012", False), (YEAR, True, False), (YEAR, 2012.0, False),
    (RATIO, 2, True), (RATIO, 2.5, True), (RATIO, float("nan"), False), (ANY, [1, "a"], True),
    (ANY, {"a": [1]}, True), (ANY, {1: "a"}, False), (ANY, object(), False)])
def test_value_types(param, value, ok):
    assert (value_problem(param, value, "p") is None) is ok


def test_nested_non_plain_values_are_found():
    import datetime

    problem = plain_value_problem({"a": [1, datetime.date(2020, 1, 1)]}, "x")
    assert problem.startswith("x.a[1]:")
