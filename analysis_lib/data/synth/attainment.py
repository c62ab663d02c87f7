"""Synthetic key stage 2 (pupil level) and key stage 4 (school level) attainment.

KS2: each pupil has a latent attainment ``z = year level + LA effect + school quality
- gap coefficient x disadvantaged + N(0, 1)``; the pupil meets the measure of the
year when its rounded score does (fine grade >= 4.0 before 2016, scaled score >= 100 from
2016, i.e. z >= about 0), so the level break in 2016 is a break in the year level. Years
without pupil-level output draw the same school counts directly as binomials. No KS2 in
2020 and 2021.
KS4: school-level binomial counts (5+ A*-C incl. English and maths before 2016,
grade 4+ English and maths from 2017) and Attainment 8 means from 2016.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.optimize import brentq
from scipy.stats import norm

from analysis_lib.data.synth.drift import ar1
from analysis_lib.data.synth.geography_frame import LAFrame
from analysis_lib.data.synth.schools import active_on, la_code_on
from analysis_lib.data.synth.shocks import AttainmentShocks

# national % meeting the KS2 headline measure (levels, then expected standard; from 2016 the
# state-funded figures in DfE's LAIT, measure KS2RWM_Expected_STD, England)
KS2_TARGET = {2000: 64, 2001: 65, 2002: 66, 2003: 66, 2004: 68, 2005: 69, 2006: 71, 2007: 71,
              2008: 73, 2009: 72, 2010: 73, 2011: 74, 2012: 75, 2013: 76, 2014: 79, 2015: 80,
              2016: 54, 2017: 62, 2018: 65, 2019: 65, 2022: 59, 2023: 60, 2024: 61, 2025: 63}
KS4_5EM = {2000: 40, 2001: 41, 2002: 42, 2003: 42, 2004: 43, 2005: 45, 2006: 46, 2007: 47,
           2008: 48, 2009: 50, 2010: 53, 2011: 59, 2012: 59, 2013: 60, 2014: 53, 2015: 54}
KS4_ATT8 = {2016: 50.1, 2017: 46.4, 2018: 46.5, 2019: 46.7, 2020: 50.2, 2021: 50.9, 2022: 48.8,
            2023: 46.4, 2024: 46.1, 2025: 45.9}
KS4_EM94 = {2017: 64, 2018: 64, 2019: 65, 2020: 71, 2021: 73, 2022: 69, 2023: 65, 2024: 65,
            2025: 64}
QUALITY_SD = 0.3
FSM_WITHIN_DISADVANTAGED = 0.62
# sd (probit) and lag-1 autocorrelation of each LA's yearly deviation of its KS2 level and
# gap coefficient, for the year-to-year persistence of the real LA results (calibration)
KS2_LEVEL_DRIFT = (0.065, 0.8)
KS2_GAP_DRIFT = (0.04, 0.8)


def ks2_regime(year: int) -> str:
    """Name of the KS2 headline measure's regime in a year."""
    if year >= 2016:
        return "expected_standard_rwm"
    return "level4_rwm" if year >= 2012 else "level4_english_maths"


def _disadvantaged_share(base: np.ndarray, year: int) -> np.ndarray:
    return np.clip(base * (1 + 0.008 * (year - 2015)), 0.01, 0.95)


def _primary_on(schools: pd.DataFrame, year: int) -> np.ndarray:
    return active_on(schools, np.datetime64(f"{year}-05-15")) & (schools.phase == "primary"
                                                                  ).to_numpy()


def focus_gap_coefficient(frame: LAFrame, schools: pd.DataFrame, focus_la: int, gap_pp: float,
                          year: int) -> float:
    """Gap coefficient giving the focus LA's schools an expected gap of ``gap_pp`` in ``year``.

    The expectation is over pupils of the LA's primary schools open that year, given the
    schools' quality and disadvantaged shares (pupil noise only).
    """
    mu = _year_level(year, frame, schools)
    la = frame.units.set_index("la_code").loc[focus_la, "la_effect_ks2"]
    sch = schools[_primary_on(schools, year) & (schools.unit == focus_la).to_numpy()]
    share = _disadvantaged_share(sch.dis_share.to_numpy(), year)
    w_dis, w_other = sch.cohort_mean * share, sch.cohort_mean * (1 - share)
    level = mu + la + sch.quality.to_numpy() - _threshold(year)

    def gap(c: float) -> float:
        p_other = np.average(norm.cdf(level), weights=w_other)
        p_dis = np.average(norm.cdf(level - c), weights=w_dis)
        return 100 * (p_other - p_dis) - gap_pp

    return float(brentq(gap, 0.01, 3.0))


def _year_level(year: int, frame: LAFrame, schools: pd.DataFrame) -> float:
    """Latent year level at which England's expected % meeting the measure (over pupils of
    the primary schools open in the year, without LA drift) is ``KS2_TARGET[year]``."""
    sch = schools[_primary_on(schools, year)]
    units = frame.units.set_index("la_code").loc[sch.unit.to_numpy()]
    share = _disadvantaged_share(sch.dis_share.to_numpy(), year)
    base = units.la_effect_ks2.to_numpy() + sch.quality.to_numpy() - _threshold(year)
    gap = units.gap_coef.to_numpy()
    weight = sch.cohort_mean.to_numpy()

    def shortfall(mu: float) -> float:
        p = (1 - share) * norm.cdf(mu + base) + share * norm.cdf(mu + base - gap)
        return 100 * np.average(p, weights=weight) - KS2_TARGET[year]

    return float(brentq(shortfall, -4.0, 4.0))


@dataclass
class LADrift:
    """Yearly AR(1) deviations (probit) of each LA unit's KS2 level and gap coefficient:
    frames of unit LA code x calendar year. The focus LA has none, so its planted gap and
    LA effect hold in every year."""

    level: pd.DataFrame
    gap: pd.DataFrame


def la_drift(frame: LAFrame, focus_la: int, first_year: int, last_year: int,
             rng: np.random.Generator) -> LADrift:
    """Draw ``LADrift`` for the units of ``frame`` over ``first_year``-``last_year``."""
    codes = frame.units.la_code.to_numpy()
    years = list(range(first_year, last_year + 1))
    level, gap = (ar1(rng, len(codes), len(years), sd, rho)
                  for sd, rho in (KS2_LEVEL_DRIFT, KS2_GAP_DRIFT))
    level[codes == focus_la] = 0.0
    gap[codes == focus_la] = 0.0
    return LADrift(pd.DataFrame(level, index=codes, columns=years),
                   pd.DataFrame(gap, index=codes, columns=years))


@dataclass
class KS2:
    """KS2 school-level results and the pupil-level scores of selected years."""

    schools: pd.DataFrame  # year x URN: counts by group
    pupils: pd.DataFrame  # year, urn, la_code, disadvantaged, fsm, score (selected years)


def simulate_ks2(frame: LAFrame, schools: pd.DataFrame, years: list[int],
                 pupil_years: set[int], rng: np.random.Generator,
                 drift: LADrift | None = None, shocks: AttainmentShocks | None = None) -> KS2:
    """Pupil-level KS2 results aggregated to schools; pupils kept for ``pupil_years``.

    ``drift`` adds each LA's yearly deviations; ``shocks`` (failure scenarios) add LA-year
    and school-year shocks to the latent level.
    """
    units = frame.units.set_index("la_code")
    school_rows, pupil_rows = [], []
    for year in years:
        on = np.flatnonzero(_primary_on(schools, year))
        sch = schools.iloc[on]
        cohort = rng.poisson(sch.cohort_mean.to_numpy())
        n_dis = rng.binomial(cohort, _disadvantaged_share(sch.dis_share.to_numpy(), year))
        unit = units.loc[sch.unit.to_numpy()]
        level = (_year_level(year, frame, schools) + unit.la_effect_ks2.to_numpy()
                 + sch.quality.to_numpy())
        if shocks is not None:
            level = level + shocks.at(year, on, sch.unit.to_numpy())
        gap = unit.gap_coef.to_numpy()
        if drift is not None:
            level = level + drift.level[year].reindex(sch.unit).to_numpy()
            gap = gap + drift.gap[year].reindex(sch.unit).to_numpy()
        la_code = la_code_on(frame, sch, year)
        if year in pupil_years:
            counts, (idx, dis, score) = _pupils(year, cohort, n_dis, level, gap, rng)
            pupil_rows.append(pd.DataFrame({
                "year": np.int16(year), "urn": sch.urn.to_numpy()[idx].astype(np.int32),
                "la_code": la_code[idx].astype(np.int16), "disadvantaged": dis,
                "score": score.astype(np.float32)}))
        else:
            counts = _binomial_counts(year, cohort, n_dis, level, gap, rng)
        school_rows.append(pd.DataFrame({"year": year, "urn": sch.urn.to_numpy(),
                                         "la_code": la_code, **counts}))
    school = pd.concat(school_rows, ignore_index=True)
    school = school[school.cohort > 0].reset_index(drop=True)
    int_cols = ["cohort", "disadvantaged", "fsm", "met_all", "met_dis", "met_fsm"]
    school[int_cols] = school[int_cols].astype(int)
    return KS2(schools=school, pupils=pd.concat(pupil_rows, ignore_index=True))


def _threshold(year: int) -> float:
    """Latent z at which a pupil's rounded score reaches the standard of the year."""
    return -0.5 / 7 if year >= 2016 else -0.05 / 0.8


def _pupils(year, cohort, n_dis, level, gap, rng) -> tuple[dict, tuple]:
    """Pupil-level scores (school index, disadvantaged, score) and the school counts."""
    n = len(cohort)
    idx = np.repeat(np.arange(n), cohort)
    first = np.repeat(np.cumsum(cohort) - cohort, cohort)
    dis = (np.arange(len(idx)) - first) < n_dis[idx]
    fsm = dis & (rng.random(len(idx)) < FSM_WITHIN_DISADVANTAGED)
    z = level[idx] - gap[idx] * dis + rng.normal(0, 1, len(idx))
    if year >= 2016:
        score = np.clip(np.round(100 + 7 * z), 80, 120)
        meets = score >= 100
    else:
        score = np.clip(np.round(4 + 0.8 * z, 1), 1.5, 6.0)
        meets = score >= 4.0
    counts = {"cohort": cohort, "disadvantaged": n_dis, "fsm": np.bincount(idx, fsm, n),
              "met_all": np.bincount(idx, meets, n), "met_dis": np.bincount(idx, meets & dis, n),
              "met_fsm": np.bincount(idx, meets & fsm, n)}
    return counts, (idx, dis, score)


def _binomial_counts(year, cohort, n_dis, level, gap, rng) -> dict:
    """The same school counts drawn directly (years without pupil-level output)."""
    t = _threshold(year)
    p_dis, p_other = norm.cdf(level - gap - t), norm.cdf(level - t)
    fsm = rng.binomial(n_dis, FSM_WITHIN_DISADVANTAGED)
    met_fsm = rng.binomial(fsm, p_dis)
    met_dis = met_fsm + rng.binomial(n_dis - fsm, p_dis)
    return {"cohort": cohort, "disadvantaged": n_dis, "fsm": fsm, "met_fsm": met_fsm,
            "met_dis": met_dis, "met_all": met_dis + rng.binomial(cohort - n_dis, p_other)}


def simulate_ks4(frame: LAFrame, schools: pd.DataFrame, years: list[int],
                 rng: np.random.Generator) -> pd.DataFrame:
    """Year x URN: pupils, disadvantaged, FSM and, per group, counts meeting and Att8 sums."""
    units = frame.units.set_index("la_code")
    out = []
    secondary = (schools.phase == "secondary").to_numpy()
    for year in years:
        on = np.flatnonzero(active_on(schools, np.datetime64(f"{year}-05-15")) & secondary)
        sch = schools.iloc[on]
        n = len(sch)
        pupils = rng.poisson(sch.cohort_mean.to_numpy())
        dis = rng.binomial(pupils, _disadvantaged_share(0.85 * sch.dis_share.to_numpy(), year))
        fsm = rng.binomial(dis, FSM_WITHIN_DISADVANTAGED)
        v = units.loc[sch.unit.to_numpy(), "la_effect_ks4"].to_numpy() + sch.quality.to_numpy()
        row = {"year": year, "urn": sch.urn.to_numpy(), "la_code": la_code_on(frame, sch, year),
               "pupils": pupils, "disadvantaged": dis, "fsm": fsm}
        target = KS4_5EM.get(year, KS4_EM94.get(year))
        if target is not None:
            mu = norm.ppf(target / 100) * 1.1 + 0.2
            p_other = norm.cdf(mu + v)
            p_dis = norm.cdf(mu + v - 0.75)
            met_fsm = rng.binomial(fsm, p_dis)
            met_dis = met_fsm + rng.binomial(dis - fsm, p_dis)
            row.update(met_all=met_dis + rng.binomial(pupils - dis, p_other), met_dis=met_dis,
                       met_fsm=met_fsm)
        if year in KS4_ATT8:
            mean_other = KS4_ATT8[year] + 3.5 + 12 * v + rng.normal(0, 1, n)
            mean_dis = mean_other - 13 + rng.normal(0, 1, n)
            row.update(att8_sum_all=mean_other * (pupils - dis) + mean_dis * dis,
                       att8_sum_dis=mean_dis * dis, att8_sum_fsm=(mean_dis - 1) * fsm)
        out.append(pd.DataFrame(row))
    ks4 = pd.concat(out, ignore_index=True)
    return ks4[ks4.pupils > 0].reset_index(drop=True)
