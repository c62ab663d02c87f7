import pytest

from analysis_lib.errors import ParameterError
from analysis_lib.parameters import check_parameters as check_declared


def check_parameters(outsourcing_start, outsourcing_end, phase, outcome, donor_pool):
    """Notebook 02's own parameters, in the order of its parameters cell."""
    check_declared("02_ofsted_trajectory", dict(
        outsourcing_start=outsourcing_start, outsourcing_end=outsourcing_end, phase=phase,
        outcome=outcome, donor_pool=donor_pool, include_weak_interventions=False))


def test_parameters_are_checked_together():
    check_parameters("2002-12-01", "2013-04-01", "all", "mean_grade", ["Sandwell", 333])
    with pytest.raises(ParameterError) as err:
        check_parameters("2013-04-01", "2002-12-01", "nursery", "happiness", ["Nowhere", 333])
    text = str(err.value)
    for part in ("must be before", "phase must be one of", "outcome must be one of",
                 "Unknown local authority 'Nowhere'"):
        assert part in text
    with pytest.raises(ParameterError, match="donor_pool"):
        check_parameters("2002-12-01", "2013-04-01", "all", "mean_grade", "everyone")


def test_records_say_what_they_are_and_what_they_miss(history, tmp_path):
    from analysis_lib.context import start_run
    from analysis_lib.data.readers.ofsted_timeline import TIMELINE_SOURCE
    from analysis_lib.ofsted.charts import source_of
    from analysis_lib.ofsted.workflow import records_text, school_data_from

    inspections, schools = history
    data = school_data_from(inspections.assign(source=TIMELINE_SOURCE), schools)
    assert data.survivors_only and data.source_label == TIMELINE_SOURCE
    assert data.data_end == inspections.inspection_date.max()
    assert source_of(data) == TIMELINE_SOURCE
    ctx = start_run("02_ofsted_trajectory", la="Walsall", first_year=2006, last_year=2020,
                    data_source="official", output_dir=str(tmp_path))
    text = records_text(ctx, data)
    assert TIMELINE_SOURCE in text and "Only schools open in 2017-18" in text
    assert "1 of Walsall's listed schools have a predecessor, and 1 of those" in text
    plain = school_data_from(inspections, schools)  # no source column: a neutral label
    assert not plain.survivors_only and "Survivorship" not in records_text(ctx, plain)


def test_synthetic_records_never_pass_for_ofsteds_own(history):
    from analysis_lib.data.readers.ofsted_schools import MI_SOURCE
    from analysis_lib.ofsted.workflow import school_data_from

    inspections, schools = history
    data = school_data_from(inspections.assign(source=MI_SOURCE), schools, synthetic=True)
    assert data.source_label.startswith("SYNTHETIC") and MI_SOURCE in data.source_label
