"""Who is in the comparison, and the propensity score model on baseline characteristics.

Comparison pool (a documented choice): families in the chosen phase that the programme
did not work with. Every programme family is in one LA, so the notebook's default
(``pool="same_la"``) takes them from that LA: a shock shared by all of an LA's families in a
year (care thresholds, local policy) then cancels; family-level errors ignore such shocks,
and LA-clustered errors are unreliable with one treated LA. ``pool="both"`` adds the
comparator LAs' families (enough close matches for an LA that identified almost all of its
eligible families) and ``"comparators"`` uses them alone, at the price of exposure to such
shocks. The national evaluation of phase 1
(NIESR/Ecorys 2016) likewise drew matched comparison families from outside the programme.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import statsmodels.formula.api as smf
from scipy.special import logit

from analysis_lib.data.tf_schemas import TF_PHASE_YEARS
from analysis_lib.errors import DataNotAvailableError, ParameterError

COVARIATES = ("n_children", "lone_parent", "workless", "prior_cin",
              "prior_persistent_absence", "prior_offending", "deprivation_decile")
POOLS = ("both", "same_la", "comparators")
PHASES = TF_PHASE_YEARS  # 3: Supporting Families, from April 2021 (an LA's own records)


@dataclass(frozen=True)
class PropensityModel:
    """A fitted logit of programme participation on baseline covariates."""

    result: object  # statsmodels LogitResults
    score: pd.Series  # P(treated | X), indexed by family_id
    formula: str

    @property
    def logit_score(self) -> pd.Series:
        """The linear predictor (log-odds), the usual matching scale."""
        clipped = self.score.clip(1e-12, 1 - 1e-12)
        return pd.Series(logit(clipped.to_numpy()), index=self.score.index, name="logit_score")

    def coefficients(self) -> pd.DataFrame:
        """Odds ratios with 95% intervals, one row per term."""
        ci = self.result.conf_int()
        return pd.DataFrame({"term": self.result.params.index,
                             "log_odds": self.result.params.to_numpy(),
                             "odds_ratio": np.exp(self.result.params.to_numpy()),
                             "ci_low": np.exp(ci[0].to_numpy()),
                             "ci_high": np.exp(ci[1].to_numpy()),
                             "p_value": self.result.pvalues.to_numpy()})


def analysis_sample(families: pd.DataFrame, la_code: int, comparator_codes, phase: int,
                    pool: str = "both") -> pd.DataFrame:
    """Treated families of the LA in ``phase`` plus never-treated comparison families.

    Returns one row per family (indexed by ``family_id``) with ``treated`` (0/1),
    ``same_la`` (bool) and the baseline covariates.
    """
    if phase not in PHASES:
        raise ParameterError(f"phase must be one of {sorted(PHASES)}, got {phase!r}")
    if pool not in POOLS:
        raise ParameterError(f"pool must be one of {POOLS}, got {pool!r}")
    in_phase = families[families["phase"] == phase]
    comparators = [c for c in comparator_codes if c != la_code]
    pool_las = {"both": [la_code, *comparators], "same_la": [la_code],
                "comparators": comparators}[pool]
    treated = in_phase[(in_phase["la_code"] == la_code) & in_phase["treated"].astype(bool)]
    control = in_phase[in_phase["la_code"].isin(pool_las) & ~in_phase["treated"].astype(bool)]
    if treated.empty:
        raise DataNotAvailableError(
            f"No family records of families worked with in phase {phase} for LA {la_code}.")
    if len(control) < 10:
        raise DataNotAvailableError(
            f"Only {len(control)} comparison families in the '{pool}' pool for LA {la_code}, "
            f"phase {phase}; choose a wider pool or other comparators.")
    sample = pd.concat([treated, control]).sort_values("family_id").set_index("family_id")
    sample["treated"] = sample["treated"].astype(int)
    sample["same_la"] = sample["la_code"] == la_code
    for col in COVARIATES:
        if sample[col].dtype == bool:
            sample[col] = sample[col].astype(int)
    return sample


def comparison_note(data_source: str, la_name: str, pool: str) -> str:
    """Who the comparison families are in this run, and the assumption that makes them fair."""
    if data_source == "official":
        return ("**On published data there are no family records, so no comparison is made** "
                "(see section 1 for what was published).")
    if data_source == "local":
        return (
            f"**On {la_name}'s own records the comparison is within the LA.** A council's "
            "file holds only its own families, so the comparison families are the eligible "
            "families it had not worked with by the end of the records (`treated = 0`); "
            f"the `comparison_pool` setting (`{pool}`) has no other LAs' families to add. "
            "Families the council worked with later are programme families with a later "
            "start year. **Assumption:** among eligible families with the same recorded "
            "characteristics, which ones the council worked with is unrelated to what would "
            "otherwise have happened to them (for matching), or their outcomes would have "
            "moved in parallel (for the difference-in-differences). It fails if workers "
            "chose families on needs the records miss, or if comparison families received "
            "similar help from other services (then the estimate is the effect against that "
            "help, not against no help).")
    who = {"same_la": f"never-treated families of {la_name} itself, so a shock shared by "
                      "the LA's families in a year cancels",
           "both": f"never-treated families of {la_name} and of its comparator LAs; a shock "
                   "shared by one LA's families in a year does not cancel, and the intervals "
                   "do not allow for it",
           "comparators": "never-treated families of the comparator LAs only; a shock shared "
                          "by one LA's families in a year does not cancel, and the intervals "
                          "do not allow for it"}[pool]
    return f"**On the synthetic data** the comparison pool is `{pool}`: {who}."


def fit_propensity(sample: pd.DataFrame, covariates=COVARIATES) -> PropensityModel:
    """Logit of ``treated`` on the covariates, each entered linearly.

    Deprivation decile and the number of children enter as linear terms: with a few
    hundred families, a category per decile leaves sparse cells that separate perfectly.
    """
    formula = "treated ~ " + " + ".join(covariates)
    result = smf.logit(formula, data=sample).fit(disp=0, maxiter=200)
    score = pd.Series(result.predict(sample), index=sample.index, name="propensity_score")
    return PropensityModel(result=result, score=score, formula=formula)


def overlap_table(model: PropensityModel, treated: pd.Series, bins: int = 20) -> pd.DataFrame:
    """Counts of treated and comparison units per propensity-score bin (0-1).

    Columns: ``bin_low``, ``bin_high``, ``group`` ("programme"/"comparison"), ``families``,
    ``share`` (of the group's families).
    """
    edges = np.linspace(0, 1, bins + 1)
    rows = []
    for label, mask in (("programme", treated == 1), ("comparison", treated == 0)):
        counts, _ = np.histogram(model.score[mask.reindex(model.score.index)], bins=edges)
        total = max(counts.sum(), 1)
        rows += [(edges[i], edges[i + 1], label, int(c), c / total)
                 for i, c in enumerate(counts)]
    return pd.DataFrame(rows, columns=["bin_low", "bin_high", "group", "families", "share"])
