"""The caveats that travel with the caseload results, built from the results themselves.

Each caveat is a sentence; which ones apply and the numbers in them come from the panel
that was estimated, the model comparison and the data source, so the text cannot drift
from what was run.
"""

from __future__ import annotations

import pandas as pd

from analysis_lib.caseload.descriptive import reference_years
from analysis_lib.caseload.models import HausmanTest
from analysis_lib.caseload.panel import PanelBuild

DFE_WORKFORCE_FIRST_YEAR = 2017


def caveats(build: PanelBuild, table: pd.DataFrame, model: str, *, hausman: HausmanTest | None,
            synthetic: bool, la_name: str, reference_points: pd.DataFrame | None = None,
            vif: pd.DataFrame | None = None) -> list[str]:
    """Plain-English caveats for this run, most important first."""
    out = [
        "Association, not proof of cause: LAs under pressure may both hire agency staff and "
        "fall behind on assessments, and poor timeliness can itself drive caseloads up "
        "(reverse causality). Fixed effects remove stable differences between LAs and "
        "national year-to-year shocks, not changes specific to one LA.",
        "Timing: a workforce year is a snapshot at 30 September, compared with outcomes for "
        "the year to the following 31 March; effects that take longer to show are not "
        "captured.",
    ]
    years = build.years
    if years and years[0] < DFE_WORKFORCE_FIRST_YEAR and not synthetic:
        out.append("Measurement change: DfE's caseload per case-holding FTE starts with the "
                   "2017 collection; earlier years come from other sources (the LA "
                   "interactive tool for 2016) and may not be comparable.")
    elif not synthetic:
        out.append(f"Coverage: DfE's caseload per case-holding FTE is collected from 2017, so "
                   f"the panel covers {years[0]}-{years[-1]} only.")
    if reference_points is not None and not reference_points.empty:
        out.append(f"{la_name}'s figures marked on the charts "
                   f"({reference_years(reference_points)}) are the council's own measures "
                   "from its published reports (see the table of council figures), not DfE's "
                   "collection: compare their direction, not their level.")
    reasons = build.dropped["reason"]
    no_record = int(reasons.str.startswith("no ").sum())
    if no_record:
        out.append(f"Coverage: {no_record} LA-years in the years asked for are in one "
                   "collection but not the other (for example before the workforce "
                   "collection starts) and cannot be used.")
    lost = int(reasons.isin(["outcome missing", "regressor missing"]).sum())
    if lost:
        out.append(f"Missing and suppressed values: {lost} LA-years lack the outcome or a "
                   "regressor (suppressed, not collected or blank; see the table of "
                   "exclusions); if values go missing for reasons linked to performance, the "
                   "estimates may be biased.")
    chosen = table[table["model"] == model]
    if not chosen.empty:
        n_las = int(chosen["n_las"].iloc[0])
        out.append(f"The {model.upper()} estimates rest on {int(chosen['n_obs'].iloc[0])} "
                   f"LA-years from {n_las} LAs; standard errors allow for repeated years "
                   "within an LA (clustered by LA).")
    if hausman is not None and model == "re" and hausman.p < 0.05:
        out.append("The Hausman test rejects random effects, so the random-effects estimates "
                   "shown are likely biased by LA characteristics linked to the workforce "
                   "measures.")
    if vif is not None and (vif["vif_within"] > 10).any():
        terms = ", ".join(vif.loc[vif["vif_within"] > 10, "term"])
        out.append(f"Collinearity: within LAs, {terms} move together (VIF above 10), so "
                   "their separate effects are poorly determined.")
    if synthetic:
        out.append("These results use SYNTHETIC data from a seeded generator with planted "
                   "effects; they demonstrate the method and say nothing about real LAs.")
    return out


def caveats_markdown(items: list[str]) -> str:
    """The caveats as a markdown bullet list under a heading."""
    return "**Caveats**\n\n" + "\n".join(f"- {item}" for item in items)
