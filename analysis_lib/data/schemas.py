"""Pandera schemas for every tidy table: the contract between data and analysis.

Conventions shared by all tables:
- ``la_code`` is DfE's 3-digit (old) LA code as an integer (Walsall = 335);
  national and regional rows have ``la_code`` missing and say so in
  ``geographic_level`` ("National", "Regional", "Local authority").
- ``year`` is an integer. Attainment and school tables use the academic year's
  end (2016 = 2015/16). Workforce uses DfE's reporting year (2025 = at
  30 September 2024). Children in need uses the year to 31 March.
- Percentages are on 0-100. Rates per 10,000 children say so in their name.
- ``missing_reason`` keeps why a published value is missing: DfE's symbol
  (c, x, z, u, low, k, :, ..) per column, e.g. ``"vacancy_rate=c;agency_rate=x"``.
"""

from __future__ import annotations

import pandera.pandas as pa
from pandera.pandas import Check, Column

from analysis_lib.data.tf_schemas import TF_OUTCOMES, TF_PHASE_YEARS, TF_PUBLISHED_EVIDENCE

GEOGRAPHIC_LEVELS = ["National", "Regional", "Local authority"]
PERCENT = Check.in_range(0, 100)
NONNEG = Check.ge(0)


def _geography() -> dict[str, Column]:
    return {
        "geographic_level": Column(str, Check.isin(GEOGRAPHIC_LEVELS)),
        "la_code": Column("Int64", Check.in_range(100, 999), nullable=True),
        "region_code": Column(str, nullable=True),
        "area_name": Column(str),
    }


def _schema(name: str, columns: dict[str, Column], unique: list[str] | None = None,
            description: str = "", checks: list[Check] | None = None) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(columns, name=name, unique=unique, strict=False,
                              coerce=True, description=description, checks=checks)


def _optional(dtype, *checks: Check) -> Column:
    """A documented column that older sources may not provide."""
    return Column(dtype, list(checks), nullable=True, required=False)


def _percent_values(df):
    """Rows whose unit is percent must have a value in 0-100 (or be missing)."""
    return ~(df["unit"].eq("percent") & df["value"].notna() & ~df["value"].between(0, 100))


LAS = _schema("las", {
    "la_code": Column("Int64", Check.in_range(100, 999)),
    "gss_code": Column(str, Check.str_matches(r"^E(06|07|08|09|10)\d{6}$")),
    "la_name": Column(str),
    "region_code": Column(str, Check.str_matches(r"^E1200000\d$")),
    "region_name": Column(str),
    "valid_from": Column(int, Check.in_range(1990, 2100)),
    "valid_to": Column("Int64", Check.in_range(1990, 2100), nullable=True),
}, unique=["la_code", "valid_from"],
    description="One row per upper-tier LA and validity period "
                "(boundary changes 2009, 2019, 2021...).")

STATISTICAL_NEIGHBOURS = _schema("statistical_neighbours", {
    "model": Column(str, Check.isin(["2021", "2025"])),
    "la_code": Column("Int64"),
    "rank": Column(int, Check.in_range(1, 10)),
    "neighbour_code": Column("Int64"),
    "closeness": Column(str, nullable=True),
}, unique=["model", "la_code", "rank"],
    description="DfE children's services statistical neighbours: model x LA x rank.")

#: Kinds of arrangement or dated event in `interventions`: who ran a service (outsourced,
#: arms_length, trust, joint_venture, strategic_partner), statutory action (direction,
#: intervention), and context (critical_inspection, inspection, consultancy, considered,
#: return_in_house).
INTERVENTION_KINDS = ["outsourced", "arms_length", "trust", "joint_venture", "strategic_partner",
                      "direction", "intervention", "critical_inspection", "inspection",
                      "consultancy", "considered", "return_in_house"]
#: documented: a primary or official source states the event and its date; reported: a press
#: or trade report does (dates often approximate); weak: the source does not establish the
#: event or its provider, so it needs a better source before it changes an analysis.
CONFIDENCE_LEVELS = ["documented", "reported", "weak"]

INTERVENTIONS = _schema("interventions", {
    "la_code": Column("Int64"),
    "la_name": Column(str),
    "service": Column(str),
    "provider": Column(str),
    "arrangement": Column(str, Check.isin(INTERVENTION_KINDS)),
    "start_date": Column("datetime64[ns]"),
    "end_date": Column("datetime64[ns]", nullable=True),
    "source": Column(str),
    "confidence": Column(str, Check.isin(CONFIDENCE_LEVELS)),
    "start_date_approximate": _optional(bool),
    "end_date_approximate": _optional(bool),
    "verified": _optional(bool),
    "source_url": _optional(str, Check.str_matches(r"^https?://")),
    "source_detail": _optional(str),
    "notes": _optional(str),
}, description="Outsourced, arm's-length or statutory arrangements for LA services and the "
                "dated events around them (critical inspections, directions), with the "
                "confidence of each row's source.")

KS_ATTAINMENT_LA = _schema("ks_attainment_la", {
    "year": Column(int, Check.in_range(1995, 2100)),
    **_geography(),
    "key_stage": Column(int, Check.isin([2, 4])),
    "measure": Column(str),
    "pupil_group": Column(str, Check.isin([
        "all", "disadvantaged", "not_disadvantaged", "fsm", "not_fsm",
        "cin", "cpp", "cla"])),
    "regime": Column(str),
    "unit": Column(str, Check.isin(["percent", "points"])),
    "eligible_pupils": Column(float, NONNEG, nullable=True),
    "pupils_meeting": Column(float, NONNEG, nullable=True),
    "value": Column(float, nullable=True),
    "missing_reason": Column(str, nullable=True),
}, unique=["year", "geographic_level", "la_code", "region_code", "key_stage", "measure",
           "pupil_group"],
    checks=[Check(_percent_values, error="percentage value outside 0-100")],
    description="Area x academic year x key stage x measure x pupil group.")

_KS2_RESULTS = {
    "key_stage": Column(int, Check.isin([2, 4])),
    "measure": Column(str),
    "regime": Column(str),
    "cohort": Column(float, NONNEG, nullable=True),
    "disadvantaged_pupils": Column(float, NONNEG, nullable=True),
    "other_pupils": Column(float, NONNEG, nullable=True),
    "pct_all": Column(float, PERCENT, nullable=True),
    "pct_disadvantaged": Column(float, PERCENT, nullable=True),
    "pct_other": Column(float, PERCENT, nullable=True),
    "progress_english_pct": Column(float, PERCENT, nullable=True),
    "progress_maths_pct": Column(float, PERCENT, nullable=True),
    "reading_progress": Column(float, nullable=True),
    "writing_progress": Column(float, nullable=True),
    "maths_progress": Column(float, nullable=True),
    "missing_reason": Column(str, nullable=True),
}

KS_ATTAINMENT_SCHOOL = _schema("ks_attainment_school", {
    "year": Column(int),
    "urn": Column(int),
    "la_code": Column("Int64"),
    "school_name": Column(str, nullable=True),
    "school_type": Column(str, Check.isin(["mainstream", "special"])),
    **_KS2_RESULTS,
}, unique=["year", "urn", "key_stage", "measure"],
    description="School (URN) x academic year x measure: cohort, group attainment and "
                "progress scores (from 2016), mainstream and special schools.")

KS_ATTAINMENT_SCHOOL_TOTALS = _schema("ks_attainment_school_totals", {
    "year": Column(int),
    "record_type": Column(str, Check.isin(["la", "england_all_schools",
                                           "england_state_funded"])),
    "la_code": Column("Int64", nullable=True),
    "area_name": Column(str, nullable=True),
    **_KS2_RESULTS,
}, unique=["year", "record_type", "la_code", "key_stage", "measure"],
    description="The performance tables' own LA and England rows (RECTYPE 3-5) by year.")

KS2_PUPILS = _schema("ks2_pupils", {
    "year": Column(int),
    "urn": Column(int),
    "la_code": Column("Int64"),
    "disadvantaged": Column(bool),
    "score": Column(float),
}, description="Pupil x year KS2 average fine grade / scaled score (synthetic only).")

SCHOOLS = _schema("schools", {
    "urn": Column(int),
    "la_code": Column("Int64"),
    "school_name": Column(str, nullable=True),
    "phase": Column(str, Check.isin(["primary", "secondary", "special", "other", "unknown"])),
    "open_date": Column("datetime64[ns]", nullable=True),
    "close_date": Column("datetime64[ns]", nullable=True),
    "predecessor_urn": Column("Int64", nullable=True),
    "is_academy": Column(bool),
    "disadvantaged_share": Column(float, Check.in_range(0, 1), nullable=True),
    "latest_overall_effectiveness": _optional("Int64", Check.in_range(1, 4)),
    "establishment_type": _optional(str),
    "source": _optional(str),
}, unique=["urn"], description="One row per school URN (a conversion opens a new URN).")

SCHOOL_INSPECTIONS = _schema("school_inspections", {
    "urn": Column(int),
    "la_code": Column("Int64"),
    "phase": Column(str, Check.isin(["primary", "secondary", "special", "other"])),
    "inspection_date": Column("datetime64[ns]"),
    "framework": Column(str),
    "overall_effectiveness": Column("Int64", Check.in_range(1, 4), nullable=True),
    "grade_label": Column(str, nullable=True),
    "predecessor_urn": Column("Int64", nullable=True),
    "inspection_type": _optional(str),
    "school_name": _optional(str),
    "source": _optional(str),
}, unique=["urn", "inspection_date"],
    description="One row per Ofsted school inspection; no overall grade from September 2024.")

LA_INSPECTIONS = _schema("la_inspections", {
    "la_code": Column("Int64"),
    "la_name": Column(str),
    "inspection_date": Column("datetime64[ns]"),
    "framework": Column(str),
    "judgement": Column(str),
    "grade": Column("Int64", nullable=True),
    "scale_max": Column(int, Check.isin([4, 7])),
    "grade_label": Column(str, nullable=True),
    "source": Column(str),
    "inspection_type": _optional(str),
    "date_basis": _optional(str, Check.isin(["inspection", "publication", "approximate"])),
    "publication_date": _optional("datetime64[ns]"),
}, checks=[Check(lambda df: df["grade"].isna() | df["grade"].between(1, df["scale_max"]),
                 error="grade outside 1..scale_max")],
    description="LEA (1-7) and children's services (1-4) judgements, one row per judgement.")

WORKFORCE_LA = _schema("workforce_la", {
    "year": Column(int),
    **_geography(),
    "social_worker_fte": Column(float, NONNEG, nullable=True),
    "caseload_per_fte": Column(float, Check.in_range(0, 100), nullable=True),
    "agency_rate": Column(float, PERCENT, nullable=True),
    "vacancy_rate": Column(float, PERCENT, nullable=True),
    "turnover_rate": Column(float, PERCENT, nullable=True),
    "missing_reason": Column(str, nullable=True),
}, unique=["year", "geographic_level", "la_code", "region_code"],
    description="Area x reporting year (2025 = at 30 September 2024): social worker workforce.")

CIN_LA = _schema("cin_la", {
    "year": Column(int),
    **_geography(),
    "referrals": Column(float, NONNEG, nullable=True),
    "rereferral_pct": Column(float, PERCENT, nullable=True),
    "assessments_45_days_pct": Column(float, PERCENT, nullable=True),
    "cin_rate_per_10k": Column(float, NONNEG, nullable=True),
    "cpp_subsequent_pct": Column(float, PERCENT, nullable=True),
    "missing_reason": Column(str, nullable=True),
}, unique=["year", "geographic_level", "la_code", "region_code"],
    description="Area x year to 31 March: children in need activity and timeliness.")

TF_LA = _schema("tf_la", {
    "la_code": Column("Int64"),
    "phase": Column(int, Check.isin([1, 2])),
    "period_end": Column("datetime64[ns]"),
    "target_families": Column(float, NONNEG, nullable=True),
    "families_identified": Column(float, NONNEG, nullable=True),
    "families_attached": Column(float, NONNEG, nullable=True),
    "families_turned_around": Column(float, NONNEG, nullable=True),
    "la_name": _optional(str),
}, unique=["la_code", "phase", "period_end"],
    description="Troubled Families progress: LA x phase x reporting date (cumulative counts).")

TF_FAMILIES = _schema("tf_families", {
    "family_id": Column(int),
    "la_code": Column("Int64"),
    "phase": Column(int, Check.isin(list(TF_PHASE_YEARS))),
    "treated": Column(bool),
    "start_year": Column("Int64", nullable=True),
    "n_children": Column(int, NONNEG),
    "lone_parent": Column(bool),
    "workless": Column(bool),
    "prior_cin": Column(bool),
    "prior_persistent_absence": Column(bool),
    "prior_offending": Column(bool),
    "deprivation_decile": Column(int, Check.in_range(1, 10)),
}, unique=["family_id"],
    description="One row per family; start_year is missing for comparison families "
                "(docs/troubled_families_template.md).")

TF_FAMILY_OUTCOMES = _schema("tf_family_outcomes", {
    "family_id": Column(int),
    "year": Column(int),
    "outcome": Column(str, Check.isin(TF_OUTCOMES)),
    "value": Column(float, Check.isin([0, 1])),
}, unique=["family_id", "year", "outcome"],
    description="Family x year x outcome (0/1 indicators, e.g. child_entered_care).")

REFERENCE_FACTS = _schema("reference_facts", {
    "fact_id": Column(str),
    "topic": Column(str),
    "la_code": Column("Int64", nullable=True),
    "date": Column(str),
    "measure": Column(str),
    "value": Column(float, nullable=True),
    "unit": Column(str),
    "description": Column(str),
    "source": Column(str),
    "source_detail": Column(str),
    "verified": Column(bool),
    "notes": _optional(str),
}, unique=["fact_id"], description="Published facts typed in from cited sources.")

FLOOR_STANDARDS = _schema("floor_standards", {
    "year": Column(int, Check.in_range(2000, 2100)),
    "threshold_pct": Column(float, PERCENT),
    "progress_english_pct": Column(float, PERCENT, nullable=True),
    "progress_maths_pct": Column(float, PERCENT, nullable=True),
    "progress_reading_score": _optional(float),
    "progress_writing_score": _optional(float),
    "progress_maths_score": _optional(float),
    "measure": Column(str),
    "source": Column(str),
    "source_detail": _optional(str),
    "verified": Column(bool),
}, unique=["year"], description="KS2 primary floor standard by academic year end: attainment "
                                "threshold and progress thresholds (expected-progress medians "
                                "before 2016, progress scores from 2016).")

SCHEMAS: dict[str, pa.DataFrameSchema] = {s.name: s for s in [
    LAS, STATISTICAL_NEIGHBOURS, INTERVENTIONS, KS_ATTAINMENT_LA, KS_ATTAINMENT_SCHOOL,
    KS_ATTAINMENT_SCHOOL_TOTALS,
    KS2_PUPILS, SCHOOLS, SCHOOL_INSPECTIONS, LA_INSPECTIONS, WORKFORCE_LA, CIN_LA,
    TF_LA, TF_FAMILIES, TF_FAMILY_OUTCOMES, TF_PUBLISHED_EVIDENCE, REFERENCE_FACTS,
    FLOOR_STANDARDS]}
