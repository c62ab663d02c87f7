"""The embedded synthetic England: ``generate()`` writes official-format raw files and truth.json.

Phases: (1) LA frame from the cited LA list; (2) schools and URN chains; (3) KS2 pupils and
KS4 schools; (4) school and LA inspections; (5) social care panel; (6) Troubled Families;
(7) files in the published layouts under ``out_dir/raw/<folder>/``, ``truth.json`` with
every planted effect, and ``README.txt``. Each component draws from its own
``numpy.random.Generator`` spawned from the master seed, so output is byte-for-byte
reproducible and components are independent of each other's draws.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from analysis_lib.data.synth import (
    attainment,
    expected,
    files_csc,
    files_education,
    inspections,
    ks2final,
    la_inspections,
    shocks,
    troubled_families,
    workforce,
)
from analysis_lib.data.synth.config import GENERATOR_VERSION, SynthConfig
from analysis_lib.data.synth.geography_frame import build_la_frame
from analysis_lib.data.synth.schools import build_schools
from analysis_lib.data.synth.truth import build_truth
from analysis_lib.data.synth.writer import SYNTHETIC_NOTE, sha256, write_csv, write_json

__all__ = ["GENERATOR_VERSION", "SynthConfig", "generate"]

COMPONENTS = ("geography", "schools", "ks2", "ks4", "inspections", "inspections_truth",
              "la_inspections", "workforce", "tf_progress", "tf_families", "tf_outcomes",
              "files_education", "files_csc",
              # failure scenarios (appended: earlier streams stay the same)
              "shocks_ks2", "shocks_inspections", "shocks_tf", "tf_unrecorded_risk")
CS_FILE = "la_childrens_services_inspections_2009_2023.csv"
ILACS_FILE = "la_ilacs_inspection_history_2018_2025.csv"


def _rngs(seed: int) -> dict[str, np.random.Generator]:
    children = np.random.SeedSequence(seed).spawn(len(COMPONENTS))
    return {name: np.random.default_rng(s) for name, s in zip(COMPONENTS, children, strict=True)}


def generate(out_dir: Path = Path("data/synthetic"), seed: int = 20021201,
             config: SynthConfig | None = None) -> Path:
    """Write the synthetic England to ``out_dir`` and return ``out_dir``."""
    cfg = config or SynthConfig()
    out_dir = Path(out_dir)
    raw = out_dir / "raw"
    rng = _rngs(seed)

    frame = build_la_frame(rng["geography"], cfg.focus_la, cfg.school_scale)
    focus = frame.units.la_code == cfg.focus_la
    frame.units.loc[focus, "la_effect_ks2"] = cfg.focus_la_effect
    schools = build_schools(frame, rng["schools"])
    gap_year = max(y for y in attainment.KS2_TARGET if y <= cfg.last_year)
    frame.units.loc[focus, "gap_coef"] = attainment.focus_gap_coefficient(
        frame, schools, cfg.focus_la, cfg.focus_gap_pp, gap_year)
    names = files_education.school_names(frame, schools)

    years = [y for y in range(cfg.first_year, cfg.last_year + 1)]
    drift = attainment.la_drift(frame, cfg.focus_la, cfg.first_year, cfg.last_year, rng["ks2"])
    ks2_shocks = shocks.attainment_shocks(frame.units.la_code.to_numpy(), len(schools),
                                          cfg.la_year_shock_sd, cfg.ks2_school_year_sd,
                                          rng["shocks_ks2"])
    ks2 = attainment.simulate_ks2(frame, schools, [y for y in years if y in attainment.KS2_TARGET],
                                  set(cfg.pupil_level_years), rng["ks2"], drift, ks2_shocks)
    ks4 = attainment.simulate_ks4(frame, schools, years, rng["ks4"])
    window = (cfg.outsourcing_start, cfg.outsourcing_end)
    scenario = {"ramp_years": cfg.outsourcing_ramp_years, "shifts": shocks.inspection_shifts(
        schools.unit.to_numpy(), cfg.focus_la, cfg.focus_ofsted_trend, cfg.la_year_shock_sd,
        rng["shocks_inspections"])}
    insp, outsourcing = inspections.simulate_inspections(
        frame, schools, cfg.focus_la, cfg.outsourcing_probit_shift, window, rng["inspections"],
        **scenario)
    outsourcing["expected"] = inspections.expected_outsourcing_effect(
        frame, schools, cfg.focus_la, cfg.outsourcing_probit_shift, window,
        rng["inspections_truth"], **scenario)
    lea = la_inspections.lea_inspections(cfg.focus_la, rng["la_inspections"])
    cs_table, cs_history = la_inspections.cs_inspections(frame, rng["la_inspections"])
    panel = workforce.simulate_panel(frame, cfg.focus_la, cfg.beta_caseload, cfg.beta_agency,
                                     cfg.timeliness_noise_sd, rng["workforce"])
    progress = troubled_families.progress_by_la(frame, cfg.focus_la, rng["tf_progress"])
    per_la = max(int(round(cfg.tf_families_per_la * cfg.family_scale)), 5)
    focus_n = max(int(round(cfg.tf_families_focus_la * cfg.family_scale)), 50)
    fam, tf_extra = _families(frame, cfg, per_la, focus_n, rng)
    outcomes, tf_realised = troubled_families.outcomes(fam, cfg.tf_effects_pp, rng["tf_outcomes"],
                                                       extra_pp=tf_extra)

    fe, fc = rng["files_education"], rng["files_csc"]
    first, last = cfg.first_year, cfg.last_year
    paths = [files_education.ks2_la_file(ks2, raw, first, last),
             files_education.ks4_la_file(ks4, raw, first, last),
             *ks2final.ks2final_files(frame, schools, ks2.schools, names, raw, fe),
             files_education.ks2_pupil_file(ks2, raw),
             *files_education.gias_files(frame, schools, names, raw, fe),
             files_education.inspections_file(frame, schools, insp, names, raw, fe),
             write_csv(lea, raw / "ofsted_la" / "lea_inspections_1998_2005.csv"),
             write_csv(cs_table, raw / "ofsted_la" / CS_FILE),
             write_csv(cs_history, raw / "ofsted_la" / ILACS_FILE),
             files_csc.workforce_file(panel, raw, fc),
             *files_csc.cin_files(panel, raw, fc)]
    area_names = frame.periods.set_index("la_code").la_name
    area_names = area_names.reindex(list(area_names.index) + [970, *range(980, 991)])
    area_names.loc[970:] = ["England", "North East", "North West", "Yorkshire and the Humber",
                            "East Midlands", "West Midlands", "East of England", "London",
                            "London (Inner)", "London (Outer)", "South East", "South West"]
    ks2_la = ks2.schools.groupby(["year", "la_code"], as_index=False)[
        ["cohort", "disadvantaged", "met_all", "met_dis"]].sum()
    paths.append(files_csc.lait_file(panel, ks2_la, area_names, raw, fc))
    paths += files_csc.tf_files(progress, fam, outcomes, raw)

    shock_variance = 0.0 if ks2_shocks is None else ks2_shocks.variance
    ks2_years = sorted(int(y) for y in ks2.schools.year.unique())
    ks2_expected = {
        "gaps": expected.expected_gaps(frame, schools, ks2_years, cfg.focus_la, shock_variance,
                                       drift),
        "gap_index": {y: expected.expected_gap_index(frame, schools, y, cfg.focus_la,
                                                     shock_variance, drift)
                      for y in ks2_years if y in set(cfg.pupil_level_years)}}
    truth = build_truth(cfg, seed, frame, ks2, outsourcing, panel, fam, tf_realised,
                        ks2_expected)
    truth["files"] = {str(p.relative_to(out_dir)): sha256(p) for p in sorted(paths)}
    write_json(truth, out_dir / "truth.json")
    (out_dir / "README.txt").write_text(_readme(seed, cfg), encoding="utf-8")
    return out_dir


def _families(frame, cfg: SynthConfig, per_la: int, focus_n: int, rng: dict):
    """Family records and the scenario additions to their untreated chances (or None)."""
    risk = None
    if cfg.tf_unobserved_selection or cfg.tf_unobserved_risk_pp:
        n = int(troubled_families.families_per_la(frame, per_la, focus_n, cfg.focus_la).sum())
        risk = rng["tf_unrecorded_risk"].normal(0.0, 1.0, n)
    fam = troubled_families.families(frame, per_la, focus_n, cfg.focus_la, rng["tf_families"],
                                     risk, cfg.tf_unobserved_selection)
    extra = shocks.family_year_shocks_pp(fam.la_code.to_numpy(), troubled_families.OUTCOME_YEARS,
                                         cfg.tf_la_year_shock_pp, risk,
                                         cfg.tf_unobserved_risk_pp, rng["shocks_tf"])
    return fam, extra


def _readme(seed: int, cfg: SynthConfig) -> str:
    return (f"{SYNTHETIC_NOTE}\n\nTHESE DATA ARE SYNTHETIC. Generator version "
            f"{GENERATOR_VERSION}, seed {seed}, school_scale {cfg.school_scale}, "
            f"family_scale {cfg.family_scale}.\n\n"
            "raw/ holds files in the layouts of the published DfE, Ofsted and MHCLG files "
            "(docs/raw_formats.md) so they go through the same readers as official data; the "
            "official column layouts are kept, so the synthetic label is here, in truth.json "
            "(data_label = SYNTHETIC) and in every school name ('Synthetic ...').\n"
            "truth.json lists every planted effect: its value, unit, the estimand it defines "
            "and the notebook expected to recover it.\n"
            "Walsall's LEA inspection grades (2000, 2002, 2004) are the published ones; the "
            "day of the 2000 and 2002 inspections is a placeholder. Troubled Families targets "
            "are synthetic (Walsall's December 2013 counts are set close to the published 413 "
            "identified and 92 turned around).\n")
