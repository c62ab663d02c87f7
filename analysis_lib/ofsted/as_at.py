"""Each open school's latest overall effectiveness at each 31 August, and shares by area.

Rules (Ofsted's own "as at" convention for official statistics on school outcomes):
- a school counts in a snapshot if it is open on 31 August (opened on or before, not closed
  on or before it); closed schools drop out;
- its grade is the latest graded inspection on or before 31 August;
- a school with no inspection of its own yet (typically an academy converter, which gets a
  new URN) takes the latest grade of its predecessor URN, followed through any chain of
  predecessors, until it is inspected itself (`inherited` says when this happened);
- open schools with no grade at all (new schools never inspected) are kept with a missing
  grade and left out of shares;
- no overall grade exists from September 2024, so snapshots stop at 31 August 2024.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis_lib.errors import DataNotAvailableError
from analysis_lib.ofsted.frameworks import (
    GOOD_OR_OUTSTANDING,
    GRADE_LABELS,
    LAST_GRADED_AS_AT_YEAR,
    SERIES_STOP_REASON,
)
from analysis_lib.ofsted.periods import last_covered_snapshot, snapshot_date

PHASES = ("primary", "secondary", "all")
OUTCOMES = ("share_good_or_outstanding", "mean_grade")
MAX_PREDECESSOR_CHAIN = 10


def snapshot_years(first_year: int, last_year: int, data_end=None) -> tuple[list[int], str]:
    """Snapshot years in range, capped at 2024 (no overall grades after) and at the last
    snapshot the records cover when they end on ``data_end``, with a note saying why."""
    stops = [(LAST_GRADED_AS_AT_YEAR, SERIES_STOP_REASON)]
    if data_end is not None:
        covered, missing = last_covered_snapshot(data_end)
        gap = (f" Inspections in the {missing} days between then and Ofsted's suspension of "
               "inspections on 17 March 2020 are not in the records." if missing else "")
        stops.append((covered, f"The inspection records end on "
                               f"{pd.Timestamp(data_end):%d %B %Y}, so the series stops at the "
                               f"snapshot of 31 August {covered}: later snapshots would carry "
                               f"stale grades forward.{gap}"))
    stop, reason = min(stops, key=lambda s: s[0])
    last = min(last_year, stop)
    return list(range(first_year, last + 1)), (reason if last_year > stop else "")


def school_register(inspections: pd.DataFrame, schools: pd.DataFrame | None = None
                    ) -> pd.DataFrame:
    """One row per URN: LA, phase, open/close dates, predecessor URN, deprivation.

    Uses the `schools` table where given. Without it (official data with inspections only)
    the register is built from the inspections: a predecessor is treated as closed from its
    successor's first inspection, and schools count as open from their first inspection.
    """
    cols = ["urn", "la_code", "phase", "open_date", "close_date", "predecessor_urn",
            "disadvantaged_share"]
    first = (inspections.sort_values("inspection_date").groupby("urn", sort=True)
             .agg(la_code=("la_code", "last"), phase=("phase", "last"),
                  first_inspection=("inspection_date", "first"),
                  predecessor_urn=("predecessor_urn", "max")))
    if schools is None:
        reg = first.reset_index()
        reg["open_date"] = reg["first_inspection"]
        successor_start = reg.dropna(subset=["predecessor_urn"]).groupby(
            "predecessor_urn")["first_inspection"].min()
        reg["close_date"] = reg["urn"].map(successor_start)
        reg["disadvantaged_share"] = np.nan
    else:
        reg = schools.copy()
        from_insp = reg["urn"].map(first["predecessor_urn"])
        reg["predecessor_urn"] = reg["predecessor_urn"].astype("Int64").fillna(
            from_insp.astype("Int64"))
        missing = first.index.difference(reg["urn"])
        if len(missing):
            extra = first.loc[missing].reset_index()
            extra["open_date"], extra["close_date"] = extra["first_inspection"], pd.NaT
            reg = pd.concat([reg, extra], ignore_index=True)
    for col in ("open_date", "close_date"):
        reg[col] = pd.to_datetime(reg[col])
    reg["predecessor_urn"] = reg["predecessor_urn"].astype("Int64")
    return reg[cols].sort_values("urn").reset_index(drop=True)


def _latest_own(graded: pd.DataFrame, cutoff: pd.Timestamp) -> pd.DataFrame:
    seen = graded[graded["inspection_date"] <= cutoff]
    return seen.groupby("urn")[["overall_effectiveness", "inspection_date"]].last()


def as_at_grades(inspections: pd.DataFrame, schools: pd.DataFrame | None, years
                 ) -> pd.DataFrame:
    """Year x open school: latest grade at 31 August (see module rules).

    Returns columns year, urn, la_code, phase, grade (1-4, missing if never graded),
    inspection_date (of the grade used), graded_urn (whose inspection it was), inherited.
    Years after 2024 are refused: there is no overall grade to carry forward.
    """
    years = [int(y) for y in years]
    if any(y > LAST_GRADED_AS_AT_YEAR for y in years):
        raise DataNotAvailableError(SERIES_STOP_REASON)
    register = school_register(inspections, schools)
    graded = (inspections.dropna(subset=["overall_effectiveness"])
              .sort_values(["inspection_date", "urn"]))
    predecessor = register.set_index("urn")["predecessor_urn"]
    frames = []
    for year in years:
        cutoff = snapshot_date(year)
        is_open = ((register["open_date"].isna() | (register["open_date"] <= cutoff))
                   & (register["close_date"].isna() | (register["close_date"] > cutoff)))
        snap = register.loc[is_open, ["urn", "la_code", "phase"]].reset_index(drop=True)
        own = _latest_own(graded, cutoff)
        current = snap["urn"].astype("Int64")
        grade = current.map(own["overall_effectiveness"]).astype("Int64")
        when = current.map(own["inspection_date"])
        source = current.where(grade.notna())
        for _ in range(MAX_PREDECESSOR_CHAIN):
            current = current.map(predecessor).astype("Int64")
            need = grade.isna() & current.notna()
            if not need.any():
                break
            grade = grade.fillna(current.map(own["overall_effectiveness"]).astype("Int64"))
            fill_when = current.map(own["inspection_date"])
            newly = need & grade.notna()
            when = when.where(~newly, fill_when)
            source = source.where(~newly, current)
        snap["grade"], snap["inspection_date"] = grade, pd.to_datetime(when)
        snap["graded_urn"] = source.astype("Int64")
        snap["inherited"] = snap["graded_urn"].notna() & (snap["graded_urn"] != snap["urn"])
        snap.insert(0, "year", year)
        frames.append(snap)
    return pd.concat(frames, ignore_index=True)


def filter_phase(frame: pd.DataFrame, phase: str) -> pd.DataFrame:
    """Keep one phase ('primary', 'secondary') or all schools ('all')."""
    if phase not in PHASES:
        raise ValueError(f"phase must be one of {PHASES}, got {phase!r}")
    return frame if phase == "all" else frame[frame["phase"] == phase]


def _summarise(group: pd.DataFrame) -> pd.Series:
    graded = group["grade"].dropna().astype(int)
    counts = {f"n_grade_{g}": int((graded == g).sum()) for g in GRADE_LABELS}
    n = len(graded)
    good = int(graded.isin(GOOD_OR_OUTSTANDING).sum())
    return pd.Series({"n_schools": n, "n_good_or_outstanding": good,
                      "share_good_or_outstanding": 100 * good / n if n else np.nan,
                      "mean_grade": graded.mean() if n else np.nan,
                      "n_inherited": int(group.loc[group["grade"].notna(), "inherited"].sum()),
                      **counts})


def comparison_areas(la_code: int, comparator_codes, region_codes=None, *,
                     la_label: str = "LA", region_label: str = "Region"
                     ) -> dict[str, list[int] | None]:
    """Area name -> LA codes (None = every LA): the LA, its region (when given and not the
    comparators themselves), its comparators pooled, England."""
    comparators = sorted(int(c) for c in comparator_codes)
    areas = {la_label: [int(la_code)]}
    if region_codes is not None and sorted({*region_codes} - {la_code}) != comparators:
        areas[region_label] = sorted(int(c) for c in region_codes)
    return {**areas, "Comparators": comparators, "England": None}


def in_area(frame: pd.DataFrame, codes: list[int] | None) -> pd.DataFrame:
    """Rows of an area's LAs (every row for England, ``codes`` None)."""
    return frame if codes is None else frame[frame["la_code"].isin(codes)]


def area_shares(as_at: pd.DataFrame, la_code: int, comparator_codes, *, phase: str = "all",
                la_label: str = "LA", region_codes=None, region_label: str = "Region"
                ) -> pd.DataFrame:
    """Year x area (the LA, its region, its comparators pooled, England) summary of snapshot
    grades.

    share_good_or_outstanding is a percentage of graded open schools; mean_grade is on
    Ofsted's 1 (outstanding) to 4 (inadequate) scale; comparators pool all their schools.
    """
    data = filter_phase(as_at, phase)
    areas = {name: in_area(data, codes) for name, codes in comparison_areas(
        la_code, comparator_codes, region_codes, la_label=la_label,
        region_label=region_label).items()}
    frames = []
    for area, part in areas.items():
        if part.empty:
            continue
        summary = part.groupby("year")[["grade", "inherited"]].apply(_summarise).reset_index()
        summary.insert(1, "area", area)
        frames.append(summary)
    out = pd.concat(frames, ignore_index=True)
    int_cols = [c for c in out.columns if c.startswith("n_")]
    out[int_cols] = out[int_cols].astype(int)
    return out


def grade_distribution(shares: pd.DataFrame) -> pd.DataFrame:
    """Long year x area x grade table (count and percentage of graded schools)."""
    long = shares.melt(id_vars=["year", "area", "n_schools"],
                       value_vars=[f"n_grade_{g}" for g in GRADE_LABELS],
                       var_name="grade", value_name="n")
    long["grade"] = long["grade"].str[-1].astype(int)
    long["grade_label"] = long["grade"].map(GRADE_LABELS)
    long["percent"] = 100 * long["n"] / long["n_schools"].where(long["n_schools"] > 0)
    return long.sort_values(["area", "year", "grade"]).reset_index(drop=True)


def la_year_panel(as_at: pd.DataFrame, *, outcome: str = "share_good_or_outstanding",
                  phase: str = "all") -> pd.DataFrame:
    """LA x year panel of the snapshot outcome for every LA: la_code, year, value, n_schools."""
    if outcome not in OUTCOMES:
        raise ValueError(f"outcome must be one of {OUTCOMES}, got {outcome!r}")
    data = filter_phase(as_at, phase).dropna(subset=["grade", "la_code"])
    grouped = data.assign(go=data["grade"].isin(GOOD_OR_OUTSTANDING).astype(float) * 100,
                          grade=data["grade"].astype(float)).groupby(["la_code", "year"])
    value = grouped["go"].mean() if outcome == "share_good_or_outstanding" else (
        grouped["grade"].mean())
    panel = pd.DataFrame({"value": value, "n_schools": grouped.size()}).reset_index()
    panel["la_code"] = panel["la_code"].astype(int)
    return panel
