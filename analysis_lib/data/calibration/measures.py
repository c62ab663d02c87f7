"""The measures compared between the synthetic England and the real panels, and how each is
taken from its tidy table (``workforce_la``, ``cin_la``, ``ks_attainment_la``,
``la_inspections``), the same way for both sources."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

#: LAs left out on both sides: their rates rest on a handful of workers, children or pupils
#: (a real rate of 0% or 60% there says nothing about England's spread).
EXCLUDED_LAS = {201: "City of London", 420: "Isles of Scilly"}
KS2_GROUPS = {"disadvantaged": "disadvantaged", "other": "not_disadvantaged"}


@dataclass(frozen=True)
class PanelMeasure:
    """A value per LA and year: ``column`` of ``table`` (KS2: a pupil group or ``gap``)."""

    name: str
    label: str
    table: str
    column: str
    unit: str
    first_year: int | None = None  # earliest year compared, when earlier years are unlike


@dataclass(frozen=True)
class GradeMeasure:
    """Ofsted judgements on LAs (grades 1-4) of one framework and judgement."""

    name: str
    label: str
    framework: str
    judgement: str


WORKFORCE_FIRST_YEAR = 2017  # 2016 is LAIT's first-collection figure (e.g. a caseload of 51)
PANEL_MEASURES = (
    PanelMeasure("caseload_per_fte", "Cases per case-holding social worker (FTE)",
                 "workforce_la", "caseload_per_fte", "cases", WORKFORCE_FIRST_YEAR),
    PanelMeasure("agency_rate", "Agency social workers, % of FTE", "workforce_la",
                 "agency_rate", "%", WORKFORCE_FIRST_YEAR),
    PanelMeasure("vacancy_rate", "Vacancy rate, % of FTE", "workforce_la", "vacancy_rate", "%",
                 WORKFORCE_FIRST_YEAR),
    PanelMeasure("turnover_rate", "Turnover rate, % of FTE", "workforce_la", "turnover_rate",
                 "%", WORKFORCE_FIRST_YEAR),
    PanelMeasure("assessments_45_days_pct", "Assessments within 45 working days, %", "cin_la",
                 "assessments_45_days_pct", "%"),
    PanelMeasure("rereferral_pct", "Re-referrals within 12 months, %", "cin_la",
                 "rereferral_pct", "%"),
    PanelMeasure("cin_rate_per_10k", "Children in need per 10,000 children", "cin_la",
                 "cin_rate_per_10k", "per 10,000"),
    PanelMeasure("cpp_subsequent_pct", "Second or later child protection plans, %", "cin_la",
                 "cpp_subsequent_pct", "%"),
    PanelMeasure("ks2_disadvantaged_pct", "KS2 RWM expected standard, disadvantaged, %",
                 "ks_attainment_la", "disadvantaged", "%"),
    PanelMeasure("ks2_other_pct", "KS2 RWM expected standard, other pupils, %",
                 "ks_attainment_la", "other", "%"),
    PanelMeasure("ks2_gap_pp", "KS2 RWM gap, other minus disadvantaged", "ks_attainment_la",
                 "gap", "pp"),
)
GRADE_MEASURES = (
    GradeMeasure("slac_safeguarding", "SLAC safeguarding (2009-2012)", "SLAC", "safeguarding"),
    GradeMeasure("slac_looked_after", "SLAC looked after children (2009-2012)", "SLAC",
                 "looked_after_children"),
    GradeMeasure("sif_overall", "SIF overall effectiveness (2013-2018)", "SIF",
                 "overall_effectiveness"),
    GradeMeasure("ilacs_overall", "ILACS overall effectiveness (2018-)", "ILACS",
                 "overall_effectiveness"),
)
#: frameworks whose overall effectiveness judgements form an LA's sequence of grades
SEQUENCE_FRAMEWORKS = ("SIF", "ILACS")
TABLES = ("workforce_la", "cin_la", "ks_attainment_la", "la_inspections")


def _local_authorities(df: pd.DataFrame) -> pd.DataFrame:
    la = df[df["geographic_level"] == "Local authority"] if "geographic_level" in df else df
    return la[la["la_code"].notna() & ~la["la_code"].isin(list(EXCLUDED_LAS))]


def _ks2_values(ks: pd.DataFrame, column: str) -> pd.DataFrame:
    rows = _local_authorities(ks)
    rows = rows[(rows["key_stage"] == 2) & (rows["measure"] == "rwm_expected_standard")]
    wide = rows.pivot_table(index=["la_code", "year"], columns="pupil_group", values="value",
                            aggfunc="first")
    if column == "gap":
        value = wide.get(KS2_GROUPS["other"]) - wide.get(KS2_GROUPS["disadvantaged"])
    else:
        value = wide.get(KS2_GROUPS[column])
    return value.rename("value").reset_index()


def panel_values(measure: PanelMeasure, table: pd.DataFrame) -> pd.DataFrame:
    """``la_code``, ``year``, ``value`` of ``measure`` for each LA (excluded LAs left out) and
    year from ``measure.first_year``; missing (suppressed) values dropped."""
    if measure.table == "ks_attainment_la":
        out = _ks2_values(table, measure.column)
    else:
        rows = _local_authorities(table)
        out = rows[["la_code", "year", measure.column]].rename(columns={measure.column: "value"})
    if measure.first_year is not None:
        out = out[out["year"] >= measure.first_year]
    return out.dropna(subset=["value"]).reset_index(drop=True)


def _graded(inspections: pd.DataFrame) -> pd.DataFrame:
    """Children's services judgements (1-4) of first inspections (re-inspections left out)."""
    d = _local_authorities(inspections)
    return d[(d["scale_max"] == 4) & (d["inspection_type"] != "re-inspection")
             & d["grade"].notna()]


def grade_values(measure: GradeMeasure, inspections: pd.DataFrame) -> pd.DataFrame:
    """``la_code``, ``inspection_date``, ``year``, ``grade`` of one framework and judgement."""
    d = _graded(inspections)
    d = d[(d["framework"] == measure.framework) & (d["judgement"] == measure.judgement)]
    return _with_year(d)


def overall_sequence(inspections: pd.DataFrame) -> pd.DataFrame:
    """Overall effectiveness grades of SIF and ILACS inspections: each LA's sequence."""
    d = _graded(inspections)
    d = d[d["framework"].isin(SEQUENCE_FRAMEWORKS) & (d["judgement"] == "overall_effectiveness")]
    return _with_year(d)


def _with_year(d: pd.DataFrame) -> pd.DataFrame:
    out = d[["la_code", "inspection_date", "grade"]].drop_duplicates(["la_code",
                                                                       "inspection_date"])
    out = out.assign(year=pd.to_datetime(out["inspection_date"]).dt.year,
                     grade=out["grade"].astype(int))
    return out.reset_index(drop=True)
