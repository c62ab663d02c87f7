"""The survivorship filter and how its bias is summarised and put into words."""

import pandas as pd
import pytest

from analysis_lib.ofsted import survivorship
from analysis_lib.ofsted.as_at import as_at_grades
from analysis_lib.ofsted.counterfactual import outcome_panel
from analysis_lib.ofsted.period_shares import period_shares, snapshot_periods
from analysis_lib.ofsted.survivorship_report import direction


def test_only_schools_open_in_2017_18_keep_their_inspections(history):
    inspections, schools = history
    schools = schools.copy()
    schools.loc[schools.urn == 3, "close_date"] = pd.Timestamp("2017-12-31")
    kept_insp, kept_schools = survivorship.survivors_only(inspections, schools)
    # 1 converted in 2012 and 2 closed in 2010: gone with their inspections; 11 (the
    # academy), 3 (closed during 2017-18) and 4 (open) stay; 11 keeps its link to 1
    assert sorted(kept_schools.urn) == [3, 4, 11]
    assert sorted(kept_insp.urn.unique()) == [3, 4, 11]
    assert kept_schools.set_index("urn").predecessor_urn.loc[11] == 1


def test_both_versions_end_where_the_real_records_end(history):
    inspections, schools = history
    versions = survivorship.versions(inspections, schools, "2020-02-26")
    assert set(versions) == {"complete", "survivors"}
    for insp, _ in versions.values():
        assert insp.inspection_date.max() <= pd.Timestamp("2020-02-26")
    assert len(versions["complete"][0]) == 7  # the 2024 inspection is after the records


def test_pooled_period_shares_match_the_school_level_pooling(history):
    inspections, schools = history
    as_at = as_at_grades(inspections, schools, range(2006, 2021))
    areas = {"Walsall": [335], "England": None}
    direct = period_shares(as_at, areas, "2002-12-01", "2013-04-01").set_index(
        ["area", "period"])["share_good_or_outstanding"]
    panel, _ = outcome_panel(as_at, "share_good_or_outstanding", "all")
    periods = snapshot_periods(range(2006, 2021), "2002-12-01", "2013-04-01")
    pooled = survivorship.pooled_period_shares(panel, periods, areas)
    for (area, period), value in direct.items():
        assert pooled.loc[area, period] == pytest.approx(value)


def test_bias_summary_over_las():
    complete = pd.DataFrame({"did_outsourcing_effect": [1.0, 2.0, 3.0]}, index=[335, 1, 2])
    survivors = complete + pd.DataFrame({"did_outsourcing_effect": [0.5, 1.0, 1.5]},
                                        index=[335, 1, 2])
    row = survivorship.bias_summary({"complete": complete, "survivors": survivors},
                                    335).iloc[0]
    assert (row.complete, row.survivors, row.bias) == (1.0, 1.5, 0.5)
    assert row.bias_mean_all_las == 1.0 and row.share_las_biased_up == 1.0 and row.n_las == 3


def _row(**kw):
    return {"bias": 0.5, "n_las": 150, "bias_mean_all_las": 1.0, "bias_p2_5_all_las": 0.2,
            "bias_p97_5_all_las": 2.0, "share_las_biased_up": 0.99, **kw}


def test_direction_in_words():
    unit = "percentage points"
    assert direction(_row(), unit, "Walsall").startswith("Likely too high")
    assert direction(_row(bias_mean_all_las=-1.0, bias_p2_5_all_las=-2.0,
                          bias_p97_5_all_las=-0.1), unit, "Walsall").startswith("Likely too low")
    probably = direction(_row(bias_p2_5_all_las=-0.3, share_las_biased_up=0.85), unit, "W")
    assert probably.startswith("Probably too high") and "85%" in probably
    mixed = direction(_row(bias_p2_5_all_las=-3.0, share_las_biased_up=0.5), unit, "Walsall")
    assert mixed.startswith("No consistent direction") and "Walsall" in mixed
    single = {"bias": -0.8, "n_las": float("nan")}
    assert direction(single, unit, "W").startswith("Likely too low")
    assert direction({"bias": 0.01}, "odds ratio", "W").startswith("Barely moved")
