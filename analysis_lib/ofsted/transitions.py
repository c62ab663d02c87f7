"""Grade transitions between consecutive graded inspections of the same school.

A school's first inspection under a new URN (e.g. after academy conversion) is paired with
the latest earlier inspection of its predecessor URN, followed through the predecessor chain.
A transition belongs to the period (before / during / after outsourcing) of its *later*
inspection: it is the change observed by the inspection made in that period.
"""

from __future__ import annotations

import pandas as pd

from analysis_lib.ofsted.as_at import MAX_PREDECESSOR_CHAIN, filter_phase, school_register
from analysis_lib.ofsted.frameworks import GRADE_LABELS
from analysis_lib.ofsted.periods import PERIODS, period_of


def consecutive_pairs(inspections: pd.DataFrame, schools: pd.DataFrame | None = None
                      ) -> pd.DataFrame:
    """One row per graded inspection that has an earlier graded inspection in its lineage.

    Columns: urn, la_code, phase, inspection_date, grade, previous_date, previous_grade,
    previous_urn, across_conversion (previous inspection was of a predecessor URN).
    """
    graded = (inspections.dropna(subset=["overall_effectiveness"])
              .sort_values(["urn", "inspection_date"]).reset_index(drop=True))
    graded = graded.assign(grade=graded["overall_effectiveness"].astype(int))
    by_urn = graded.groupby("urn")
    graded["previous_date"] = by_urn["inspection_date"].shift()
    graded["previous_grade"] = by_urn["grade"].shift().astype("Int64")
    graded["previous_urn"] = graded["urn"].where(graded["previous_date"].notna()).astype("Int64")

    predecessor = school_register(inspections, schools).set_index("urn")["predecessor_urn"]
    first = graded["previous_date"].isna()
    lookup = graded[["urn", "inspection_date", "grade"]].sort_values("inspection_date")
    current = graded.loc[first, "urn"].astype("Int64")
    for _ in range(MAX_PREDECESSOR_CHAIN):
        current = current.map(predecessor).astype("Int64")
        todo = graded.loc[current.index, "previous_date"].isna() & current.notna()
        if not todo.any():
            break
        rows = graded.loc[todo[todo].index, ["inspection_date"]].assign(
            pred=current[todo].astype(int)).reset_index().sort_values("inspection_date")
        hit = pd.merge_asof(rows, lookup.rename(columns={"urn": "pred",
                                                         "inspection_date": "prev_date"}),
                            left_on="inspection_date", right_on="prev_date", by="pred",
                            allow_exact_matches=False).set_index("index")
        hit = hit.dropna(subset=["prev_date"])
        graded.loc[hit.index, "previous_date"] = hit["prev_date"]
        graded.loc[hit.index, "previous_grade"] = hit["grade"].astype(int).to_numpy()
        graded.loc[hit.index, "previous_urn"] = hit["pred"].astype(int).to_numpy()
    pairs = graded.dropna(subset=["previous_date"]).copy()
    pairs["across_conversion"] = pairs["previous_urn"] != pairs["urn"]
    cols = ["urn", "la_code", "phase", "inspection_date", "grade", "previous_date",
            "previous_grade", "previous_urn", "across_conversion"]
    return pairs[cols].reset_index(drop=True)


def transition_counts(pairs: pd.DataFrame, la_code: int, start, end, *,
                      phase: str = "all") -> pd.DataFrame:
    """Long table: period x previous grade x grade with count and row percentage.

    Every period and every 4 x 4 cell appears (zero counts included), so matrices for
    different periods line up.
    """
    data = filter_phase(pairs[pairs["la_code"] == la_code], phase)
    data = data.assign(period=period_of(data["inspection_date"], start, end).to_numpy())
    grades = list(GRADE_LABELS)
    full = pd.MultiIndex.from_product([PERIODS, grades, grades],
                                      names=["period", "previous_grade", "grade"])
    counts = (data.groupby(["period", "previous_grade", "grade"]).size()
              .reindex(full, fill_value=0).rename("count").reset_index())
    row_total = counts.groupby(["period", "previous_grade"])["count"].transform("sum")
    counts["row_percent"] = 100 * counts["count"] / row_total.where(row_total > 0)
    counts["previous_label"] = counts["previous_grade"].map(GRADE_LABELS)
    counts["label"] = counts["grade"].map(GRADE_LABELS)
    return counts


def transition_matrix(counts: pd.DataFrame, period: str, value: str = "count") -> pd.DataFrame:
    """Wide previous-grade x grade matrix for one period (rows: from, columns: to)."""
    part = counts[counts["period"] == period]
    matrix = part.pivot(index="previous_label", columns="label", values=value)
    order = list(GRADE_LABELS.values())
    return matrix.reindex(index=order, columns=order).rename_axis(
        index="previous grade", columns="next grade")


def transition_summary(counts: pd.DataFrame) -> pd.DataFrame:
    """Per period: transitions, share improving, staying, declining (percent)."""
    rows = []
    for period, part in counts.groupby("period", sort=False):
        n = part["count"].sum()
        better = part.loc[part["grade"] < part["previous_grade"], "count"].sum()
        worse = part.loc[part["grade"] > part["previous_grade"], "count"].sum()
        rows.append({"period": period, "transitions": int(n),
                     "improved_pct": 100 * better / n if n else float("nan"),
                     "same_pct": 100 * (n - better - worse) / n if n else float("nan"),
                     "declined_pct": 100 * worse / n if n else float("nan")})
    return pd.DataFrame(rows)
