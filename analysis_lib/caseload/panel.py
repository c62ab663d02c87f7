"""The LA x year panel of social-work workforce measures and children-in-need outcomes.

Joins the tidy tables ``workforce_la`` and ``cin_la`` at LA (3-digit ``la_code``) x year and
keeps a log of every row that cannot enter a regression and why: outside the years asked
for, present in one collection but not the other, or a value missing in the outcome or a
regressor (with DfE's symbol from ``missing_reason``: ``c`` suppressed, ``x`` not available,
``low``...). Years are the tables' own: workforce reporting year (2025 = at 30 September
2024) is aligned with the children-in-need year to 31 March of the same number, so a
workforce snapshot sits inside the year whose outcomes it is compared with.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis_lib.data.suppression import split_reasons
from analysis_lib.errors import DataNotAvailableError, ParameterError

WORKFORCE_MEASURES = ("caseload_per_fte", "agency_rate", "vacancy_rate", "turnover_rate",
                      "social_worker_fte")
CIN_MEASURES = ("assessments_45_days_pct", "rereferral_pct", "cpp_subsequent_pct",
                "cin_rate_per_10k", "referrals")
OUTCOMES = ("assessments_45_days_pct", "rereferral_pct", "cpp_subsequent_pct")
DEFAULT_REGRESSORS = ("caseload_per_fte", "agency_rate", "vacancy_rate", "turnover_rate",
                      "cin_rate_per_10k")
KEYS = ["la_code", "year"]
LA_LEVEL = "Local authority"

#: Plain-English labels with units, used in tables, charts and text.
LABELS = {
    "caseload_per_fte": "Caseload per case-holding FTE social worker (cases)",
    "agency_rate": "Agency social workers (% of FTE)",
    "vacancy_rate": "Vacancy rate (% of FTE posts)",
    "turnover_rate": "Turnover rate (% of FTE)",
    "social_worker_fte": "Social workers in post (FTE)",
    "assessments_45_days_pct": "Assessments completed within 45 working days (%)",
    "rereferral_pct": "Re-referrals within 12 months (% of referrals)",
    "cpp_subsequent_pct": "Second or subsequent child protection plans (%)",
    "cin_rate_per_10k": "Children in need per 10,000 children",
    "referrals": "Referrals (count)",
}
#: Units of each measure (for table metadata and interval text).
UNITS = {
    "caseload_per_fte": "cases per FTE", "agency_rate": "percent", "vacancy_rate": "percent",
    "turnover_rate": "percent", "social_worker_fte": "FTE",
    "assessments_45_days_pct": "percent", "rereferral_pct": "percent",
    "cpp_subsequent_pct": "percent", "cin_rate_per_10k": "per 10,000 children",
    "referrals": "count",
}


def short_label(measure: str) -> str:
    """A measure's label without its unit, lower case: 'assessments completed within...'."""
    label = LABELS.get(measure, measure).rsplit(" (", 1)[0]
    return label[:1].lower() + label[1:]


SYMBOL_TEXT = {"c": "suppressed small number (c)", "x": "not available (x)",
               "z": "not applicable (z)", "u": "low reliability (u)",
               "low": "rate based on a small number (low)", "k": "fewer than 0.5 (k)",
               ":": "not available (:)", "..": "not available (..)"}


@dataclass(frozen=True)
class PanelBuild:
    """The estimation panel and an account of every LA x year row left out of it.

    ``data``: one row per LA x year with complete outcome and regressors (columns
    ``la_code``, ``year``, ``area_name``, the outcome, the regressors).
    ``dropped``: one row per LA x year left out: ``la_code``, ``year``, ``area_name``,
    ``reason`` (the first reason that applies) and ``detail``.
    ``missing_values``: per column and DfE symbol, how many rows miss it (a row can miss
    several columns).
    """

    data: pd.DataFrame
    dropped: pd.DataFrame
    missing_values: pd.DataFrame
    outcome: str
    regressors: tuple[str, ...]
    first_year: int
    last_year: int

    @property
    def n_obs(self) -> int:
        return len(self.data)

    @property
    def n_las(self) -> int:
        return int(self.data["la_code"].nunique())

    @property
    def years(self) -> list[int]:
        return sorted(int(y) for y in self.data["year"].unique())

    def drop_summary(self) -> pd.DataFrame:
        """Rows dropped per reason, plus the rows kept, for the 'what was used' table."""
        counts = (self.dropped.groupby("reason", sort=False).size()
                  .rename("rows").reset_index())
        kept = pd.DataFrame({"reason": ["kept for estimation"], "rows": [self.n_obs]})
        return pd.concat([counts, kept], ignore_index=True)

    def coverage(self) -> pd.DataFrame:
        """LAs and observations used per year."""
        return (self.data.groupby("year").agg(las=("la_code", "nunique"),
                                              observations=("la_code", "size"))
                .reset_index())


def check_variables(outcome: str, regressors) -> tuple[str, ...]:
    """Validate the outcome and regressor names against the tidy-table columns."""
    known = set(WORKFORCE_MEASURES) | set(CIN_MEASURES)
    regressors = tuple(regressors)
    problems = []
    if outcome not in OUTCOMES:
        problems.append(f"outcome {outcome!r} is not one of {', '.join(OUTCOMES)}")
    unknown = [r for r in regressors if r not in known]
    if unknown:
        problems.append(f"unknown regressors {unknown}; choose from {', '.join(sorted(known))}")
    if not regressors:
        problems.append("give at least one regressor")
    if outcome in regressors:
        problems.append(f"the outcome {outcome!r} cannot also be a regressor")
    if len(set(regressors)) != len(regressors):
        problems.append("regressors are repeated")
    if problems:
        raise ParameterError("caseload regressions: " + "; ".join(problems))
    return regressors


def _la_rows(table: pd.DataFrame, columns: tuple[str, ...], source: str) -> pd.DataFrame:
    rows = table[table["geographic_level"] == LA_LEVEL].copy()
    reasons = split_reasons(rows.get("missing_reason", pd.Series(pd.NA, index=rows.index)),
                            list(columns))
    out = rows[KEYS + ["area_name"]].copy()
    for column in columns:
        out[column] = pd.to_numeric(rows[column], errors="coerce") if column in rows else pd.NA
        out[f"{column}__why"] = reasons[column]
    out["la_code"] = out["la_code"].astype(int)
    out["year"] = out["year"].astype(int)
    return out.assign(**{f"in_{source}": True})


def _why(row: pd.Series, column: str) -> str:
    symbol = row[f"{column}__why"]
    if pd.isna(symbol):
        return f"{column}: blank (no symbol published)"
    return f"{column}: {SYMBOL_TEXT.get(str(symbol), str(symbol))}"


def build_panel(workforce: pd.DataFrame, cin: pd.DataFrame, *, outcome: str, regressors,
                first_year: int, last_year: int) -> PanelBuild:
    """Join workforce and children-in-need rows at LA x year and log every exclusion.

    Only ``geographic_level == "Local authority"`` rows enter the panel. Each excluded row is
    counted once, under the first reason that applies, in this order: outside
    ``first_year``..``last_year``; no workforce record; no children-in-need record; the
    outcome missing; a regressor missing (details list every missing column and DfE's
    symbol). Raises DataNotAvailableError when no row is left.
    """
    regressors = check_variables(outcome, regressors)
    needed = (outcome, *regressors)
    wf_cols = tuple(c for c in needed if c in WORKFORCE_MEASURES)
    cin_cols = tuple(c for c in needed if c in CIN_MEASURES)
    wf = _la_rows(workforce, wf_cols, "workforce")
    ci = _la_rows(cin, cin_cols, "cin")
    joined = wf.merge(ci, on=KEYS, how="outer", suffixes=("", "_cin"))
    joined["area_name"] = joined["area_name"].fillna(joined.pop("area_name_cin"))
    joined[["in_workforce", "in_cin"]] = (joined[["in_workforce", "in_cin"]]
                                          .astype("boolean").fillna(False).astype(bool))
    joined = joined.sort_values(KEYS, kind="stable").reset_index(drop=True)

    reason = pd.Series(pd.NA, index=joined.index, dtype="object")
    detail = pd.Series("", index=joined.index, dtype="object")
    outside = ~joined["year"].between(first_year, last_year)
    reason[outside] = "outside the years asked for"
    detail[outside] = f"keeping {first_year}-{last_year}"
    for flag, text in (("in_workforce", "no workforce record for this LA and year"),
                       ("in_cin", "no children-in-need record for this LA and year")):
        hit = reason.isna() & ~joined[flag]
        reason[hit] = text
    missing_rows = []
    for label, columns in (("outcome missing", (outcome,)), ("regressor missing", regressors)):
        miss = joined[list(columns)].isna().any(axis=1)
        hit = reason.isna() & miss
        reason[hit] = label
        for i in joined.index[hit]:
            detail[i] = "; ".join(_why(joined.loc[i], c) for c in needed
                                  if pd.isna(joined.at[i, c]))
    for column in needed:
        counted = (joined["year"].between(first_year, last_year) & joined["in_workforce"]
                   & joined["in_cin"] & joined[column].isna())
        why = joined.loc[counted, f"{column}__why"].fillna("blank")
        for symbol, n in why.value_counts(sort=False).sort_index().items():
            missing_rows.append({"column": column, "why": SYMBOL_TEXT.get(symbol, symbol),
                                 "rows": int(n)})

    kept = reason.isna()
    data = joined.loc[kept, KEYS + ["area_name", *needed]].reset_index(drop=True)
    dropped = joined.loc[~kept, KEYS + ["area_name"]].assign(
        reason=reason[~kept], detail=detail[~kept]).reset_index(drop=True)
    if data.empty:
        raise DataNotAvailableError(
            f"No LA x year has {outcome} and all of {', '.join(regressors)} in "
            f"{first_year}-{last_year}: {len(dropped)} rows were excluded "
            f"({dropped['reason'].value_counts().to_dict()}).")
    missing_values = pd.DataFrame(missing_rows, columns=["column", "why", "rows"])
    return PanelBuild(data=data, dropped=dropped, missing_values=missing_values,
                      outcome=outcome, regressors=regressors, first_year=first_year,
                      last_year=last_year)


def as_panel(data: pd.DataFrame, entity: str = "la_code", time: str = "year") -> pd.DataFrame:
    """Index a tidy panel by (entity, time), the layout linearmodels expects."""
    return data.set_index([entity, time]).sort_index()
