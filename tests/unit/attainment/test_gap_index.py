"""DfE disadvantage gap index (mean percentile rank method)."""

import numpy as np
import pandas as pd
import pytest
from scipy.stats import mannwhitneyu
from statsmodels.stats.weightstats import CompareMeans, DescrStatsW

from analysis_lib.attainment.gap_index import (
    compare_with_published,
    gap_index_table,
    national_percentile_ranks,
    welch_interval,
)
from analysis_lib.errors import DataNotAvailableError


def _pupils(scores_dis, scores_other, la=335, year=2019):
    return pd.DataFrame({
        "year": year, "urn": 1, "la_code": la,
        "disadvantaged": [True] * len(scores_dis) + [False] * len(scores_other),
        "score": list(scores_dis) + list(scores_other)})


def _national(table):
    return table[table["geographic_level"] == "National"].set_index("year")["gap_index"]


@pytest.mark.parametrize(("n_dis", "n_other"), [(3, 7), (30, 70), (50, 50)])
def test_complete_separation_scores_ten_whatever_the_group_sizes(n_dis, n_other):
    low, high = np.arange(n_dis), np.arange(n_dis, n_dis + n_other)
    assert _national(gap_index_table(_pupils(low, high))).iloc[0] == pytest.approx(10)
    assert _national(gap_index_table(_pupils(high, low))).iloc[0] == pytest.approx(-10)


def test_no_gap_scores_zero_and_ties_share_ranks():
    same = [100, 101, 101, 105]
    assert _national(gap_index_table(_pupils(same, same))).iloc[0] == pytest.approx(0)
    ranks = national_percentile_ranks(_pupils([1, 2], [2, 3]))
    assert ranks.tolist() == [0.25, 0.625, 0.625, 1.0]


def test_equals_twenty_times_auc_minus_half():
    rng = np.random.default_rng(7)
    dis, other = rng.normal(100, 6, 300).round(), rng.normal(103.5, 6, 700).round()
    index = _national(gap_index_table(_pupils(dis, other))).iloc[0]
    u = mannwhitneyu(other, dis).statistic  # ties counted half
    auc = u / (len(dis) * len(other))
    assert index == pytest.approx(20 * (auc - 0.5), abs=1e-9)


def test_rank_based_so_monotone_rescaling_changes_nothing():
    rng = np.random.default_rng(1)
    pupils = pd.concat([_pupils(rng.normal(0, 1, 80), rng.normal(0.5, 1, 120), la=335),
                        _pupils(rng.normal(0.3, 1, 60), rng.normal(0.4, 1, 140), la=336)])
    rescaled = pupils.assign(score=np.exp(pupils["score"]) * 10 + 80)
    pd.testing.assert_frame_equal(gap_index_table(pupils), gap_index_table(rescaled))


def test_la_index_uses_national_ranks_with_interval():
    # LA 335's disadvantaged pupils are the nation's lowest; LA 336 has no internal gap
    pupils = pd.concat([_pupils([1, 2, 3, 4], [50, 60, 70, 80], la=335),
                        _pupils([20, 30, 40, 45], [21, 31, 41, 44], la=336)])
    table = gap_index_table(pupils).set_index("la_code")
    la335, la336 = table.loc[335], table.loc[336]
    ranks = national_percentile_ranks(pupils)
    dis = pupils["disadvantaged"].to_numpy()
    in335 = (pupils["la_code"] == 335).to_numpy()
    expected = 20 * (ranks[in335 & ~dis].mean() - ranks[in335 & dis].mean())
    assert la335["gap_index"] == pytest.approx(expected)
    assert la335["ci_low"] < la335["gap_index"] < la335["ci_high"]
    assert abs(la336["gap_index"]) < 1.5
    assert (la335["disadvantaged_pupils"], la335["other_pupils"]) == (4, 4)


def test_needs_scores():
    with pytest.raises(DataNotAvailableError):
        gap_index_table(_pupils([np.nan], [np.nan]))


def test_compare_with_published_flags_implausible_values():
    table = pd.DataFrame({"year": [2011, 2019, 2025], "geographic_level": "National",
                          "gap_index": [3.3, 4.2, 2.5]})
    published = pd.DataFrame({"year": [2011, 2019], "published": [3.34, 2.91]})
    out = compare_with_published(table, published)
    assert out["difference"].round(2).tolist()[:2] == [-0.04, 1.29]
    assert out["plausible"].tolist() == [True, False, True]


def test_welch_interval_matches_statsmodels():
    rng = np.random.default_rng(2)
    a, b = rng.uniform(0, 1, 40), rng.uniform(0.1, 0.9, 15)
    expected = CompareMeans(DescrStatsW(a), DescrStatsW(b)).tconfint_diff(usevar="unequal")
    diff, low, high = welch_interval(a.mean(), a.var(ddof=1), 40, b.mean(), b.var(ddof=1), 15)
    assert diff == pytest.approx(a.mean() - b.mean())
    assert (low, high) == pytest.approx(expected)
    assert np.isnan(welch_interval(0.5, 0.1, 1, 0.4, 0.1, 9)[1])
