"""Without school records, notebook 02's sections record why and pass it on."""

from analysis_lib.context import start_run
from analysis_lib.ofsted import sections
from analysis_lib.results import ResultsRecorder
from analysis_lib.unavailable import Unavailable


def test_missing_school_records_are_recorded_and_passed_on(tmp_path, monkeypatch):
    monkeypatch.setenv("EVIDENCE_PROCESSED_DIR", str(tmp_path / "processed"))
    ctx = start_run("02_ofsted_trajectory", la="Walsall", first_year=2006, last_year=2020,
                    data_source="official", data_dir=str(tmp_path),
                    output_dir=str(tmp_path / "out"))
    results = ResultsRecorder(ctx)
    window = sections.la_arrangements(ctx)
    data = sections.school_records(ctx, results)
    assert isinstance(data, Unavailable)
    assert "School inspection data are not available" in data.message
    snaps, shares = sections.school_shares(ctx, results, window, phase="all",
                                           outcome="share_good_or_outstanding")
    assert snaps == shares == data
    setup = sections.counterfactual_design(ctx, results, snaps, window,
                                           outcome="share_good_or_outstanding", phase="all",
                                           donor_pool="no_intervention")
    assert sections.difference_in_differences(ctx, results, setup) == data
    recorded = data.message.replace(str(tmp_path), "<data_dir>")  # no local folder
    assert results.unavailable_sections == {sections.SCHOOL_OUTCOMES: recorded,
                                            sections.DESIGN: recorded,
                                            sections.DID: recorded}
