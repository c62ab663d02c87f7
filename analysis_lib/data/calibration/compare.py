"""Synthetic-vs-real calibration table: each measure's statistics on both panels, over the
years both have, with the tolerance each must meet.

Tolerances (why each is what it is). Sampling variation quoted is measured over 20 draws
of the synthetic CSC panel (seeds 2000-2019, docs/calibration.md):

- ``mean``: standardised difference (synthetic - real) / real between-LA SD within +-0.25:
  the synthetic average LA sits within a quarter of the real spread between LAs, close to
  the conventional "small" difference of 0.2 SD (Cohen 1988); a draw's own mean varies by
  0.06-0.10 of that SD.
- ``between_la_sd``: ratio synthetic / real between 0.67 and 1.5 (spread within half again
  either way); a draw's between-LA SD varies by 5-11%.
- ``lag1_correlation`` and ``within_la_share``: difference within +-0.15; a draw's value
  varies with SD 0.02-0.04, so the difference between two panels drawn alike has SD of at
  most about 0.06 and 0.15 is two and a half of those or more.
- ``pct_grade_k`` (share of judgements at grade k): within +-10 percentage points; with
  about 150 judgements per framework a share's sampling SD is up to 4 points per panel.
- ``consecutive_correlation`` of an LA's overall grades: within +-0.15 (about 270 pairs: a
  correlation's sampling SD is about 0.05 per panel).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis_lib.data.calibration import measures as m
from analysis_lib.data.calibration.statistics import (
    GRADES,
    PANEL_STATISTICS,
    consecutive_grade_correlation,
    grade_shares,
    panel_statistics,
)

COLUMNS = ["measure", "statistic", "years", "real", "synthetic", "check", "check_kind",
           "tolerance", "within_tolerance", "n_real", "n_synthetic"]
MEAN_SMD = 0.25
SD_RATIO = (0.67, 1.5)
PERSISTENCE_DIFF = 0.15
GRADE_PCT_DIFF = 10.0


def _rule(statistic: str, real: float, synthetic: float, real_sd: float
          ) -> tuple[float, str, str, bool]:
    """(check value, its kind, tolerance text, within tolerance) for one statistic."""
    if statistic == "mean":
        check = (synthetic - real) / real_sd
        return (check, "standardised difference", f"|d| <= {MEAN_SMD}",
                bool(abs(check) <= MEAN_SMD))
    if statistic == "between_la_sd":
        check = synthetic / real
        lo, hi = SD_RATIO
        return check, "ratio", f"{lo} to {hi}", bool(lo <= check <= hi)
    bound = GRADE_PCT_DIFF if statistic.startswith("pct_grade") else PERSISTENCE_DIFF
    check = synthetic - real
    return check, "difference", f"|diff| <= {bound:g}", bool(abs(check) <= bound)


def _years_text(years: list[int]) -> str:
    if not years:
        return "none"
    runs, start = [], years[0]
    for prev, cur in zip(years, [*years[1:], None], strict=True):
        if cur != prev + 1:
            runs.append(f"{start}" if start == prev else f"{start}-{prev}")
            start = cur
    return ", ".join(runs)


def _common(real: pd.DataFrame, synthetic: pd.DataFrame) -> tuple:
    years = sorted(set(real["year"]) & set(synthetic["year"]))
    return real[real["year"].isin(years)], synthetic[synthetic["year"].isin(years)], years


def _row(name, statistic, years, real, synthetic, real_sd, n_real, n_synthetic) -> dict:
    if np.isfinite(real) and np.isfinite(synthetic) and real_sd:
        check, kind, tolerance, ok = _rule(statistic, real, synthetic, real_sd)
    else:
        check, kind, tolerance, ok = np.nan, "", "not computable", False
    years = years if isinstance(years, str) else _years_text(years)
    return dict(zip(COLUMNS, [name, statistic, years, real, synthetic, check, kind,
                              tolerance, bool(ok), n_real, n_synthetic], strict=True))


def panel_rows(measure: m.PanelMeasure, real_table: pd.DataFrame,
               synthetic_table: pd.DataFrame) -> list[dict]:
    """The four panel statistics of one measure, over the years both panels have."""
    real, synthetic, years = _common(m.panel_values(measure, real_table),
                                     m.panel_values(measure, synthetic_table))
    r, s = panel_statistics(real), panel_statistics(synthetic)
    return [_row(measure.name, stat, years, r[stat], s[stat], r["between_la_sd"], r["n_las"],
                 s["n_las"]) for stat in PANEL_STATISTICS]


def _framework_years(real: pd.DataFrame, synthetic: pd.DataFrame) -> str:
    """Years of a framework's inspections: the framework is the period compared."""
    r, s = _years_text(sorted(set(real["year"]))), _years_text(sorted(set(synthetic["year"])))
    return r if r == s else f"{r} (synthetic {s})"


def grade_rows(measure: m.GradeMeasure, real_table: pd.DataFrame,
               synthetic_table: pd.DataFrame) -> list[dict]:
    """Share of judgements at each grade for one framework and judgement."""
    real = m.grade_values(measure, real_table)
    synthetic = m.grade_values(measure, synthetic_table)
    r, s = grade_shares(real["grade"]), grade_shares(synthetic["grade"])
    years = _framework_years(real, synthetic)
    return [_row(measure.name, stat, years, r[stat], s[stat], 1.0, len(real), len(synthetic))
            for stat in r]


def persistence_row(real_table: pd.DataFrame, synthetic_table: pd.DataFrame) -> dict:
    """Correlation of an LA's overall grade with its previous SIF/ILACS overall grade."""
    real, synthetic = m.overall_sequence(real_table), m.overall_sequence(synthetic_table)
    r, s = consecutive_grade_correlation(real), consecutive_grade_correlation(synthetic)
    return _row("sif_ilacs_overall", "consecutive_correlation",
                _framework_years(real, synthetic), r["correlation"], s["correlation"], 1.0,
                r["n_pairs"], s["n_pairs"])


def row_keys() -> list[tuple[str, str]]:
    """(measure, statistic) of every row of ``calibration_table``, in its order."""
    grades = [f"pct_grade_{g}" for g in GRADES]
    return ([(p.name, s) for p in m.PANEL_MEASURES for s in PANEL_STATISTICS]
            + [(g.name, s) for g in m.GRADE_MEASURES for s in grades]
            + [("sif_ilacs_overall", "consecutive_correlation")])


def calibration_table(real: dict[str, pd.DataFrame],
                      synthetic: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Every measure and statistic: real, synthetic, check, tolerance, within tolerance.

    ``real`` and ``synthetic`` map table names (``measures.TABLES``) to tidy tables as
    ``load()`` returns them. ``n_real`` / ``n_synthetic`` count LAs (panel measures),
    judgements (grade shares) or pairs of inspections (persistence).
    """
    rows = []
    for measure in m.PANEL_MEASURES:
        rows += panel_rows(measure, real[measure.table], synthetic[measure.table])
    for measure in m.GRADE_MEASURES:
        rows += grade_rows(measure, real["la_inspections"], synthetic["la_inspections"])
    rows.append(persistence_row(real["la_inspections"], synthetic["la_inspections"]))
    return pd.DataFrame(rows, columns=COLUMNS)
