"""The LA frame of the synthetic England: real codes and boundary changes, synthetic traits.

Schools and families are generated in today's LAs ("units") and reported under the
LA that existed in each year: before a reorganisation the successor's schools belong
to the predecessor (Cheshire East -> Cheshire before 2009, BCP -> Bournemouth or Poole
before 2019, and so on).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis_lib import geography

# successor unit -> (predecessor codes, first year of the successor)
PREDECESSORS: dict[int, tuple[tuple[int, ...], int]] = {
    895: ((875,), 2009), 896: ((875,), 2009), 822: ((820,), 2009), 823: ((820,), 2009),
    839: ((837, 836), 2019), 838: ((835,), 2019), 940: ((928,), 2021), 941: ((928,), 2021),
    942: ((909,), 2023), 943: ((909,), 2023),
}
# London boroughs DfE's EES files place in Inner London (E13000001); the rest are Outer.
INNER_LONDON = {201, 202, 204, 205, 206, 207, 208, 209, 210, 211, 212, 213, 309, 316}
EES_LONDON = {"inner": ("E13000001", "Inner London"), "outer": ("E13000002", "Outer London")}
LAIT_REGION = {"E12000001": 980, "E12000002": 981, "E12000003": 982, "E12000004": 983,
               "E12000005": 984, "E12000006": 985, "E12000007": 986, "E12000008": 989,
               "E12000009": 990, "E13000001": 987, "E13000002": 988}
TINY = {201: (1, 0), 420: (1, 1)}  # City of London, Isles of Scilly: (primary, secondary)
KS2_LA_EFFECT_SCALE = 0.8  # of the LA draw (sd 0.15) KS4 also uses
KS2_GAP_COEF = (0.60, 0.09)  # mean and sd (probit) of LAs' disadvantage gap coefficients
KS2_GAP_SHARE_SLOPE = 1.0  # fall in the gap coefficient per unit of disadvantaged share


@dataclass(frozen=True)
class LAFrame:
    """Units (today's LAs) with synthetic traits, and every LA code with its period."""

    units: pd.DataFrame
    periods: pd.DataFrame

    def code_in_year(self, unit: np.ndarray, pred: np.ndarray, year: np.ndarray) -> np.ndarray:
        """LA code reporting a unit's school/family in ``year`` (``pred`` = its predecessor)."""
        first = self.units.set_index("la_code")["successor_from"].reindex(unit).to_numpy()
        return np.where(year < first, pred, unit)


def build_la_frame(rng: np.random.Generator, focus_la: int, school_scale: float) -> LAFrame:
    """Synthetic traits for each of today's LAs; periods for every code (incl. predecessors)."""
    all_las = geography.las()
    periods = all_las.sort_values(["la_code", "valid_from"]).groupby("la_code").tail(1).copy()
    periods["first_year"] = all_las.groupby("la_code")["valid_from"].min().reindex(
        periods.la_code).to_numpy()
    periods = periods.rename(columns={"gss_code": "new_la_code"}).reset_index(drop=True)

    units = periods[periods.valid_to.isna()].reset_index(drop=True).copy()
    n = len(units)
    kind = units.new_la_code.str[:3]
    size_mean = kind.map({"E10": 3.2, "E08": 1.0, "E09": 0.75, "E06": 0.6}).to_numpy()
    weight = size_mean * np.exp(rng.normal(0, 0.3, n))
    dis_mean = kind.map({"E10": 0.21, "E08": 0.36, "E09": 0.38, "E06": 0.29}).to_numpy()
    units["disadvantaged_share"] = np.clip(dis_mean + rng.normal(0, 0.05, n), 0.14, 0.5)
    la_draw = rng.normal(0, 0.15, n)
    excess_share = units.disadvantaged_share - 0.3
    # KS2 spread and gaps as in the real 2016-2025 LA results (docs/calibration.md): LA
    # effects unrelated to disadvantage, smaller gaps where disadvantage is common
    units["la_effect_ks2"] = KS2_LA_EFFECT_SCALE * la_draw
    units["gap_coef"] = np.clip(rng.normal(KS2_GAP_COEF[0], KS2_GAP_COEF[1], n)
                                - KS2_GAP_SHARE_SLOPE * excess_share, 0.2, 1.0)
    units["la_effect_ks4"] = 0.6 * (la_draw - 0.6 * excess_share) + rng.normal(0, 0.1, n)
    units["la_effect_ofsted"] = rng.normal(0, 0.2, n)
    units["csc_quality"] = rng.normal(0, 1, n)
    # schools in 2000; net closures leave about 16,800 primary and 3,400 secondary open in 2025
    primary = np.round(17480 * weight / weight.sum())
    secondary = np.round(primary / 4.9 * np.exp(rng.normal(0, 0.12, n)))
    focus = units.la_code.to_numpy() == focus_la
    primary[focus], secondary[focus] = 104, 21
    units.loc[focus, "disadvantaged_share"] = 0.43
    for code, (p, s) in TINY.items():
        tiny = units.la_code.to_numpy() == code
        primary[tiny], secondary[tiny] = p, s
    units["size"] = primary  # unscaled number of primary schools: the LA's relative size
    units["n_primary"] = np.maximum(np.round(primary * school_scale), 1).astype(int)
    units["n_secondary"] = np.round(secondary * school_scale).astype(int)
    units.loc[focus, "n_secondary"] = max(int(round(21 * school_scale)), 2)
    units["successor_from"] = [PREDECESSORS.get(c, ((c,), 0))[1] for c in units.la_code]
    return LAFrame(units=units, periods=periods)


def predecessor_for(units: pd.DataFrame, unit_codes: np.ndarray,
                    rng: np.random.Generator) -> np.ndarray:
    """Predecessor LA code of each school/family (random among several, e.g. BCP)."""
    out = unit_codes.copy()
    for succ, (preds, _) in PREDECESSORS.items():
        idx = np.flatnonzero(unit_codes == succ)
        if len(idx):
            out[idx] = np.asarray(preds)[rng.integers(0, len(preds), len(idx))]
    return out
