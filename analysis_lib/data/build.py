"""Combine the frames read from published files into one tidy table per catalogue entry.

Each builder takes ``parts`` (input key -> list of frames, one per file, in file-name order) and
the ``source`` name, and returns the table before schema validation. Where two sources give the
same figure, the rule is stated in the builder's docstring; rows removed on purpose are counted
in ``attrs["dropped"]``.
"""

from __future__ import annotations

import pandas as pd
import pyarrow as pa

from analysis_lib.data.readers import lait
from analysis_lib.data.readers.base import REFERENCE_DIR, record_dropped
from analysis_lib.data.suppression import combine_reasons, split_reasons

AREA_KEY = ["year", "geographic_level", "la_code", "region_code"]
ATTAINMENT_KEY = AREA_KEY + ["key_stage", "measure", "pupil_group"]
REFERENCE_DATES = {"interventions.csv": ["start_date", "end_date"],
                   "la_inspections_lea.csv": ["inspection_date"]}


def read_reference(file: str) -> pd.DataFrame:
    """A cited reference CSV from ``data/reference/`` (dates parsed, codes as Int64)."""
    path = REFERENCE_DIR / file
    df = pd.read_csv(path, dtype={"la_code": "Int64", "model": str, "gss_code": str})
    for col in REFERENCE_DATES.get(file, []):
        df[col] = pd.to_datetime(df[col], format="%Y-%m-%d")
    return df


def _frames(parts: dict[str, list], *keys: str) -> list[pd.DataFrame]:
    return [f for k in keys for f in parts.get(k, [])]


def _merge_attrs(out: pd.DataFrame, frames: list) -> pd.DataFrame:
    dropped = {}
    for f in frames:
        dropped.update(getattr(f, "attrs", {}).get("dropped", {}))
    out.attrs["dropped"] = {**dropped, **out.attrs.get("dropped", {})}
    return out


def _first_wins(frames: list[pd.DataFrame], key: list[str], what: str) -> pd.DataFrame:
    """Rows from frames in priority order; a key already given with a value is dropped."""
    tagged = [f.assign(_priority=i) for i, f in enumerate(frames) if len(f)]
    if not tagged:
        return pd.DataFrame()
    out = pd.concat(tagged, ignore_index=True)
    missing = out["value"].isna() if "value" in out else False
    out = out.assign(_missing=missing).sort_values(["_missing", "_priority"], kind="stable")
    dup = out.duplicated(key, keep="first")
    record_dropped(out, what, "rows given by a higher-priority source", int(dup.sum()))
    return out[~dup].drop(columns=["_priority", "_missing"]).sort_values(key).reset_index(
        drop=True)


def coalesce(frames: list[pd.DataFrame], key: list[str], columns: list[str],
             what: str = "coalesce") -> pd.DataFrame:
    """One row per key; each column takes the first source (in priority order) that has a
    value, and ``missing_reason`` keeps the symbols of columns still missing. Rows merged
    into a row of a higher-priority source are counted in ``attrs["dropped"]``."""
    tagged = []
    for i, f in enumerate(frames):
        f = f.reindex(columns=key + ["area_name"] + columns + ["missing_reason"])
        why = split_reasons(f["missing_reason"], columns)
        tagged.append(f.drop(columns="missing_reason").assign(
            _priority=i, **{f"_why_{c}": why[c] for c in columns}))
    out = pd.concat(tagged, ignore_index=True).sort_values("_priority", kind="stable")
    for col in key:
        out[col] = out[col].astype("object").where(out[col].notna(), None)
    grouped = out.groupby(key, dropna=False, sort=True).first().reset_index()
    reasons = {c: grouped[f"_why_{c}"].where(grouped[c].isna()) for c in columns}
    grouped["missing_reason"] = combine_reasons(reasons, grouped.index)
    merged = len(out) - len(grouped)
    out = grouped[key + ["area_name"] + columns + ["missing_reason"]]
    record_dropped(out, what, "rows merged into the same area and year from a higher-priority "
                   "file (gaps filled from them)", merged)
    return out


def ks_attainment_la(parts: dict[str, list], source: str) -> pd.DataFrame:
    """EES files (with pupil counts) first, then the LAIT pivot, then LAIT long: a key given
    by an earlier source is not repeated; a missing value gives way to a published one."""
    ees = _frames(parts, "ks2_characteristics", "ks4_characteristics", "ks2_social_care",
                  "ks4_social_care")
    frames = ees + [lait.attainment_rows(f) for f in _frames(parts, "lait_pivot", "lait_long")]
    out = _first_wins(frames, ATTAINMENT_KEY, "ks_attainment_la")
    return _merge_attrs(out, ees + _frames(parts, "lait_pivot", "lait_long"))


WORKFORCE = ["social_worker_fte", "caseload_per_fte", "agency_rate", "vacancy_rate",
             "turnover_rate"]
CIN = ["referrals", "rereferral_pct", "assessments_45_days_pct", "cin_rate_per_10k",
       "cpp_subsequent_pct"]


def workforce_la(parts: dict[str, list], source: str) -> pd.DataFrame:
    """DfE workforce indicators (2017 on) first; LAIT ``Work_Force_*`` fills other years
    (2016) and gaps."""
    frames = _frames(parts, "csww") + [lait.area_year_table(f, lait.WORKFORCE)
                                       for f in _frames(parts, "lait_long")]
    out = coalesce(frames, AREA_KEY, WORKFORCE, "workforce_la")
    return _merge_attrs(out, _frames(parts, "csww", "lait_long"))


def cin_la(parts: dict[str, list], source: str) -> pd.DataFrame:
    """Children in need C1 and D3 tables first; LAIT gives assessment timeliness, the CIN rate
    per 10,000 and fills re-referrals where C1 is absent."""
    frames = _frames(parts, "c1", "d3") + [lait.area_year_table(f, lait.CHILDREN_IN_NEED)
                                           for f in _frames(parts, "lait_long")]
    out = coalesce(frames, AREA_KEY, CIN, "cin_la")
    return _merge_attrs(out, _frames(parts, "c1", "d3", "lait_long"))


def concat_unique(parts: dict[str, list], source: str) -> pd.DataFrame:
    """All files of the table's one format, concatenated (the schema checks the grain)."""
    frames = [f for fs in parts.values() for f in fs]
    return _merge_attrs(pd.concat(frames, ignore_index=True), frames)


PUPIL_TYPES = pa.schema([("year", pa.int64()), ("urn", pa.int64()), ("la_code", pa.int64()),
                         ("disadvantaged", pa.bool_()), ("score", pa.float64())])


def ks2_pupils(parts: dict[str, list], source: str) -> pa.Table:
    """Pupil files concatenated as one Arrow table with the schema's types (millions of rows
    never pass through pandas at build time). Missing values are refused except in la_code."""
    table = pa.concat_tables([t.cast(PUPIL_TYPES) for t in parts["ks2_pupils"]])
    for name in ("year", "urn", "disadvantaged", "score"):
        if table.column(name).null_count:
            from analysis_lib.errors import DataFileError

            raise DataFileError("attainment/ks2_pupils_*.parquet", "missing values",
                                column=name, expected="a value for every pupil")
    return table


def _predecessors(parts: dict[str, list]) -> pd.Series:
    links = _frames(parts, "gias_links")
    if not links:
        return pd.Series(dtype="Int64")
    both = pd.concat(links).drop_duplicates("urn", keep="last")
    return both.set_index("urn")["predecessor_urn"]


def _state_funded(spine: pd.DataFrame, what: str) -> pd.DataFrame:
    """Spine rows of state-funded schools (the rest are counted in ``attrs["dropped"]``)."""
    keep = spine[spine["state_funded"]].drop(columns="state_funded")
    record_dropped(keep, what, "independent schools, colleges and establishments without a "
                   "type in the school spine (not state-funded schools)",
                   int((~spine["state_funded"]).sum()))
    return keep


def schools(parts: dict[str, list], source: str) -> pd.DataFrame:
    """GIAS establishments first, then the state-funded schools of the school spine; the
    rating snapshot adds URNs neither has, the latest grade (the snapshot's, else the
    spine's) and the FSM share where missing; GIAS links give the predecessor URN."""
    gias, snap = _frames(parts, "gias"), _frames(parts, "rating_snapshot")
    spine = [_state_funded(f, "schools") for f in _frames(parts, "school_spine")]
    out = _first_wins(gias + spine + snap, ["urn"], "schools")
    if snap:
        latest = pd.concat(snap).drop_duplicates("urn").set_index("urn")
        for col in ("latest_overall_effectiveness", "disadvantaged_share"):
            newer = out["urn"].map(latest[col])
            out[col] = (newer.fillna(out[col]) if col.startswith("latest")
                        else out[col].fillna(newer))
        out["latest_overall_effectiveness"] = out["latest_overall_effectiveness"].astype(
            "Int64")
    pred = _predecessors(parts)
    out["predecessor_urn"] = out["urn"].map(pred).astype("Int64")
    return _merge_attrs(out, gias + spine + snap + _frames(parts, "gias_links"))


def _timeline_in_las(timeline: pd.DataFrame, spines: list[pd.DataFrame]) -> pd.DataFrame:
    """Timeline rows with LA, phase and name from the school spine; URNs missing from the
    spine and schools that are not state-funded are dropped and counted."""
    from analysis_lib.errors import DataFileError

    if not spines:
        raise DataFileError("ofsted_schools/ofsted_ratings_*.csv", "the ratings timeline has "
                            "no LA or phase column and no school spine was found",
                            column="URN", expected="the school spine "
                            "(ofsted_schools/school_details_*.csv) in the same folder")
    spine = pd.concat(spines).drop_duplicates("urn", keep="last").set_index("urn")
    known = timeline["urn"].isin(spine.index)
    funded = known & timeline["urn"].map(spine["state_funded"]).eq(True)
    out = timeline[funded].copy()
    for col in ("la_code", "phase", "school_name"):
        out[col] = out["urn"].map(spine[col])
    out["la_code"] = out["la_code"].astype("Int64")
    out.attrs = dict(timeline.attrs)
    what = "school_inspections"
    record_dropped(out, what, "timeline rows whose URN has no English LA in the school "
                   "spine",
                   int((~known).sum()))
    record_dropped(out, what, "timeline rows of independent schools and colleges (not "
                   "state-funded schools)", int((known & ~funded).sum()))
    return out


def school_inspections(parts: dict[str, list], source: str) -> pd.DataFrame:
    """Inspection files: Ofsted MI first (latest and historical MI overlap: one row per URN
    and date is kept, from the later file), then the third-party ratings timeline placed in
    LAs by the school spine; predecessor URN from GIAS links."""
    spines = _frames(parts, "school_spine")
    timeline = [_timeline_in_las(f, spines) for f in _frames(parts, "ratings_timeline")]
    frames = timeline + _frames(parts, "inspections")
    out = pd.concat(frames[::-1], ignore_index=True)
    dup = out.duplicated(["urn", "inspection_date"], keep="first")
    record_dropped(out, "school_inspections", "inspections listed in two files",
                   int(dup.sum()))
    out = out[~dup].sort_values(["urn", "inspection_date"]).reset_index(drop=True)
    pred = _predecessors(parts)
    out["predecessor_urn"] = out["urn"].map(pred).astype("Int64")
    return _merge_attrs(out, frames + _frames(parts, "gias_links"))


def la_inspections(parts: dict[str, list], source: str) -> pd.DataFrame:
    """LEA judgements (official: the cited reference facts, plus any LEA file), then Ofsted's
    2009-2023 file and ILACS history. ILACS rows of the 2009-2023 file (publication dates only)
    are dropped where the ILACS history has the same LA and publication date."""
    lea = _frames(parts, "lea")
    if source == "official":
        lea = [read_reference("la_inspections_lea.csv")] + lea
    wide, history = _frames(parts, "csc_2009_2023"), _frames(parts, "ilacs_history")
    out = pd.concat(lea + wide + history, ignore_index=True)
    if history:
        hist = pd.concat(history)
        seen = set(zip(hist["la_code"], hist["publication_date"], strict=True))
        pairs = pd.Series(list(zip(out["la_code"], out["publication_date"], strict=True)),
                          index=out.index)
        repeat = (out["framework"].eq("ILACS") & out["date_basis"].eq("publication")
                  & pairs.isin(seen))
        record_dropped(out, "la_inspections", "ILACS judgements also in the ILACS history",
                       int(repeat.sum()))
        out = out[~repeat]
    key = ["la_code", "framework", "inspection_date", "judgement"]
    dup = out.duplicated(key, keep="first")
    record_dropped(out, "la_inspections", "LEA judgements given by two sources", int(dup.sum()))
    out = out[~dup].sort_values(["la_code", "inspection_date", "framework"]).reset_index(
        drop=True)
    return _merge_attrs(out, lea + wide + history)
