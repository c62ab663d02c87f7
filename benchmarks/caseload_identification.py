"""How well the planted caseload and agency effects are identified by the synthetic CSC panel.

Draws the synthetic children's social care panel (``workforce.simulate_panel``, full
England, default planted betas) for many seeds and regresses % assessments within 45
working days on caseload per FTE and agency rate (the planted equation; notebook 03 adds
vacancy, turnover and CIN rate) with LA-clustered standard errors, as fixed effects, first
differences and pooled OLS. Prints, per model and term, the mean estimate, its SD across
seeds, the mean standard error and the coverage of the 95% CI. Measures; asserts nothing.

    .venv/bin/python benchmarks/caseload_identification.py --seeds 40
"""

from __future__ import annotations

import argparse
import warnings

import pandas as pd

from analysis_lib.caseload import models
from analysis_lib.data.synth import SynthConfig, _rngs, workforce
from analysis_lib.data.synth.geography_frame import build_la_frame

TERMS = {"caseload_per_fte": "beta_caseload", "agency_rate": "beta_agency"}


def one_seed(seed: int, cfg: SynthConfig) -> pd.DataFrame:
    rng = _rngs(seed)
    frame = build_la_frame(rng["geography"], cfg.focus_la, 1.0)
    panel = workforce.simulate_panel(frame, cfg.focus_la, cfg.beta_caseload, cfg.beta_agency,
                                     cfg.timeliness_noise_sd, rng["workforce"])
    panel = panel.rename(columns={"caseload_fte": "caseload_per_fte",
                                  "agency_rate_fte": "agency_rate"})
    data = panel.set_index(["la_code", "year"])
    fits = [models.tidy(models.fit(data, "assessments_45_days_pct", list(TERMS), m), m,
                        list(TERMS)) for m in ("fe", "fd", "pooled")]
    out = pd.concat(fits, ignore_index=True).assign(seed=seed)
    out["truth"] = out.term.map({t: getattr(cfg, k) for t, k in TERMS.items()})
    out["covered"] = (out.ci_low <= out.truth) & (out.truth <= out.ci_high)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=40)
    parser.add_argument("--first-seed", type=int, default=1000)
    args = parser.parse_args()
    warnings.filterwarnings("ignore")
    cfg = SynthConfig()
    runs = pd.concat([one_seed(s, cfg) for s in range(args.first_seed,
                                                      args.first_seed + args.seeds)])
    summary = runs.groupby(["model", "term"], sort=False).agg(
        truth=("truth", "first"), mean_estimate=("estimate", "mean"),
        sd_estimate=("estimate", "std"), mean_se=("se", "mean"),
        ci_coverage=("covered", "mean"))
    print(f"SYNTHETIC panel, {args.seeds} seeds from {args.first_seed}, "
          f"timeliness noise sd {cfg.timeliness_noise_sd}")
    print(summary.round(3).to_string())


if __name__ == "__main__":
    main()
