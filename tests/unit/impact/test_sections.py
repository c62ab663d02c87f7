"""Without family records, notebook 04's sections record why once and later sections say so."""

from analysis_lib.impact import sections
from analysis_lib.impact.workflow import family_data
from analysis_lib.results import ResultsRecorder
from analysis_lib.unavailable import Unavailable


def test_no_family_records_are_recorded_with_the_words_of_family_data(run_for, tmp_path):
    ctx = run_for(data_source="official", data_dir=str(tmp_path))
    results = ResultsRecorder(ctx)
    groups = sections.comparison_groups(ctx, results, phase=1, outcome="child_entered_care",
                                        pool="same_la")
    assert isinstance(groups, Unavailable)
    assert groups == family_data(ctx, phase=1, outcome="child_entered_care", pool="same_la")
    assert results.unavailable_sections == {sections.COMPARISON: groups.message}
    assert sections.matched_comparison(ctx, results, groups, method="both",
                                       followup_months=24, caliper_sd=0.2) is None
    assert sections.staggered_did(ctx, results, groups, method="both") is None
    assert not results.estimates
