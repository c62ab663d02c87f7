"""The LA's own inspection judgements over time: LEA inspections on a 1-7 scale (to 2005),
then children's services inspections on a 1-4 scale (SLAC/CPI 2009-2013, the single
inspection framework 2013-2018, ILACS from 2018), each with its framework and source.

Lower is better on both scales (1 = excellent / outstanding). The two scales are not
comparable, so charts keep them apart.
"""

from __future__ import annotations

import pandas as pd

from analysis_lib.errors import DataNotAvailableError

SCALES = {7: "1-7 (1 = excellent, 7 = very poor)", 4: "1-4 (1 = outstanding, 4 = inadequate)"}
LEA_FACT_TOPIC = "lea_inspection"
COLUMNS = ["inspection_date", "framework", "judgement", "grade", "scale_max", "scale",
           "grade_label", "source"]


def lea_facts(reference_facts: pd.DataFrame, la_code: int) -> pd.DataFrame:
    """LEA 1-7 judgements typed in from cited sources, in `la_inspections` columns.

    A fact dated by year only is placed on 1 July, by month only on the 1st.
    """
    facts = reference_facts[(reference_facts["topic"] == LEA_FACT_TOPIC)
                            & (reference_facts["la_code"] == la_code)]
    if facts.empty:
        return pd.DataFrame(columns=COLUMNS)
    text = facts["date"].astype(str)
    date = pd.to_datetime(text.where(text.str.len() != 4, text + "-07-01"), format="mixed")
    return pd.DataFrame({
        "inspection_date": date.to_numpy(), "framework": "LEA",
        "judgement": facts["measure"].str.replace("_grade", "", regex=False).to_numpy(),
        "grade": facts["value"].astype("Int64").to_numpy(), "scale_max": 7,
        "grade_label": facts["description"].to_numpy(),
        "source": (facts["source"] + " (" + facts["source_detail"] + ")").to_numpy()})


def la_timeline(la_inspections: pd.DataFrame | None, la_code: int,
                reference_facts: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every judgement for the LA in date order with framework, scale and source.

    LEA judgements come from `la_inspections` where present, otherwise from the cited
    reference facts. Raises DataNotAvailableError when neither has any row for the LA.
    """
    parts = []
    if la_inspections is not None:
        own = la_inspections[la_inspections["la_code"] == la_code]
        parts.append(own.assign(scale_max=own["scale_max"].astype(int)))
    has_lea = bool(parts) and (parts[0]["scale_max"] == 7).any()
    if reference_facts is not None and not has_lea:
        parts.append(lea_facts(reference_facts, la_code))
    parts = [p for p in parts if not p.empty]
    if not parts:
        raise DataNotAvailableError(f"No LA inspection judgements for LA {la_code}.")
    out = pd.concat([p.reindex(columns=COLUMNS) for p in parts], ignore_index=True)
    out["scale"] = out["scale_max"].astype(int).map(SCALES)
    out["inspection_date"] = pd.to_datetime(out["inspection_date"])
    out["grade"] = out["grade"].astype("Int64")
    return out.sort_values(["inspection_date", "scale_max", "judgement"],
                           kind="stable").reset_index(drop=True)[COLUMNS]

