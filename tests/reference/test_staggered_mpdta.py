"""Staggered DiD wrapper against moderndid's documented mpdta example.

Reference (../shared/REFERENCES.md; Callaway & Sant'Anna 2021 and the R ``did`` package's
introduction vignette, reproduced by moderndid 0.2.0):

    att_gt(yname="lemp", tname="year", idname="countyreal", gname="first.treat",
           data=mpdta, control_group="nevertreated", est_method="dr")   # no covariates
    aggte(type="simple")   -> -0.03995 (SE 0.0120)
    aggte(type="group")    -> -0.03102
    aggte(type="dynamic")  -> -0.07724
    aggte(type="calendar") -> -0.04170
    pre-test of parallel trends: p = 0.168
Tolerance: the published precision (5e-5 on ATTs, 5e-4 on the SE and p-value).
"""

import moderndid
import pytest

from analysis_lib.impact.staggered import callaway_santanna

PUBLISHED = {"simple": -0.03995, "group": -0.03102, "dynamic": -0.07724,
             "calendar": -0.04170}


@pytest.fixture(scope="module")
def result():
    panel = moderndid.load_mpdta().to_pandas()
    return callaway_santanna(panel, yname="lemp", tname="year", idname="countyreal",
                             gname="first.treat")


def test_aggregations_match_published(result):
    for kind, value in PUBLISHED.items():
        assert result.aggregate(kind)["att"] == pytest.approx(value, abs=5e-5), kind
    assert result.aggregate("simple")["se"] == pytest.approx(0.0120, abs=5e-4)


def test_pretrend_test_and_event_study(result):
    assert result.pretest_p == pytest.approx(0.168, abs=5e-4)
    event = result.event_study.set_index("event_time")
    assert list(event.index) == [-3, -2, -1, 0, 1, 2, 3]
    assert event.loc[-3, "att"] == pytest.approx(0.0305, abs=5e-5)  # the pre-period placebo
    assert (event["ci_low"] < event["att"]).all() and (event["att"] < event["ci_high"]).all()
    assert result.n_units == 500
