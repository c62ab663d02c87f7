"""Synthetic state-funded primary and secondary schools, 2000-2025, with their URN chains.

A school that converts to an academy (from September 2010) closes its URN the day
before conversion and reopens under a new URN that records the predecessor, as in
Get Information about Schools. A few schools close and a few open (free schools from
2011) over the period. ``quality`` is the school's latent effect shared by attainment
and inspections.

Which schools close or convert depends on their quality, as it did: weaker schools closed
more often and were made sponsored academies, while the converter route (which at first
required a good or outstanding grade) drew stronger schools. The tilts below are
assumptions, not estimates; they matter for the survivorship measurement of notebook 02.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis_lib.data.synth.geography_frame import LAFrame, predecessor_for

DAY = np.timedelta64(1, "D")
CONVERT_BY_2025 = {"primary": 0.42, "secondary": 0.80}
# relative weights of conversion years 2011..2025 (secondary schools converted early)
#: Selection on standardised quality z: closure odds x exp(-CLOSE_TILT z); the converter
#: route x exp(CONVERTER_TILT z), the sponsored route x exp(-SPONSORED_TILT z), the sponsored
#: route taking SPONSORED_SHARE of conversions.
CLOSE_TILT, CONVERTER_TILT, SPONSORED_TILT, SPONSORED_SHARE = 1.0, 1.0, 1.5, 0.25
CONVERT_YEAR_WEIGHTS = {
    "secondary": [20, 18, 12, 8, 6, 6, 6, 5, 4, 3, 3, 3, 2, 2, 2],
    "primary": [2, 4, 6, 7, 8, 9, 9, 9, 8, 7, 7, 7, 6, 6, 5],
}


def month_start(years: np.ndarray, months: np.ndarray | int) -> np.ndarray:
    """First day of the given months as datetime64[D]."""
    return ((np.asarray(years) - 1970) * 12 + np.asarray(months) - 1).astype(
        "datetime64[M]").astype("datetime64[D]")


def _dates(years: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    return month_start(years, rng.integers(1, 13, len(years)))


def build_schools(frame: LAFrame, rng: np.random.Generator) -> pd.DataFrame:
    """One row per URN: LA unit, phase, dates, predecessor, academy flag, latent traits."""
    units = frame.units
    unit = np.concatenate([np.repeat(units.la_code, units.n_primary),
                           np.repeat(units.la_code, units.n_secondary)]).astype(int)
    phase = np.array(["primary"] * int(units.n_primary.sum())
                     + ["secondary"] * int(units.n_secondary.sum()))
    # new schools opening 2001-2025 (about 4%), free-school academies from 2011
    n_new = int(round(0.04 * len(unit)))
    new_idx = rng.integers(0, len(unit), n_new)
    unit = np.concatenate([unit, unit[new_idx]])
    phase = np.concatenate([phase, phase[new_idx]])
    n = len(unit)
    is_new = np.arange(n) >= n - n_new
    open_year = np.where(is_new, rng.integers(2001, 2026, n), rng.integers(1950, 2000, n))
    open_date = np.where(is_new, month_start(open_year, 9), _dates(open_year, rng))
    free_school = is_new & (open_year >= 2011)
    close_draw = rng.random(n)
    close_date = _dates(rng.integers(2001, 2026, n), rng)

    unit_row = units.set_index("la_code").loc[unit]
    share = unit_row.disadvantaged_share.to_numpy()
    logit = np.log(share / (1 - share)) + rng.normal(0, 0.55, n)
    dis_share = 1 / (1 + np.exp(-logit))
    quality = rng.normal(0, 0.3, n) - 0.35 * (dis_share - share)
    closes = close_draw < 0.08 * _tilt(quality, -CLOSE_TILT)
    close_date = np.where(closes & (close_date > open_date + 365 * DAY), close_date,
                          np.datetime64("NaT", "D"))
    prim = phase == "primary"
    cohort = np.where(prim, np.clip(np.exp(rng.normal(np.log(38), 0.38, n)), 6, 95),
                      np.clip(rng.normal(175, 50, n), 40, 330))

    schools = pd.DataFrame({
        "unit": unit, "pred_la": predecessor_for(units, unit, rng), "phase": phase,
        "open_date": open_date, "close_date": close_date, "free_school": free_school,
        "dis_share": dis_share, "quality": quality, "cohort_mean": cohort})
    schools = schools.sort_values(["unit", "phase", "open_date"], kind="stable")
    schools = schools.reset_index(drop=True)
    schools["urn"] = 100000 + np.arange(len(schools))
    free = schools.free_school.to_numpy()
    schools.loc[free, "urn"] = 135000 + np.arange(free.sum())
    schools["predecessor_urn"] = pd.array([pd.NA] * len(schools), dtype="Int64")
    schools["is_academy"] = schools.free_school.to_numpy()
    schools["academy_route"] = np.where(schools.free_school, "Free schools", "")
    return _convert(schools, rng)


def _tilt(quality: np.ndarray, slope: float) -> np.ndarray:
    """exp(slope x standardised quality), scaled to mean 1 (a relative propensity)."""
    z = (quality - quality.mean()) / quality.std()
    weight = np.exp(slope * z)
    return weight / weight.mean()


def _convert(schools: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Academy conversions from 2011: old URN closes, a new URN opens with the predecessor."""
    n = len(schools)
    phase = schools.phase.to_numpy()
    p = np.where(phase == "primary", CONVERT_BY_2025["primary"], CONVERT_BY_2025["secondary"])
    years = np.arange(2011, 2026)
    conv_year = np.zeros(n, dtype=int)
    for ph, w in CONVERT_YEAR_WEIGHTS.items():
        idx = np.flatnonzero(phase == ph)
        w = np.asarray(w, float) / np.sum(w)
        conv_year[idx] = rng.choice(years, size=len(idx), p=w)
    conv_date = _dates(conv_year, rng)
    quality = schools.quality.to_numpy()
    converter = (1 - SPONSORED_SHARE) * _tilt(quality, CONVERTER_TILT)
    sponsor = SPONSORED_SHARE * _tilt(quality, -SPONSORED_TILT)
    sponsored = rng.random(n) < sponsor / (converter + sponsor)
    ok = ((rng.random(n) < np.minimum(p * (converter + sponsor), 0.98))
          & ~schools.is_academy.to_numpy()
          & (schools.open_date.to_numpy() < conv_date - 365 * DAY)
          & ~(schools.close_date.to_numpy() <= conv_date))
    old = schools[ok].copy()
    new = old.copy()
    new["open_date"] = conv_date[ok]
    new["predecessor_urn"] = old.urn.astype("Int64").to_numpy()
    new["is_academy"] = True
    new["academy_route"] = np.where(sponsored[ok], "Academy sponsor led", "Academy converter")
    new["quality"] = old.quality.to_numpy() + rng.normal(0, 0.1, len(old))
    new = new.sort_values(["open_date", "urn"], kind="stable")
    new["urn"] = 137000 + np.arange(len(new))
    schools.loc[ok, "close_date"] = conv_date[ok] - DAY
    out = pd.concat([schools, new], ignore_index=True)
    out["close_date"] = pd.to_datetime(out.close_date)
    out["open_date"] = pd.to_datetime(out.open_date)
    return out.sort_values("urn", kind="stable").reset_index(drop=True)


def active_on(schools: pd.DataFrame, date: np.datetime64) -> np.ndarray:
    """Boolean mask of URNs open on a date."""
    close = schools.close_date.to_numpy()
    return (schools.open_date.to_numpy() <= date) & (np.isnat(close) | (close >= date))


def la_code_on(frame: LAFrame, schools: pd.DataFrame, year: int) -> np.ndarray:
    """LA code each school reports under in a year (predecessor before a reorganisation)."""
    return frame.code_in_year(schools.unit.to_numpy(), schools.pred_la.to_numpy(),
                              np.full(len(schools), year))
