"""The share of schools judged good or outstanding during and after an intervention.

For each area and period: the share of graded open schools whose latest grade is good or
outstanding, pooled over the period's 31 August snapshots (each school counted once per
snapshot, so the share is the snapshot shares averaged with weights equal to their graded
schools). "During" is the snapshots dated on or after the start and before the end, "after"
those on or after the end. The 95% confidence interval treats the schools as a sample from
the schools the LA could have had, clustered by school (a school appears in every snapshot
while its grade stands): an OLS mean with a cluster-robust standard error (statsmodels).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import statsmodels.api as sm

from analysis_lib.errors import DataNotAvailableError
from analysis_lib.levels import Z95
from analysis_lib.ofsted.as_at import filter_phase, in_area
from analysis_lib.ofsted.frameworks import GOOD_OR_OUTSTANDING
from analysis_lib.ofsted.periods import check_window, snapshot_date

COLUMNS = ["area", "role", "period", "first_year", "last_year", "share_good_or_outstanding", "se",
           "ci_low", "ci_high", "n_school_years", "n_schools"]


def snapshot_periods(years, start, end) -> dict[str, list[int]]:
    """Snapshot years during (start <= 31 August < end) and after (31 August >= end)."""
    start, end = check_window(start, end)
    dates = {int(y): snapshot_date(y) for y in years}
    return {"during": [y for y, d in dates.items() if start <= d < end],
            "after": [y for y, d in dates.items() if d >= end]}


def pooled_share(part: pd.DataFrame) -> dict:
    """Pooled share good or outstanding (percent) with a school-clustered 95% CI."""
    graded = part.dropna(subset=["grade"])
    if graded.empty:
        raise DataNotAvailableError("No graded schools in these snapshots.")
    good = 100 * graded["grade"].isin(GOOD_OR_OUTSTANDING).to_numpy(float)
    clusters = pd.factorize(graded["urn"])[0]
    if len(np.unique(clusters)) < 2 or good.std() == 0:
        share, se = float(good.mean()), 0.0  # no spread: the interval is the point itself
    else:
        fit = sm.OLS(good, np.ones(len(good))).fit(cov_type="cluster",
                                                  cov_kwds={"groups": clusters})
        share, se = float(fit.params[0]), float(fit.bse[0])
    low, high = share - Z95 * se, share + Z95 * se
    return {"share_good_or_outstanding": share, "se": se, "ci_low": max(low, 0.0),
            "ci_high": min(high, 100.0), "n_school_years": len(graded),
            "n_schools": int(graded["urn"].nunique())}


def area_roles(areas: dict) -> dict[str, str]:
    """Role -> area name: the first area is the LA, then the region (if any), the
    comparators and England (as `as_at.comparison_areas` orders them)."""
    names = list(areas)
    roles = {"la": names[0]} if names and names[0] not in ("Comparators", "England") else {}
    for name in names[len(roles):]:
        roles[{"Comparators": "comparators", "England": "england"}.get(name, "region")] = name
    return roles


def period_shares(as_at: pd.DataFrame, areas: dict[str, list[int] | None], start, end, *,
                  phase: str = "all") -> pd.DataFrame:
    """Area x period (during, after) pooled shares; periods without snapshots are left out."""
    data = filter_phase(as_at, phase)
    periods = snapshot_periods(sorted(data["year"].unique()), start, end)
    role_of = {name: role for role, name in area_roles(areas).items()}
    rows = []
    for area, codes in areas.items():
        part = in_area(data, codes)
        for period, years in periods.items():
            snaps = part[part["year"].isin(years)]
            if not years or snaps["grade"].notna().sum() == 0:
                continue
            rows.append({"area": area, "role": role_of[area], "period": period,
                         "first_year": min(years),
                         "last_year": max(years), **pooled_share(snaps)})
    if not rows:
        raise DataNotAvailableError("No graded snapshots during or after the intervention.")
    return pd.DataFrame(rows, columns=COLUMNS)
