"""DfE Local Authority Interactive Tool (LAIT): the long "big data set" and wide pivots of it.

Area codes: 970 = England, 980-990 = regions (987 Inner and 988 Outer London are sub-regions and
are dropped, counted); other codes are 3-digit LA codes.

Year labels are mixed: ``2016`` (the year, or academic year ending then), ``2016-17`` (financial
or academic year, taken as its end: 2017), and a status suffix: ``(Rev)`` revised, ``(OT)``
outturn, ``(prov)`` provisional. **Rule when one measure, area and year appears under two
labels:** keep revised over outturn over unmarked over provisional (the most final figure).
"""

from __future__ import annotations

import pandas as pd

from analysis_lib.data.readers.base import (
    bad_rows,
    la_regions,
    parse_la_codes,
    record_dropped,
)
from analysis_lib.data.readers.csv_text import read_csv_text
from analysis_lib.data.readers.ees import ks2_regime, ks4_regime
from analysis_lib.data.suppression import combine_reasons, parse_numeric
from analysis_lib.errors import DataFileError

REGION_CODES = {
    980: "E12000001", 981: "E12000002", 982: "E12000003", 983: "E12000004",
    984: "E12000005", 985: "E12000006", 986: "E12000007", 989: "E12000008", 990: "E12000009",
}
LONDON_SUBREGIONS = {987, 988}
ENGLAND = 970
STATUS_RANK = {"rev": 4, "r": 4, "ot": 3, "": 2, "f": 2, "prov": 1, "p": 1}
YEAR_LABEL = r"^(\d{4})(?:[-/](\d{2}))?\s*(?:\(([A-Za-z]+)\))?$"

WORKFORCE = {
    "Work_Force_NoSW": "social_worker_fte", "Work_Force_AvgNumCase_SW": "caseload_per_fte",
    "Work_Force_Agecy_Rate": "agency_rate", "Work_Force_Vac_Rate": "vacancy_rate",
    "Work_Force_TO_Rate": "turnover_rate",
}
CHILDREN_IN_NEED = {
    "Continue_Assess_Comp": "assessments_45_days_pct", "CIN": "cin_rate_per_10k",
    "ReReferral": "rereferral_pct",
}
#: LAIT measure -> (key stage, tidy measure, pupil group, unit)
ATTAINMENT = {
    "KS2RWM_Expected_STD": (2, "rwm_expected_standard", "all", "percent"),
    "DAP_NEW_KS2_RWM": (2, "rwm_expected_standard", "disadvantaged", "percent"),
    "NonDAP_NEW_KS2_RWM": (2, "rwm_expected_standard", "not_disadvantaged", "percent"),
    "FSM_NEW_KS2_RWM": (2, "rwm_expected_standard", "fsm", "percent"),
    "NonFSM_NEW_KS2_RWM": (2, "rwm_expected_standard", "not_fsm", "percent"),
    "KS2_DAP_Reading_Progress": (2, "reading_progress", "disadvantaged", "points"),
    "KS2_NonDAP_Reading_Progress": (2, "reading_progress", "not_disadvantaged", "points"),
    "KS2_DAP_Writing_Progress": (2, "writing_progress", "disadvantaged", "points"),
    "KS2_NonDAP_Writing_Progress": (2, "writing_progress", "not_disadvantaged", "points"),
    "KS2_DAP_Maths_Progress": (2, "maths_progress", "disadvantaged", "points"),
    "KS2_NonDAP_Maths_Progress": (2, "maths_progress", "not_disadvantaged", "points"),
    "DAP_KS4_ATT8": (4, "attainment8", "disadvantaged", "points"),
    "NonDAP_KS4_ATT8": (4, "attainment8", "not_disadvantaged", "points"),
    "DAP_KS4_Prog8": (4, "progress8", "disadvantaged", "points"),
    "NonDAP_KS4_Prog8": (4, "progress8", "not_disadvantaged", "points"),
}
PERCENT_MEASURES = {m for m, (_, _, _, unit) in ATTAINMENT.items() if unit == "percent"} | {
    "Work_Force_Agecy_Rate", "Work_Force_Vac_Rate", "Work_Force_TO_Rate",
    "Continue_Assess_Comp", "ReReferral"}
KEY = ["measure_short", "year", "geographic_level", "la_code", "region_code"]


def parse_year_labels(labels: pd.Series, path, column: str = "years") -> pd.DataFrame:
    """``year`` (int, the end of a two-year label) and ``rank`` (finality) for LAIT labels."""
    codes, uniques = pd.factorize(labels, use_na_sentinel=False)
    if len(uniques) < len(labels):  # parse each distinct label once
        table = parse_year_labels(pd.Series(uniques), path, column)
        out = table.iloc[codes].set_axis(labels.index)
        return out
    parts = labels.astype("string").str.strip().str.extract(YEAR_LABEL)
    status = parts[2].str.lower().fillna("")
    bad = parts[0].isna() | ~status.isin(list(STATUS_RANK))
    start = pd.to_numeric(parts[0], errors="coerce")
    end2 = pd.to_numeric(parts[1], errors="coerce")
    bad |= end2.notna() & (end2 != (start + 1) % 100)
    bad_rows(path, bad.fillna(True), "unreadable year label", column,
             "labels such as 2016, 2016-17, 2016-17 (OT), 2018 (Rev), 2025 (prov)")
    year = (start + end2.notna().astype(int)).astype(int)
    return pd.DataFrame({"year": year, "rank": status.map(STATUS_RANK).astype(int)})


def _areas(codes: pd.Series, names: pd.Series, path) -> pd.DataFrame:
    raw = pd.to_numeric(codes.astype("string").str.strip(), errors="coerce")
    bad_rows(path, raw.isna(), "unreadable area code", "old_la_code",
             "a 3-digit code (970 England, 980-990 regions, otherwise an LA)")
    national, regional = raw == ENGLAND, raw.isin(list(REGION_CODES))
    is_la = ~national & ~regional
    level = pd.Series("Local authority", index=codes.index).mask(national, "National")
    la_code = parse_la_codes(codes.where(is_la), path, "old_la_code")
    region = raw.map(REGION_CODES).astype("string")
    region = region.fillna(la_code.map(la_regions(), na_action="ignore").astype("string"))
    return pd.DataFrame({"geographic_level": level.mask(regional, "Regional"),
                         "la_code": la_code, "region_code": region,
                         "area_name": names.astype("string").str.strip()})


def _distinct_areas(df: pd.DataFrame, path) -> pd.DataFrame:
    """:func:`_areas` computed once per distinct code and name (re-run on every row to give
    exact row numbers when a code is bad)."""
    pairs = df[["old_la_code", "area_name"]]
    distinct = pairs.drop_duplicates()
    try:
        areas = _areas(distinct["old_la_code"], distinct["area_name"], path)
    except DataFileError:
        _areas(pairs["old_la_code"], pairs["area_name"], path)
        raise
    lookup = pd.concat([distinct, areas.drop(columns="area_name")], axis=1)
    out = pairs.merge(lookup, on=["old_la_code", "area_name"], how="left")
    out.index = df.index
    out["area_name"] = out["area_name"].astype("string").str.strip()
    return out.drop(columns="old_la_code")


def _tidy(df: pd.DataFrame, path) -> pd.DataFrame:
    """Shared steps for long LAIT text: drop sub-regions, parse years, areas and values."""
    code = pd.to_numeric(df["old_la_code"].astype("string").str.strip(), errors="coerce")
    sub = code.isin(list(LONDON_SUBREGIONS))
    record_dropped(df, path, "Inner/Outer London sub-regions (987, 988)", int(sub.sum()))
    attrs = dict(df.attrs)
    df = df[~sub]
    years = parse_year_labels(df["years"], path)
    values, why = parse_numeric(df["value"], path=path, column="value")
    out = pd.concat([df[["measure_short"]], years, _distinct_areas(df, path)], axis=1)
    out["value"], out["missing_reason"] = values, combine_reasons({"value": why}, df.index)
    out["year_label"] = df["years"].astype("string").str.strip()
    blank = out["value"].isna() & out["missing_reason"].isna()
    record_dropped(df, path, "blank values", int(blank.sum()))
    out = out[~blank]
    pct = out["measure_short"].isin(list(PERCENT_MEASURES)) & ~out["value"].between(0, 100)
    bad_rows(path, pct & out["value"].notna(), "percentage out of range", "value", "0 to 100")
    out = out.sort_values("rank", ascending=False, kind="stable")
    ties = out.duplicated(KEY + ["rank"], keep=False)
    bad_rows(path, ties.sort_index(), "the same measure, area and year appears twice with the "
             "same status", "years", "one row per measure x area x year label")
    superseded = out.duplicated(KEY, keep="first")
    record_dropped(df, path, "superseded year labels (kept revised/outturn over provisional)",
                   int(superseded.sum()))
    out = out[~superseded].sort_index().drop(columns="rank").reset_index(drop=True)
    out.attrs = {**attrs, **df.attrs}
    return out


def read_lait_long(path) -> pd.DataFrame:
    """LAIT long data: one row per measure x area x year (latest status kept).

    Columns: ``measure_short``, ``year``, ``year_label``, geography columns, ``value``,
    ``missing_reason``.
    """
    df = read_csv_text(path, ["measure_short", "years", "old_la_code", "area_name", "value"])
    return _tidy(df, path)


def read_lait_pivot(path) -> pd.DataFrame:
    """A wide LAIT extract (``years``, ``old_la_code``, ``area_name`` + one column per measure),
    returned in the same long shape as :func:`read_lait_long`."""
    df = read_csv_text(path, ["years", "old_la_code", "area_name"])
    measures = [c for c in df.columns if c not in ("years", "old_la_code", "area_name")]
    if not measures:
        raise DataFileError(path, "no measure columns", expected="LAIT measure columns")
    long = df.reset_index().melt(id_vars=["index", "years", "old_la_code", "area_name"],
                                 value_vars=measures, var_name="measure_short")
    long.index = long.pop("index")  # file rows, for error messages
    long.attrs = dict(df.attrs)
    return _tidy(long, path)


def area_year_table(long: pd.DataFrame, mapping: dict[str, str]) -> pd.DataFrame:
    """Area x year frame with one column per mapped LAIT measure (and ``missing_reason``)."""
    sub = long[long["measure_short"].isin(list(mapping))]
    geo = ["year", "geographic_level", "la_code", "region_code"]
    keys = sub[geo].astype("string").fillna("").agg("|".join, axis=1)
    sub = sub.assign(_key=keys, column=sub["measure_short"].map(mapping))
    values = sub.pivot(index="_key", columns="column", values="value")
    reasons = sub.pivot(index="_key", columns="column", values="missing_reason")
    first = sub.drop_duplicates("_key").set_index("_key")[geo + ["area_name"]]
    out = first.join(values)
    for col in mapping.values():
        if col not in out:
            out[col] = float("nan")
    why = {c: reasons[c] for c in reasons.columns}
    out["missing_reason"] = combine_reasons(why, out.index)
    return out.reset_index(drop=True)


def attainment_rows(long: pd.DataFrame) -> pd.DataFrame:
    """``ks_attainment_la`` rows from LAIT attainment measures (percentages, no pupil counts)."""
    sub = long[long["measure_short"].isin(list(ATTAINMENT))].copy()
    spec = pd.DataFrame(ATTAINMENT, index=["key_stage", "measure", "pupil_group", "unit"]).T
    sub = sub.join(spec, on="measure_short")
    ks2 = sub["key_stage"] == 2
    sub["regime"] = ks4_regime(sub["year"]).where(~ks2, ks2_regime(sub["year"])[1])
    sub["eligible_pupils"] = sub["pupils_meeting"] = float("nan")
    return sub.drop(columns=["measure_short", "year_label"]).reset_index(drop=True)
