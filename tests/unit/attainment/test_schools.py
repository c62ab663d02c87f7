"""School gaps, Spiegelhalter funnel limits, overdispersion and suppression of small schools."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from analysis_lib.attainment.schools import (
    funnel_limits,
    funnel_points,
    gap_distribution,
    overdispersion_factor,
    school_gaps,
    schools_outside,
)

# Hand-worked exact limits (Spiegelhalter 2005, Appendix A.1.1): target 0.5.
# n=2: F(1)=0.75, F(2)=1; p=0.975 -> r=2, alpha=(1-0.975)/(1-0.75)=0.1, limit (2-0.1)/2=0.95;
#      p=0.999 -> alpha=0.001/0.25=0.004, limit 0.998.
# n=4: F(3)=15/16; p=0.975 -> r=4, alpha=0.025/(1/16)=0.4, limit (4-0.4)/4=0.9.
HAND_WORKED = [(2, "upper_95", 0.95), (2, "upper_99.8", 0.998), (4, "upper_95", 0.9)]


@pytest.mark.parametrize(("n", "column", "expected"), HAND_WORKED)
def test_exact_limits_hand_worked(n, column, expected):
    assert funnel_limits(0.5, [n])[column].iloc[0] == pytest.approx(expected)


def test_normal_limits_formula():
    lim = funnel_limits(0.6, [25, 100], method="normal")
    half95 = 1.959964 * np.sqrt(0.6 * 0.4 / np.array([25, 100]))
    half998 = 3.090232 * np.sqrt(0.6 * 0.4 / np.array([25, 100]))
    assert lim["upper_95"].to_numpy() == pytest.approx(0.6 + half95, abs=1e-6)
    assert lim["lower_99.8"].to_numpy() == pytest.approx(0.6 - half998, abs=1e-6)


def test_exact_limits_bracket_the_binomial_quantile_and_approach_normal():
    n = np.array([5, 10, 30, 60, 200, 1000])
    exact = funnel_limits(0.45, n)
    normal = funnel_limits(0.45, n, method="normal")
    r = stats.binom.ppf(0.975, n, 0.45)
    assert ((exact["upper_95"] <= r / n + 1e-12) & (exact["upper_95"] >= (r - 1) / n)).all()
    assert (exact["lower_99.8"] <= exact["lower_95"]).all()
    assert (exact["upper_95"] <= exact["upper_99.8"]).all()
    big = n >= 200
    assert np.abs(exact["upper_95"][big] - normal["upper_95"][big]).max() < 2 / 200


def test_overdispersion_inflates_normal_limits():
    plain = funnel_limits(0.5, [50], method="normal")
    wide = funnel_limits(0.5, [50], phi=4.0)
    assert (wide["upper_95"] - 0.5).iloc[0] == pytest.approx(2 * (plain["upper_95"] - 0.5).iloc[0])
    with pytest.raises(ValueError):
        funnel_limits(0.0, [10])


def test_overdispersion_factor_detects_extra_variation():
    rng = np.random.default_rng(11)
    n = rng.integers(10, 60, 400)
    binomial = rng.binomial(n, 0.55)
    extra = rng.binomial(n, rng.beta(5.5, 4.5, 400))
    calm, noisy = overdispersion_factor(binomial, n, 0.55), overdispersion_factor(extra, n, 0.55)
    assert 0.6 < calm["phi"] < 1.4 and calm["p_value"] > 0.001
    assert noisy["phi"] > 1.5 and noisy["p_value"] < 0.001


def _schools():
    rng = np.random.default_rng(3)
    n = rng.integers(8, 40, 120)
    pct_dis = 100 * rng.binomial(n, 0.5) / n
    df = pd.DataFrame({"year": 2019, "urn": np.arange(1000, 1120), "la_code": 999,
                       "cohort": n * 3, "disadvantaged_pupils": n.astype(float),
                       "other_pupils": 2.0 * n, "pct_disadvantaged": pct_dis,
                       "pct_other": 70.0, "pct_all": 60.0})
    df.loc[:9, "la_code"] = 335
    df.loc[0, ["disadvantaged_pupils", "pct_disadvantaged"]] = [40.0, 5.0]   # far below
    df.loc[1, ["disadvantaged_pupils", "pct_disadvantaged"]] = [5.0, 100.0]  # small, above
    return df


def test_school_gaps_and_distribution():
    gaps = school_gaps(_schools())
    first = gaps.iloc[0]
    assert first["gap"] == pytest.approx(65.0) and first["disadvantaged_meeting"] == 2
    assert first["ci_low"] < 65 < first["ci_high"]
    dist = gap_distribution(gaps, 335, 2019).set_index("area")
    assert dist.loc["LA", "schools"] == 10 and dist.loc["England", "schools"] == 120


def test_funnel_flags_low_school_and_withholds_small_one():
    points, curve, info = funnel_points(school_gaps(_schools()), la_code=335, year=2019)
    assert len(points) == 10 and info["phi"] == 1.0
    assert 0.4 < info["target"] < 0.6
    assert points.set_index("urn").loc[1000, "position"] == "below 99.8%"
    assert {"n", "lower_95", "upper_99.8"} <= set(curve.columns)
    table = schools_outside(points)
    assert 1000 in table["urn"].tolist() and 1001 not in table["urn"].tolist()
    assert points.set_index("urn").loc[1001, "position"].startswith("above")
    assert table.attrs["withheld"] == 1


def test_a_published_national_rate_moves_the_target_and_partial_data_are_labelled():
    gaps = school_gaps(_schools())
    points, _, info = funnel_points(gaps, la_code=335, year=2019, national_rate=0.9,
                                    adjust_overdispersion=False)
    assert info["target"] == 0.9 and info["phi_schools"] == 120
    assert (points["position"] != "within").sum() > 5  # ~50% schools against a 90% target
    dist = gap_distribution(gaps, 335, 2019, "schools in the files (Walsall, Sandwell)")
    assert dist["area"].tolist() == ["LA", "schools in the files (Walsall, Sandwell)"]
    assert gap_distribution(gaps, 335, 2019, None)["area"].tolist() == ["LA"]
    _, _, la_target = funnel_points(gaps, la_code=335, year=2019, target="la",
                                    national_rate=0.9)
    assert la_target["target"] != 0.9  # the LA's own pooled rate, not the national figure


def test_la_target_overdispersion_is_measured_around_each_schools_own_la():
    # Two LAs pooling at 20% and 80%; every school is exactly 2 standard errors from its own
    # LA's rate (n = 100: se 0.04, so 28/12 and 88/72 of 100), so phi is exactly 2^2 = 4
    # around each school's own LA. Around one rate for all (the national 50%) it is far more.
    meeting = [28, 12] * 10 + [88, 72] * 10
    gaps = pd.DataFrame({"year": 2019, "urn": np.arange(40), "la_code": [335] * 20 + [336] * 20,
                         "disadvantaged_pupils": 100.0,
                         "disadvantaged_meeting": np.array(meeting, dtype=float)})
    _, _, own = funnel_points(gaps, la_code=335, year=2019, target="la")
    assert own["target"] == pytest.approx(0.2)
    assert own["phi_estimate"] == pytest.approx(4.0) and own["phi"] == pytest.approx(4.0)
    assert own["phi_schools"] == 40
    _, _, national = funnel_points(gaps, la_code=335, year=2019)
    assert national["target"] == pytest.approx(0.5) and national["phi_estimate"] > 20
    per_school = overdispersion_factor(meeting, [100] * 40, [0.2] * 20 + [0.8] * 20)
    assert per_school["phi"] == pytest.approx(4.0)
