"""Notebook 02's steps on inspection histories (one row per inspection): grades by
framework, grade transitions between consecutive inspections, and the ordered model. Saved
tables name the inspection records' source in every row (see `workflow.save_labelled`).
"""

from __future__ import annotations

import pandas as pd

from analysis_lib.context import RunContext
from analysis_lib.ofsted import events, ordered
from analysis_lib.ofsted.comparison import comparators
from analysis_lib.ofsted.frameworks import label_inspections
from analysis_lib.ofsted.transitions import (
    consecutive_pairs,
    transition_counts,
    transition_summary,
)
from analysis_lib.ofsted.workflow import SchoolData, save_labelled
from analysis_lib.unavailable import guarded


@guarded
def transitions(ctx: RunContext, data: SchoolData, window: events.EventWindow, phase: str
                ) -> pd.DataFrame:
    """Transition counts for the LA by period (see `transition_counts`), saved as a table."""
    start, end = window.dates()
    pairs = consecutive_pairs(data.inspections, data.schools)
    counts = transition_counts(pairs, ctx.la_code, start, end, phase=phase)
    return save_labelled(ctx, counts, data.source_label, "grade_transitions",
                 "Grade at an inspection against the previous inspection of the same school "
                 "(or its predecessor), by the period of the later inspection",
                 {"count": "inspections",
                  "row_percent": "percent of the previous grade's row"})


@guarded
def transition_overview(counts: pd.DataFrame) -> pd.DataFrame:
    """Per period: transitions and the percentages improving, staying and declining."""
    return transition_summary(counts)


@guarded
def framework_summary(ctx: RunContext, data: SchoolData) -> pd.DataFrame:
    """The LA's graded inspections by framework and grade word (grade 3 under the old
    'satisfactory' meaning flagged), saved as a table."""
    own = label_inspections(data.inspections[data.inspections["la_code"] == ctx.la_code])
    own = own.dropna(subset=["overall_effectiveness"])
    table = (own.groupby(["framework_by_date", "overall_effectiveness", "grade_word",
                          "grade3_is_satisfactory"]).size().rename("inspections")
             .reset_index().rename(columns={"framework_by_date": "framework",
                                            "overall_effectiveness": "grade"}))
    return save_labelled(ctx, table, data.source_label, "inspections_by_framework",
                 "The LA's graded school inspections by framework and grade",
                 {"inspections": "count"})


def la_ordered_fit(data: SchoolData, la_code: int, comparator_codes, window, phase: str
                   ) -> ordered.OrderedFit:
    """Ordered logit of inspection grades in the LA and its comparators."""
    start, end = window.dates()
    frame = ordered.inspection_frame(data.inspections, data.schools, la_code,
                                     comparator_codes, start, end, phase=phase)
    return ordered.la_period_model(frame)


@guarded
def ordered_model(ctx: RunContext, data: SchoolData, window: events.EventWindow, phase: str
                  ) -> ordered.OrderedFit:
    """`la_ordered_fit` for the run, its coefficients saved as a table."""
    fit = la_ordered_fit(data, ctx.la_code, comparators(ctx), window, phase)
    save_labelled(ctx, fit.params, data.source_label, "ordered_logit",
          "Ordered logit of a better grade (cluster-robust by school)",
          {"coef": "log-odds of a better grade", "odds_ratio": "ratio"})
    return fit
