"""Synthetic KS2 performance tables in DfE's ``ks2final`` layout, one national file a year.

``attainment/ks2_performance_tables/YYYY-YYYY/england_ks2final.csv`` as DfE's download names
it, with DfE's quirks: a UTF-8 byte-order mark, DfE's column names and case (a subset of
DfE's columns, in DfE's order: identifiers and the columns the project reads), percentages
written ``62%``, ``RECTYPE`` 1 schools then 3 (one row per LA) and 4/5 (England), blanks
written as a space in LA and England rows, trailing empty fields omitted (so rows are
shorter than the header) and DfE's suppression: with 5 or fewer eligible pupils every
result is ``SUPP``; with 1-5 pupils in either group both groups' percentages are ``SUPP``;
a group of 0 has a blank percentage. Schools that opened after the tests are listed as
``NEW`` with nothing after ``TOTPUPS``. Years before 2011 are not written (their published
layout is not established; see ``analysis_lib.data.readers.ks2_layouts``). Progress scores
(from 2016) and expected-progress percentages (before 2016) are invented from each school's
results; a few progress scores are ``LOWCOV``. Every school name says "Synthetic".
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import norm

from analysis_lib.data.synth.geography_frame import LAFrame
from analysis_lib.data.synth.schools import la_code_on
from analysis_lib.data.synth.writer import num, write_csv

FIRST_YEAR = 2011
IDENTIFIERS = ["RECTYPE", "LEA", "ESTAB", "URN", "SCHNAME", "NFTYPE", "ICLOSE", "TOTPUPS",
               "TPUPYEAR", "TELIG"]


def _columns(year: int) -> dict[str, str]:
    """DfE's name (and case) of each synthetic quantity in the layout of ``year``."""
    if year >= 2016:
        return {"dis": "TFSM6CLA1A", "pdis": "PTFSM6CLA1A", "oth": "TNotFSM6CLA1A",
                "poth": "PTNotFSM6CLA1A", "all": "PTRWM_EXP", "read": "READPROG",
                "writ": "WRITPROG", "mat": "MATPROG", "gdis": "PTRWM_EXP_FSM6CLA1A",
                "goth": "PTRWM_EXP_NotFSM6CLA1A"}
    if year >= 2013:
        suffix = "FSM6CLA1A" if year == 2015 else "FSMCLA"
        counts = ({"dis": "TFSMCLA1A", "oth": "TNOTFSM6CLA1A"} if year == 2015
                  else {"dis": "TFSMCLA", "oth": "TNOTFSMCLA"})
        return {**counts, "mat": "PT2MATH", "all": "PTREADWRITTAMATX",
                "gdis": f"PTREADWRITTAMATX_{suffix}", "goth": f"PTREADWRITTAMATX_NOT{suffix}"}
    groups = {"gdis": "PTFSMCLAENGMATX", "goth": "PTNOTFSMCLAENGMATX"} if year == 2012 else {}
    return {"dis": "TFSMCLA", "oth": "TNOTFSMCLA", "eng": "PT2ENG12", "mat": "PT2MATH12",
            "all": "PTENGMATX", **groups}


def _pct(met, n) -> np.ndarray:
    """Whole-number percentages rounded half up, as text with a % sign ('' where n is 0)."""
    met, n = np.asarray(met, float), np.asarray(n, float)
    with np.errstate(invalid="ignore", divide="ignore"):
        value = np.floor(100 * met / np.where(n > 0, n, np.nan) + 0.5)
    return np.where(n > 0, np.char.add(num(value, 0).astype(str), "%"), "")


def _progress(s: pd.DataFrame, year: int, national: float, rng) -> dict[str, np.ndarray]:
    """Invented progress: scores (2016 on) or % making expected progress (before 2016)."""
    rate = (s.met_all.to_numpy() + 0.5) / (s.cohort.to_numpy() + 1)
    shift = norm.ppf(rate) - norm.ppf(national)
    noise = 1 / np.sqrt(np.maximum(s.cohort.to_numpy(), 1))
    if year >= 2016:
        return {k: num(np.clip(5 * shift + rng.normal(0, sd, len(s)) * noise * 12, -20, 20), 1)
                for k, sd in (("read", 1.0), ("writ", 1.3), ("mat", 1.0))}
    return {k: np.char.add(num(np.clip(np.round(86 + 8 * shift + rng.normal(0, 6, len(s))),
                                       30, 100), 0).astype(str), "%") for k in ("eng", "mat")}


def _school_rows(s: pd.DataFrame, year: int, names: pd.Series, schools: pd.DataFrame,
                 rng) -> pd.DataFrame:
    n, d = s.cohort.to_numpy(), s.disadvantaged.to_numpy()
    o, met, met_d = n - d, s.met_all.to_numpy(), s.met_dis.to_numpy()
    info = schools.set_index("urn").reindex(s.urn)
    cols = _columns(year)
    national = met.sum() / n.sum()
    rows = {"RECTYPE": "1", "LEA": s.la_code.astype(str).to_numpy(),
            "ESTAB": (2000 + s.urn % 1000).astype(str).to_numpy(),
            "URN": s.urn.astype(str).to_numpy(), "SCHNAME": names.reindex(s.urn).to_numpy(),
            "NFTYPE": np.where(info.is_academy.to_numpy(dtype=bool), "AC", "CY"), "ICLOSE": "0",
            "TOTPUPS": (7 * n).astype(str), "TPUPYEAR": n.astype(str), "TELIG": n.astype(str)}
    values = {"dis": d.astype(str), "oth": o.astype(str), "pdis": _pct(d, n),
              "poth": _pct(o, n), "all": _pct(met, n), "gdis": _pct(met_d, d),
              "goth": _pct(met - met_d, o), **_progress(s, year, national, rng)}
    small, group_small = n <= 5, ((d >= 1) & (d <= 5)) | ((o >= 1) & (o <= 5))
    for key, text in values.items():
        if key not in cols:
            continue
        hide = small | (group_small if key in ("gdis", "goth") else False)
        if key in ("read", "writ", "mat") and year >= 2016:
            text = np.where(rng.random(len(s)) < 0.003, "LOWCOV", text)
        rows[cols[key]] = np.where(hide, "SUPP", text)
    return pd.DataFrame(rows)


def _new_rows(frame: LAFrame, schools: pd.DataFrame, names: pd.Series, year: int,
              results: set) -> pd.DataFrame:
    """Primary schools that opened after the May tests and before September: ``NEW``."""
    opened = schools.open_date.between(pd.Timestamp(f"{year}-05-16"),
                                       pd.Timestamp(f"{year}-09-01"))
    new = schools[opened & (schools.phase == "primary") & ~schools.urn.isin(results)]
    return pd.DataFrame({"RECTYPE": "1", "LEA": la_code_on(frame, new, year).astype(str),
                         "ESTAB": (2000 + new.urn % 1000).astype(str).to_numpy(),
                         "URN": new.urn.astype(str).to_numpy(),
                         "SCHNAME": names.reindex(new.urn).to_numpy(),
                         "NFTYPE": np.where(new.is_academy.to_numpy(dtype=bool), "AC", "CY"),
                         "ICLOSE": "0", "TOTPUPS": "NEW"})


def _total_rows(s: pd.DataFrame, year: int, la_names: pd.Series) -> pd.DataFrame:
    """RECTYPE 3 (each LA) and 4, 5 (England: all schools, state-funded) from the schools."""
    sums = s.groupby("la_code")[["cohort", "disadvantaged", "met_all", "met_dis"]].sum()
    sums = pd.concat([sums, sums.sum().to_frame("England").T, sums.sum().to_frame("England").T])
    n, d, met, met_d = (sums[c].to_numpy() for c in ["cohort", "disadvantaged", "met_all",
                                                     "met_dis"])
    cols = _columns(year)
    is_la = np.arange(len(sums)) < len(sums) - 2
    rows = {"RECTYPE": np.where(is_la, "3", np.where(np.arange(len(sums)) == len(sums) - 2,
                                                     "4", "5")),
            "LEA": np.where(is_la, sums.index.astype(str), " "), "ESTAB": " ", "URN": " ",
            "SCHNAME": [*la_names.reindex(sums.index[:-2]).astype(str), " ", " "],
            "NFTYPE": " ", "ICLOSE": " ", "TOTPUPS": (7 * n).astype(str),
            "TPUPYEAR": n.astype(str), "TELIG": n.astype(str)}
    values = {"dis": d.astype(str), "oth": (n - d).astype(str), "pdis": _pct(d, n),
              "poth": _pct(n - d, n), "all": _pct(met, n), "gdis": _pct(met_d, d),
              "goth": _pct(met - met_d, n - d)}
    rows.update({cols[k]: v for k, v in values.items() if k in cols})
    return pd.DataFrame(rows)


def ks2final_files(frame: LAFrame, schools: pd.DataFrame, results: pd.DataFrame,
                   names: pd.Series, out: Path, rng: np.random.Generator) -> list[Path]:
    """One ``YYYY-YYYY/england_ks2final.csv`` per year with results, from 2011."""
    la_names = frame.periods.set_index("la_code").la_name
    paths = []
    for year, s in results[results.year >= FIRST_YEAR].groupby("year", sort=True):
        s = s.sort_values(["la_code", "urn"], kind="stable")
        table = pd.concat([_school_rows(s, year, names, schools, rng),
                           _new_rows(frame, schools, names, year, set(s.urn))])
        table = table.sort_values(["LEA", "URN"], kind="stable")
        table = pd.concat([table, _total_rows(s, year, la_names)], ignore_index=True)
        order = IDENTIFIERS + [c for c in _dfe_order(year) if c in table]
        folder = out / "attainment" / "ks2_performance_tables" / f"{year - 1}-{year}"
        paths.append(write_csv(table.reindex(columns=order).fillna(""),
                               folder / "england_ks2final.csv", bom=True, short_rows=True))
    return paths


def _dfe_order(year: int) -> list[str]:
    """The synthetic columns in the order DfE's file of that year has them."""
    cols = _columns(year)
    keys = (["dis", "pdis", "oth", "poth", "all", "read", "writ", "mat", "gdis", "goth"]
            if year >= 2016 else ["dis", "oth", "eng", "mat", "all", "gdis", "goth"])
    return [cols[k] for k in keys if k in cols]
