"""What notebook 01's sections read: the run's tidy tables, the planted truths that apply,
and the LA-independent heavy work (national ranks, school-clustered gap variances, the
all-LA model, England's floor shares), memoised on the data fingerprint
(``analysis_lib.cache``) so a pack computes each once.
"""

from __future__ import annotations

import pandas as pd

from analysis_lib import geography
from analysis_lib.attainment import (
    clustering,
    conditional,
    coverage,
    floors,
    gap_index,
    measures,
    schools,
    trends,
)
from analysis_lib.cache import memoise, run_key
from analysis_lib.context import RunContext
from analysis_lib.errors import DataNotAvailableError
from analysis_lib.validation import targets

PLANTED_MEASURE = "rwm_expected_standard"  # the measure the synthetic generator plants
SCHOOL_DATA = ("school performance tables (school-level KS2 results for disadvantaged and "
               "other pupils)")


def not_in_source(level: str, reason, what: str = SCHOOL_DATA) -> str:
    """Why a section cannot run: ``level``-level data (``what`` it needs) are absent."""
    return (f"{level}-level data are not present in this data source ({reason}). This "
            f"section needs {what}; the rest of the notebook is unaffected.")


def source_note(ctx: RunContext) -> str:
    return "DfE KS2/KS4 attainment" + (" (synthetic replica)" if ctx.synthetic else "")


def load(ctx: RunContext, table: str, *, la=None, years=None) -> pd.DataFrame:
    """A tidy table for the run's years (or ``years``); with ``la`` (codes) those LAs' rows
    plus the national and regional rows. Raises DataNotAvailableError when nothing is left."""
    return ctx.load(table, la=la, years=years or (ctx.first_year, ctx.last_year))


def school_tables(ctx: RunContext, years=None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The school rows and the files' own LA and England rows."""
    return (load(ctx, "ks_attainment_school", years=years),
            load(ctx, "ks_attainment_school_totals", years=years))


def planted(ctx: RunContext, key_stage: int, pair, measure: str) -> dict | None:
    """The synthetic England's truth file when this run estimates what the generator plants
    (KS2 disadvantaged pupils against the others, expected-standard measure), else None."""
    if (not ctx.synthetic or key_stage != 2 or pair.focal != "disadvantaged"
            or measure != PLANTED_MEASURE):
        return None
    return ctx.planted_truths()


def is_focus(ctx: RunContext, truths: dict | None) -> bool:
    return truths is not None and truths["config"].get("focus_la") == ctx.la_code


def area_truth(ctx: RunContext, truths: dict | None, role: str, region: str, year: int):
    """Expected gap of the LA (if it is the generator's focus LA), its region (if the truth
    file holds that region) or England (see `validation.targets.gap`)."""
    if truths is None:
        return None
    if role == "LA":
        return targets.gap(truths, "focus_la", year) if is_focus(ctx, truths) else None
    if role == "Region":
        return targets.gap(truths, "region", year) if targets.gap_region_code(
            truths) == region else None
    return targets.gap(truths, "england", year)


def gap_design(ctx: RunContext, key_stage: int, measure: str, pair) -> pd.DataFrame | None:
    """School-clustered variances of the disadvantaged gap for every area and year (None when
    the groups are not the performance tables' disadvantaged and other pupils, or there are
    no school-level results)."""
    if pair.focal != "disadvantaged" or pair.nested:
        return None

    def compute():
        rows = measures.select_measure(load(ctx, "ks_attainment_school"), key_stage, measure)
        return clustering.gap_design(rows)
    try:
        return memoise("attainment_gap_design", run_key(
            ctx, key_stage=key_stage, measure=measure, years=[ctx.first_year, ctx.last_year]),
            compute)
    except DataNotAvailableError:
        return None


def gap_index_all(ctx: RunContext) -> pd.DataFrame:
    """DfE's gap index for every LA and England, every year of the pupil-level scores."""
    def compute():
        return gap_index.gap_index_table(ctx.load("ks2_pupils"))
    return memoise("attainment_gap_index", run_key(ctx, method="mean_rank"), compute)


def published_index(ctx: RunContext) -> pd.DataFrame:
    """DfE's published national gap index by year (reference facts)."""
    facts = ctx.load("reference_facts")
    facts = facts[facts["measure"] == "ks2_disadvantage_gap_index"]
    return pd.DataFrame({"year": facts["date"].astype(str).str[:4].astype(int),
                         "published": facts["value"].astype(float)})


def no_la_file(ctx: RunContext, rows: pd.DataFrame) -> str | None:
    """Why a school section cannot run when the school rows have no school of the run's LA
    (None when they do)."""
    if (rows["la_code"] == ctx.la_code).any():
        return None
    names = ", ".join(sorted(geography.resolve_la(int(c))[1]
                             for c in rows["la_code"].dropna().unique()))
    where = "the synthetic England" if ctx.synthetic else str(ctx.data_dir or "data/raw")
    return (f"No school-level file for {ctx.la_name} in this data source. The KS2 "
            f"performance tables (`ks2final` files) in {where} cover {names} "
            f"({rows['year'].min()}-{rows['year'].max()}), not {ctx.la_name} (LA "
            f"{ctx.la_code}); this section needs the LA's own file. The rest of the notebook "
            "is unaffected.")


def funnel_centre(scope: coverage.Coverage, target: str) -> tuple[float | None, str]:
    """The funnel's national rate (None: pool the schools) and how it was obtained."""
    if target == "la":
        return None, "the LA's schools pooled"
    if scope.england:
        return None, "England's schools pooled"
    row = scope.england_row
    if row is not None and pd.notna(row["pct_disadvantaged"]):
        return float(row["pct_disadvantaged"]) / 100, "England, DfE's published rate"
    return None, f"{scope.label} pooled (no England figure published)"


def england_floors(ctx: RunContext, rules: pd.DataFrame) -> pd.DataFrame:
    """Every school's floor status in each year of ``rules``."""
    def compute():
        years = (int(rules["year"].min()), int(rules["year"].max()))
        rows = measures.select_measure(load(ctx, "ks_attainment_school", years=years), 2,
                                       measures.HEADLINE)
        return floors.floor_status(rows, rules)[["year", "urn", "la_code", "cohort",
                                                 "floor_status"]]
    return memoise("attainment_floors", run_key(ctx, rules=rules.to_json()), compute)


def effects_all(ctx: RunContext, key_stage: int, measure: str):
    """Every LA's effect given intake (binomial GLM over the current regime's years)."""
    def compute():
        rows = ctx.load("ks_attainment_school")
        rows = rows[rows["school_type"] == "mainstream"]
        school_gaps = schools.school_gaps(measures.select_measure(rows, key_stage, measure))
        years = sorted(trends.current_regime(school_gaps)["year"].unique())
        return conditional.la_effects(school_gaps[school_gaps["year"].isin(years)])
    return memoise("attainment_la_effects", run_key(ctx, ks=key_stage, measure=measure,
                                                 model="glm"), compute)
