"""Education files in the published layouts: KS2/KS4 by LA, KS2 pupils (parquet), GIAS
establishments and links, Ofsted school inspections (KS2 performance tables: ``ks2final``)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from analysis_lib.data.synth import ees
from analysis_lib.data.synth.attainment import KS2, KS4_5EM, KS4_ATT8, KS4_EM94
from analysis_lib.data.synth.geography_frame import LAFrame
from analysis_lib.data.synth.writer import dmy, num, suppress, write_csv, write_parquet

GROUPS = [("Total", "Total"), ("Disadvantage status", "Disadvantaged"),
          ("Disadvantage status", "Not known to be disadvantaged"), ("FSM status", "FSM"),
          ("FSM status", "Not FSM")]


def _academic(year) -> np.ndarray:
    y = np.asarray(year).astype(int)
    return np.char.add((y - 1).astype(str), np.char.zfill((y % 100).astype(str), 2))


def _parts(total: str) -> dict:
    """Characteristic -> (count column, met column, total met column for complements)."""
    return {GROUPS[0]: (total, "met_all", None), GROUPS[1]: ("disadvantaged", "met_dis", None),
            GROUPS[2]: ("disadvantaged", "met_dis", "met_all"),
            GROUPS[3]: ("fsm", "met_fsm", None), GROUPS[4]: ("fsm", "met_fsm", "met_all")}


def _group_rows(agg: pd.DataFrame, total: str, parts: dict[str, tuple]) -> pd.DataFrame:
    """Long rows per characteristic from area sums (``parts``: name -> (n, met, extra...))."""
    frames = []
    for (group, char), (n_col, met_col, sign) in parts.items():
        f = agg[["year", "geographic_level", "region_code", "la_code"]].copy()
        f["characteristic_group"], f["characteristic"] = group, char
        if sign is None:
            f["n"], f["met"] = agg[n_col], agg[met_col]
        else:
            f["n"], f["met"] = agg[total] - agg[n_col], agg[sign] - agg[met_col]
        frames.append(f)
    return pd.concat(frames, ignore_index=True)


def ks2_la_file(ks2: KS2, out: Path, first: int, last: int) -> Path:
    """``ks2_la_characteristics_*.csv``: national, regional and LA rows by characteristic."""
    sums = ["cohort", "disadvantaged", "fsm", "met_all", "met_dis", "met_fsm"]
    la = ks2.schools.groupby(["year", "la_code"], as_index=False)[sums].sum()
    agg = ees.aggregate(la, [], sums)
    parts = _parts("cohort")
    rows = _group_rows(agg, "cohort", parts)
    pct = np.round(100 * rows.met / rows.n.where(rows.n > 0))
    small_n, small_met = rows.n < 10, rows.met < 10
    rows["t_rwm_eligible_pupils"] = suppress(num(rows.n, 0), small_n, "c")
    rows["t_rwm_met_expected_standard"] = suppress(num(rows.met, 0), small_n | small_met, "c")
    rows["pt_rwm_met_expected_standard"] = suppress(num(pct, 0), small_n | small_met, "c")
    cols = ["characteristic_group", "characteristic", "t_rwm_eligible_pupils",
            "t_rwm_met_expected_standard", "pt_rwm_met_expected_standard"]
    table = ees.ees_layout(rows, _academic(rows.year), "Academic year", cols)
    return write_csv(table, out / "attainment" / f"ks2_la_characteristics_{first}_{last}.csv")


def ks4_la_file(ks4: pd.DataFrame, out: Path, first: int, last: int) -> Path:
    """``ks4_la_characteristics_*.csv``: pupils, Attainment 8, grade 4+ EM, 5+ A*-C EM."""
    ks4 = ks4.fillna(0)
    sums = ["pupils", "disadvantaged", "fsm", "met_all", "met_dis", "met_fsm", "att8_sum_all",
            "att8_sum_dis", "att8_sum_fsm"]
    la = ks4.groupby(["year", "la_code"], as_index=False)[sums].sum()
    agg = ees.aggregate(la, [], sums)
    parts = _parts("pupils")
    rows = _group_rows(agg, "pupils", parts)
    att = _group_rows(agg.assign(met_all=agg.att8_sum_all, met_dis=agg.att8_sum_dis,
                                 met_fsm=agg.att8_sum_fsm), "pupils", parts)
    small = rows.n < 10
    year = rows.year.to_numpy()
    rate = 100 * rows.met / rows.n.where(rows.n > 0)
    rows["t_pupils"] = suppress(num(rows.n, 0), small, "c")
    att8 = num(att.met / rows.n.where(rows.n > 0), 1)
    rows["avg_att8"] = np.where(np.isin(year, list(KS4_ATT8)), suppress(att8, small, "c"), "z")
    rows["pt_l2basics_94"] = np.where(np.isin(year, list(KS4_EM94)),
                                      suppress(num(rate, 1), small, "c"), "z")
    rows["pt_5em_ac"] = np.where(np.isin(year, list(KS4_5EM)), suppress(num(rate, 1), small, "c"),
                                 "z")
    cols = ["characteristic_group", "characteristic", "t_pupils", "avg_att8", "pt_l2basics_94",
            "pt_5em_ac"]
    table = ees.ees_layout(rows, _academic(rows.year), "Academic year", cols)
    return write_csv(table, out / "attainment" / f"ks4_la_characteristics_{first}_{last}.csv")


def ks2_pupil_file(ks2: KS2, out: Path) -> Path:
    """Pupil-level KS2 scores for the gap-index years (synthetic only)."""
    years = sorted(ks2.pupils.year.unique())
    pupils = ks2.pupils.sort_values(["year", "urn"], kind="stable").reset_index(drop=True)
    return write_parquet(pupils, out / "attainment" / f"ks2_pupils_{years[0]}_{years[-1]}.parquet")


def school_names(frame: LAFrame, schools: pd.DataFrame) -> pd.Series:
    """Synthetic school names, e.g. 'Synthetic Walsall Primary School 100123'."""
    la_name = frame.units.set_index("la_code").la_name.reindex(schools.unit).to_numpy()
    kind = np.where(schools.is_academy, "Academy", "School")
    name = [f"Synthetic {a} {p.title()} {k} {u}" for a, p, k, u in
            zip(la_name, schools.phase, kind, schools.urn, strict=True)]
    return pd.Series(name, index=schools.urn.to_numpy())


def _la_on(frame: LAFrame, schools: pd.DataFrame, dates: pd.Series) -> np.ndarray:
    d = pd.to_datetime(dates)
    year = np.where(d.dt.month.to_numpy() >= 4, d.dt.year.to_numpy(), d.dt.year.to_numpy() - 1)
    return frame.code_in_year(schools.unit.to_numpy(), schools.pred_la.to_numpy(), year)


def gias_files(frame: LAFrame, schools: pd.DataFrame, names: pd.Series, out: Path,
               rng: np.random.Generator) -> list[Path]:
    """GIAS establishments (every URN) and links (predecessor/successor both ways)."""
    last = schools.close_date.fillna(pd.Timestamp("2025-09-01"))
    la = _la_on(frame, schools, last)
    la_names = frame.periods.set_index("la_code").la_name
    maintained = rng.choice(["Community school", "Voluntary aided school",
                             "Voluntary controlled school", "Foundation school"],
                            len(schools), p=[0.6, 0.17, 0.13, 0.1])
    kind = np.where(schools.academy_route != "", schools.academy_route, maintained)
    closed = schools.close_date.notna().to_numpy()
    est = pd.DataFrame({
        "URN": schools.urn, "LA (code)": la, "LA (name)": la_names.reindex(la).to_numpy(),
        "EstablishmentName": names.reindex(schools.urn).to_numpy(),
        "TypeOfEstablishment (name)": kind,
        "EstablishmentStatus (name)": np.where(closed, "Closed", "Open"),
        "PhaseOfEducation (name)": schools.phase.str.title(),
        "OpenDate": dmy(schools.open_date, "-"), "CloseDate": dmy(schools.close_date, "-"),
        "PercentageFSM": np.where(closed, "", num(100 * 0.7 * schools.dis_share, 1))})
    new = schools[schools.predecessor_urn.notna()]
    pred = new.predecessor_urn.astype(int).to_numpy()
    date = dmy(new.open_date, "-")
    links = pd.concat([
        pd.DataFrame({"URN": new.urn.to_numpy(), "LinkURN": pred,
                      "LinkName": names.reindex(pred).to_numpy(), "LinkType": "Predecessor",
                      "LinkEstablishedDate": date}),
        pd.DataFrame({"URN": pred, "LinkURN": new.urn.to_numpy(),
                      "LinkName": names.reindex(new.urn).to_numpy(), "LinkType": "Successor",
                      "LinkEstablishedDate": date})]).sort_values(["URN", "LinkURN"])
    folder = out / "ofsted_schools"
    return [write_csv(est, folder / "gias_establishments_2025.csv"),
            write_csv(links, folder / "gias_links_2025.csv")]


def inspections_file(frame: LAFrame, schools: pd.DataFrame, insp: pd.DataFrame,
                     names: pd.Series, out: Path, rng: np.random.Generator) -> Path:
    """Ofsted MI layout, one row per inspection; "Not judged" from September 2024."""
    sch = schools.iloc[insp.row.to_numpy()].reset_index(drop=True)
    la = _la_on(frame, sch, insp.date)
    estab = np.where(sch.phase == "primary", 2000, 4000) + sch.urn.to_numpy() % 1000
    la_names = frame.periods.set_index("la_code").la_name
    pub = insp.date.to_numpy() + rng.integers(18, 45, len(insp)).astype("timedelta64[D]")
    grade = insp.grade.to_numpy()
    table = pd.DataFrame({
        "URN": sch.urn, "LAESTAB": la * 10000 + estab,
        "School name": names.reindex(sch.urn).to_numpy(), "Ofsted phase": sch.phase.str.title(),
        "Local authority": la_names.reindex(la).to_numpy(), "Inspection type": "Section 5",
        "Inspection start date": dmy(insp.date), "Publication date": dmy(pub),
        "Overall effectiveness": np.where(grade == 0, "Not judged", grade.astype(str))})
    table = table.sort_values(["URN", "Inspection start date"], key=lambda c: c if c.name == "URN"
                              else pd.to_datetime(c, format="%d/%m/%Y"), kind="stable")
    return write_csv(table, out / "ofsted_schools" / "school_inspections_2005_2025.csv")
