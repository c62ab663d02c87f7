"""Synthetic Troubled Families data: LA progress tables and family-level linked records.

Families: covariates are written to the records file; the probability of joining the
programme depends only on them (selection on observables). Treated families start in
2012-2014 (phase 1) or 2015-2019 (phase 2); the others are never treated. For each
outcome and year 2009-2021 the untreated probability is ``covariate risk + family effect
+ year effect``; from the start year on, treated families' probability moves by the
planted effect (pp), so the ATT is the same for every cohort and every year since start.
Common random numbers give the finite-sample ATT of the realised data as well.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis_lib import geography
from analysis_lib.data.synth.geography_frame import LAFrame, predecessor_for
from analysis_lib.data.synth.workforce import la_sizes

OUTCOME_YEARS = np.arange(2009, 2022)
PHASE_STARTS = {1: ([2012, 2013, 2014], [0.35, 0.40, 0.25]),
                2: ([2015, 2016, 2017, 2018, 2019], [0.10, 0.25, 0.25, 0.20, 0.20])}
PROGRESS = {  # date: cumulative share of target (identified, worked with, turned around)
    1: {"2012-12-31": (0.45, 0.25, 0.02), "2013-06-30": (0.70, 0.45, 0.08),
        "2013-12-31": (0.88, 0.65, 0.22), "2014-06-30": (0.98, 0.85, 0.45),
        "2014-12-31": (1.00, 0.97, 0.75), "2015-05-31": (1.00, 1.00, 0.99)},
    2: {"2016-03-31": (0.22, 0.15, 0.01), "2017-03-31": (0.48, 0.38, 0.06),
        "2018-03-31": (0.70, 0.60, 0.17), "2019-03-31": (0.88, 0.80, 0.35),
        "2020-03-31": (1.00, 0.95, 0.60)},
}
# the focus LA's published counts: 383 identified by June 2013 and 13 turned around by July
# 2013 (press, citing DCLG), 413 and 92 by December 2013 (council report); its target (765)
# and the other figures are synthetic, chosen to be consistent with those counts
FOCUS_PHASE1 = {"target": 765, "2012-12-31": (0.22, 0.12, 0.0),
                "2013-06-30": (0.501, 0.28, 0.017), "2013-12-31": (0.54, 0.45, 0.12),
                "2014-06-30": (0.80, 0.70, 0.35), "2014-12-31": (1.00, 0.95, 0.70),
                "2015-05-31": (1.00, 1.00, 0.98)}
NATIONAL_TARGET = {1: 120000, 2: 400000}


def progress_by_la(frame: LAFrame, focus_la: int, rng: np.random.Generator) -> pd.DataFrame:
    """LA x phase x date cumulative counts in the MHCLG progress-table layout."""
    sizes = la_sizes(frame)
    rows = []
    for phase, dates in PROGRESS.items():
        speed = pd.Series(np.clip(rng.normal(1, 0.12, len(sizes)), 0.6, 1.3), index=sizes.index)
        for date, fracs in dates.items():
            las = geography.las(int(date[:4])).drop_duplicates("la_code", keep="last")
            share = sizes.reindex(las.la_code).to_numpy()
            target = np.round(NATIONAL_TARGET[phase] * share / sizes[sizes.index.isin(
                las.la_code)].sum() / 5) * 5
            for (code, name), tgt in zip(las[["la_code", "la_name"]].itertuples(index=False),
                                         target, strict=True):
                f = np.minimum(np.asarray(fracs) * speed[code], 1.0)
                if phase == 1 and code == focus_la:
                    tgt = FOCUS_PHASE1["target"]
                    f = np.asarray(FOCUS_PHASE1[date])
                counts = np.round(tgt * np.maximum.accumulate(f[::-1])[::-1])
                rows.append((name, code, phase, date, tgt, *counts))
    out = pd.DataFrame(rows, columns=["Upper tier local authority", "LA code", "Phase", "Date",
                                      "Families to work with", "Families identified",
                                      "Families worked with", "Families turned around"])
    return out.sort_values(["Phase", "Date", "LA code"], kind="stable").reset_index(drop=True)


def families_per_la(frame: LAFrame, per_la: int, focus_n: int, focus_la: int) -> np.ndarray:
    """Number of family records of each LA unit (in ``frame.units`` order)."""
    units = frame.units
    rel = units["size"] / units["size"].mean()
    n_la = np.maximum(np.round(per_la * (0.5 + 0.5 * rel)), 5).astype(int).to_numpy()
    n_la[units.la_code.to_numpy() == focus_la] = focus_n
    return n_la


def families(frame: LAFrame, per_la: int, focus_n: int, focus_la: int,
             rng: np.random.Generator, unrecorded_risk: np.ndarray | None = None,
             selection_on_risk: float = 0.0) -> pd.DataFrame:
    """Family records: LA, phase, covariates, treatment and start year.

    Failure scenario: ``selection_on_risk`` adds that many log-odds of joining per SD of
    ``unrecorded_risk`` (one value per family, not written to any file).
    """
    units = frame.units
    unit = np.repeat(units.la_code.to_numpy(), families_per_la(frame, per_la, focus_n, focus_la))
    n = len(unit)
    pred = predecessor_for(units, unit, rng)
    la_code = frame.code_in_year(unit, pred, np.full(n, 2015))
    ids = pd.DataFrame({"family_id": np.arange(1, n + 1) + 1_000_000, "la_code": la_code})
    return join_programme(pd.concat([ids, family_traits(n, rng)], axis=1), rng,
                          unrecorded_risk, selection_on_risk)


def family_traits(n: int, rng: np.random.Generator, phase_1_share: float = 0.4
                  ) -> pd.DataFrame:
    """Phase and baseline covariates of ``n`` families, as the template records them."""
    return pd.DataFrame({
        "phase": np.where(rng.random(n) < phase_1_share, 1, 2),
        "n_children": 1 + rng.poisson(1.3, n), "lone_parent": rng.random(n) < 0.45,
        "workless": rng.random(n) < 0.55, "prior_cin": rng.random(n) < 0.25,
        "prior_persistent_absence": rng.random(n) < 0.35, "prior_offending": rng.random(n) < 0.2,
        "deprivation_decile": np.clip(1 + rng.poisson(2.2, n), 1, 10)})


def join_programme(fam: pd.DataFrame, rng: np.random.Generator,
                   unrecorded_risk: np.ndarray | None = None, selection_on_risk: float = 0.0
                   ) -> pd.DataFrame:
    """Who the programme works with and when they start: selection on the covariates, and
    in the failure scenario also on ``unrecorded_risk`` (see `families`)."""
    logit = (-0.9 + 0.9 * fam.workless + 0.8 * fam.prior_cin + 0.6 * fam.prior_persistent_absence
             + 0.7 * fam.prior_offending + 0.15 * (5 - fam.deprivation_decile)
             + 0.1 * fam.n_children)
    if selection_on_risk:
        logit = logit + selection_on_risk * unrecorded_risk
    fam["propensity"] = 1 / (1 + np.exp(-logit))
    fam["treated"] = rng.random(len(fam)) < fam.propensity
    start = np.zeros(len(fam), dtype=int)
    for phase, (years, probs) in PHASE_STARTS.items():
        idx = np.flatnonzero(fam.phase == phase)
        start[idx] = rng.choice(years, size=len(idx), p=probs)
    fam["start_year"] = pd.array(np.where(fam.treated, start, 0), dtype="Int64")
    fam.loc[~fam.treated, "start_year"] = pd.NA
    return fam


def _risk(fam: pd.DataFrame, outcome: str) -> np.ndarray:
    """Time-invariant untreated probability from covariates (before family/year effects)."""
    depr = (10 - fam.deprivation_decile.to_numpy()) / 9
    if outcome == "child_entered_care":
        return (0.045 + 0.05 * fam.prior_cin + 0.01 * (fam.n_children - 1).clip(0, 4)
                + 0.02 * fam.lone_parent + 0.02 * depr).to_numpy()
    if outcome == "youth_custody":
        return (0.02 + 0.04 * fam.prior_offending + 0.01 * depr).to_numpy()
    if outcome == "persistent_absence":
        return (0.12 + 0.25 * fam.prior_persistent_absence + 0.05 * depr).to_numpy()
    return (0.25 + 0.45 * fam.workless + 0.05 * fam.lone_parent).to_numpy()


def outcomes(fam: pd.DataFrame, effects_pp: dict[str, float], rng: np.random.Generator,
             years: np.ndarray = OUTCOME_YEARS, extra_pp: np.ndarray | None = None
             ) -> tuple[pd.DataFrame, dict[str, dict]]:
    """Family x year x outcome 0/1 values, and the realised ATT of each outcome (pp).

    ``extra_pp`` (family x year, failure scenarios) is added to every untreated chance.
    """
    n, t = len(fam), len(years)
    start = fam.start_year.fillna(9999).to_numpy().astype(int)
    post = fam.treated.to_numpy()[:, None] & (years[None, :] >= start[:, None])
    frames, realised = [], {}
    for outcome, tau_pp in effects_pp.items():
        base = _risk(fam, outcome)
        family_effect = rng.uniform(0, 0.03, n)
        year_effect = rng.uniform(-0.008, 0.008, t)
        p0 = base[:, None] + family_effect[:, None] + year_effect[None, :]
        if extra_pp is not None:
            p0 = p0 + extra_pp / 100
        p0 = np.clip(p0, 0, 1)
        p1 = np.clip(p0 + tau_pp / 100, 0, 1)
        u = rng.random((n, t))
        y0, y1 = u < p0, u < p1
        y = np.where(post, y1, y0)
        realised[outcome] = {"finite_sample_att_pp": float(100 * np.mean((y1 ^ y0)[post] * (
            y1.astype(int) - y0.astype(int))[post])), "treated_post_cells": int(post.sum()),
            "min_untreated_probability": float(p0.min())}
        frames.append(pd.DataFrame({
            "family_id": np.repeat(fam.family_id.to_numpy(), t),
            "year": np.tile(years, n), "outcome": outcome,
            "value": y.reshape(-1).astype(int)}))
    out = pd.concat(frames, ignore_index=True)
    return out.sort_values(["family_id", "year", "outcome"], kind="stable").reset_index(
        drop=True), realised
