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

from analysis_lib.data.reference_schemas import (
    FLOOR_STANDARDS,
    INTERVENTIONS,
    LAS,
    REFERENCE_FACTS,
    STATISTICAL_NEIGHBOURS,
)
from analysis_lib.data.schema_parts import (
    NONNEG,
    PERCENT,
    geography_columns,
    optional_column,
    percent_values,
    table_schema,
)
from analysis_lib.data.tf_schemas import TF_OUTCOMES, TF_PHASE_YEARS, TF_PUBLISHED_EVIDENCE

KS_ATTAINMENT_LA = table_schema("ks_attainment_la", {
    "year": Column(int, Check.in_range(1995, 2100)),
    **geography_columns(),
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
    checks=[Check(percent_values, error="percentage value outside 0-100")],
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

KS_ATTAINMENT_SCHOOL = table_schema("ks_attainment_school", {
    "year": Column(int),
    "urn": Column(int),
    "la_code": Column("Int64"),
    "school_name": Column(str, nullable=True),
    "school_type": Column(str, Check.isin(["mainstream", "special"])),
    **_KS2_RESULTS,
}, unique=["year", "urn", "key_stage", "measure"],
    description="School (URN) x academic year x measure: cohort, group attainment and "
                "progress scores (from 2016), mainstream and special schools.")

KS_ATTAINMENT_SCHOOL_TOTALS = table_schema("ks_attainment_school_totals", {
    "year": Column(int),
    "record_type": Column(str, Check.isin(["la", "england_all_schools",
                                           "england_state_funded"])),
    "la_code": Column("Int64", nullable=True),
    "area_name": Column(str, nullable=True),
    **_KS2_RESULTS,
}, unique=["year", "record_type", "la_code", "key_stage", "measure"],
    description="The performance tables' own LA and England rows (RECTYPE 3-5) by year.")

KS2_PUPILS = table_schema("ks2_pupils", {
    "year": Column(int),
    "urn": Column(int),
    "la_code": Column("Int64"),
    "disadvantaged": Column(bool),
    "score": Column(float),
}, description="Pupil x year KS2 average fine grade / scaled score (synthetic only).")

SCHOOLS = table_schema("schools", {
    "urn": Column(int),
    "la_code": Column("Int64"),
    "school_name": Column(str, nullable=True),
    "phase": Column(str, Check.isin(["primary", "secondary", "special", "other", "unknown"])),
    "open_date": Column("datetime64[ns]", nullable=True),
    "close_date": Column("datetime64[ns]", nullable=True),
    "predecessor_urn": Column("Int64", nullable=True),
    "is_academy": Column(bool),
    "disadvantaged_share": Column(float, Check.in_range(0, 1), nullable=True),
    "latest_overall_effectiveness": optional_column("Int64", Check.in_range(1, 4)),
    "establishment_type": optional_column(str),
    "source": optional_column(str),
}, unique=["urn"], description="One row per school URN (a conversion opens a new URN).")

SCHOOL_INSPECTIONS = table_schema("school_inspections", {
    "urn": Column(int),
    "la_code": Column("Int64"),
    "phase": Column(str, Check.isin(["primary", "secondary", "special", "other"])),
    "inspection_date": Column("datetime64[ns]"),
    "framework": Column(str),
    "overall_effectiveness": Column("Int64", Check.in_range(1, 4), nullable=True),
    "grade_label": Column(str, nullable=True),
    "predecessor_urn": Column("Int64", nullable=True),
    "inspection_type": optional_column(str),
    "school_name": optional_column(str),
    "source": optional_column(str),
}, unique=["urn", "inspection_date"],
    description="One row per Ofsted school inspection; no overall grade from September 2024.")

LA_INSPECTIONS = table_schema("la_inspections", {
    "la_code": Column("Int64"),
    "la_name": Column(str),
    "inspection_date": Column("datetime64[ns]"),
    "framework": Column(str),
    "judgement": Column(str),
    "grade": Column("Int64", nullable=True),
    "scale_max": Column(int, Check.isin([4, 7])),
    "grade_label": Column(str, nullable=True),
    "source": Column(str),
    "inspection_type": optional_column(str),
    "date_basis": optional_column(str, Check.isin(["inspection", "publication", "approximate"])),
    "publication_date": optional_column("datetime64[ns]"),
}, checks=[Check(lambda df: df["grade"].isna() | df["grade"].between(1, df["scale_max"]),
                 error="grade outside 1..scale_max")],
    description="LEA (1-7) and children's services (1-4) judgements, one row per judgement.")

WORKFORCE_LA = table_schema("workforce_la", {
    "year": Column(int),
    **geography_columns(),
    "social_worker_fte": Column(float, NONNEG, nullable=True),
    "caseload_per_fte": Column(float, Check.in_range(0, 100), nullable=True),
    "agency_rate": Column(float, PERCENT, nullable=True),
    "vacancy_rate": Column(float, PERCENT, nullable=True),
    "turnover_rate": Column(float, PERCENT, nullable=True),
    "missing_reason": Column(str, nullable=True),
}, unique=["year", "geographic_level", "la_code", "region_code"],
    description="Area x reporting year (2025 = at 30 September 2024): social worker workforce.")

CIN_LA = table_schema("cin_la", {
    "year": Column(int),
    **geography_columns(),
    "referrals": Column(float, NONNEG, nullable=True),
    "rereferral_pct": Column(float, PERCENT, nullable=True),
    "assessments_45_days_pct": Column(float, PERCENT, nullable=True),
    "cin_rate_per_10k": Column(float, NONNEG, nullable=True),
    "cpp_subsequent_pct": Column(float, PERCENT, nullable=True),
    "missing_reason": Column(str, nullable=True),
}, unique=["year", "geographic_level", "la_code", "region_code"],
    description="Area x year to 31 March: children in need activity and timeliness.")

TF_LA = table_schema("tf_la", {
    "la_code": Column("Int64"),
    "phase": Column(int, Check.isin([1, 2])),
    "period_end": Column("datetime64[ns]"),
    "target_families": Column(float, NONNEG, nullable=True),
    "families_identified": Column(float, NONNEG, nullable=True),
    "families_attached": Column(float, NONNEG, nullable=True),
    "families_turned_around": Column(float, NONNEG, nullable=True),
    "la_name": optional_column(str),
}, unique=["la_code", "phase", "period_end"],
    description="Troubled Families progress: LA x phase x reporting date (cumulative counts).")

TF_FAMILIES = table_schema("tf_families", {
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

TF_FAMILY_OUTCOMES = table_schema("tf_family_outcomes", {
    "family_id": Column(int),
    "year": Column(int),
    "outcome": Column(str, Check.isin(TF_OUTCOMES)),
    "value": Column(float, Check.isin([0, 1])),
}, unique=["family_id", "year", "outcome"],
    description="Family x year x outcome (0/1 indicators, e.g. child_entered_care).")

SCHEMAS: dict[str, pa.DataFrameSchema] = {s.name: s for s in [
    LAS, STATISTICAL_NEIGHBOURS, INTERVENTIONS, KS_ATTAINMENT_LA, KS_ATTAINMENT_SCHOOL,
    KS_ATTAINMENT_SCHOOL_TOTALS,
    KS2_PUPILS, SCHOOLS, SCHOOL_INSPECTIONS, LA_INSPECTIONS, WORKFORCE_LA, CIN_LA,
    TF_LA, TF_FAMILIES, TF_FAMILY_OUTCOMES, TF_PUBLISHED_EVIDENCE, REFERENCE_FACTS,
    FLOOR_STANDARDS]}
