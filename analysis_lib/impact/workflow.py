"""Notebook 04's family records: the programme and comparison
families of one LA and phase, with their yearly outcome history (`family_data`), or why
there can be no family-level analysis (`Unavailable`, with the reason in words).

The notebook's sections, which use these records, are in `sections`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis_lib.cache import memoise, run_key
from analysis_lib.context import RunContext
from analysis_lib.disclosure import threshold_for
from analysis_lib.errors import DataNotAvailableError
from analysis_lib.impact import outcomes
from analysis_lib.impact import propensity as ps
from analysis_lib.unavailable import Unavailable
from analysis_lib.validation import targets

METHODS = ("matching", "did", "both")
MIN_FAMILIES = threshold_for("families")


def planted_effect(ctx: RunContext, outcome: str) -> float | None:
    """The synthetic generator's planted ATT (pp a year) for the outcome; None on real data."""
    truths = ctx.planted_truths()
    return None if truths is None else targets.troubled_families_att(truths, outcome)


@dataclass(frozen=True)
class FamilyData:
    """The analysis sample and the yearly outcome panel of one outcome."""

    sample: pd.DataFrame
    wide: pd.DataFrame
    outcome: str
    phase: int
    pool: str

    def summary(self) -> pd.DataFrame:
        s = self.sample
        return pd.DataFrame({
            "group": ["programme families", "comparison families (same LA)",
                      "comparison families (comparator LAs)"],
            "families": [int(s.treated.sum()), int(((s.treated == 0) & s.same_la).sum()),
                         int(((s.treated == 0) & ~s.same_la).sum())]})


def _outcome_wide(ctx: RunContext, outcome: str) -> pd.DataFrame:
    return memoise("tf_outcome_wide", run_key(ctx, outcome=outcome),
                   lambda: outcomes.outcome_wide(ctx.load("tf_family_outcomes"), outcome))


def family_data(ctx: RunContext, *, phase: int, outcome: str, pool: str = "same_la"
                ) -> FamilyData | Unavailable:
    """Programme families of the LA and comparison families, with their outcome history.

    Needs at least `MIN_FAMILIES` programme and comparison families (the disclosure
    threshold for families); otherwise returns `Unavailable` with the reason.
    """
    try:
        families = ctx.load("tf_families")
    except DataNotAvailableError as err:
        return Unavailable(NOT_PUBLISHED.format(la=ctx.la_name) if ctx.data_source == "official"
                       else f"No family-level analysis: {err}")
    try:
        sample = ps.analysis_sample(families, ctx.la_code, ctx.comparator_codes, phase, pool)
        wide = _outcome_wide(ctx, outcome)
    except DataNotAvailableError as err:
        return Unavailable(f"No family-level analysis: {err} {_records_hold(families)}")
    years = [y for y in wide.columns if ctx.first_year <= y <= ctx.last_year]
    n_treated, n_control = int(sample["treated"].sum()), int((sample["treated"] == 0).sum())
    problem = None
    if min(n_treated, n_control) < MIN_FAMILIES:
        problem = (f"No family-level analysis: {ctx.la_name} has {n_treated} programme and "
                   f"{n_control} comparison families in phase {phase} ('{pool}' pool); at "
                   f"least {MIN_FAMILIES} of each are needed to estimate and publish an effect.")
    elif len(years) < 2:
        problem = (f"No family-level analysis: family outcomes cover "
                   f"{wide.columns.min()}-{wide.columns.max()}, which leaves fewer than two "
                   f"years between first_year={ctx.first_year} and last_year={ctx.last_year}.")
    if problem:
        return Unavailable(problem)
    return FamilyData(sample, wide.reindex(sample.index)[years], outcome, phase, pool)


NOT_PUBLISHED = (
    "No family-level analysis, so no estimate for {la}: family-level Troubled Families records "
    "are not published (councils hold their own, and the national evaluations used linked "
    "administrative data that are not public). This run shows the published evidence instead. "
    "To analyse a council's own records, run with data_source = \"local\" and data_dir holding "
    "files in the template of docs/troubled_families_template.md.")


def _records_hold(families: pd.DataFrame) -> str:
    """Which LAs and phases the family records hold (to spot a wrong ``la`` or ``phase``)."""
    held = families.groupby(["la_code", "phase"]).size()
    listed = ", ".join(f"LA {la} phase {ph} ({n} families)"
                       for (la, ph), n in held.head(6).items())
    more = ", ..." if len(held) > 6 else ""
    return f"The family records hold: {listed}{more}."
