"""Notebook 02's own parameters (see `analysis_lib.parameters`)."""

from __future__ import annotations

from analysis_lib import geography
from analysis_lib.ofsted.as_at import OUTCOMES, PHASES
from analysis_lib.ofsted.events import check_dates
from analysis_lib.parameters import Declaration, Parameter, Rule, problem_raised

NO_INTERVENTION = "no_intervention"


def _donor_pool_problem(donor_pool) -> str | None:
    if donor_pool == NO_INTERVENTION:
        return None
    if not isinstance(donor_pool, list | tuple) or len(donor_pool) < 2:
        return ("donor_pool must be 'no_intervention' or a list of at least two LAs, got "
                f"{donor_pool!r}")
    unknown = [problem_raised(geography.resolve_la, item) for item in donor_pool]
    return "; ".join(problem for problem in unknown if problem) or None


DECLARATION = Declaration("02_ofsted_trajectory", (
    Parameter("outsourcing_start", (str,), "ISO date services were outsourced; empty: the LA's "
              "own record in the interventions table"),
    Parameter("outsourcing_end", (str,), "ISO date services came back in-house; empty: the "
              "LA's own record"),
    Parameter("phase", (str,), 'school phase: "primary", "secondary" or "all"', allowed=PHASES),
    Parameter("outcome", (str,), '"share_good_or_outstanding" (%) or "mean_grade" (1-4)',
              allowed=OUTCOMES),
    Parameter("donor_pool", (str, list), '"no_intervention" (LAs without an arrangement of '
              "their own) or a list of LAs", check=_donor_pool_problem),
    Parameter("include_weak_interventions", (bool,), "True: weakly sourced interventions rows "
              "also exclude LAs", allowed=(True, False),
              message="include_weak_interventions must be True or False, got {value!r}"),
), rules=(
    Rule(("outsourcing_start", "outsourcing_end"),
         lambda v: problem_raised(check_dates, v["outsourcing_start"], v["outsourcing_end"])),
))
