"""LA x year variation of the synthetic England: a permanent LA level plus a stationary
AR(1) deviation, so an LA's figures persist from year to year as the real panels do."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class LevelAndDrift:
    """An LA's permanent level (sd ``between``) plus a stationary AR(1) deviation (sd
    ``within``, lag-1 autocorrelation ``rho``), in the measure's units or its log."""

    between: float
    within: float
    rho: float


def ar1(rng: np.random.Generator, n: int, t: int, sd: float, rho: float,
        gamma_shape: float | None = None) -> np.ndarray:
    """n series of t years of a stationary AR(1) with standard deviation ``sd``, mean 0.

    Innovations are normal, or with ``gamma_shape`` negated standardised gamma draws (a
    long left tail: an LA's figure can collapse more easily than it can jump).
    """
    step = sd * np.sqrt(1 - rho**2)
    if gamma_shape is None:
        shocks = rng.normal(0, 1, (n, t))
    else:
        shocks = (gamma_shape - rng.gamma(gamma_shape, 1.0, (n, t))) / np.sqrt(gamma_shape)
    out = np.empty((n, t))
    out[:, 0] = sd * shocks[:, 0]
    for k in range(1, t):
        out[:, k] = rho * out[:, k - 1] + step * shocks[:, k]
    return out


def level_and_drift(rng: np.random.Generator, n: int, t: int, spec: LevelAndDrift
                    ) -> tuple[np.ndarray, np.ndarray]:
    """(n x 1 permanent levels, n x t AR(1) deviations) of ``spec``."""
    return rng.normal(0, spec.between, (n, 1)), ar1(rng, n, t, spec.within, spec.rho)


def lognormal(rng: np.random.Generator, n: int, t: int, spec: LevelAndDrift,
              mean) -> np.ndarray:
    """``mean`` x exp(level + drift - variance / 2): log-normal around ``mean`` (a number or
    a path over the t years)."""
    level, drift = level_and_drift(rng, n, t, spec)
    return np.asarray(mean) * np.exp(level + drift - (spec.between**2 + spec.within**2) / 2)
