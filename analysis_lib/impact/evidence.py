"""The published Troubled Families evidence (table ``tf_published_evidence``) as a benchmark.

No family-level data are published, so on published data notebook 04 makes no estimate for an
LA: it shows what was published instead: the national evaluations' findings, national counts
and the LA's own counts where the project holds them, each with its original source and how
the project obtained it (``evidence_status``). Beside the published differences it sets the
run's own estimates (synthetic data, or an LA's own records) with their intervals; the
published figures came without intervals and are shown without one.
"""

from __future__ import annotations

import pandas as pd

from analysis_lib.results import Estimate, interval_label

#: How each evidence status is shown beside a figure ("" for a figure read at its source).
STATUS_NOTES = {
    "official": "",
    "official_via_summary": "secondary summary of the publication; not checked against it",
    "press_citing_official": "local press report citing DCLG figures; not checked against "
                             "DCLG's release",
    "unverified": "UNVERIFIED: to be checked against the publication before it is cited",
}
COUNT_MEASURES = {"families_identified": "identified", "families_attached": "attached",
                  "families_turned_around": "turned around"}
PUBLISHED, NO_INTERVAL = "published", "none reported"


def _with_notes(rows: pd.DataFrame) -> pd.DataFrame:
    return rows.assign(how_obtained=rows["evidence_status"].map(STATUS_NOTES).fillna(""))


def la_figures(evidence: pd.DataFrame, la_code: int) -> pd.DataFrame:
    """The LA's published counts, oldest first: as_at, programme, finding, source,
    how_obtained (empty when read at the source), verified."""
    own = evidence[evidence["la_code"] == la_code].sort_values(["as_at", "evidence_id"])
    return _with_notes(own)[["as_at", "programme", "finding", "source", "how_obtained",
                             "verified"]].reset_index(drop=True)


def no_la_figures_note(la_name: str) -> str:
    return (f"No published Troubled Families figures are recorded for {la_name} in "
            "data/reference/tf_published_evidence.csv; the national evidence below still "
            "applies.")


def national_evidence(evidence: pd.DataFrame, kinds=("impact", "value_for_money", "count")
                      ) -> pd.DataFrame:
    """England's figures of the given kinds, in that order: programme, period, finding,
    source, how_obtained, verified."""
    rows = evidence[evidence["la_code"].isna() & evidence["kind"].isin(kinds)]
    order = rows["kind"].map({k: i for i, k in enumerate(kinds)})
    rows = rows.assign(_order=order).sort_values(["_order", "phase", "evidence_id"])
    return _with_notes(rows)[["programme", "period", "finding", "source", "how_obtained",
                              "verified"]].reset_index(drop=True)


def published_counts(evidence: pd.DataFrame, la_code: int) -> pd.DataFrame:
    """The LA's published cumulative counts for the progress chart: date, measure (identified,
    attached, turned around), value."""
    rows = evidence[(evidence["la_code"] == la_code) & evidence["measure"].isin(COUNT_MEASURES)
                    & evidence["value"].notna()]
    return pd.DataFrame({"date": pd.to_datetime(rows["as_at"]),
                         "measure": rows["measure"].map(COUNT_MEASURES),
                         "value": rows["value"]}).reset_index(drop=True)


def _published_rows(evidence: pd.DataFrame, outcome: str) -> pd.DataFrame:
    impact = evidence[evidence["la_code"].isna() & (evidence["kind"] == "impact")]
    impact = impact[impact["value"].notna() | (impact["measure"] == "national_impact_study")]
    label = (impact["programme"] + ": " + impact["measure"].str.replace("_", " ") + ", "
             + impact["period"])
    note = impact["evidence_status"].map(STATUS_NOTES).fillna("")
    return pd.DataFrame({
        "origin": PUBLISHED, "programme": impact["programme"], "label": label.to_numpy(),
        "value": impact["value"], "ci_low": float("nan"), "ci_high": float("nan"),
        "interval": NO_INTERVAL, "same_outcome": impact["outcome"].eq(outcome).to_numpy(),
        "finding": impact["finding"], "note": note.to_numpy(), "source": impact["source"],
        "truth": float("nan")})


def benchmark_table(evidence: pd.DataFrame, estimates: list[Estimate], run_label: str,
                    outcome: str) -> pd.DataFrame:
    """The run's effect estimates (percentage points, with their interval and its kind) and
    the published national differences (no interval), one row each.

    ``origin`` is ``run_label`` for the run's rows and ``"published"`` for the others; a
    published finding without a single figure (phase 1: no significant impact) has no value.
    ``truth`` is the planted effect a synthetic estimate targets (missing otherwise).
    """
    run = pd.DataFrame([{
        "origin": run_label, "programme": "this run", "label": e.label, "value": e.value,
        "ci_low": e.ci_low, "ci_high": e.ci_high,
        "interval": interval_label(e.interval_kind, short=False) if e.interval_kind
        else NO_INTERVAL, "same_outcome": True, "finding": e.method,
        "note": "", "source": run_label, "truth": e.truth} for e in estimates])
    published = _published_rows(evidence, outcome)
    return pd.concat([run, published], ignore_index=True) if len(run) else published.reset_index(
        drop=True)


def run_label(synthetic: bool, data_source: str, la_name: str) -> str:
    """How the run's own estimates are named beside published figures."""
    if synthetic:
        return ("SYNTHETIC example records" if data_source == "local"
                else "SYNTHETIC demonstration")
    return f"{la_name}'s own records"
