"""The planted truth each headline estimate targets, defined once, read from truth.json.

An estimator targets a particular quantity: the expected value given the units as drawn
(a census gap with binomial sampling error targets the gap expected from the LA's schools),
the effect on the units as realised (a one-treated-LA design compares this LA's actual
schools with and without the intervention: the finite-sample effect), or a parameter of the
data-generating process (a regression coefficient, an ATT that is constant by design). It
may pool years in its own way (the outsourcing designs compare the mean over the years in
one period with the mean over another). The notebooks' sidecars (`results.json`) and the
validation harness both take the truth from the functions here, so they cannot disagree.

Each function takes the parsed truth file (``RunContext.planted_truths()``) and the facts
of the run the estimate depends on, and returns a float, or None when the truth file has no
such target (an older file, or a year the generator did not compute).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

EXPECTED, FINITE_SAMPLE, PARAMETER = "expected", "finite_sample", "parameter"


@dataclass(frozen=True)
class Target:
    """What a headline estimate's truth is: its kind and, in words, why it is the target."""

    kind: str
    definition: str


TARGETS = {
    "gap_la": Target(EXPECTED, "The focus LA's expected KS2 gap in the year given its schools "
                     "(pupil noise, cohort sizes and scenario shocks integrated out): the "
                     "school-clustered interval covers it, not the nominal calibration value."),
    "gap_england": Target(EXPECTED, "England's expected gap in the year given its schools "
                          "(LAs as strata of the clustered interval)."),
    "gap_region": Target(EXPECTED, "The focus LA's region's expected gap in the year given its "
                         "schools (LAs as strata of the clustered interval)."),
    "gap_trend_la": Target(EXPECTED, "Weighted least-squares slope of the focus LA's expected "
                           "gaps on year over the years the trend uses, weights 1/binomial "
                           "variance (as the estimator weights the observed gaps)."),
    "gap_index_la": Target(EXPECTED, "The focus LA's expected disadvantage gap index in the "
                           "year (expected score distributions ranked against England's)."),
    "gap_index_england": Target(EXPECTED, "England's expected gap index in the year."),
    "did_outsourcing_effect": Target(
        FINITE_SAMPLE, "Effect on the focus LA's actual schools (common random numbers, "
        "with and without the shift), by 31 August year, contrasted as the design pools "
        "years: sign x (mean over post-event years - mean over pre-event years)."),
    "synth_outsourcing_effect": Target(
        FINITE_SAMPLE, "As for the DiD: the synthetic control's mean post-event gap against "
        "its pre-event fit estimates the same contrast of the realised effect."),
    "fe_caseload_per_fte": Target(PARAMETER, "The planted within-LA coefficient."),
    "fe_agency_rate": Target(PARAMETER, "The planted within-LA coefficient."),
    "counterfactual_outcome_at_england_median": Target(
        FINITE_SAMPLE, "The LA's own outcome that year had its caseload been the England "
        "median, everything else (its LA and year effects and its noise) as it was: observed "
        "+ planted coefficient x (median - observed caseload). Its prediction interval also "
        "allows for residual and LA-level variation that this truth holds fixed, so it is "
        "expected to cover it more often than 95%."),
    "counterfactual_outcome_at_england_median_coefficient_only": Target(
        FINITE_SAMPLE, "The same truth; the coefficient-only band is the one whose coverage "
        "of it should be near 95% (it misses only when the coefficient's interval does)."),
    "matching_att": Target(PARAMETER, "The planted ATT (pp a year), constant over families, "
                           "cohorts and years since start."),
    "did_att": Target(PARAMETER, "The planted ATT (pp a year), constant over families, "
                      "cohorts and years since start."),
}


def _by_year(values: dict | None, year: int):
    if not values:
        return None
    return values.get(str(year), values.get(year))


def gap(truths: dict, area: str, year: int) -> float | None:
    """Expected KS2 gap (pp) of ``area`` ("focus_la", "region" or "england") in ``year``."""
    expected = truths["effects"]["ks2_disadvantage_gap"].get("expected") or {}
    entry = _by_year(expected.get(area), year)
    return None if entry is None else float(entry["gap_pp"])


def gap_region_code(truths: dict) -> str | None:
    """Region (E12...) whose expected gap the truth file holds."""
    return (truths["effects"]["ks2_disadvantage_gap"].get("expected") or {}).get("region_code")


def gap_trend(truths: dict, first_year: int, last_year: int) -> float | None:
    """WLS slope (pp a year) of the focus LA's expected gaps over the KS2 years from
    ``first_year`` to ``last_year``, weighted by 1/binomial variance."""
    expected = (truths["effects"]["ks2_disadvantage_gap"].get("expected") or {}).get(
        "focus_la") or {}
    rows = sorted((int(y), v) for y, v in expected.items() if first_year <= int(y) <= last_year)
    if len(rows) < 2:
        return None
    years = np.array([y for y, _ in rows], dtype=float)
    gaps = np.array([v["gap_pp"] for _, v in rows])
    weights = 1 / np.array([v["gap_variance_pp2"] for _, v in rows])
    centre = np.average(years, weights=weights)
    return float(np.sum(weights * (years - centre) * gaps)
                 / np.sum(weights * (years - centre) ** 2))


def gap_index(truths: dict, area: str, year: int) -> float | None:
    """Expected disadvantage gap index of ``area`` ("focus_la" or "england") in ``year``."""
    entry = _by_year(truths["effects"]["ks2_gap_index"].get("expected"), year)
    return None if entry is None else float(entry[area])


def outsourcing_contrast(truths: dict, pre_years, post_years, sign: int) -> float | None:
    """Finite-sample outsourcing effect pooled as a design with these pre- and post-event
    31 August years pools it: ``sign x (mean post - mean pre)`` of the realised effect by
    year (``sign`` turns the event's change into the outsourcing effect)."""
    by_year = truths["effects"]["outsourcing_inspections"].get("finite_sample_by_year_pp")
    pre = [_by_year(by_year, y) for y in pre_years]
    post = [_by_year(by_year, y) for y in post_years]
    if not pre or not post or None in pre or None in post:
        return None
    return float(sign * (np.mean(post) - np.mean(pre)))


def coefficient(truths: dict, key: str) -> float:
    """A planted caseload-model coefficient (``beta_caseload`` or ``beta_agency``)."""
    return float(truths["effects"]["caseload_timeliness"][key])


def counterfactual(planted_coefficient: float, observed_outcome: float,
                   observed_regressor: float, median_regressor: float) -> float:
    """The observed outcome moved by the planted coefficient to the median regressor."""
    return observed_outcome + planted_coefficient * (median_regressor - observed_regressor)


def troubled_families_att(truths: dict, outcome: str) -> float:
    """The planted ATT (pp a year) of the Troubled Families programme on ``outcome``."""
    return float(truths["effects"]["troubled_families"]["outcomes"][outcome]["value"])
