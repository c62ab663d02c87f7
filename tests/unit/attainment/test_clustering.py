"""School-clustered variances and Korn-Graubard effective sizes, against statsmodels."""

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import stats

from analysis_lib.attainment import clustering, gap_index, trends
from analysis_lib.attainment.gaps import NOTE_CLUSTERED, NOTE_INDEPENDENT, group_gaps
from analysis_lib.attainment.measures import group_pair


def _pupils(seed=5, schools=12, shock_sd=0.8):
    """Pupils in schools that share a shock: outcome y (0/1), group a or b, school id."""
    rng = np.random.default_rng(seed)
    rows = []
    for school in range(schools):
        shock = rng.normal(0, shock_sd)
        n = rng.integers(15, 40)
        in_a = rng.random(n) < 0.6
        p = stats.norm.cdf(0.3 + shock - 0.8 * ~in_a)
        rows.append(pd.DataFrame({"school": school, "stratum": school % 3, "a": in_a,
                                  "y": (rng.random(n) < p).astype(float)}))
    return pd.concat(rows, ignore_index=True)


def _school_sums(pupils):
    grouped = pupils.groupby(["school", "stratum", "a"])["y"].agg(["sum", "count"]).unstack(
        "a", fill_value=0)
    return pd.DataFrame({"area": "X", "school": grouped.index.get_level_values("school"),
                         "stratum": grouped.index.get_level_values("stratum"),
                         "sum_a": grouped[("sum", True)].to_numpy(),
                         "n_a": grouped[("count", True)].to_numpy(),
                         "sum_b": grouped[("sum", False)].to_numpy(),
                         "n_b": grouped[("count", False)].to_numpy()})


def test_clustered_variance_is_statsmodels_cluster_robust_difference_of_means():
    pupils = _pupils()
    x = sm.add_constant(pupils["a"].astype(float))
    fit = sm.OLS(pupils["y"], x).fit(cov_type="cluster", cov_kwds={
        "groups": pupils["school"], "use_correction": False})
    out = clustering.clustered_difference(_school_sums(pupils), ["area"], sum_a="sum_a",
                                          n_a="n_a", sum_b="sum_b", n_b="n_b").iloc[0]
    g = pupils["school"].nunique()
    assert out["schools"] == g
    assert out["difference"] == pytest.approx(fit.params["a"])
    # CR1: statsmodels' uncorrected (CR0) sandwich times G / (G - 1)
    assert out["clustered_variance"] == pytest.approx(fit.cov_params().loc["a", "a"] * g / (g - 1))


def test_strata_remove_lasting_differences_between_them():
    # within each stratum every school sits at the same rates, so only the strata differ
    schools = pd.DataFrame({"area": "X", "stratum": [1, 1, 2, 2],
                            "sum_a": [8, 8, 2, 2], "n_a": [10, 10, 10, 10],
                            "sum_b": [4, 4, 1, 1], "n_b": [10, 10, 10, 10]})
    kwargs = {"sum_a": "sum_a", "n_a": "n_a", "sum_b": "sum_b", "n_b": "n_b"}
    plain = clustering.clustered_difference(schools, ["area"], **kwargs).iloc[0]
    strata = clustering.clustered_difference(schools, ["area"], stratum="stratum",
                                             **kwargs).iloc[0]
    assert plain["clustered_variance"] > 0
    assert strata["clustered_variance"] == pytest.approx(0.0)
    assert strata["difference"] == pytest.approx(0.25)


def test_effective_size_divisor_is_korn_graubard_and_never_below_one():
    t_over_z = stats.t.ppf(0.975, 9) / stats.norm.ppf(0.975)
    k = clustering.effective_size_divisor([2.0, 0.5, np.nan], [1.0, 1.0, 1.0], [10, 10, 10])
    assert k[0] == pytest.approx(2.0 * t_over_z**2)
    assert k[1] == 1.0 and k[2] == 1.0


def _la_rows():
    rows = []
    for group, n, met in (("disadvantaged", 400, 160), ("not_disadvantaged", 600, 420)):
        rows.append({"year": 2025, "geographic_level": "Local authority", "la_code": 335,
                     "region_code": "E12000005", "area_name": "Walsall", "key_stage": 2,
                     "measure": "rwm_expected_standard", "regime": "expected_standard",
                     "unit": "percent", "pupil_group": group, "eligible_pupils": float(n),
                     "pupils_meeting": float(met), "value": 100 * met / n})
    frame = pd.DataFrame(rows)
    frame["la_code"] = frame["la_code"].astype("Int64")
    return frame


def _design(school_pupils):
    return pd.DataFrame({"year": [2025], "area": ["335"], "schools": [10],
                         "school_pupils": [school_pupils], "clustered_variance": [0.002],
                         "independent_variance": [0.001]})


def test_gap_interval_uses_effective_sizes_where_schools_cover_the_area():
    pair = group_pair("disadvantaged")
    plain = group_gaps(_la_rows(), pair).iloc[0]
    clustered = group_gaps(_la_rows(), pair, design=_design(1000)).iloc[0]
    k = 2.0 * (stats.t.ppf(0.975, 9) / stats.norm.ppf(0.975)) ** 2
    assert clustered["design_effect"] == pytest.approx(k)
    assert clustered["gap"] == plain["gap"] == pytest.approx(30.0)
    width = (clustered["ci_high"] - clustered["ci_low"]) / (plain["ci_high"] - plain["ci_low"])
    assert width == pytest.approx(np.sqrt(k), rel=0.05)
    assert clustered["interval_note"] == NOTE_CLUSTERED
    assert plain["binomial_se"] == pytest.approx(100 * np.sqrt(.4 * .6 / 400 + .7 * .3 / 600))
    # a school file that holds only half the area's pupils does not speak for it
    partial = group_gaps(_la_rows(), pair, design=_design(500)).iloc[0]
    assert partial["design_effect"] == 1.0 and partial["interval_note"] == NOTE_INDEPENDENT
    assert (partial["ci_low"], partial["ci_high"]) == (plain["ci_low"], plain["ci_high"])


def test_gap_design_counts_suppressed_schools_as_coverage_only():
    schools = pd.DataFrame({"year": 2025, "la_code": [335] * 4,
                            "disadvantaged_pupils": [10.0, 12.0, 8.0, 3.0],
                            "other_pupils": [20.0, 18.0, 22.0, 4.0],
                            "pct_disadvantaged": [40.0, 50.0, 25.0, np.nan],
                            "pct_other": [70.0, 60.0, 50.0, np.nan]})
    design = clustering.gap_design(schools).set_index("area")
    assert design.loc["335", "schools"] == 3 and design.loc["335", "school_pupils"] == 97
    assert design.loc["England", "schools"] == 3
    assert design.loc["335", "clustered_variance"] > 0


def test_gap_index_interval_widens_with_school_clustering_and_keeps_welch_as_floor():
    rng = np.random.default_rng(2)
    rows = []
    for urn in range(10):
        shock = rng.normal(0, 1.5)
        dis = rng.random(30) < 0.4
        rows.append(pd.DataFrame({"year": 2019, "urn": urn, "la_code": 335, "disadvantaged": dis,
                                  "score": rng.normal(shock - 0.5 * dis, 1.0)}))
    pupils = pd.concat(rows, ignore_index=True)
    table = gap_index.gap_index_table(pupils)
    la = table[table["geographic_level"] == "Local authority"].iloc[0]
    ranks = gap_index.national_percentile_ranks(pupils)
    dis = pupils["disadvantaged"].to_numpy()
    _, low, high = gap_index.welch_interval(ranks[~dis].mean(), ranks[~dis].var(), (~dis).sum(),
                                            ranks[dis].mean(), ranks[dis].var(), dis.sum())
    assert la["schools"] == 10
    assert la["ci_high"] - la["ci_low"] >= 20 * (high - low) - 1e-9


def test_trend_standard_error_is_the_known_variance_one_when_residuals_are_small():
    years = pd.Series([0.0, 1.0, 2.0, 3.0, 4.0])
    gap = pd.Series([20.0, 20.1, 19.9, 20.05, 19.95])
    se = pd.Series([1.0, 1.2, 0.9, 1.1, 1.0])
    fit = sm.WLS(gap, sm.add_constant(years), weights=1 / se**2).fit()
    known = fit.bse.iloc[1] / np.sqrt(fit.scale)  # residual dispersion well below 1
    assert fit.scale < 1 and trends._slope_se(fit) == pytest.approx(known)
    wide = sm.WLS(gap * 40, sm.add_constant(years), weights=1 / se**2).fit()
    assert wide.scale > 1 and trends._slope_se(wide) == pytest.approx(wide.bse.iloc[1])
