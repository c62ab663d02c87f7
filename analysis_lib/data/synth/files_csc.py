"""Children's social care files in the published layouts: workforce indicators, children in
need (c1, d3), the LAIT long file, Troubled Families progress and family records."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from analysis_lib.data.synth import ees
from analysis_lib.data.synth.geography_frame import LAIT_REGION
from analysis_lib.data.synth.writer import num, suppress, write_csv

CSWW_COUNTS = ["inpost_fte", "starters_fte", "leavers_fte", "agency_fte", "vacancy_fte",
               "case_holders_fte", "cases", "absence_days"]
CSWW_COLUMNS = [
    "inpost_fte", "inpost_headcount", "starters_fte", "starters_headcount", "leavers_fte",
    "leavers_headcount", "turnover_rate_fte", "turnover_rate_headcount", "agency_fte",
    "agency_headcount", "agency_rate_fte", "agency_rate_headcount", "agency_cover_fte",
    "agency_cover_rate_fte", "vacancy_fte", "vacancy_rate_fte", "vacancy_agency_cover_rate_fte",
    "case_holders_fte", "cases", "caseload_fte", "working_days_lost_fte", "absence_rate_fte"]


def _rate(a, b) -> np.ndarray:
    return 100 * np.asarray(a, float) / np.where(np.asarray(b, float) > 0, b, np.nan)


def workforce_file(panel: pd.DataFrame, out: Path, rng: np.random.Generator) -> Path:
    """``csww_indicators_2013_to_2025.csv`` with national and regional rows and suppression."""
    p = panel.assign(absence_days=np.round(panel.inpost_fte * rng.uniform(6, 11, len(panel)), 1))
    agg = ees.aggregate(p[["year", "la_code", *CSWW_COUNTS]], [], CSWW_COUNTS)
    cover = np.minimum(agg.agency_fte, agg.vacancy_fte * rng.uniform(0.6, 0.9, len(agg)))
    cols = {
        "inpost_fte": num(agg.inpost_fte), "inpost_headcount": num(agg.inpost_fte * 1.06, 0),
        "starters_fte": num(agg.starters_fte),
        "starters_headcount": num(agg.starters_fte * 1.04, 0),
        "leavers_fte": num(agg.leavers_fte), "leavers_headcount": num(agg.leavers_fte * 1.06, 0),
        "turnover_rate_fte": num(_rate(agg.leavers_fte, agg.inpost_fte)),
        "turnover_rate_headcount": num(_rate(agg.leavers_fte * 1.06, agg.inpost_fte * 1.06)),
        "agency_fte": num(agg.agency_fte), "agency_headcount": num(agg.agency_fte * 1.03, 0),
        "agency_rate_fte": num(_rate(agg.agency_fte, agg.agency_fte + agg.inpost_fte)),
        "agency_rate_headcount": num(_rate(agg.agency_fte * 1.03,
                                           agg.agency_fte * 1.03 + agg.inpost_fte * 1.06)),
        "agency_cover_fte": num(cover), "agency_cover_rate_fte": num(_rate(cover, agg.agency_fte)),
        "vacancy_fte": num(agg.vacancy_fte),
        "vacancy_rate_fte": num(_rate(agg.vacancy_fte, agg.vacancy_fte + agg.inpost_fte)),
        "vacancy_agency_cover_rate_fte": num(_rate(cover, agg.vacancy_fte)),
        "case_holders_fte": num(agg.case_holders_fte), "cases": num(agg.cases, 0),
        "caseload_fte": num(agg.cases / agg.case_holders_fte.where(agg.case_holders_fte > 0)),
        "working_days_lost_fte": num(agg.absence_days),
        "absence_rate_fte": num(_rate(agg.absence_days, agg.inpost_fte * 225)),
    }
    is_la = (agg.geographic_level == "Local authority").to_numpy()
    tiny = is_la & (agg.inpost_fte < 10).to_numpy()
    for name in cols:
        if name.endswith(("rate_fte", "rate_headcount")) or name == "caseload_fte":
            cols[name] = suppress(cols[name], tiny, "low")
    missing = {"caseload_fte": 0.02, "cases": 0.0, "agency_rate_fte": 0.015,
               "vacancy_rate_fte": 0.02, "turnover_rate_fte": 0.015}
    for name, share in missing.items():
        cols[name] = suppress(cols[name], is_la & ~tiny & (rng.random(len(agg)) < share), "x")
    cols["cases"] = np.where(cols["caseload_fte"] == "x", "x", cols["cases"])
    table = ees.ees_layout(agg.assign(**cols), agg.year, "Reporting year", CSWW_COLUMNS)
    return write_csv(table, out / "csc_workforce" / "csww_indicators_2013_to_2025.csv")


def cin_files(panel: pd.DataFrame, out: Path, rng: np.random.Generator) -> list[Path]:
    """``c1_*`` (referrals and re-referrals) and ``d3_*`` (subsequent CP plans)."""
    p = panel.assign(
        nfa=np.round(panel.referral_count * rng.uniform(0.01, 0.1, len(panel)), -1),
        not_in_need=np.round(panel.referral_count * rng.uniform(0.2, 0.4, len(panel)), -1))
    p["child_count"] = np.round(p.referral_count * 0.88, -1)
    p["rereferral_child"] = np.round(p.rereferral_count * 0.82, -1)
    sums = ["referral_count", "rereferral_count", "nfa", "not_in_need", "child_count",
            "rereferral_child", "cpp_start", "cpp_subsequent"]
    agg = ees.aggregate(p[["year", "la_code", *sums]], [], sums)
    la = (agg.geographic_level == "Local authority").to_numpy()

    def count(col):
        return suppress(num(agg[col], 0), la & (agg[col] < 10).to_numpy(), "c")

    def pct(a, b):
        return suppress(num(_rate(agg[a], agg[b])), la & ((agg[a] < 10) | (agg[b] < 10))
                        .to_numpy(), "c")

    c1 = {"category": "Referrals and Re-referrals", "referral_count": count("referral_count"),
          "rereferral_count": count("rereferral_count"),
          "rereferral_percent": pct("rereferral_count", "referral_count"),
          "no_further_action_count": count("nfa"),
          "no_further_action_percent": pct("nfa", "referral_count"),
          "not_in_need_count": count("not_in_need"),
          "not_in_need_percent": pct("not_in_need", "referral_count"),
          "referral_child_count": count("child_count"),
          "rereferral_child_count": count("rereferral_child"),
          "rereferral_child_percent": pct("rereferral_child", "child_count")}
    d3 = {"category": "Child Protection Plans which are a second or subsequent plan",
          "CPP_start": count("cpp_start"), "CPP_subsequent": count("cpp_subsequent"),
          "CPP_subsequent_percent": pct("cpp_subsequent", "cpp_start")}
    folder = out / "children_in_need"
    t1 = ees.ees_layout(agg.assign(**c1), agg.year, "Reporting year", list(c1))
    t3 = ees.ees_layout(agg.assign(**d3), agg.year, "Reporting year", list(d3))
    c1_name = "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv"
    return [write_csv(t1, folder / c1_name),
            write_csv(t3, folder / "d3_cpps_subsequent_plan_2013_to_2025.csv")]


def lait_file(panel: pd.DataFrame, ks2_la: pd.DataFrame, area_names: pd.Series, out: Path,
              rng: np.random.Generator) -> Path:
    """LAIT long file: timeliness, CIN rate, re-referrals, workforce and KS2 RWM measures.

    Missing values are absent rows, as in DfE's LAIT extract.
    """
    p = panel.copy()
    p["timely_sum"] = p.assessments_45_days_pct * p.assessments
    p["caseload_sum"] = p.caseload_fte * p.case_holders_fte
    sums = ["timely_sum", "assessments", "cin_count", "children", "rereferral_count",
            "referral_count", "caseload_sum", "case_holders_fte", "agency_fte", "inpost_fte",
            "vacancy_fte", "leavers_fte"]
    agg = ees.aggregate(p[["year", "la_code", *sums]], [], sums)
    values = {
        "Continue_Assess_Comp": agg.timely_sum / agg.assessments,
        "CIN": 10000 * agg.cin_count / agg.children,
        "ReReferral": _rate(agg.rereferral_count, agg.referral_count),
        "Work_Force_AvgNumCase_SW": agg.caseload_sum / agg.case_holders_fte,
        "Work_Force_Agecy_Rate": _rate(agg.agency_fte, agg.agency_fte + agg.inpost_fte),
        "Work_Force_Vac_Rate": _rate(agg.vacancy_fte, agg.vacancy_fte + agg.inpost_fte),
        "Work_Force_TO_Rate": _rate(agg.leavers_fte, agg.inpost_fte),
        "Work_Force_NoSW": agg.inpost_fte}
    frames = [_lait_rows(agg, name, v, area_names) for name, v in values.items()]
    frames += _ks2_lait(ks2_la, area_names)
    long = pd.concat(frames, ignore_index=True)
    la = long.old_la_code < 970
    drop = la & (rng.random(len(long)) < np.where(long.measure_short == "Continue_Assess_Comp",
                                                  0.02, 0.01))
    long = long[~drop]
    long["value"] = num(long.value, 1)
    long = long[long.value != ""]
    long = long.sort_values(["measure_short", "years", "old_la_code"], kind="stable")
    return write_csv(long[["measure_short", "years", "old_la_code", "area_name", "value"]],
                     out / "lait" / "lait_bds_long_2013_2025.csv")


def _lait_code(agg: pd.DataFrame) -> np.ndarray:
    level = agg.geographic_level.to_numpy()
    region = agg.region_code.map(LAIT_REGION).fillna(0).astype(int).to_numpy()
    return np.select([level == "National", level == "Regional"], [970, region], agg.la_code)


def _lait_rows(agg, name, value, area_names) -> pd.DataFrame:
    code = _lait_code(agg)
    return pd.DataFrame({"measure_short": name, "years": agg.year.astype(str).to_numpy(),
                         "old_la_code": code, "area_name": area_names.reindex(code).to_numpy(),
                         "value": np.round(np.asarray(value, float), 1)})


def _ks2_lait(ks2_la: pd.DataFrame, area_names: pd.Series) -> list[pd.DataFrame]:
    k = ks2_la[ks2_la.year >= 2016]
    agg = ees.aggregate(k, [], ["cohort", "disadvantaged", "met_all", "met_dis"])
    big = (agg.disadvantaged >= 10) & (agg.cohort - agg.disadvantaged >= 10)
    agg = agg[big]
    return [_lait_rows(agg, "DAP_NEW_KS2_RWM", np.round(_rate(agg.met_dis, agg.disadvantaged)),
                       area_names),
            _lait_rows(agg, "NonDAP_NEW_KS2_RWM", np.round(_rate(
                agg.met_all - agg.met_dis, agg.cohort - agg.disadvantaged)), area_names),
            _lait_rows(agg, "KS2RWM_Expected_STD", np.round(_rate(agg.met_all, agg.cohort)),
                       area_names)]


def tf_files(progress: pd.DataFrame, fam: pd.DataFrame, outcomes: pd.DataFrame,
             out: Path) -> list[Path]:
    """Progress by LA, family records and family x year x outcome values."""
    folder = out / "troubled_families"
    prog = progress.copy()
    for col in prog.columns[4:]:
        prog[col] = num(prog[col], 0)
    records = fam[["family_id", "la_code", "phase", "treated", "start_year", "n_children",
                   "lone_parent", "workless", "prior_cin", "prior_persistent_absence",
                   "prior_offending", "deprivation_decile"]]
    return [write_csv(prog, folder / "tf_progress_by_la_2012_2020.csv"),
            write_csv(records, folder / "tf_family_records_2012_2020.csv"),
            write_csv(outcomes, folder / "tf_family_outcomes_2009_2021.csv")]
