"""Do the schools add up to the LA row DfE published in the same performance-table file?

Each ``ks2final`` file gives every school (``RECTYPE`` 1 mainstream, 2 special) and the LA's
own total (``RECTYPE`` 3), which DfE computes from pupil records of those same schools. The
check recomputes six LA figures from the school rows: the eligible, disadvantaged and other
pupils, and the % of all, disadvantaged and other pupils meeting the standard (pupils
meeting it are derived from each school's percentage and count).

What "agree" means, given that DfE rounds and suppresses:

* Each school's true figure is bounded. A published count is exact; a suppressed group count
  (``SUPP``: 5 or fewer pupils) is the eligible count minus the other group where that is
  published, else anything from 0 to the school's eligible pupils. A published percentage
  is rounded to a whole number, so the pupils meeting the standard lie within
  ``(p -/+ 0.5)% x n``; a suppressed one anywhere from 0 to n, narrowed by the school's
  all-pupil figure (a group cannot exceed the whole, nor the whole less the other group).
* A count agrees when the LA's published count lies within the sum of the schools' bounds.
  A percentage agrees when the LA's published (whole-number) percentage, +-0.5, overlaps the
  range of percentages the schools' bounds allow over the LA's published number of pupils.
* ``computed`` is the plain recomputation (sum of published counts; pupils meeting the
  standard over the pupils of schools whose percentage is published) and ``difference`` is
  published minus computed: with many suppressed schools it can exceed rounding while the
  figures still agree.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

HALF = 0.5  # published percentages are whole numbers
EPS = 1e-9
GROUPS = {"all": ("cohort", "pct_all"), "disadvantaged": ("disadvantaged_pupils",
                                                         "pct_disadvantaged"),
          "other": ("other_pupils", "pct_other")}
LABELS = {"cohort": "eligible pupils", "disadvantaged_pupils": "disadvantaged pupils",
          "other_pupils": "other pupils", "pct_all": "% meeting the standard: all pupils",
          "pct_disadvantaged": "% meeting the standard: disadvantaged pupils",
          "pct_other": "% meeting the standard: other pupils"}


def _count_bounds(s: pd.DataFrame) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Per school, (low, high) of the eligible, disadvantaged and other pupils."""
    n = s["cohort"].to_numpy(float)
    n_lo, n_hi = np.nan_to_num(n, nan=0.0), np.where(np.isnan(n), np.inf, n)
    out = {"cohort": (n_lo, n_hi)}
    for group, other in (("disadvantaged_pupils", "other_pupils"),
                         ("other_pupils", "disadvantaged_pupils")):
        g, o = s[group].to_numpy(float), s[other].to_numpy(float)
        derived = np.where(np.isnan(g), n - o, g)
        out[group] = (np.where(np.isnan(derived), 0.0, derived),
                      np.where(np.isnan(derived), n_hi, derived))
    return out


def _meeting_bounds(pct: np.ndarray, lo: np.ndarray, hi: np.ndarray):
    """Pupils meeting the standard implied by a rounded (or suppressed) percentage."""
    low = np.where(np.isnan(pct), 0.0, np.ceil((pct - HALF) * lo / 100 - EPS))
    high = np.where(np.isnan(pct), hi, np.floor((pct + HALF) * hi / 100 + EPS))
    return np.clip(low, 0, None), np.minimum(high, hi)


def school_bounds(s: pd.DataFrame) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Per school, bounds on the three counts and the pupils meeting the standard by group."""
    counts = _count_bounds(s)
    met = {g: _meeting_bounds(s[pct].to_numpy(float), *counts[n])
           for g, (n, pct) in GROUPS.items()}
    (a_lo, a_hi), (d_lo, d_hi), (o_lo, o_hi) = met["all"], met["disadvantaged"], met["other"]
    met["disadvantaged"] = (np.maximum(d_lo, a_lo - o_hi), np.minimum(d_hi, a_hi - o_lo))
    met["other"] = (np.maximum(o_lo, a_lo - d_hi), np.minimum(o_hi, a_hi - d_lo))
    return {**counts, **{GROUPS[g][1]: met[g] for g in GROUPS}}


def _row(quantity: str, published: float, computed: float, low: float, high: float,
         schools: int, unknown: int) -> dict:
    if quantity.startswith("pct"):
        agrees = bool(low <= published + HALF + EPS and high >= published - HALF - EPS)
    else:
        agrees = bool(low - EPS <= published <= high + EPS)
    return {"quantity": LABELS[quantity], "published": published, "computed": computed,
            "computed_low": low, "computed_high": high, "difference": published - computed,
            "schools": schools, "schools_suppressed": unknown,
            "agrees": agrees if np.isfinite(published) else pd.NA}


def _check_one(s: pd.DataFrame, la: pd.Series) -> list[dict]:
    bounds, rows = school_bounds(s), []
    for quantity in ("cohort", "disadvantaged_pupils", "other_pupils"):
        lo, hi = bounds[quantity]
        known = s[quantity].notna()
        rows.append(_row(quantity, float(la[quantity]), float(s[quantity].sum()), lo.sum(),
                         hi.sum(), len(s), int((~known).sum())))
    for n_col, pct in GROUPS.values():
        lo, hi = bounds[pct]
        n_la = float(la[n_col]) if pd.notna(la[n_col]) else bounds[n_col][0].sum()
        shown = s[pct].notna() & s[n_col].notna()
        meeting = (s.loc[shown, pct] / 100 * s.loc[shown, n_col]).round().sum()
        computed = 100 * meeting / s.loc[shown, n_col].sum() if shown.any() else np.nan
        rows.append(_row(pct, float(la[pct]), computed, 100 * lo.sum() / n_la,
                         100 * hi.sum() / n_la, len(s), int((~shown).sum())))
    return rows


def la_totals_check(schools: pd.DataFrame, totals: pd.DataFrame) -> pd.DataFrame:
    """Each LA row of ``ks_attainment_school_totals`` against its schools' rows of
    ``ks_attainment_school`` (mainstream and special), one row per figure.

    Columns: ``year``, ``la_code``, ``area_name``, ``measure``, ``quantity``, ``published``,
    ``computed``, ``computed_low``, ``computed_high``, ``difference`` (published minus
    computed), ``schools``, ``schools_suppressed`` (schools whose figure is not published)
    and ``agrees`` (see the module docstring; missing where the LA figure is not published).
    """
    key = ["year", "la_code", "key_stage", "measure"]
    las = totals[totals["record_type"] == "la"]
    out = []
    for _, la in las.sort_values(key).iterrows():
        mine = schools[(schools[key] == la[key]).all(axis=1)]
        if mine.empty:
            continue
        head = {"year": int(la["year"]), "la_code": int(la["la_code"]),
                "area_name": la["area_name"], "measure": la["measure"]}
        out += [{**head, **row} for row in _check_one(mine, la)]
    columns = ["year", "la_code", "area_name", "measure", "quantity", "published", "computed",
               "computed_low", "computed_high", "difference", "schools", "schools_suppressed",
               "agrees"]
    return pd.DataFrame(out, columns=columns)


def disagreements(check: pd.DataFrame) -> pd.DataFrame:
    """Rows of a check whose published LA figure the schools cannot produce."""
    return check[check["agrees"].eq(False)]
