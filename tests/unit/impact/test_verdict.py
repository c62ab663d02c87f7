"""The verdict is built from the numbers it is given."""

import pandas as pd

from analysis_lib.impact.matching import MatchingResult
from analysis_lib.impact.sensitivity import evalue_rr
from analysis_lib.impact.verdict import direction, source_note, verdict_text


def test_direction():
    assert direction(-2, -3, -1) == "lower"
    assert direction(2, 1, 3) == "higher"
    assert direction(-1, -3, 1) == "unclear"


def test_verdict_reports_each_method_and_checks():
    m = MatchingResult(att=-2.5, se=0.5, ci_low=-3.5, ci_high=-1.5, n_treated=400,
                       n_treated_matched=390, n_controls_used=300, n_pairs=420,
                       mean_treated=5.0, mean_control=7.5)
    did = pd.Series({"att": -0.4, "se": 1.0, "ci_low": -2.4, "ci_high": 1.6})
    text = verdict_text(la_name="Walsall", phase=1, outcome="child_entered_care",
                        followup_years=2, matching=m, did=did, pretest_p=0.01,
                        evalue=evalue_rr(0.67, 0.53, 0.8),
                        source_note=source_note(True, "synthetic", "Walsall"))
    assert "-2.5 percentage points" in text and "lower chance" in text
    assert "includes zero" in text
    assert "disagree" in text
    assert "already diverging" in text
    assert "390 of 400" in text
    assert "SYNTHETIC" in text


def test_verdict_says_when_the_pretrend_test_is_missing():
    did = pd.Series({"att": -1.0, "se": 1.0, "ci_low": -3.0, "ci_high": 1.0})
    text = verdict_text(la_name="X", phase=2, outcome="youth_custody", followup_years=1,
                        did=did, pretest_p=None, problem=None)
    assert "could not be computed" in text
    assert "Matched comparison" not in text


def test_verdict_without_estimates_lists_what_was_published_and_how_it_was_obtained():
    la = pd.DataFrame({"as_at": ["2013-06-30"], "finding": ["383 families identified"],
                       "source": ["Express & Star (12 September 2013)"],
                       "how_obtained": ["local press report citing DCLG figures"]})
    national = pd.DataFrame({"programme": ["TF 2015-20"], "period": ["19-24 months"],
                             "finding": ["children looked after: 1.7% against 2.5%"],
                             "source": ["MHCLG (March 2019)"], "how_obtained": [""]})
    text = verdict_text(la_name="Walsall", phase=1, outcome="child_entered_care",
                        followup_years=2, national=national, la_figures=la,
                        problem="No family-level analysis, so no estimate for Walsall.")
    assert "no estimate for Walsall" in text and "percentage points a year" not in text
    assert ("- 2013-06-30: 383 families identified (Express & Star (12 September 2013); local "
            "press report citing DCLG figures)") in text
    assert ("- TF 2015-20, 19-24 months: children looked after: 1.7% against 2.5% (MHCLG "
            "(March 2019))") in text
    none = verdict_text(la_name="Hampshire", phase=1, outcome="child_entered_care",
                        followup_years=2, national=national, la_figures=la.iloc[:0])
    assert "No published Troubled Families figures are recorded for Hampshire" in none


def test_source_notes():
    assert "SYNTHETIC" in source_note(True, "local", "Walsall")
    own = source_note(False, "local", "Walsall")
    assert "Walsall's own family records" in own and "SYNTHETIC" not in own
    assert source_note(False, "official", "Walsall") == ""
