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


KWARGS = {"sum_a": "sum_a", "n_a": "n_a", "sum_b": "sum_b", "n_b": "n_b"}


def _lasting_schools(shift=0):
    """Three schools over three years, each at its own rates every year (``shift`` moves
    school 0's a-group in the last year)."""
    rows = []
    for year in (2017, 2018, 2019):
        for urn, (sum_a, sum_b) in enumerate(((8, 4), (5, 3), (3, 1))):
            bump = shift if (urn == 0 and year == 2019) else 0
            rows.append({"year": year, "area": "X", "urn": urn, "measure": "m",
                         "sum_a": sum_a + bump, "n_a": 10, "sum_b": sum_b, "n_b": 10})
    return pd.DataFrame(rows)


def test_a_schools_lasting_difference_adds_no_variance():
    schools = _lasting_schools()
    plain = clustering.clustered_difference(schools, ["year", "area"], **KWARGS)
    lasting = clustering.clustered_difference(schools, ["year", "area"],
                                              lasting=["area", "measure", "urn"], **KWARGS)
    assert (plain["clustered_variance"] > 0).all()
    assert lasting["clustered_variance"].to_numpy() == pytest.approx(np.zeros(3), abs=1e-15)
    assert lasting["difference"].tolist() == plain["difference"].tolist()


def test_deviations_about_a_school_mean_are_the_hc2_residuals_of_its_fixed_effect():
    # a school's yearly deviation totals regressed on its own mean: the removed mean is the
    # fit, and K / (K - 1) the HC2 correction 1 / (1 - h) of its leverage h = 1 / K
    dev = pd.Series([3.0, -1.0, 2.0, 0.5])
    keys = pd.DataFrame({"urn": [1, 1, 1, 1]})
    out_a, _, inflate = clustering._about_school_means(keys, dev, dev * 0)
    fit = sm.OLS(dev, np.ones(4)).fit()
    h = fit.get_influence().hat_matrix_diag
    assert out_a.to_numpy() == pytest.approx(fit.resid.to_numpy())
    assert inflate.to_numpy() == pytest.approx(1 / (1 - h))


def test_lasting_variance_is_the_two_way_fixed_effects_residual_variance():
    # balanced schools x years: contributions about year means (the area's) and school means
    # are the residuals of a school and year fixed-effects regression (linearmodels); with
    # the CR1 and HC2 factors G / (G - 1) x K / (K - 1) the pooled variance is unbiased
    from linearmodels import PanelOLS

    rng = np.random.default_rng(3)
    rows = []
    for urn in range(6):
        quality = rng.normal(0, 0.6)
        for year in range(2016, 2021):
            n_a, n_b = 20, 12
            rows.append({"year": year, "area": "X", "measure": "m", "urn": urn, "n_a": n_a,
                         "n_b": n_b, "sum_a": rng.binomial(n_a, stats.norm.cdf(quality)),
                         "sum_b": rng.binomial(n_b, stats.norm.cdf(quality - 0.7))})
    schools = pd.DataFrame(rows)
    out = clustering.clustered_difference(schools, ["year", "area"], lasting=[
        "area", "measure", "urn"], **KWARGS)
    n_a, n_b = 6 * 20, 6 * 12
    c = schools["sum_a"] / n_a - schools["sum_b"] / n_b  # contribution before centring
    panel = schools.assign(c=c).set_index(["urn", "year"])
    fit = PanelOLS(panel["c"], np.ones((len(panel), 1)), entity_effects=True,
                   time_effects=True).fit()
    g, k = 6, 5
    assert out["clustered_variance"].sum() == pytest.approx(
        fit.resid_ss * g / (g - 1) * k / (k - 1))


def test_a_school_seen_once_keeps_its_raw_contribution():
    schools = _lasting_schools()
    once = schools[~((schools["urn"] == 2) & (schools["year"] < 2019))]
    raw = clustering.clustered_difference(once[once["year"] == 2019], ["year", "area"],
                                          **KWARGS)
    lasting = clustering.clustered_difference(once, ["year", "area"],
                                              lasting=["area", "measure", "urn"], **KWARGS)
    assert lasting["clustered_variance"].iloc[-1] > 0
    assert lasting["clustered_variance"].iloc[-1] <= raw["clustered_variance"].iloc[0]


def test_pooled_design_effect_is_a_ratio_of_sums_on_residual_degrees_of_freedom():
    design = pd.DataFrame({"year": [2017, 2018, 2019, 2019], "area": ["X", "X", "X", "Y"],
                           "spell": "m", "schools": [3, 3, 3, 2],
                           "clustered_variance": [2.0, 1.0, np.nan, 0.5],
                           "within_variance": [0.5, 0.5, 0.5, 1.5],
                           "independent_variance": [1.0, 1.0, 1.0, 2.0]})
    used = pd.DataFrame({"area": ["X"] * 6 + ["Y"] * 2, "spell": "m",
                         "cluster": [1, 2, 3, 1, 2, 4, 7, 8]})
    out = clustering.pooled_design_effect(design, used).set_index("area")
    assert out.loc["X", "design_effect"] == pytest.approx(1.5)
    assert out.loc["Y", "design_effect"] == pytest.approx(0.75)  # its pupils-within floor
    assert out.loc["X", "design_df"] == 6 - 2 - 2  # schools 1 and 2 seen twice, two years
    assert out.loc["Y", "design_df"] == 2 - 0 - 1  # one year: the usual G - 1


def test_effective_size_divisor_is_korn_graubard():
    t_over_z = stats.t.ppf(0.975, 9) / stats.norm.ppf(0.975)
    k = clustering.effective_size_divisor([2.0, 0.5, np.nan], [9, 9, 9])
    assert k[0] == pytest.approx(2.0 * t_over_z**2)
    assert k[1] == pytest.approx(0.5 * t_over_z**2) and k[2] == 1.0


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
                         "independent_variance": [0.001], "design_effect": [2.0],
                         "design_df": [9.0]})


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
    assert clustered["clustered_se"] == pytest.approx(plain["binomial_se"] * np.sqrt(2.0))
    assert clustered["design_df"] == 9 and np.isnan(plain["design_df"])
    # a school file that holds only half the area's pupils does not speak for it
    partial = group_gaps(_la_rows(), pair, design=_design(500)).iloc[0]
    assert partial["design_effect"] == 1.0 and partial["interval_note"] == NOTE_INDEPENDENT
    assert (partial["ci_low"], partial["ci_high"]) == (plain["ci_low"], plain["ci_high"])


def test_gap_design_counts_suppressed_schools_as_coverage_only():
    schools = pd.DataFrame({"year": 2025, "urn": [1, 2, 3, 4], "measure": "m",
                            "la_code": [335] * 4,
                            "disadvantaged_pupils": [10.0, 12.0, 8.0, 3.0],
                            "other_pupils": [20.0, 18.0, 22.0, 4.0],
                            "pct_disadvantaged": [40.0, 50.0, 25.0, np.nan],
                            "pct_other": [70.0, 60.0, 50.0, np.nan]})
    design = clustering.gap_design(schools).set_index("area")
    assert design.loc["335", "schools"] == 3 and design.loc["335", "school_pupils"] == 97
    la = design.loc["335"]
    assert la["clustered_variance"] > 0
    assert la["design_df"] == 2  # one year: schools - 1
    assert la["design_effect"] == pytest.approx(
        max(la["clustered_variance"], la["within_variance"]) / la["independent_variance"])
    # pupils within schools: n^2 x p (1 - p) / (n - 1) per school and group, over N^2
    # (60% of 18 other pupils is rounded to 11 meeting the standard)
    within = sum(n * n * p * (1 - p) / (n - 1)
                 for p, n in ((.4, 10), (.5, 12), (.25, 8))) / 30**2
    within += sum(n * n * p * (1 - p) / (n - 1)
                  for p, n in ((.7, 20), (11 / 18, 18), (.5, 22))) / 60**2
    assert la["within_variance"] == pytest.approx(within)
    assert design.loc["England", "schools"] == 1  # one LA: England's clusters are LAs


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


def test_trend_with_a_design_takes_each_years_clustered_variance_as_known():
    years = np.arange(2016, 2021)
    series = pd.DataFrame({"year": years, "measure": "m", "regime": "r",
                           "gap": [20.0, 22.0, 19.0, 23.0, 21.0], "ci_low": 0.0,
                           "ci_high": 40.0, "binomial_se": 2.0,
                           "clustered_se": [2.2, 2.4, 2.2, 2.3, 2.2], "design_df": 40.0})
    out = trends.gap_trend(series)
    x = np.column_stack([np.ones(5), years - 2016.0])
    w = np.diag(1 / series["clustered_se"].to_numpy() ** 2)
    cov = np.linalg.inv(x.T @ w @ x)
    slope = (cov @ x.T @ w @ series["gap"].to_numpy())[1]
    half = stats.t.ppf(0.975, 40) * np.sqrt(cov[1, 1])
    assert out["slope"] == pytest.approx(slope)
    assert (out["ci_low"], out["ci_high"]) == pytest.approx((slope - half, slope + half))
    assert out["variance"] == trends.CLUSTERED_VARIANCE
    # the residual scatter (far above the stated variances here) does not widen it
    assert trends.gap_trend(series.drop(columns=["clustered_se", "design_df"]))[
        "variance"] == trends.INDEPENDENT_VARIANCE


def test_trend_standard_error_is_the_known_variance_one_when_residuals_are_small():
    years = pd.Series([0.0, 1.0, 2.0, 3.0, 4.0])
    gap = pd.Series([20.0, 20.1, 19.9, 20.05, 19.95])
    se = pd.Series([1.0, 1.2, 0.9, 1.1, 1.0])
    fit = sm.WLS(gap, sm.add_constant(years), weights=1 / se**2).fit()
    known = fit.bse.iloc[1] / np.sqrt(fit.scale)  # residual dispersion well below 1
    assert fit.scale < 1 and trends._slope_se(fit) == pytest.approx(known)
    wide = sm.WLS(gap * 40, sm.add_constant(years), weights=1 / se**2).fit()
    assert wide.scale > 1 and trends._slope_se(wide) == pytest.approx(wide.bse.iloc[1])
