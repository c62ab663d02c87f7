"""School establishments and Ofsted school inspections: Ofsted management information (MI),
Get Information about Schools (GIAS) extracts and links, and a GIAS rating snapshot.

Framework periods for school inspections (by inspection start date): ``pre_2005``, ``2005``
(section 5 from September 2005), ``2012`` (from September 2012 'satisfactory' became 'requires
improvement'), ``2019`` (education inspection framework, September 2019) and ``2024`` (from
September 2024 no overall effectiveness grade).
"""

from __future__ import annotations

import pandas as pd

from analysis_lib.data.readers.base import (
    bad_rows,
    check_unique,
    parse_dates,
    parse_la_codes,
    record_dropped,
)
from analysis_lib.data.readers.csv_text import read_csv_text
from analysis_lib.data.suppression import parse_numeric

FRAMEWORK_STARTS = [("pre_2005", "1990-01-01"), ("2005", "2005-09-01"), ("2012", "2012-09-01"),
                    ("2019", "2019-09-01"), ("2024", "2024-09-01")]
PHASES = {"primary": "primary", "secondary": "secondary", "special": "special"}
#: GIAS ``TypeOfEstablishment`` codes for academies and free schools.
ACADEMY_TYPE_CODES = {10, 11, 28, 33, 34, 35, 36, 38, 39, 40, 41, 42, 43, 44, 45, 46, 57}
SPECIAL_TYPE_CODES = {7, 8, 12, 33, 36, 44}
RATINGS = {"outstanding": 1, "good": 2, "requires improvement": 3, "satisfactory": 3,
           "inadequate": 4}
MI_SOURCE = "Ofsted management information on state-funded school inspections"


def framework_for(dates: pd.Series) -> pd.Series:
    """Ofsted school inspection framework period for each inspection date."""
    out = pd.Series(FRAMEWORK_STARTS[0][0], index=dates.index)
    for name, start in FRAMEWORK_STARTS[1:]:
        out = out.mask(dates >= pd.Timestamp(start), name)
    return out


def grade_labels(grade: pd.Series, framework: pd.Series) -> pd.Series:
    """Published wording of grades 1-4 ('Satisfactory' before September 2012)."""
    labels = grade.map({1: "Outstanding", 2: "Good", 3: "Requires improvement",
                        4: "Inadequate"}).astype("string")
    early = framework.isin(["pre_2005", "2005"])
    return labels.mask(early & (grade == 3), "Satisfactory").fillna("Not judged")


def _phase(text: pd.Series) -> pd.Series:
    return text.astype("string").str.strip().str.lower().map(PHASES).fillna("other")


def read_school_inspections(path) -> pd.DataFrame:
    """Ofsted MI on state-funded school inspections -> ``school_inspections`` rows.

    ``la_code`` comes from ``LAESTAB`` (LA code x 10000 + establishment number). Overall
    effectiveness is 1-4, missing ('Not judged' or blank) from September 2024.
    """
    df = read_csv_text(path, ["URN", "LAESTAB", "Ofsted phase", "Inspection start date",
                              "Overall effectiveness"])
    urn, _ = parse_numeric(df["URN"], path=path, column="URN")
    bad_rows(path, urn.isna(), "missing URN", "URN", "a school URN on every row")
    laestab, _ = parse_numeric(df["LAESTAB"], path=path, column="LAESTAB")
    la_code = parse_la_codes((laestab // 10000).astype("Int64").astype("string"), path, "LAESTAB")
    date = parse_dates(df["Inspection start date"], path, "Inspection start date")
    oe_text = df["Overall effectiveness"].astype("string").str.strip()
    oe_text = oe_text.mask(oe_text.str.lower().isin(["not judged", "null", "9"]))
    grade, _ = parse_numeric(oe_text, path=path, column="Overall effectiveness")
    bad_rows(path, grade.notna() & ~grade.isin([1, 2, 3, 4]), "grade out of range",
             "Overall effectiveness", "1, 2, 3, 4, 'Not judged' or blank")
    framework = framework_for(date)
    out = pd.DataFrame({
        "urn": urn.astype(int), "la_code": la_code, "phase": _phase(df["Ofsted phase"]),
        "inspection_date": date, "framework": framework,
        "overall_effectiveness": grade.astype("Int64"),
        "grade_label": grade_labels(grade, framework),
        "inspection_type": df.get("Inspection type", pd.Series(pd.NA, index=df.index)),
        "school_name": df.get("School name", pd.Series(pd.NA, index=df.index)),
        "predecessor_urn": pd.array([pd.NA] * len(df), dtype="Int64"),
        "source": MI_SOURCE,
    })
    check_unique(out, ["urn", "inspection_date"], path)
    return out


def _gias_phase(phase: pd.Series, type_name: pd.Series) -> pd.Series:
    p = phase.astype("string").str.lower()
    out = pd.Series("other", index=phase.index)
    out = out.mask(p.str.contains("primary", na=False), "primary")
    out = out.mask(p.str.contains("secondary", na=False), "secondary")
    return out.mask(type_name.astype("string").str.lower().str.contains("special", na=False),
                    "special")


def read_gias_establishments(path) -> pd.DataFrame:
    """GIAS establishments extract -> ``schools`` rows (FSM share used as disadvantage share)."""
    df = read_csv_text(path, ["URN", "LA (code)", "EstablishmentName",
                              "TypeOfEstablishment (name)", "PhaseOfEducation (name)",
                              "OpenDate", "CloseDate", "PercentageFSM"])
    urn, _ = parse_numeric(df["URN"], path=path, column="URN")
    fsm, _ = parse_numeric(df["PercentageFSM"], path=path, column="PercentageFSM",
                           percent_sign=True)
    bad_rows(path, ~fsm.between(0, 100) & fsm.notna(), "percentage out of range",
             "PercentageFSM", "0 to 100")
    kind = df["TypeOfEstablishment (name)"].astype("string")
    out = pd.DataFrame({
        "urn": urn.astype(int), "la_code": parse_la_codes(df["LA (code)"], path, "LA (code)"),
        "school_name": df["EstablishmentName"].str.strip(),
        "phase": _gias_phase(df["PhaseOfEducation (name)"], kind),
        "open_date": parse_dates(df["OpenDate"], path, "OpenDate", required=False),
        "close_date": parse_dates(df["CloseDate"], path, "CloseDate", required=False),
        "predecessor_urn": pd.array([pd.NA] * len(df), dtype="Int64"),
        "is_academy": kind.str.contains(r"academ|free school|university technical|studio",
                                        case=False, na=False).astype(bool),
        "disadvantaged_share": fsm / 100,
        "latest_overall_effectiveness": pd.array([pd.NA] * len(df), dtype="Int64"),
    })
    check_unique(out, ["urn"], path)
    return out


def read_gias_links(path) -> pd.DataFrame:
    """GIAS links -> ``urn``, ``predecessor_urn``.

    A predecessor comes from a ``Predecessor...`` row of the school or a ``Successor...`` row
    of its predecessor (GIAS lists most links both ways, a few one way only). One predecessor
    is kept per URN, the most recently established link (undated links count as older); the
    other predecessors of amalgamated schools are counted in ``attrs["dropped"]``. Other link
    types (sixth-form centres, 'Result of Amalgamation', ...) are not chains of one school.
    """
    df = read_csv_text(path, ["URN", "LinkURN", "LinkType"])
    kind = df["LinkType"].astype("string").str.strip().str.lower()
    urn, _ = parse_numeric(df["URN"], path=path, column="URN")
    link, _ = parse_numeric(df["LinkURN"], path=path, column="LinkURN")
    date = (parse_dates(df["LinkEstablishedDate"], path, "LinkEstablishedDate",
                        required=False) if "LinkEstablishedDate" in df
            else pd.Series(pd.NaT, index=df.index))
    is_pred, is_succ = kind.str.startswith("predecessor"), kind.str.startswith("successor")
    for mask, column in ((is_pred | is_succ) & urn.isna(), "URN"), (
            (is_pred | is_succ) & link.isna(), "LinkURN"):
        bad_rows(path, mask.fillna(False), "missing URN on a predecessor/successor link",
                 column, "a URN on every link row")
    pairs = pd.concat([
        pd.DataFrame({"urn": urn[is_pred], "predecessor_urn": link[is_pred],
                      "_date": date[is_pred]}),
        pd.DataFrame({"urn": link[is_succ], "predecessor_urn": urn[is_succ],
                      "_date": date[is_succ]})])
    pairs = pairs.astype({"urn": int, "predecessor_urn": "Int64"}).sort_values(
        ["urn", "_date"], na_position="first", kind="stable")
    pairs = pairs.drop_duplicates(["urn", "predecessor_urn"], keep="last")
    extra = pairs.duplicated("urn", keep="last")
    out = pairs[~extra].drop(columns="_date").reset_index(drop=True)
    record_dropped(out, path, "older predecessors of amalgamated schools", int(extra.sum()))
    return out


def read_school_rating_snapshot(path) -> pd.DataFrame:
    """GIAS snapshot with each school's latest Ofsted rating (no dates, names or phase of
    education) -> ``schools`` rows; phase is ``special`` for special-school types, otherwise
    ``unknown``, and ``latest_overall_effectiveness`` holds the rating as 1-4."""
    df = read_csv_text(path, ["unique_reference_number", "authority_code",
                              "establishment_type_code", "percent_free_school_meals",
                              "rating"])
    urn, _ = parse_numeric(df["unique_reference_number"], path=path,
                           column="unique_reference_number")
    kind, _ = parse_numeric(df["establishment_type_code"], path=path,
                            column="establishment_type_code")
    fsm, _ = parse_numeric(df["percent_free_school_meals"], path=path,
                           column="percent_free_school_meals")
    bad_rows(path, ~fsm.between(0, 100) & fsm.notna(), "percentage out of range",
             "percent_free_school_meals", "0 to 100")
    rating_text = df["rating"].astype("string").str.strip().str.lower()
    rating = rating_text.map(RATINGS)
    bad_rows(path, rating_text.notna() & rating.isna(), "unknown rating", "rating",
             "Outstanding, Good, Requires improvement or Inadequate")
    out = pd.DataFrame({
        "urn": urn.astype(int),
        "la_code": parse_la_codes(df["authority_code"], path, "authority_code"),
        "school_name": pd.Series(pd.NA, index=df.index, dtype="string"),
        "phase": kind.isin(list(SPECIAL_TYPE_CODES)).map({True: "special", False: "unknown"}),
        "open_date": pd.NaT, "close_date": pd.NaT,
        "predecessor_urn": pd.array([pd.NA] * len(df), dtype="Int64"),
        "is_academy": kind.isin(list(ACADEMY_TYPE_CODES)),
        "disadvantaged_share": fsm / 100,
        "latest_overall_effectiveness": rating.astype("Int64"),
    })
    check_unique(out, ["urn"], path)
    return out
