"""Each notebook's headline code path, run on one synthetic England, with no files written.

Each function makes the same library calls, in the same order and with the notebook's own
default parameters (read from its tagged cell), as the notebook cells that its headline
estimates and its diagnostics come from; cells that only draw, tabulate or narrate
(timelines, grade transitions, descriptive panels, progress, caveats, the fiscal section)
are left out, since no headline number depends on them. ``write_files=False`` keeps
charts unsaved and tables unwritten. Each returns the recorded estimates and the values of
the notebook's diagnostics (see `diagnostics`).
"""

from __future__ import annotations

import math
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from analysis_lib.context import RunContext, start_run
from analysis_lib.packs.notebook_params import declared_parameters
from analysis_lib.packs.paths import NOTEBOOKS_DIR
from analysis_lib.results import Estimate, ResultsRecorder


@dataclass(frozen=True)
class HeadlineRun:
    """A notebook's estimates (all it records) and its diagnostics' values."""

    estimates: list[Estimate]
    diagnostics: dict[str, float | None] = field(default_factory=dict)


def notebook_defaults(notebook: str) -> dict:
    """The notebook's declared parameters and their defaults."""
    return {name: p.default for name, p in
            declared_parameters(NOTEBOOKS_DIR / f"{notebook}.ipynb").items()}


def _context(notebook: str, data_dir: Path, output_dir: Path) -> tuple[RunContext, dict]:
    params = notebook_defaults(notebook) | {"data_source": "synthetic",
                                            "data_dir": str(data_dir),
                                            "output_dir": str(output_dir)}
    return start_run(notebook, write_files=False, **params), params


def _value(x) -> float | None:
    if x is None:
        return None
    x = float(x)
    return None if math.isnan(x) else x


def attainment_gaps(data_dir: Path, output_dir: Path) -> HeadlineRun:
    """Notebook 01: headline gaps, trend, gap index and the school funnel (its overdispersion
    is a diagnostic); the floor-standard and conditional-effect sections, which have no
    planted truth and feed no diagnostic, are left out."""
    from analysis_lib.attainment import report, school_report

    ctx, p = _context("01_attainment_gaps", data_dir, output_dir)
    results = ResultsRecorder(ctx)
    headline = report.headline(ctx, results, key_stage=p["key_stage"], measure=p["measure"],
                               groups=p["groups"])
    report.trend(ctx, results, headline, key_stage=p["key_stage"])
    report.gap_index_section(ctx, results, key_stage=p["key_stage"], groups=p["groups"])
    schools = school_report.school_section(ctx, results, key_stage=p["key_stage"],
                                           measure=p["measure"],
                                           funnel_target=p["funnel_target"])
    info = schools.data.get("info", {})
    return HeadlineRun(list(results.estimates.values()),
                       {"funnel_overdispersion": _value(info.get("phi_estimate"))})


def ofsted_trajectory(data_dir: Path, output_dir: Path) -> HeadlineRun:
    """Notebook 02: shares, ordered logit, DiD and synthetic control, verdict estimates (the
    survivorship measurement, which reruns the pipeline on synthetic data, is left out)."""
    from analysis_lib.ofsted import comparison, counterfactual, history, verdict
    from analysis_lib.ofsted import workflow as ofsted
    from analysis_lib.unavailable import Unavailable

    name = "02_ofsted_trajectory"
    p = notebook_defaults(name)
    start, end, phase = p["outsourcing_start"], p["outsourcing_end"], p["phase"]
    ctx, _ = _context(name, data_dir, output_dir)
    results = ResultsRecorder(ctx)
    window = comparison.event_window(ctx, start, end)
    data = ofsted.school_data(ctx)
    snaps = ofsted.snapshots(ctx)
    shares = ofsted.shares(ctx, snaps, phase)
    by_period = ofsted.shares_by_period(ctx, snaps, window, phase)
    school = ofsted.school_data(ctx, la_only=True)
    model = history.ordered_model(ctx, school, window, phase)
    setup = counterfactual.counterfactual_setup(ctx, snaps, p["outcome"], phase, window,
                                                p["donor_pool"])
    did = counterfactual.difference_in_differences(ctx, setup)
    synth = counterfactual.synthetic_control(ctx, setup)
    results.extend(verdict.estimates(ctx, outcome=p["outcome"], phase=phase, shares=shares,
                                     by_period=by_period, did=did, synth=synth, ordered=model,
                                     setup=setup, window=window,
                                     source=ofsted.source_label(data)))
    did_ok, synth_ok = not isinstance(did, Unavailable), not isinstance(synth, Unavailable)
    return HeadlineRun(list(results.estimates.values()), {
        "did_pretrend_placebo": _value(did.pretrend_placebo_p) if did_ok else None,
        "did_pretrend_wald": _value(did.pretrend_p) if did_ok else None,
        "did_placebo_p": _value(did.p_placebo) if did_ok else None,
        "synth_placebo_p": _value(synth.p_value) if synth_ok else None})


def caseload_regressions(data_dir: Path, output_dir: Path) -> HeadlineRun:
    """Notebook 03: the model suite, the counterfactual and the headline estimates."""
    from analysis_lib.caseload import report
    from analysis_lib.caseload.run import counterfactual_for
    from analysis_lib.caseload.suite import model_suite

    ctx, p = _context("03_caseload_regressions", data_dir, output_dir)
    suite = model_suite(ctx, outcome=p["outcome"], regressors=p["regressors"],
                        model=p["model"], median_term=p["counterfactual_term"])
    counterfactual = counterfactual_for(ctx, suite, p["counterfactual_term"])
    estimates = report.headline_estimates(ctx, suite.coefficients, p["model"], p["outcome"],
                                          counterfactual, suite.hausman)
    return HeadlineRun(estimates)


def troubled_families_impact(data_dir: Path, output_dir: Path) -> HeadlineRun:
    """Notebook 04: family data, propensity model, matching (balance, E-value) and DiD."""
    from analysis_lib.impact import workflow

    name = "04_troubled_families_impact"
    p = notebook_defaults(name)
    ctx, _ = _context(name, data_dir, output_dir)
    results = ResultsRecorder(ctx)
    data = workflow.family_data(ctx, phase=p["phase"], outcome=p["outcome"],
                                pool=p["comparison_pool"])
    model = workflow.propensity_section(ctx, data)
    matched = workflow.matching_section(ctx, results, data, model, method=p["method"],
                                        followup_months=p["followup_months"],
                                        caliper_sd=p["caliper_sd"])
    did = workflow.did_section(ctx, results, data, method=p["method"])
    diagnostics = {"tf_pretrend": _value(did.pretest_p) if did is not None else None,
                   "tf_balance": None, "tf_evalue": None}
    if matched is not None:
        diagnostics["tf_balance"] = _value(matched.balance["smd_after"].abs().max())
        diagnostics["tf_evalue"] = (_value(matched.evalue.evalue_ci)
                                    if matched.evalue is not None else None)
    return HeadlineRun(list(results.estimates.values()), diagnostics)


PATHS = {"01_attainment_gaps": attainment_gaps, "02_ofsted_trajectory": ofsted_trajectory,
         "03_caseload_regressions": caseload_regressions,
         "04_troubled_families_impact": troubled_families_impact}


def run_headlines(notebook: str, data_dir: Path) -> HeadlineRun:
    """One notebook's headline path on the synthetic England in ``data_dir``."""
    with tempfile.TemporaryDirectory(prefix=f"validate-{notebook[:2]}-") as out:
        return PATHS[notebook](Path(data_dir), Path(out))
