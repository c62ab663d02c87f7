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
    from analysis_lib.attainment import sections

    ctx, p = _context("01_attainment_gaps", data_dir, output_dir)
    results = ResultsRecorder(ctx)
    headline = sections.headline(ctx, results, key_stage=p["key_stage"],
                                 measure=p["measure"], groups=p["groups"])
    sections.trend(ctx, results, headline, key_stage=p["key_stage"])
    sections.gap_index_section(ctx, results, key_stage=p["key_stage"], groups=p["groups"])
    funnel = sections.school_section(ctx, results, key_stage=p["key_stage"],
                                     measure=p["measure"], funnel_target=p["funnel_target"])
    info = funnel if isinstance(funnel, dict) else {}  # {} when the section is unavailable
    return HeadlineRun(list(results.estimates.values()),
                       {"funnel_overdispersion": _value(info.get("phi_estimate"))})


def ofsted_trajectory(data_dir: Path, output_dir: Path) -> HeadlineRun:
    """Notebook 02: shares, ordered logit, DiD and synthetic control, verdict estimates (the
    survivorship measurement, which reruns the pipeline on synthetic data, is left out)."""
    from analysis_lib.ofsted import sections
    from analysis_lib.unavailable import Unavailable

    name = "02_ofsted_trajectory"
    p = notebook_defaults(name)
    start, end, phase = p["outsourcing_start"], p["outsourcing_end"], p["phase"]
    outcome = p["outcome"]
    ctx, _ = _context(name, data_dir, output_dir)
    results = ResultsRecorder(ctx)
    window = sections.la_arrangements(ctx, start, end)
    data = sections.school_records(ctx, results)
    snaps, shares = sections.school_shares(ctx, results, window, phase=phase, outcome=outcome)
    by_period = sections.period_shares(ctx, results, snaps, window, phase)
    school = sections.framework_summary(ctx, results)
    model = sections.ordered_model(ctx, results, school, window, phase)
    setup = sections.counterfactual_design(ctx, results, snaps, window, outcome=outcome,
                                           phase=phase, donor_pool=p["donor_pool"])
    did = sections.difference_in_differences(ctx, results, setup)
    synth = sections.synthetic_control(ctx, results, setup)
    sections.record_estimates(ctx, results, data=data, shares=shares, by_period=by_period,
                              model=model, setup=setup, did=did, synth=synth, window=window,
                              outcome=outcome, phase=phase)
    did_ok, synth_ok = not isinstance(did, Unavailable), not isinstance(synth, Unavailable)
    return HeadlineRun(list(results.estimates.values()), {
        "did_pretrend_placebo": _value(did.pretrend_placebo_p) if did_ok else None,
        "did_pretrend_wald": _value(did.pretrend_p) if did_ok else None,
        "did_placebo_p": _value(did.p_placebo) if did_ok else None,
        "synth_placebo_p": _value(synth.p_value) if synth_ok else None})


def caseload_regressions(data_dir: Path, output_dir: Path) -> HeadlineRun:
    """Notebook 03: the model suite, the counterfactual and the headline estimates."""
    from analysis_lib.caseload import sections

    ctx, p = _context("03_caseload_regressions", data_dir, output_dir)
    results = ResultsRecorder(ctx)
    suite = sections.model_data(ctx, outcome=p["outcome"], regressors=p["regressors"],
                                model=p["model"], counterfactual_term=p["counterfactual_term"])
    counterfactual = sections.la_estimates(ctx, suite,
                                           counterfactual_term=p["counterfactual_term"])
    sections.headline_estimates(ctx, results, suite, counterfactual)
    return HeadlineRun(list(results.estimates.values()))


def troubled_families_impact(data_dir: Path, output_dir: Path) -> HeadlineRun:
    """Notebook 04: family data, propensity model, matching (balance, E-value) and DiD."""
    from analysis_lib.impact import sections

    name = "04_troubled_families_impact"
    p = notebook_defaults(name)
    ctx, _ = _context(name, data_dir, output_dir)
    results = ResultsRecorder(ctx)
    groups = sections.comparison_groups(ctx, results, phase=p["phase"], outcome=p["outcome"],
                                        pool=p["comparison_pool"])
    matched = sections.matched_comparison(ctx, results, groups, method=p["method"],
                                          followup_months=p["followup_months"],
                                          caliper_sd=p["caliper_sd"])
    did = sections.staggered_did(ctx, results, groups, method=p["method"])
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
