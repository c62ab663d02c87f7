"""Pack spec validation: every problem reported at once, YAML read safely, names contained."""

from pathlib import Path

import pytest

from analysis_lib.errors import SpecError
from analysis_lib.packs.spec import load_spec, validate_spec

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "notebooks"
PACKS = Path(__file__).resolve().parents[3] / "parameters" / "packs"


def spec(**changes):
    raw = {"name": "unit", "las": ["Walsall", 336], "notebooks": ["ok", "echo"]}
    raw.update(changes)
    return raw


def problems_of(raw) -> str:
    with pytest.raises(SpecError) as caught:
        validate_spec(raw, FIXTURES)
    return str(caught.value)


def test_valid_spec_resolves_las_and_notebooks():
    pack = validate_spec(spec(parameters={"scale": 2}, overrides={"echo": {"text": "hi"}}),
                         FIXTURES)
    assert pack.las == ((335, "Walsall"), (336, "Wolverhampton"))
    assert list(pack.notebooks) == ["ok", "echo"]
    assert pack.parameters_for("echo") == {"scale": 2, "text": "hi"}
    assert pack.parameters_for("ok") == {"scale": 2}
    assert pack.synthetic


def test_every_problem_is_listed_in_one_error():
    message = problems_of(spec(
        name="../../etc", colour="blue", source="excel", las=["Walsall", "Atlantis", True],
        notebooks=["ok", "echo", "missing_nb"],
        parameters={"scale": "big", "unknown_param": 1, "la": "Dudley"},
        overrides={"echo": {"text": 5}, "nope": {"scale": 1}}))
    expected = ["name '../../etc'", "unknown key 'colour'", "source must be one of",
                "Unknown local authority 'Atlantis'", "las[2]: expected an LA name",
                "unknown notebook 'missing_nb'", "parameters.scale (ok): expected int or float",
                "declares no parameter 'unknown_param'", "parameters.la: set by the runner",
                "overrides.echo.text (echo): expected str", "overrides.nope: not a notebook"]
    for fragment in expected:
        assert fragment in message
    # scale and unknown_param are reported once per notebook (ok and echo)
    assert f"{len(expected) + 2} problem(s)" in message


@pytest.mark.parametrize("name", ["../../etc", "..", "a/b", "/abs", "x\\y", "", ".hidden",
                                  "a..b", "n\nm", 5])
def test_pack_names_that_could_leave_the_output_root_are_rejected(name):
    assert "name" in problems_of(spec(name=name))


def test_yaml_is_loaded_safely(tmp_path):
    marker = tmp_path / "pwned"
    path = tmp_path / "evil.yaml"
    path.write_text(f'name: !!python/object/apply:os.system ["touch {marker}"]\n'
                    "las: [Walsall]\nnotebooks: [ok]\n")
    with pytest.raises(SpecError, match="not valid YAML"):
        load_spec(path, FIXTURES)
    assert not marker.exists()


def test_yaml_dates_and_other_non_plain_values_are_rejected():
    message = problems_of(spec(overrides={"echo": {"text": __import__("datetime").date(2020,
                                                                                      1, 1)}}))
    assert "not plain data" in message


def test_neighbours_and_all():
    pack = validate_spec(spec(las={"neighbours": "Walsall"}), FIXTURES)
    assert pack.las[0] == (335, "Walsall") and len(pack.las) == 11
    without = validate_spec(spec(las={"neighbours": 335, "include_self": False}), FIXTURES)
    assert (335, "Walsall") not in without.las and len(without.las) == 10
    everyone = validate_spec(spec(las="all", notebooks="all"), FIXTURES)
    assert len(everyone.las) > 140 and "ok" in everyone.notebooks


def test_notebook_without_contract_parameters_is_rejected(tmp_path):
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    cell = new_code_cell('la = "Walsall"  # name = or code\n')
    cell.metadata["tags"] = ["parameters"]
    kernel = {"kernelspec": {"name": "python3", "language": "python", "display_name": "P"}}
    nbformat.write(new_notebook(cells=[cell], metadata=kernel), str(tmp_path / "bare.ipynb"))
    nbformat.write(new_notebook(cells=[cell]), str(tmp_path / "nokernel.ipynb"))
    with pytest.raises(SpecError) as caught:
        validate_spec({"name": "x", "las": ["Walsall"], "notebooks": ["bare", "nokernel"]},
                      tmp_path)
    assert "bare: its tagged parameters cell does not declare la, data_source" in str(
        caught.value)  # the '=' in the comment hides `la` from papermill
    assert "nokernel: cannot read its parameters" in str(caught.value)


@pytest.mark.parametrize("pack", ["default.yaml", "quarterly_neighbours_example.yaml"])
def test_shipped_specs_validate_against_the_real_notebooks(pack):
    raw_names = ["01_attainment_gaps", "02_ofsted_trajectory", "03_caseload_regressions",
                 "04_troubled_families_impact"]
    notebooks = PACKS.parents[1] / "notebooks"
    missing = [n for n in raw_names if not (notebooks / f"{n}.ipynb").exists()]
    if missing:
        pytest.skip(f"notebooks not written yet: {', '.join(missing)}")
    loaded = load_spec(PACKS / pack)
    assert list(loaded.notebooks) == raw_names and loaded.las[0] == (335, "Walsall")


def test_local_source_feeds_notebook_04_only_and_knows_the_synthetic_example():
    from analysis_lib.data.synth.tf_example import EXAMPLE_DIR

    notebooks = Path(__file__).resolve().parents[3] / "notebooks"
    pack = validate_spec({"name": "own", "source": "local", "data_dir": str(EXAMPLE_DIR),
                          "las": ["Walsall"], "notebooks": ["04_troubled_families_impact"]},
                         notebooks)
    assert pack.source == "local" and pack.synthetic
    with pytest.raises(SpecError) as caught:
        validate_spec({"name": "own", "source": "local", "las": ["Walsall"],
                       "notebooks": ["01_attainment_gaps", "04_troubled_families_impact"]},
                      notebooks)
    message = str(caught.value)
    assert "01_attainment_gaps cannot run on source 'local'" in message
    assert "needs data_dir" in message and "2 problem(s)" in message


NOTEBOOKS = Path(__file__).resolve().parents[3] / "notebooks"


def real_problems(**changes) -> list[str]:
    raw = {"name": "unit", "las": ["Walsall"], "notebooks": [
        "01_attainment_gaps", "03_caseload_regressions", "04_troubled_families_impact"]}
    with pytest.raises(SpecError) as caught:
        validate_spec(raw | changes, NOTEBOOKS)
    return [line.removeprefix("  - ") for line in str(caught.value).splitlines()[1:]]


def test_a_value_the_declaration_rejects_fails_validation_where_the_spec_sets_it():
    found = real_problems(overrides={"01_attainment_gaps": {"measure": "gcse"}})
    assert len(found) == 1
    assert found[0].startswith("overrides.01_attainment_gaps.measure (01_attainment_gaps): "
                               "measure 'gcse' is not 'headline' or one of [")


def test_rules_joining_parameters_are_checked_against_the_notebook_defaults():
    found = real_problems(parameters={"outcome": "youth_custody"}, overrides={
        "03_caseload_regressions": {"counterfactual_term": "tenure"},
        "04_troubled_families_impact": {"unit_costs": {"child_entered_care": 1}}})
    assert ("overrides.03_caseload_regressions.counterfactual_term (03_caseload_regressions): "
            "counterfactual_term 'tenure' must be one of the regressors (caseload_per_fte, "
            "agency_rate, vacancy_rate, turnover_rate, cin_rate_per_10k)") in found
    assert ("parameters.outcome (04_troubled_families_impact): unit_costs must be a dict with "
            "a £ figure for 'youth_custody'") in found
    # outcome is no parameter of 01 and not one of 03's outcomes: reported there too
    assert any(p.startswith("parameters.outcome (03_caseload_regressions): outcome "
                            "'youth_custody' is not one of") for p in found)


def test_a_wrong_type_is_reported_once():
    found = real_problems(overrides={"01_attainment_gaps": {"key_stage": "2"}})
    assert found == ["overrides.01_attainment_gaps.key_stage (01_attainment_gaps): expected "
                     "int, got '2' (str)"]


@pytest.mark.parametrize(("notebook", "name", "value"), [
    ("01_attainment_gaps", "measure", "gcse"),
    ("01_attainment_gaps", "groups", "boys"),
    ("04_troubled_families_impact", "method", "iv"),
])
def test_the_notebook_and_the_spec_give_the_same_message(tmp_path, notebook, name, value):
    from analysis_lib.context import start_run
    from analysis_lib.errors import ParameterError

    with pytest.raises(ParameterError) as caught:
        start_run(notebook, la="Walsall", first_year=2010, last_year=2015,
                  output_dir=str(tmp_path), **{name: value})
    notebook_message = str(caught.value).splitlines()[1].removeprefix("- ")
    with pytest.raises(SpecError) as caught:
        validate_spec({"name": "unit", "las": ["Walsall"], "notebooks": [notebook],
                       "parameters": {name: value}}, NOTEBOOKS)
    spec_message = str(caught.value).splitlines()[1]
    assert spec_message == f"  - parameters.{name} ({notebook}): {notebook_message}"
