"""Expected KS2 results given the schools agree with the average of many simulated censuses."""

from __future__ import annotations

import numpy as np
import pytest

from analysis_lib.data.synth import _rngs, attainment, expected
from analysis_lib.data.synth.geography_frame import build_la_frame
from analysis_lib.data.synth.schools import build_schools
from analysis_lib.data.synth.shocks import attainment_shocks
from analysis_lib.data.synth.truth import gap_index

DRAWS = 30


@pytest.fixture(scope="module")
def england():
    rng = _rngs(11)
    frame = build_la_frame(rng["geography"], 335, 0.1)
    return frame, build_schools(frame, rng["schools"])


def _census_gap(schools, year: int) -> float:
    s = schools[schools.year == year]
    dis, other = s.disadvantaged.sum(), s.cohort.sum() - s.disadvantaged.sum()
    return 100 * ((s.met_all.sum() - s.met_dis.sum()) / other - s.met_dis.sum() / dis)


@pytest.mark.parametrize("school_year_sd", [0.0, 0.3])
def test_expected_gap_and_index_match_simulated_censuses(england, school_year_sd):
    frame, schools = england
    gaps, indices = [], []
    for draw in range(DRAWS):
        rng = np.random.default_rng(draw)
        shocks = attainment_shocks(frame.units.la_code.to_numpy(), len(schools), 0.0,
                                   school_year_sd, rng)
        ks2 = attainment.simulate_ks2(frame, schools, [2025], {2025}, rng, shocks=shocks)
        gaps.append(_census_gap(ks2.schools, 2025))
        indices.append(gap_index(ks2.pupils)[2025])
    variance = school_year_sd**2
    gap = expected.expected_gaps(frame, schools, [2025], 335, variance)["england"][2025]
    index = expected.expected_gap_index(frame, schools, 2025, 335, variance)["england"]
    for found, target in ((gaps, gap["gap_pp"]), (indices, index)):
        assert abs(np.mean(found) - target) < 4 * np.std(found) / np.sqrt(DRAWS) + 0.02


def test_the_census_variance_is_the_binomial_one(england):
    frame, schools = england
    gap = expected.expected_gaps(frame, schools, [2025], 335)["focus_la"][2025]
    p_dis, p_other = gap["disadvantaged_pct"] / 100, gap["other_pct"] / 100
    assert 0 < p_dis < p_other < 1
    assert gap["gap_variance_pp2"] > 1e4 * p_dis * (1 - p_dis) / 2000  # few Walsall pupils


def test_the_truth_file_holds_the_expected_targets(truth):
    gaps = truth["effects"]["ks2_disadvantage_gap"]["expected"]
    assert gaps["region_code"] == "E12000005"  # Walsall: West Midlands
    assert set(gaps["focus_la"]) == {str(y) for y in attainment.KS2_TARGET}
    latest = gaps["focus_la"]["2025"]["gap_pp"]
    assert abs(latest - truth["effects"]["ks2_disadvantage_gap"]["value"]) < 1.5
    index = truth["effects"]["ks2_gap_index"]["expected"]
    assert {"england", "focus_la"} <= set(index["2025"]) and "2010" not in index
