"""Ofsted judgements on local authorities: LEA inspections (1-7) and children's services (1-4).

Tidy shape (``la_inspections``): one row per LA x inspection x judgement, with the framework
(LEA, SLAC, CPI, TLAC, SIF, ILACS), the grade on its scale and the published label.
Children's services grades: Outstanding = 1, Good = 2, Requires improvement (to be good) or
Adequate = 3, Inadequate = 4.
"""

from __future__ import annotations

import pandas as pd

from analysis_lib.data.readers.base import (
    bad_rows,
    check_unique,
    la_codes_by,
    parse_dates,
    parse_la_codes,
    record_dropped,
)
from analysis_lib.data.readers.csv_text import read_csv_text
from analysis_lib.data.suppression import parse_numeric

CSC_GRADES = {
    "outstanding": 1, "good": 2, "requires improvement to be good": 3,
    "requires improvement": 3, "adequate": 3, "inadequate": 4,
}
#: LEA grade labels as printed in the cited sources (Serco case study, 2015); other grades
#: of the 1-7 scale are left unlabelled rather than guessed.
LEA_LABELS = {2: "Good", 3: "Highly satisfactory", 6: "Poor", 7: "Very poor"}
COLUMNS = ["la_code", "la_name", "inspection_date", "framework", "inspection_type",
           "judgement", "grade", "scale_max", "grade_label", "date_basis", "publication_date",
           "source"]


def snake(text: pd.Series) -> pd.Series:
    """'Capacity to improve' -> 'capacity_to_improve'."""
    return text.astype("string").str.strip().str.lower().str.replace(r"[^a-z0-9]+", "_",
                                                                      regex=True).str.strip("_")


def read_lea_inspections(path) -> pd.DataFrame:
    """LEA inspections 1998-2005 (``LA code``, ``LA name``, ``Inspection date``, ``Judgement``,
    ``Grade`` on 1-7) -> ``la_inspections`` rows with framework ``LEA``."""
    df = read_csv_text(path, ["LA code", "LA name", "Inspection date", "Judgement", "Grade"])
    grade, _ = parse_numeric(df["Grade"], path=path, column="Grade")
    bad_rows(path, ~grade.between(1, 7) | (grade % 1 != 0), "grade out of range", "Grade",
             "a whole number 1 to 7")
    source = df["Source"] if "Source" in df else f"Ofsted LEA inspection ({_name(path)})"
    out = pd.DataFrame({
        "la_code": parse_la_codes(df["LA code"], path, "LA code"),
        "la_name": df["LA name"].str.strip(),
        "inspection_date": parse_dates(df["Inspection date"], path, "Inspection date"),
        "framework": "LEA", "inspection_type": "LEA inspection",
        "judgement": snake(df["Judgement"]),
        "grade": grade.astype("Int64"), "scale_max": 7,
        "grade_label": grade.map(LEA_LABELS).astype("string"),
        "date_basis": "inspection", "publication_date": pd.NaT, "source": source,
    })
    check_unique(out, ["la_code", "inspection_date", "judgement"], path)
    return out[COLUMNS]


def _csc_grades(labels: pd.Series, path, column: str) -> pd.Series:
    text = labels.astype("string").str.strip().str.lower()
    grade = text.map(CSC_GRADES)
    unknown = text.notna() & grade.isna()
    bad_rows(path, unknown, f"unknown judgement {labels[unknown].head(1).tolist()}", column,
             "Outstanding, Good, Requires improvement (to be good), Adequate or Inadequate")
    return grade.astype("Int64")


def _name(path) -> str:
    return str(path).replace("\\", "/").rsplit("/", 1)[-1]


def _long(path, frame: pd.DataFrame, la_code: pd.Series, la_name: pd.Series,
          framework: str, inspection_type, date: pd.Series, judgements: dict[str, str],
          date_basis: str, source: str) -> pd.DataFrame:
    parts = []
    for column, judgement in judgements.items():
        if column not in frame:
            continue
        label = frame[column].astype("string").str.strip().mask(lambda s: s.isin(["-", ""]))
        grade = _csc_grades(label, path, column)
        parts.append(pd.DataFrame({
            "la_code": la_code, "la_name": la_name, "inspection_date": date,
            "framework": framework, "inspection_type": inspection_type,
            "judgement": judgement, "grade": grade, "scale_max": 4, "grade_label": label,
            "date_basis": date_basis, "source": source,
            "publication_date": date if date_basis == "publication" else pd.NaT,
        })[label.notna() & date.notna()])
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=COLUMNS)


# (framework, inspection type, date column, {judgement column: judgement})
CSC_2009_2023 = [
    ("SLAC", "inspection",
     "Safeguarding & Looked After Children (SLAC) Inspection publication date",
     {"SLAC Safeguarding Overall effectiveness (OE)": "safeguarding",
      "SLAC Looked After Children Overall Effectiveness (OE)": "looked_after_children"}),
    ("SLAC", "re-inspection", "SLAC re-inspection of Safeguarding publication date",
     {"SLAC re-inspection Safeguarding OE": "safeguarding"}),
    ("SLAC", "re-inspection",
     "SLAC re-inspection of services for Children Looked After publication date",
     {"SLAC re-inspection of services Children Looked After OE": "looked_after_children"}),
    ("CPI", "inspection", "Child Protection Inspections (CPI) publication date",
     {"CPI Overall Effectiveness (OE)": "overall_effectiveness"}),
    ("CPI", "re-inspection", "Child Protection Re-Inspection (CPRI) publication date",
     {"CPRI Overall Effectiveness (OE)": "overall_effectiveness"}),
    ("TLAC", "inspection", "Targeted Looked After Children (TLAC) inspection publication date",
     {"TLAC Overall Effectiveness (OE)": "overall_effectiveness"}),
    ("SIF", "inspection",
     "Single Inspection of LA Children's Services (SIF) First SIF publication date",
     {"First SIF Overall Judgement (OE)": "overall_effectiveness",
      "First SIF children who need help and protection": "help_and_protection",
      "First SIF children looked after and achieving permanence": "children_looked_after",
      "First SIF CLA Sub: Adoption Performance": "adoption",
      "First SIF CLA Sub: Experiences and progress of care leavers": "care_leavers",
      "First SIF leadership, management and governance": "leadership",
      "LSCB Overall Effectiveness": "lscb"}),
    ("SIF", "re-inspection",
     "Single Inspection of LA Children's Services (SIF) SIF Re-inspection publication date",
     {"SIF Re-inspection Overall Judgement (OE)": "overall_effectiveness",
      "SIF Re-inspection children who need help and protection": "help_and_protection",
      "SIF Re-inspection children looked after and achieving permanence":
          "children_looked_after",
      "SIF Re-inspection CLA Sub: Adoption Performance": "adoption",
      "SIF Re-inspection CLA Sub: Experiences and progress of care leavers": "care_leavers",
      "SIF Re-inspection leadership, management and governance": "leadership"}),
]
ILACS_PREFIXES = ("First ILACS framework", "Second ILACS framework")
ILACS_SUBJUDGEMENTS = {
    "overall effectiveness": "overall_effectiveness",
    "impact of leaders": "impact_of_leaders",
    "experiences and progress of children who need help and protection": "help_and_protection",
    "experiences and progress of children in care and care leavers": "children_in_care",
    "experiences and progress of children in care": "children_in_care",
    "experiences and progress of care leavers": "care_leavers",
}


def read_la_childrens_services_inspections(path) -> pd.DataFrame:
    """Ofsted "Children's social care data in England" LA inspections 2009-2023 (wide: one row
    per LA, column groups per framework) -> ``la_inspections``.

    Only publication dates are published, so ``inspection_date`` holds the publication date and
    ``date_basis`` says so. LAs are matched on name to ``data/reference/las.csv``.
    """
    df = read_csv_text(path, ["Local authority name", CSC_2009_2023[0][2]])
    source = f"Ofsted, Children's social care data in England 2023 ({_name(path)})"
    groups = list(CSC_2009_2023)
    for prefix in ILACS_PREFIXES:
        judgements = {f"{prefix} {k}": v for k, v in ILACS_SUBJUDGEMENTS.items()}
        groups.append(("ILACS", f"{prefix} inspection type", f"{prefix} publication date",
                       judgements))
    parts = []
    for framework, kind, date_col, judgements in groups:
        if date_col not in df:
            continue
        date = parse_dates(df[date_col], path, date_col, required=False)
        code = la_codes_by(df["Local authority name"], date.dt.year.fillna(2009), path,
                           "Local authority name", by="la_name")
        kind_values = df[kind].str.strip() if kind in df else kind
        parts.append(_long(path, df, code, df["Local authority name"].str.strip(), framework,
                           kind_values, date, judgements, "publication", source))
    return pd.concat(parts, ignore_index=True)[COLUMNS]


ILACS_HISTORY = {
    "Overall effectiveness": "overall_effectiveness",
    "The impact of leaders on social work practice with children and families":
        "impact_of_leaders",
    "The experiences and progress of children who need help and protection":
        "help_and_protection",
    "The experiences and progress of children in care": "children_in_care",
    "The experiences and progress of care leavers": "care_leavers",
}


def read_ilacs_inspection_history(path) -> pd.DataFrame:
    """Ofsted "LA inspection outcomes" ILACS history (one row per inspection, E-codes)
    -> ``la_inspections`` rows with framework ``ILACS``."""
    df = read_csv_text(path, ["Local authority area code", "Local authority name",
                              "Inspection date", "Inspection type", "Overall effectiveness"])
    date = parse_dates(df["Inspection date"], path, "Inspection date")
    code = la_codes_by(df["Local authority area code"], date.dt.year, path,
                       "Local authority area code", by="gss_code")
    source = f"Ofsted, Local authority inspection outcomes ({_name(path)})"
    out = _long(path, df, code, df["Local authority name"].str.strip(), "ILACS",
                df["Inspection type"].str.strip(), date, ILACS_HISTORY, "inspection", source)
    if "Publication date" in df:
        pub = parse_dates(df["Publication date"], path, "Publication date", required=False)
        key = pd.DataFrame({"la_code": code, "inspection_date": date, "publication_date": pub})
        key = key.drop_duplicates(["la_code", "inspection_date"])
        out = out.drop(columns="publication_date").merge(key, how="left",
                                                         on=["la_code", "inspection_date"])
    dup = out.duplicated(["la_code", "inspection_date", "judgement"])
    record_dropped(out, path, "repeated judgement rows", int(dup.sum()))
    return out[~dup].reset_index(drop=True)
