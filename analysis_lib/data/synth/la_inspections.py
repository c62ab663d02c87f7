"""Synthetic LA-level Ofsted judgements: LEA inspections (1998-2005, 1-7) and children's
services inspections (2009-2025, 1-4) in Ofsted's published layouts.

Walsall's LEA grades are the published ones (2000 and 2002: 7 'very poor'; October 2004:
current performance 3, improvement 2, capacity to improve 2); the inspection days of the
2000 and 2002 visits are placeholders. Everything else is synthetic.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import norm

from analysis_lib import geography
from analysis_lib.data.synth.geography_frame import LAFrame
from analysis_lib.data.synth.schools import month_start

WALSALL_LEA = [  # (date, judgement, grade) - published grades, see data/reference
    ("2000-03-01", "Overall effectiveness", 7), ("2002-05-01", "Overall effectiveness", 7),
    ("2004-10-01", "Current performance", 3),
    ("2004-10-01", "Improvement since last inspection", 2),
    ("2004-10-01", "Capacity to improve", 2),
]
LABELS = {1: "Outstanding", 2: "Good", 3: "Requires improvement to be good", 4: "Inadequate"}
CS_COLUMNS = [
    "Local authority name", "LA region", "LA Authority Type",
    "Safeguarding & Looked After Children (SLAC) Inspection publication date",
    "SLAC Safeguarding Overall effectiveness (OE)",
    "SLAC Looked After Children Overall Effectiveness (OE)",
    "SLAC re-inspection of Safeguarding publication date", "SLAC re-inspection Safeguarding OE",
    "SLAC re-inspection of services for Children Looked After publication date",
    "SLAC re-inspection of services Children Looked After OE",
    "Child Protection Inspections (CPI) publication date", "CPI Overall Effectiveness (OE)",
    "Child Protection Re-Inspection (CPRI) publication date", "CPRI Overall Effectiveness (OE)",
    "Targeted Looked After Children (TLAC) inspection publication date",
    "TLAC Overall Effectiveness (OE)",
    "Single Inspection of LA Children's Services (SIF) First SIF publication date",
    "First SIF Overall Judgement (OE)", "First SIF children who need help and protection",
    "First SIF children looked after and achieving permanence",
    "First SIF CLA Sub: Adoption Performance",
    "First SIF CLA Sub: Experiences and progress of care leavers",
    "First SIF leadership, management and governance", "LSCB Overall Effectiveness",
    "Single Inspection of LA Children's Services (SIF) SIF Re-inspection publication date",
    "SIF Re-inspection Overall Judgement (OE)",
    "SIF Re-inspection children who need help and protection",
    "SIF Re-inspection children looked after and achieving permanence",
    "SIF Re-inspection CLA Sub: Adoption Performance",
    "SIF Re-inspection CLA Sub: Experiences and progress of care leavers",
    "SIF Re-inspection leadership, management and governance",
    "First ILACS framework inspection type", "First ILACS framework publication date",
    "First ILACS framework overall effectiveness", "First ILACS framework impact of leaders",
    "First ILACS framework experiences and progress of children who need help and protection",
    "First ILACS framework experiences and progress of children in care and care leavers",
    "Second ILACS framework inspection type", "Second ILACS framework publication date",
    "Second ILACS framework overall effectiveness", "Second ILACS framework impact of leaders",
    "Second ILACS framework experiences and progress of children who need help and protection",
    "Second ILACS framework experiences and progress of children in care",
    "Second ILACS framework experiences and progress of care leavers", "table"]
HISTORY_COLUMNS = [
    "Local authority area code", "Local authority name", "Local authority status",
    "Ofsted region", "Inspection date", "Publication date", "Inspection type",
    "Overall effectiveness",
    "The impact of leaders on social work practice with children and families",
    "The experiences and progress of children who need help and protection",
    "The experiences and progress of children in care",
    "The experiences and progress of care leavers"]
# % of first inspections judged outstanding, good, requires improvement (adequate),
# inadequate, rounded from Ofsted's published outcomes (Children's social care data in
# England 2023, LA inspections 2009-2023; LA inspection outcomes as at 31 March 2025)
SLAC_SAFEGUARDING = (3, 36, 45, 16)
SLAC_LOOKED_AFTER = (1, 52, 45, 2)
SIF_SHARES = (2, 33, 43, 22)
ILACS_SHARES = ((15, 40, 32, 13), (26, 39, 22, 13))  # first and second ILACS inspection
NOISE_SD = 0.8  # of each judgement around the LA's quality (sd 1)
TYPES = {"E06": "Unitary Authority", "E08": "Metropolitan District", "E09": "London Borough",
         "E10": "County Council"}


def lea_inspections(focus_la: int, rng: np.random.Generator) -> pd.DataFrame:
    """LEA inspections 1998-2005 on the 1-7 scale for about 60 LAs (focus LA: real grades)."""
    periods = geography.las(2002)
    codes = np.sort(periods.la_code.unique())
    sample = np.sort(rng.choice(codes[codes != focus_la], 60, replace=False))
    names = periods.drop_duplicates("la_code").set_index("la_code").la_name
    rows = [(focus_la, names[focus_la], d, j, g) for d, j, g in WALSALL_LEA]
    for code in sample:
        first = int(rng.integers(1998, 2003))
        grade = int(np.clip(np.round(rng.normal(3.8, 1.3)), 1, 7))
        date = month_start(first, int(rng.integers(1, 13)))
        rows.append((code, names[code], str(date), "Overall effectiveness", grade))
        if grade >= 5 or rng.random() < 0.4:
            second = date + np.timedelta64(int(rng.integers(600, 1100)), "D")
            new = int(np.clip(grade - rng.integers(0, 3), 1, 7))
            rows.append((code, names[code], str(second), "Overall effectiveness", new))
    out = pd.DataFrame(rows, columns=["LA code", "LA name", "Inspection date", "Judgement",
                                      "Grade"])
    out["Inspection date"] = pd.to_datetime(out["Inspection date"]).dt.strftime("%d/%m/%Y")
    return out


def _grade(quality: np.ndarray, shares: tuple[float, ...], rng: np.random.Generator
           ) -> np.ndarray:
    """Grades 1-4 from the LA's quality plus noise, cut so that the expected share of each
    grade is ``shares`` (% outstanding, good, requires improvement, inadequate)."""
    latent = quality + rng.normal(0, NOISE_SD, len(quality))
    cuts = np.sqrt(1 + NOISE_SD**2) * norm.ppf(1 - np.cumsum(shares[:3]) / 100)
    return np.select([latent > cuts[0], latent > cuts[1], latent > cuts[2]], [1, 2, 3], 4)


def _date(years_lo: int, years_hi: int, n: int, rng: np.random.Generator) -> np.ndarray:
    days = rng.integers(0, (years_hi - years_lo + 1) * 365, n)
    return month_start(years_lo, 1) + days.astype("timedelta64[D]")


def cs_inspections(frame: LAFrame, rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(SLAC/SIF/ILACS summary 2009-2023 in Ofsted's table layout, ILACS history 2018-2025)."""
    current = geography.las(2023).drop_duplicates("la_code", keep="last")
    old = geography.las(2018)
    old = old[~old.la_code.isin(current.la_code)].drop_duplicates("la_code", keep="last")
    las = pd.concat([current.assign(table="Table 10: current LAs"),
                     old.assign(table="Table 11: LAs that no longer exist")], ignore_index=True)
    n = len(las)
    quality = frame.units.set_index("la_code").csc_quality.reindex(las.la_code).fillna(0).to_numpy()
    out = pd.DataFrame("", index=range(n), columns=CS_COLUMNS)
    out["Local authority name"] = las.la_name.to_numpy()
    out["LA region"] = las.region_name.to_numpy()
    out["LA Authority Type"] = las.gss_code.str[:3].map(TYPES).to_numpy()
    out["table"] = las.table.to_numpy()
    first_year = las.la_code.map(geography.las().groupby("la_code").valid_from.min()).to_numpy()
    slac = _date(2009, 2012, n, rng)
    out[CS_COLUMNS[3]] = slac.astype(str)
    out[CS_COLUMNS[4]] = [LABELS[g] for g in _grade(quality, SLAC_SAFEGUARDING, rng)]
    out[CS_COLUMNS[5]] = [LABELS[g] for g in _grade(quality, SLAC_LOOKED_AFTER, rng)]
    sif = _date(2013, 2017, n, rng)
    g_sif = _grade(quality, SIF_SHARES, rng)
    out[CS_COLUMNS[16]] = sif.astype(str)
    for col in [17, 18, 19, 20, 21, 22, 23]:
        sub = g_sif if col == 17 else _grade(quality, SIF_SHARES, rng)
        out[CS_COLUMNS[col]] = [LABELS[g] for g in sub]
    for cols, last in [(range(3, 6), 2012), (range(16, 24), 2017)]:
        out.loc[first_year > last, [CS_COLUMNS[c] for c in cols]] = ""
    is_current = (las.table == "Table 10: current LAs").to_numpy()
    exists_from = month_start(first_year, 4) + np.timedelta64(90, "D")
    history = []
    for k, (lo, hi, shares) in enumerate([(2018, 2021, ILACS_SHARES[0]),
                                          (2022, 2025, ILACS_SHARES[1])]):
        date = np.maximum(_date(lo, hi, n, rng), exists_from)
        held = is_current & (date <= month_start(hi, 12))
        grades = _grade(quality, shares, rng)
        subs = [_grade(quality, shares, rng) for _ in range(4)]
        kind = np.where(grades <= 2, "ILACS Short Inspection", "ILACS Standard Inspection")
        pub = date + rng.integers(30, 60, n).astype("timedelta64[D]")
        base = 31 + 6 * k
        in_table = held & (pub <= np.datetime64("2023-03-31"))
        out.loc[in_table, CS_COLUMNS[base]] = kind[in_table]
        out.loc[in_table, CS_COLUMNS[base + 1]] = pub[in_table].astype(str)
        out.loc[in_table, CS_COLUMNS[base + 2]] = [LABELS[g] for g in grades[in_table]]
        for j in range(3 + k):
            out.loc[in_table, CS_COLUMNS[base + 3 + j]] = [LABELS[g] for g in subs[j][in_table]]
        history.append(pd.DataFrame({
            HISTORY_COLUMNS[0]: las.gss_code, HISTORY_COLUMNS[1]: las.la_name,
            HISTORY_COLUMNS[2]: "Current", HISTORY_COLUMNS[3]: las.region_name,
            HISTORY_COLUMNS[4]: date.astype(str), HISTORY_COLUMNS[5]: pub.astype(str),
            HISTORY_COLUMNS[6]: kind, HISTORY_COLUMNS[7]: [LABELS[g] for g in grades],
            **{HISTORY_COLUMNS[8 + j]: [LABELS[g] for g in subs[j]] for j in range(4)},
        })[held])
    hist = pd.concat(history, ignore_index=True)
    hist.loc[hist["Inspection date"] < "2020-09-01", HISTORY_COLUMNS[11]] = ""
    hist = hist.sort_values([HISTORY_COLUMNS[1], "Inspection date"], kind="stable")
    return out, hist.reset_index(drop=True)
