"""Coverage of three ways to compare programme families when all of them are in one LA.

A toy version of notebook 04's design: ``--las`` LAs of ``--families`` families each, two
periods; half of LA 0's families join the programme in the second period (effect
``--effect``); every family of an LA shares a shock in each period (SD ``--shock-sd``), on
top of family noise (SD ``--noise-sd``). Each replication estimates the effect by a
difference-in-differences regression of the change in outcome on programme membership:

- ``other_las_family_se``: comparison families from the other LAs, heteroskedasticity-robust
  (family-level) standard errors (the pool ``"comparators"``);
- ``all_las_family_se``: comparison families from LA 0 and the other LAs (the pool ``"both"``);
- ``other_las_la_clustered``: the same regression with standard errors clustered by LA
  (CR1, statsmodels), the usual remedy, with a single treated cluster;
- ``same_la_family_se``: comparison families from LA 0 only (the notebook's default pool).

Prints the share of replications whose 95% interval covers the effect, with its Monte Carlo
SE, and the median interval width.

    .venv/bin/python benchmarks/one_treated_la_inference.py --replications 1000
"""

from __future__ import annotations

import argparse

import numpy as np
import statsmodels.api as sm


def one_replication(rng, las: int, families: int, effect: float, shock_sd: float,
                    noise_sd: float) -> dict[str, tuple[float, float]]:
    la = np.repeat(np.arange(las), families)
    treated = (la == 0) & (np.arange(la.size) % families < families // 2)
    shock_change = rng.normal(0, shock_sd, (las, 2)) @ np.array([-1.0, 1.0])
    change = shock_change[la] + effect * treated + rng.normal(0, noise_sd * np.sqrt(2), la.size)
    designs = {"other_las_family_se": (treated | (la != 0), "HC1"),
               "all_las_family_se": (np.ones(la.size, dtype=bool), "HC1"),
               "other_las_la_clustered": (treated | (la != 0), "cluster"),
               "same_la_family_se": (la == 0, "HC1")}
    out = {}
    for name, (keep, cov) in designs.items():
        x = sm.add_constant(treated[keep].astype(float))
        kwds = {"groups": la[keep]} if cov == "cluster" else {}
        fit = sm.OLS(change[keep], x).fit(cov_type=cov, cov_kwds=kwds)
        low, high = fit.conf_int()[1]
        out[name] = (low, high)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replications", type=int, default=1000)
    parser.add_argument("--las", type=int, default=11)
    parser.add_argument("--families", type=int, default=60)
    parser.add_argument("--effect", type=float, default=-3.0)
    parser.add_argument("--shock-sd", type=float, default=1.0)
    parser.add_argument("--noise-sd", type=float, default=3.0)
    parser.add_argument("--seed", type=int, default=20260)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    runs = [one_replication(rng, args.las, args.families, args.effect, args.shock_sd,
                            args.noise_sd) for _ in range(args.replications)]
    print(f"{args.replications} replications, {args.las} LAs x {args.families} families, "
          f"LA shock SD {args.shock_sd}, family noise SD {args.noise_sd}")
    for name in runs[0]:
        covered = np.array([lo <= args.effect <= hi for lo, hi in (r[name] for r in runs)])
        width = np.median([hi - lo for lo, hi in (r[name] for r in runs)])
        p = covered.mean()
        print(f"{name:24s} coverage {p:.3f} (MC SE {np.sqrt(p * (1 - p) / len(covered)):.3f})"
              f"  median width {width:.2f}")


if __name__ == "__main__":
    main()
