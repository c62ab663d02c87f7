"""Synthetic Ofsted school inspections, September 2005 - August 2025.

Each URN is first inspected within the first cycle (or 2-3.5 years after it opens),
then again after an interval that depends on its last grade and the framework
(outstanding schools were exempt from routine re-inspection from 2012 to 2021;
requires improvement and inadequate soon), with no graded inspections from March
2020 to August 2021. Grades come from an ordered probit on a latent
``national trend + LA effect + school quality + outsourcing shift + noise``.
The focus LA's schools get ``outsourcing_probit_shift`` when inspected in the
outsourcing window; a counterfactual run with common random numbers gives the
planted effect on the LA's share of schools good or outstanding.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import norm

from analysis_lib.data.synth.geography_frame import LAFrame
from analysis_lib.data.synth.shocks import InspectionShifts

FIRST = np.datetime64("2005-09-01")
END = np.datetime64("2025-08-31")
COVID = (np.datetime64("2020-03-16"), np.datetime64("2021-09-01"))
MAX_ROUNDS = 14
CUT_OUTSTANDING, CUT_GOOD, CUT_RI = 1.75, 0.0, -1.35
NOISE_SD = 0.75
# share of inspections judged good or outstanding (trend of the latent mean)
GOOD_SHARE = {2005: 0.55, 2008: 0.58, 2011: 0.62, 2013: 0.70, 2016: 0.78, 2019: 0.80,
              2022: 0.84, 2025: 0.86}
NO_GRADE_FROM = np.datetime64("2024-09-01")
YEAR = 365.25


def _trend(dates: np.ndarray) -> np.ndarray:
    years = np.array(list(GOOD_SHARE))
    level = norm.ppf(np.array(list(GOOD_SHARE.values()))) * np.sqrt(NOISE_SD**2 + 0.45**2)
    return np.interp(_years(dates), years + 0.5, level)


def _interval_years(grade: np.ndarray, date: np.ndarray, u: np.ndarray) -> np.ndarray:
    early = date < np.datetime64("2012-09-01")
    lo = np.select([grade == 1, grade == 2, grade == 3], [
        np.where(early, 4.0, 7.0), np.where(early, 3.0, 4.0), 1.8], 1.3)
    hi = np.select([grade == 1, grade == 2, grade == 3], [
        np.where(early, 5.5, 13.0), np.where(early, 4.5, 5.0), 2.6], 2.2)
    return lo + (hi - lo) * u


def _years(dates: np.ndarray) -> np.ndarray:
    return 1970 + dates.astype("datetime64[D]").astype(float) / YEAR


def simulate(schools: pd.DataFrame, la_effect: np.ndarray, shift: np.ndarray,
             window: tuple[np.datetime64, np.datetime64], draws: dict[str, np.ndarray],
             *, ramp_years: float = 0.0, shifts: InspectionShifts | None = None
             ) -> pd.DataFrame:
    """Inspections (one row each) of ``schools`` given per-school shift in the window.

    Failure scenarios: with ``ramp_years`` the shift grows linearly from nothing at the
    window's start to full size ``ramp_years`` later; ``shifts`` adds each school's extra
    latent outcome (own trend, LA-year shocks) at its inspection date.
    """
    opened = schools.open_date.to_numpy().astype("datetime64[D]")
    close = schools.close_date.to_numpy().astype("datetime64[D]")
    close = np.where(np.isnat(close), END, close)
    base = la_effect + 1.5 * schools.quality.to_numpy()
    first_new = opened + (draws["first"] * 1.5 * YEAR + 2 * YEAR).astype("timedelta64[D]")
    first_old = FIRST + (draws["first"] * 3 * YEAR).astype("timedelta64[D]")
    date = np.where(opened < FIRST, first_old, np.maximum(first_new, FIRST))
    rows = []
    for r in range(MAX_ROUNDS):
        in_covid = (date >= COVID[0]) & (date < COVID[1])
        date = np.where(in_covid, date + (draws["covid"][:, r] * YEAR + 1.45 * YEAR).astype(
            "timedelta64[D]"), date)
        in_august = (date.astype("datetime64[M]").astype(int) % 12) == 7
        date = np.where(in_august, date + np.timedelta64(31, "D"), date)  # school holidays
        alive = date <= close
        if not alive.any():
            break
        in_window = (date >= window[0]) & (date <= window[1])
        size = shift * in_window
        if ramp_years:
            size = size * np.clip((_years(date) - _years(window[0])) / ramp_years, 0, 1)
        latent = _trend(date) + base + size + NOISE_SD * draws["eps"][:, r]
        if shifts is not None:
            latent = latent + shifts.at(_years(date))
        grade = np.select([latent > CUT_OUTSTANDING, latent > CUT_GOOD, latent > CUT_RI],
                          [1, 2, 3], 4)
        idx = np.flatnonzero(alive)
        rows.append(pd.DataFrame({"row": idx, "date": date[idx], "grade": grade[idx]}))
        step = _interval_years(grade, date, draws["gap"][:, r]) * YEAR
        date = np.where(alive, date + step.astype("timedelta64[D]"), np.datetime64("NaT"))
        date = np.where(np.isnat(date), np.datetime64("2100-01-01"), date)
    out = pd.concat(rows, ignore_index=True)
    out["grade"] = np.where(out.date >= NO_GRADE_FROM, 0, out.grade)
    return out.sort_values(["row", "date"]).reset_index(drop=True)


def draw(n: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Random numbers for ``simulate`` (drawn once so a counterfactual can reuse them)."""
    return {"first": rng.random(n), "eps": rng.normal(0, 1, (n, MAX_ROUNDS)),
            "gap": rng.random((n, MAX_ROUNDS)), "covid": rng.random((n, MAX_ROUNDS))}


def as_at_share(schools: pd.DataFrame, insp: pd.DataFrame, dates: list[np.datetime64]
                ) -> np.ndarray:
    """Share (%) of open schools with a graded inspection whose latest grade is 1 or 2."""
    close = schools.close_date.to_numpy().astype("datetime64[D]")
    opened = schools.open_date.to_numpy().astype("datetime64[D]")
    graded = insp[insp.grade > 0]
    out = []
    for d in dates:
        latest = graded[graded.date <= d].groupby("row").grade.last()
        rows = latest.index.to_numpy()
        is_open = (opened[rows] <= d) & (np.isnat(close[rows]) | (close[rows] >= d))
        out.append(100 * np.mean(latest.to_numpy()[is_open] <= 2) if is_open.any() else np.nan)
    return np.array(out)


def simulate_inspections(frame: LAFrame, schools: pd.DataFrame, focus_la: int,
                         shift: float, window: tuple[str, str],
                         rng: np.random.Generator, *, ramp_years: float = 0.0,
                         shifts: InspectionShifts | None = None) -> tuple[pd.DataFrame, dict]:
    """All inspections, and the planted outsourcing effect measured against a counterfactual
    (the same schools and random numbers, without the shift; ``shifts`` apply to both)."""
    win = (np.datetime64(window[0]), np.datetime64(window[1]))
    la_eff = frame.units.set_index("la_code").loc[schools.unit.to_numpy(),
                                                  "la_effect_ofsted"].to_numpy()
    focus = schools.unit.to_numpy() == focus_la
    draws = draw(len(schools), rng)
    insp = simulate(schools, la_eff, np.where(focus, shift, 0.0), win, draws,
                    ramp_years=ramp_years, shifts=shifts)
    sub = schools[focus].reset_index(drop=True)
    sub_draws = {k: v[focus] for k, v in draws.items()}
    sub_shifts = None if shifts is None else shifts.subset(focus)
    factual = simulate(sub, la_eff[focus], np.full(len(sub), shift), win, sub_draws,
                       ramp_years=ramp_years, shifts=sub_shifts)
    counter = simulate(sub, la_eff[focus], np.zeros(len(sub)), win, sub_draws,
                       ramp_years=ramp_years, shifts=sub_shifts)
    years = list(range(2006, 2026))
    dates = [np.datetime64(f"{y}-08-31") for y in years]
    diff = as_at_share(sub, factual, dates) - as_at_share(sub, counter, dates)
    in_win = factual[(factual.date >= win[0]) & (factual.date <= win[1])]
    lat = (_trend(in_win.date.to_numpy()) + la_eff[focus][in_win.row]
           + 1.5 * sub.quality.to_numpy()[in_win.row])
    prob_shift = 100 * np.mean(norm.cdf((lat + shift - CUT_GOOD) / NOISE_SD)
                               - norm.cdf((lat - CUT_GOOD) / NOISE_SD))
    by_year = dict(zip(years, np.round(diff, 3).tolist(), strict=True))
    effect = {"as_at_31_august_pp_by_year": by_year,
              "inspection_probability_pp": float(prob_shift)}
    return insp, effect


def expected_outsourcing_effect(frame: LAFrame, schools: pd.DataFrame, focus_la: int,
                                shift: float, window: tuple[str, str],
                                rng: np.random.Generator, replicates: int = 100, *,
                                ramp_years: float = 0.0,
                                shifts: InspectionShifts | None = None) -> dict:
    """Superpopulation effect: as-at share difference over ``replicates`` fresh draws of the
    focus LA's schools' inspection histories (same schools and shifts, new random numbers)."""
    win = (np.datetime64(window[0]), np.datetime64(window[1]))
    focus = schools.unit.to_numpy() == focus_la
    sub = schools[focus]
    sub = sub.loc[np.tile(sub.index.to_numpy(), replicates)].reset_index(drop=True)
    la_eff = np.full(len(sub), frame.units.set_index("la_code").loc[focus_la,
                                                                     "la_effect_ofsted"])
    draws = draw(len(sub), rng)
    sub_shifts = None if shifts is None else shifts.subset(focus).tile(replicates)
    factual = simulate(sub, la_eff, np.full(len(sub), shift), win, draws,
                       ramp_years=ramp_years, shifts=sub_shifts)
    counter = simulate(sub, la_eff, np.zeros(len(sub)), win, draws, ramp_years=ramp_years,
                       shifts=sub_shifts)
    years = list(range(2006, 2026))
    dates = [np.datetime64(f"{y}-08-31") for y in years]
    diff = as_at_share(sub, factual, dates) - as_at_share(sub, counter, dates)
    return {"as_at_31_august_pp_by_year": dict(zip(years, np.round(diff, 3).tolist(), strict=True)),
            "replicates": replicates}
