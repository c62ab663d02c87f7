"""truth.json: every planted effect with its value, unit, estimand and recovering notebook."""

from __future__ import annotations

from dataclasses import asdict

import numpy as np
import pandas as pd
from scipy.stats import norm, rankdata

from analysis_lib.data.synth.attainment import (
    KS2,
    KS2_GAP_DRIFT,
    KS2_LEVEL_DRIFT,
    KS2_TARGET,
    ks2_regime,
)
from analysis_lib.data.synth.config import GENERATOR_VERSION, SynthConfig
from analysis_lib.data.synth.geography_frame import LAFrame
from analysis_lib.data.synth.workforce import TIMELINESS_NOISE_RHO, TIMELINESS_NOISE_SHAPE
from analysis_lib.data.synth.writer import SYNTHETIC_NOTE

OUTSOURCING_YEARS = list(range(2006, 2013))  # 31 August dates inside Dec 2002 - Mar 2013


def _mean(by_year: dict, years: list[int]) -> float:
    return float(np.mean([by_year[y] for y in years]))


def _gap(s: pd.DataFrame) -> dict:
    dis, other = s.disadvantaged.sum(), s.cohort.sum() - s.disadvantaged.sum()
    p_dis = 100 * s.met_dis.sum() / dis
    p_other = 100 * (s.met_all.sum() - s.met_dis.sum()) / other
    return {"disadvantaged_pct": round(float(p_dis), 4), "other_pct": round(float(p_other), 4),
            "gap_pp": round(float(p_other - p_dis), 4),
            "gap_pp_published_rounding": float(round(p_other) - round(p_dis))}


def gap_index(pupils: pd.DataFrame, la_code: int | None = None) -> dict[int, float]:
    """DfE disadvantage gap index by year: 20 x (mean national percentile rank of other pupils
    minus that of disadvantaged pupils), ranks averaged over ties, optionally within one LA."""
    out = {}
    for year, d in pupils.groupby("year", sort=True):
        rank = (rankdata(d.score.to_numpy()) - 0.5) / len(d)
        dis = d.disadvantaged.to_numpy()
        keep = np.ones(len(d), bool) if la_code is None else d.la_code.to_numpy() == la_code
        out[int(year)] = round(float(20 * (rank[keep & ~dis].mean() - rank[keep & dis].mean())), 4)
    return out


def build_truth(cfg: SynthConfig, seed: int, frame: LAFrame, ks2: KS2, outsourcing: dict,
                panel: pd.DataFrame, fam: pd.DataFrame, tf_realised: dict,
                ks2_expected: dict) -> dict:
    """Machine-readable planted truths (see each effect's ``estimand``); ``ks2_expected``
    holds the expected KS2 gaps and gap index given the schools (`expected`)."""
    latest = max(ks2.schools.year)
    last = ks2.schools[ks2.schools.year == latest]
    units = frame.units.set_index("la_code")
    expected = outsourcing["expected"]["as_at_31_august_pp_by_year"]
    realised = outsourcing["as_at_31_august_pp_by_year"]
    mu = norm.ppf(KS2_TARGET[latest] / 100)
    focus_effect_pp = 100 * (norm.cdf(mu + cfg.focus_la_effect / np.sqrt(1.09)) - norm.cdf(mu))
    tf = {}
    for outcome, tau in cfg.tf_effects_pp.items():
        tf[outcome] = {
            "value": tau, "unit": "percentage points", "matching_att_pp": tau,
            "staggered_did_overall_att_pp": tau,
            "finite_sample_att_pp": round(tf_realised[outcome]["finite_sample_att_pp"], 4),
            "treated_post_family_years": tf_realised[outcome]["treated_post_cells"]}
    return {
        "data_label": "SYNTHETIC", "note": SYNTHETIC_NOTE, "generator_version": GENERATOR_VERSION,
        "seed": seed, "config": asdict(cfg),
        "sampling": ("Values called 'value' are superpopulation parameters of the data-generating "
                     "process; 'finite_sample' / 'realised' values are what the generated data "
                     "contain for this seed. Estimates should cover 'value' within their 95% "
                     "intervals; descriptive census quantities (KS2 gap) equal the realised "
                     "value."),
        "effects": {
            "outsourcing_inspections": {
                "notebook": "02 school inspections and outsourcing",
                "compare_to": "finite_sample_by_year_pp, pooled as the design pools years",
                "compare_to_why": (
                    "one treated LA: a synthetic-control or DiD design estimates the effect on "
                    "this LA's actual schools (Y(1) - Y(0) for the realised inspections), "
                    "contrasted between its pre- and post-event 31 August years (see "
                    "analysis_lib.validation.targets.outsourcing_contrast); 'value' averages "
                    "the effect over inspection randomness (100 replicate histories) and "
                    "over the outsourcing years only."),
                "value": round(_mean(expected, OUTSOURCING_YEARS), 3),
                "unit": "percentage points",
                "estimand": (f"Effect of outsourcing on LA {cfg.focus_la}'s share of open schools "
                             "(primary and secondary URNs with a graded inspection under their "
                             "current URN) whose latest Ofsted overall effectiveness is good or "
                             "outstanding, as at 31 August, averaged over 31 August "
                             f"{OUTSOURCING_YEARS[0]}-{OUTSOURCING_YEARS[-1]} (inside "
                             f"{cfg.outsourcing_start} to {cfg.outsourcing_end}); "
                             "counterfactual = the same schools without the shift (trend shared "
                             "with all other LAs)."),
                "value_by_year_pp": expected,
                "finite_sample_value": round(_mean(realised, OUTSOURCING_YEARS), 3),
                "finite_sample_by_year_pp": realised,
                "ordered_probit_shift": cfg.outsourcing_probit_shift,
                "inspection_probability_pp": round(outsourcing["inspection_probability_pp"], 3),
                "inspection_probability_definition": (
                    "mean increase in the probability that an inspection in the window is "
                    "judged good or outstanding (ordered probit, noise sd 0.75, cut 0)")},
            "caseload_timeliness": {
                "notebook": "03 caseloads, agency staff and assessment timeliness",
                "compare_to": ["beta_caseload", "beta_agency"],
                "beta_caseload": cfg.beta_caseload, "beta_agency": cfg.beta_agency,
                "unit": ("percentage points of assessments within 45 working days per case per "
                         "FTE (caseload) and per percentage point of agency rate"),
                "estimand": ("Coefficients of caseload_fte and agency_rate_fte (csww, reporting "
                             "year t) in a two-way fixed-effects (LA and year) regression of "
                             "Continue_Assess_Comp (LAIT, year t) over LAs and years 2013-2025; "
                             "LA effects are correlated with caseload so pooled OLS is biased."),
                "noise_sd_pp": cfg.timeliness_noise_sd,
                "noise_lag1_autocorrelation": TIMELINESS_NOISE_RHO,
                "noise_definition": ("stationary AR(1) within each LA, mean 0, innovations "
                                     "negated gamma (shape "
                                     f"{TIMELINESS_NOISE_SHAPE:g}): a long left tail; sd "
                                     "proportional to the LA's typical distance from 100%, "
                                     "noise_sd_pp as root mean square over LAs; independent "
                                     "of the regressors. LA-clustered standard errors allow "
                                     "for the serial correlation"),
                "rows_clipped_at_100": int((panel.assessments_45_days_pct >= 100).sum())},
            "troubled_families": {
                "notebook": "04 Troubled Families impact",
                "compare_to": "outcomes.<outcome>.value",
                "outcomes": tf,
                "estimand": ("ATT on the yearly probability of each outcome (family-level, "
                             "0/1) in every year from the family's start year on; constant over "
                             "cohorts (2012-2014 phase 1, 2015-2019 phase 2) and time since "
                             "start, so (a) matching on the recorded covariates comparing "
                             "treated families' outcomes from start to 2021 with matched "
                             "never-treated families and (b) Callaway-Sant'Anna staggered DiD "
                             "with never-treated controls (overall ATT) share the same value."),
                "selection": ("P(treated) is logistic in workless, prior_cin, "
                              "prior_persistent_absence, prior_offending, deprivation_decile and "
                              "n_children (all in tf_family_records); untreated outcomes depend "
                              "on covariates, a family effect and common year effects, so "
                              "parallel trends hold with or without covariates."),
                "families": int(len(fam)), "treated_families": int(fam.treated.sum())},
            "ks2_disadvantage_gap": {
                "notebook": "01 attainment gaps",
                "compare_to": "expected.<area>.<year>.gap_pp (realised.gap_pp for the "
                              "point estimate)",
                "value": cfg.focus_gap_pp, "unit": "percentage points",
                "year": int(latest), "regime": ks2_regime(int(latest)),
                "estimand": (f"LA {cfg.focus_la}'s gap in {latest}: % of other pupils minus % "
                             "of disadvantaged pupils meeting the KS2 expected standard in "
                             "reading, writing and maths. 'value' is the planted expected gap; "
                             "the published figures are a census, so a notebook reporting the "
                             "gap should match 'realised' exactly (up to rounding)."),
                "realised": _gap(last[last.la_code == cfg.focus_la]),
                "expected": ks2_expected["gaps"],
                "expected_definition": (
                    "Expected % meeting the measure of each group and their gap (pp) by "
                    "year, for the focus LA, its region and England: pupil noise and any "
                    "scenario shocks integrated out, expected group sizes, given the "
                    "schools; gap_variance_pp2 is the binomial variance of a census gap at "
                    "those sizes. 'value' is the nominal gap the focus LA was calibrated to "
                    "(ignoring the rounding threshold); the expected gap is what a 95% "
                    "interval from pupil counts should cover."),
                "england_realised": _gap(last),
                "focus_la_effect_probit": cfg.focus_la_effect,
                "focus_la_effect_pp_at_national_mean": round(float(focus_effect_pp), 3),
                "la_effect_definition": ("Shift in every pupil's latent attainment (probit "
                                         "scale, pupil noise sd 1, school sd 0.3) common to the "
                                         "LA's schools, after disadvantage; the conditional "
                                         "comparison should find the focus LA below average."),
                "la_year_drift": {
                    "level_sd_probit": KS2_LEVEL_DRIFT[0], "gap_sd_probit": KS2_GAP_DRIFT[0],
                    "lag1_autocorrelation": KS2_LEVEL_DRIFT[1],
                    "definition": ("Yearly AR(1) deviations of every other LA's level and gap "
                                   "coefficient around the listed values; the focus LA has "
                                   "none, so its planted gap and LA effect hold every year.")},
                "la_effects_probit": {int(k): round(float(v), 4)
                                      for k, v in units.la_effect_ks2.items()},
                "gap_coefficients_probit": {int(k): round(float(v), 4)
                                            for k, v in units.gap_coef.items()}},
            "ks2_gap_index": {
                "notebook": "01 attainment gaps",
                "compare_to": "expected.<year> (england_realised / focus_la_realised "
                              "for the point estimate)",
                "unit": "index points (-10 to +10)",
                "estimand": ("Realised DfE-style disadvantage gap index from ks2_pupils: 20 x "
                             "(mean percentile rank of other pupils - mean percentile rank of "
                             "disadvantaged pupils), ranks among all pupils in England in the "
                             "year, ties averaged; for the LA, its pupils' national ranks."),
                "england_realised": gap_index(ks2.pupils),
                "focus_la_realised": gap_index(ks2.pupils, cfg.focus_la),
                "expected": ks2_expected["gap_index"],
                "expected_definition": (
                    "Expected index by year given the schools: expected score "
                    "distribution of each group (pupil noise and scenario shocks integrated "
                    "out) ranked against England's expected distribution.")},
        },
    }
