"""Schemas of the reference tables the project types in from cited sources
(``data/reference``): LAs and statistical neighbours, interventions, published facts and
floor standards. Conventions as in `schemas`."""

from __future__ import annotations

from pandera.pandas import Check, Column

from analysis_lib.data.schema_parts import PERCENT, optional_column, table_schema

LAS = table_schema("las", {
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

STATISTICAL_NEIGHBOURS = table_schema("statistical_neighbours", {
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

INTERVENTIONS = table_schema("interventions", {
    "la_code": Column("Int64"),
    "la_name": Column(str),
    "service": Column(str),
    "provider": Column(str),
    "arrangement": Column(str, Check.isin(INTERVENTION_KINDS)),
    "start_date": Column("datetime64[ns]"),
    "end_date": Column("datetime64[ns]", nullable=True),
    "source": Column(str),
    "confidence": Column(str, Check.isin(CONFIDENCE_LEVELS)),
    "start_date_approximate": optional_column(bool),
    "end_date_approximate": optional_column(bool),
    "verified": optional_column(bool),
    "source_url": optional_column(str, Check.str_matches(r"^https?://")),
    "source_detail": optional_column(str),
    "notes": optional_column(str),
}, description="Outsourced, arm's-length or statutory arrangements for LA services and the "
                "dated events around them (critical inspections, directions), with the "
                "confidence of each row's source.")

REFERENCE_FACTS = table_schema("reference_facts", {
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
    "notes": optional_column(str),
}, unique=["fact_id"], description="Published facts typed in from cited sources.")

FLOOR_STANDARDS = table_schema("floor_standards", {
    "year": Column(int, Check.in_range(2000, 2100)),
    "threshold_pct": Column(float, PERCENT),
    "progress_english_pct": Column(float, PERCENT, nullable=True),
    "progress_maths_pct": Column(float, PERCENT, nullable=True),
    "progress_reading_score": optional_column(float),
    "progress_writing_score": optional_column(float),
    "progress_maths_score": optional_column(float),
    "measure": Column(str),
    "source": Column(str),
    "source_detail": optional_column(str),
    "verified": Column(bool),
}, unique=["year"], description="KS2 primary floor standard by academic year end: attainment "
                                "threshold and progress thresholds (expected-progress medians "
                                "before 2016, progress scores from 2016).")
