"""Troubled Families contract values shared by the family schemas and readers, and the schema
of the cited table of published Troubled Families figures (``data/reference``)."""

from __future__ import annotations

import pandera.pandas as pa
from pandera.pandas import Check, Column

#: Programme phases of family records and the years families could start in each: phase 3 is
#: Supporting Families, the programme's continuation from April 2021.
TF_PHASE_YEARS = {1: (2012, 2015), 2: (2015, 2020), 3: (2021, 2026)}
#: Yearly family outcomes (0/1) that the template records and notebook 04 analyses.
TF_OUTCOMES = ["child_entered_care", "youth_custody", "persistent_absence",
               "out_of_work_benefits"]
#: How the project obtained a published figure.
EVIDENCE_STATUSES = {
    "official": "taken from the publisher's own document or the official record",
    "official_via_summary": "an official figure as quoted by a secondary summary",
    "press_citing_official": "a press report citing official figures",
    "unverified": "flagged to be checked against the original before it is cited",
}


def _rates_paired(df):
    return df["programme_pct"].notna() == df["comparison_pct"].notna()


def _difference_matches(df):
    diff = (df["programme_pct"] - df["comparison_pct"] - df["value"]).abs()
    return df["programme_pct"].isna() | (diff < 0.05)


def _verified_only_at_source(df):
    return ~df["verified"] | (df["evidence_status"] == "official")


def _percent() -> Column:
    return Column(float, Check.in_range(0, 100), nullable=True)


TF_PUBLISHED_EVIDENCE = pa.DataFrameSchema({
    "evidence_id": Column(str),
    "programme": Column(str),
    "phase": Column(int, Check.isin([1, 2])),
    "area_name": Column(str),
    "la_code": Column("Int64", Check.in_range(100, 999), nullable=True),
    "kind": Column(str, Check.isin(["count", "impact", "value_for_money"])),
    "measure": Column(str),
    "outcome": Column(str, Check.isin(TF_OUTCOMES), nullable=True),
    "period": Column(str),
    "as_at": Column(str, Check.str_matches(r"^\d{4}-\d{2}(-\d{2})?$")),
    "value": Column(float, nullable=True),
    "programme_pct": _percent(),
    "comparison_pct": _percent(),
    "relative_difference_pct": Column(float, nullable=True),
    "unit": Column(str),
    "finding": Column(str),
    "source": Column(str, Check.str_length(min_value=20)),
    "source_url": Column(str, Check.str_startswith("https://"), nullable=True),
    "retrieved_via": Column(str, nullable=True),
    "evidence_status": Column(str, Check.isin(list(EVIDENCE_STATUSES))),
    "verified": Column(bool),
    "notes": Column(str, nullable=True),
}, name="tf_published_evidence", unique=["evidence_id"], strict=False, coerce=True,
    checks=[Check(_rates_paired, error="programme_pct and comparison_pct come together"),
            Check(_difference_matches, error="value is programme_pct minus comparison_pct"),
            Check(_verified_only_at_source,
                  error="verified only where evidence_status is 'official'")],
    description="Published Troubled Families figures (national evaluations, national and LA "
                "counts), each with its original source and how the project obtained it.")
