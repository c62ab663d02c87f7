"""Random shocks of the failure scenarios (`SynthConfig` switches, all off by default).

Each kind draws from a random stream of its own (see ``COMPONENTS`` in the package), and only
when its switch is on, so the default England is unchanged byte for byte and one scenario's
draws never move another's.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

SHOCK_YEARS = np.arange(2000, 2026)


def la_year_shocks(codes, sd: float, rng: np.random.Generator) -> pd.DataFrame:
    """LA x year shocks, N(0, sd), one row per LA code and one column per year 2000-2025."""
    codes = np.unique(np.asarray(codes, dtype=int))
    return pd.DataFrame(rng.normal(0.0, sd, (len(codes), len(SHOCK_YEARS))), index=codes,
                        columns=SHOCK_YEARS)


def year_index(years) -> np.ndarray:
    """Column of each (clipped) year in a shock matrix."""
    return np.clip(np.asarray(years, dtype=int), SHOCK_YEARS[0], SHOCK_YEARS[-1]) - SHOCK_YEARS[0]


@dataclass(frozen=True)
class AttainmentShocks:
    """Probit shocks to KS2 latent attainment: by LA unit and year (``la``), and by school
    (row of the schools frame) and year (``school``). Either may be None."""

    la: pd.DataFrame | None
    school: np.ndarray | None
    la_sd: float = 0.0
    school_sd: float = 0.0

    @property
    def variance(self) -> float:
        """Variance added to every pupil's latent attainment (shared within LA or school)."""
        return self.la_sd**2 + self.school_sd**2

    def at(self, year: int, rows: np.ndarray, units: np.ndarray) -> np.ndarray:
        """Total shock of schools ``rows`` (in LA units ``units``) in ``year``."""
        out = np.zeros(len(rows))
        col = int(year_index([year])[0])
        if self.la is not None:
            out += self.la.to_numpy()[self.la.index.get_indexer(units), col]
        if self.school is not None:
            out += self.school[rows, col]
        return out


def attainment_shocks(units: np.ndarray, n_schools: int, la_sd: float, school_sd: float,
                      rng: np.random.Generator) -> AttainmentShocks | None:
    """The KS2 shocks a configuration asks for (None when both are off)."""
    if not (la_sd or school_sd):
        return None
    la = la_year_shocks(units, la_sd, rng) if la_sd else None
    school = rng.normal(0.0, school_sd, (n_schools, len(SHOCK_YEARS))) if school_sd else None
    return AttainmentShocks(la, school, la_sd, school_sd)


@dataclass(frozen=True)
class InspectionShifts:
    """Extra latent inspection outcome per school: a yearly slope from 2013 (the focus LA's
    own trend) and LA x year shocks looked up by each school's LA unit."""

    slope: np.ndarray  # probit units per year, per school
    la_year: np.ndarray | None  # school x year shock (its LA's), or None

    def subset(self, mask: np.ndarray) -> InspectionShifts:
        return InspectionShifts(self.slope[mask],
                                None if self.la_year is None else self.la_year[mask])

    def tile(self, times: int) -> InspectionShifts:
        return InspectionShifts(np.tile(self.slope, times),
                                None if self.la_year is None else np.tile(self.la_year,
                                                                          (times, 1)))

    def at(self, years: np.ndarray) -> np.ndarray:
        """Shift of every school at fractional calendar years ``years``."""
        out = self.slope * (years - 2013.0)
        if self.la_year is not None:
            out = out + self.la_year[np.arange(len(years)), year_index(np.floor(years))]
        return out


def inspection_shifts(school_units: np.ndarray, focus_la: int, trend: float, la_sd: float,
                      rng: np.random.Generator) -> InspectionShifts | None:
    """The inspection shifts a configuration asks for (None when both are off)."""
    if not (trend or la_sd):
        return None
    slope = np.where(school_units == focus_la, trend, 0.0)
    la_year = None
    if la_sd:
        shocks = la_year_shocks(school_units, la_sd, rng)
        la_year = shocks.to_numpy()[shocks.index.get_indexer(school_units)]
    return InspectionShifts(slope, la_year)


def family_year_shocks_pp(la_codes: np.ndarray, years: np.ndarray, sd_pp: float,
                          risk: np.ndarray | None, risk_pp: float,
                          rng: np.random.Generator) -> np.ndarray | None:
    """Family x year additions (pp) to every outcome's untreated chance: the shock of the
    family's LA in the year, plus ``risk_pp`` per SD of the family's unrecorded risk."""
    if not (sd_pp or (risk is not None and risk_pp)):
        return None
    out = np.zeros((len(la_codes), len(years)))
    if sd_pp:
        shocks = la_year_shocks(la_codes, sd_pp, rng)
        out += shocks.to_numpy()[shocks.index.get_indexer(la_codes)][:, year_index(years)]
    if risk is not None and risk_pp:
        out += risk_pp * risk[:, None]
    return out
