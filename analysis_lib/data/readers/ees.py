"""DfE Explore Education Statistics (EES) CSVs: attainment, social work workforce, children in need.

All share the EES geography columns and ``time_period`` (4-digit year or 6-digit academic
year, converted to the year's end: 201516 -> 2016).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis_lib.data.readers.base import (
    academic_year_end,
    check_unique,
    ees_geography,
    numeric_columns,
    record_dropped,
)
from analysis_lib.data.readers.csv_text import read_csv_text

EES_GEOGRAPHY = ["time_period", "geographic_level", "old_la_code", "la_name"]
GEO_COLUMNS = ["geographic_level", "la_code", "region_code", "area_name"]

CHARACTERISTICS = {
    "total": "all", "all pupils": "all",
    "disadvantaged": "disadvantaged",
    "not known to be disadvantaged": "not_disadvantaged", "not disadvantaged": "not_disadvantaged",
    "disadvantaged all other": "not_disadvantaged",
    "fsm": "fsm", "fsm eligible": "fsm", "known to be eligible for free school meals": "fsm",
    "not fsm": "not_fsm", "fsm not eligible": "not_fsm",
    "not known to be eligible for free school meals": "not_fsm",
}
SOCIAL_CARE_GROUPS = {
    "cino at 31 march": "cin", "cppo at 31 march": "cpp", "cla 12 months at 31 march": "cla",
}


def ks2_regime(year: pd.Series) -> tuple[pd.Series, pd.Series]:
    """KS2 headline measure and regime by academic year end.

    2016 on: expected standard in reading, writing and maths (``rwm_expected_standard``);
    2012-2015: Level 4+ in reading, writing and maths (``rwm_level4``); before 2012: Level 4+
    in English and maths (``em_level4``). No tests were taken in 2020 or 2021.
    """
    measure = pd.Series("rwm_expected_standard", index=year.index)
    measure = measure.mask(year < 2016, "rwm_level4").mask(year < 2012, "em_level4")
    regime = pd.Series("expected_standard", index=year.index).mask(year < 2016, "levels")
    return measure, regime


def ks4_regime(year: pd.Series) -> pd.Series:
    """KS4 grading regime: A*-G to 2016, 9-1 from 2017, centre/teacher grades in 2020-2021."""
    regime = pd.Series("9_to_1", index=year.index).mask(year <= 2016, "a_star_to_g")
    return regime.mask(year.isin([2020, 2021]), "cag_tag")


@dataclass(frozen=True)
class Measure:
    """One published indicator of an attainment file and the tidy measure it becomes."""

    name: str | None  # None: the KS2 headline, named by year (see ks2_regime)
    value: str
    unit: str
    eligible: str | None = None
    meeting: str | None = None


def _attainment(path, df: pd.DataFrame, group: pd.Series, key_stage: int,
                measures: list[Measure]) -> pd.DataFrame:
    """Long tidy attainment rows (one per area x year x measure x group) from an EES file."""
    geo = ees_geography(df, path)
    df, group = df.loc[geo.index], group.loc[geo.index]
    known = group.notna()
    record_dropped(geo, path, "pupil groups outside the tidy vocabulary", int((~known).sum()))
    df, geo, group = df[known], geo[known], group[known]
    year = academic_year_end(df["time_period"], path)
    parts = []
    for m in measures:
        if m.value not in df:
            continue
        cols = {m.value: "value"}
        cols.update({c: n for c, n in ((m.eligible, "eligible_pupils"),
                                       (m.meeting, "pupils_meeting")) if c and c in df})
        nums, why = numeric_columns(df, cols, path, nonneg=("eligible_pupils", "pupils_meeting"),
                                    percent=("value",) if m.unit == "percent" else ())
        part = pd.concat([geo, nums], axis=1).assign(year=year, pupil_group=group,
                                                     key_stage=key_stage, unit=m.unit,
                                                     missing_reason=why)
        if key_stage == 2 and m.name is None:
            part["measure"], part["regime"] = ks2_regime(year)
        else:
            part["measure"], part["regime"] = m.name, ks4_regime(year) if key_stage == 4 else (
                ks2_regime(year)[1])
        published = part["value"].notna() | part["missing_reason"].notna()
        record_dropped(geo, path, f"{m.value}: blank (not published that year)",
                       int((~published).sum()))
        parts.append(part[published])
    out = pd.concat(parts)  # row labels stay those of the file, for error messages
    for col in ("eligible_pupils", "pupils_meeting"):
        if col not in out:
            out[col] = float("nan")
    check_unique(out, ["year", "geographic_level", "la_code", "region_code", "measure",
                       "pupil_group"], path)
    out = out.reset_index(drop=True)
    out.attrs = geo.attrs
    return out


def _characteristic(df: pd.DataFrame) -> pd.Series:
    return df["characteristic"].str.strip().str.lower().map(CHARACTERISTICS)


def read_ks2_la_characteristics(path) -> pd.DataFrame:
    """KS2 by LA and pupil characteristics -> ``ks_attainment_la`` rows (key stage 2)."""
    df = read_csv_text(path, EES_GEOGRAPHY + ["characteristic", "t_rwm_eligible_pupils",
                                              "t_rwm_met_expected_standard",
                                              "pt_rwm_met_expected_standard"])
    return _attainment(path, df, _characteristic(df), 2, [
        Measure(None, "pt_rwm_met_expected_standard", "percent", "t_rwm_eligible_pupils",
                "t_rwm_met_expected_standard")])


KS4_MEASURES = [
    Measure("attainment8", "avg_att8", "points", "t_pupils"),
    Measure("l2basics_94", "pt_l2basics_94", "percent", "t_pupils"),
    Measure("5em_ac", "pt_5em_ac", "percent", "t_pupils"),
]


def read_ks4_la_characteristics(path) -> pd.DataFrame:
    """KS4 by LA and pupil characteristics -> ``ks_attainment_la`` rows (key stage 4)."""
    df = read_csv_text(path, EES_GEOGRAPHY + ["characteristic", "t_pupils"])
    return _attainment(path, df, _characteristic(df), 4, KS4_MEASURES)


def _social_care_group(df: pd.DataFrame) -> pd.Series:
    return df["social_care_group"].str.strip().str.lower().map(SOCIAL_CARE_GROUPS)


def read_ks2_social_care_group(path) -> pd.DataFrame:
    """KS2 outcomes for children in need (CIN, CPP, CLA groups) -> ``ks_attainment_la`` rows."""
    df = read_csv_text(path, EES_GEOGRAPHY + ["social_care_group", "pt_rwm_met_expected_standard"])
    return _attainment(path, df, _social_care_group(df), 2, [
        Measure(None, "pt_rwm_met_expected_standard", "percent", "t_rwm_eligible_pupils",
                "t_rwm_met_expected_standard")])


def read_ks4_social_care_group(path) -> pd.DataFrame:
    """KS4 outcomes for children in need (CIN, CPP, CLA groups) -> ``ks_attainment_la`` rows."""
    df = read_csv_text(path, EES_GEOGRAPHY + ["social_care_group", "t_pupils", "avg_att8"])
    return _attainment(path, df, _social_care_group(df), 4, KS4_MEASURES)


def _area_year_table(path, df: pd.DataFrame, mapping: dict[str, str], percent: tuple[str, ...],
                     nonneg: tuple[str, ...], ranges=None) -> pd.DataFrame:
    geo = ees_geography(df, path)
    sub = df.loc[geo.index]
    nums, why = numeric_columns(sub, mapping, path, percent=percent, nonneg=nonneg,
                                ranges=ranges)
    out = pd.concat([geo, nums], axis=1)
    out.insert(0, "year", academic_year_end(sub["time_period"], path))
    out["missing_reason"] = why
    out.attrs = {**df.attrs, **geo.attrs}
    check_unique(out, ["year", "geographic_level", "la_code", "region_code"], path)
    return out.reset_index(drop=True)


#: Cases per case-holding FTE: the workforce_la schema's bound (no LA publishes above 100).
CASELOAD_RANGE = (0, 100)
WORKFORCE_COLUMNS = {
    "inpost_fte": "social_worker_fte", "caseload_fte": "caseload_per_fte",
    "agency_rate_fte": "agency_rate", "vacancy_rate_fte": "vacancy_rate",
    "turnover_rate_fte": "turnover_rate",
}


def read_csww_indicators(path) -> pd.DataFrame:
    """Children's social work workforce LA indicators -> ``workforce_la``.

    ``year`` is DfE's reporting year (2025 = workforce at 30 September 2024); caseload is cases
    per case-holding FTE; rates are % of FTE.
    """
    df = read_csv_text(path, EES_GEOGRAPHY + list(WORKFORCE_COLUMNS))
    return _area_year_table(path, df, WORKFORCE_COLUMNS,
                            percent=("agency_rate", "vacancy_rate", "turnover_rate"),
                            nonneg=("social_worker_fte",),
                            ranges={"caseload_per_fte": CASELOAD_RANGE})


def read_cin_referrals(path) -> pd.DataFrame:
    """Children in need table C1 (referrals; re-referrals within 12 months) -> ``cin_la``."""
    df = read_csv_text(path, EES_GEOGRAPHY + ["referral_count", "rereferral_percent"])
    return _area_year_table(path, df, {"referral_count": "referrals",
                                       "rereferral_percent": "rereferral_pct"},
                            percent=("rereferral_pct",), nonneg=("referrals",))


def read_cpp_subsequent(path) -> pd.DataFrame:
    """Children in need table D3 (second or subsequent child protection plans) -> ``cin_la``."""
    df = read_csv_text(path, EES_GEOGRAPHY + ["CPP_subsequent_percent"])
    return _area_year_table(path, df, {"CPP_subsequent_percent": "cpp_subsequent_pct"},
                            percent=("cpp_subsequent_pct",), nonneg=())
