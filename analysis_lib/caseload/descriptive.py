"""The LA against its comparators and England, year by year, for each measure.

Also picks out the council's own workforce and timeliness figures (from ``reference_facts``)
to annotate on the charts when the reference table holds any for the LA. Those are the
council's measures (for example open CIN, CP and LAC cases per worker), not DfE's
collection, and are always labelled so.
"""

from __future__ import annotations

import pandas as pd

LA_LEVEL, NATIONAL_LEVEL = "Local authority", "National"
#: reference_facts `measure` -> the tidy column it is (roughly) comparable with, and the
#: axis it is placed on ("workforce": at 30 September; "cin": year to 31 March). Other
#: facts (vacancy counts, 3-month turnover, rates net of offers) are not comparable.
REFERENCE_MEASURES = {
    "open_cases_per_worker": ("caseload_per_fte", "workforce"),
    "agency_staff_pct_fte": ("agency_rate", "workforce"),
    "vacancy_rate": ("vacancy_rate", "workforce"),
    "turnover_rate_rolling_12m": ("turnover_rate", "workforce"),
    "initial_assessments_10_days_pct": ("assessments_45_days_pct", "cin"),
}


def _long(table: pd.DataFrame, measures) -> pd.DataFrame:
    measures = [m for m in measures if m in table.columns]
    frame = table[["year", "geographic_level", "la_code", *measures]].copy()
    frame[measures] = frame[measures].apply(pd.to_numeric, errors="coerce")
    return frame.melt(id_vars=["year", "geographic_level", "la_code"], value_vars=measures,
                      var_name="measure", value_name="value")


def descriptive_series(tables, la_code: int, comparator_codes, measures, first_year: int,
                       last_year: int, la_name: str = "LA") -> pd.DataFrame:
    """Long frame: year, measure, series, value.

    ``tables``: the tidy tables holding the measures (e.g. workforce_la and cin_la).
    ``series`` is the LA's name, "Comparator median" (median of the comparator LAs
    with a value that year), "Comparator LA" (one row per comparator, column la_code) or
    "England" (the national row).
    """
    long = pd.concat([_long(t, measures) for t in tables], ignore_index=True)
    long = long[long["year"].between(first_year, last_year)].dropna(subset=["value"])
    las = long[long["geographic_level"] == LA_LEVEL]
    own = las[las["la_code"] == la_code].assign(series=la_name)
    comparators = las[las["la_code"].isin(list(comparator_codes))
                      & (las["la_code"] != la_code)].assign(series="Comparator LA")
    median = (comparators.groupby(["year", "measure"], as_index=False)["value"].median()
              .assign(series="Comparator median"))
    england = long[long["geographic_level"] == NATIONAL_LEVEL].assign(series="England")
    out = pd.concat([own, comparators, median, england], ignore_index=True)
    out = out[["year", "measure", "series", "la_code", "value"]]
    order = {m: i for i, m in enumerate(measures)}
    return (out.assign(_order=out["measure"].map(order))
            .sort_values(["_order", "series", "year", "la_code"], kind="stable",
                         na_position="first")
            .drop(columns="_order").reset_index(drop=True))


def latest_comparison(series: pd.DataFrame, la_name: str) -> pd.DataFrame:
    """For each measure, the LA's latest value next to comparator median and England."""
    wide = series[series["series"] != "Comparator LA"].pivot_table(
        index=["measure", "year"], columns="series", values="value").reset_index()
    if la_name not in wide:
        return pd.DataFrame(columns=["measure", "year", la_name, "Comparator median",
                                     "England"])
    wide = wide.dropna(subset=[la_name])
    latest = wide.sort_values("year").groupby("measure").tail(1)
    columns = ["measure", "year", la_name] + [c for c in ("Comparator median", "England")
                                              if c in latest]
    return latest[columns].sort_values("measure").reset_index(drop=True)


def _axis_position(when: pd.Timestamp, axis: str) -> float:
    """Workforce year t is 30 September of t-1; children-in-need year t ends 31 March t."""
    if axis == "workforce":
        return when.year + 1 + (when.month - 9) / 12
    return when.year + (when.month - 3) / 12


def reference_years(reference: pd.DataFrame) -> str:
    """The years of the council's figures, e.g. '2013' or '2012-2013' ('' when none)."""
    years = sorted({str(d)[:4] for d in reference["date"]})
    return "" if not years else years[0] if len(years) == 1 else f"{years[0]}-{years[-1]}"


def council_reference_points(facts: pd.DataFrame, la_code: int) -> pd.DataFrame:
    """The council's own figures for this LA, placed on the charts' year axes.

    Returns columns: measure (the tidy column it is shown against), x (position on that
    measure's year axis: a workforce figure dated September 2013 sits at 2014.0, a
    timeliness figure dated November 2013 at 2013.67, inside the year to March 2014),
    value, date, label, source. Empty for LAs with no such facts.
    """
    columns = ["measure", "x", "value", "date", "label", "source"]
    if facts is None or facts.empty:
        return pd.DataFrame(columns=columns)
    own = facts[(facts["la_code"] == la_code) & facts["value"].notna()
                & facts["measure"].isin(list(REFERENCE_MEASURES))]
    rows = []
    for _, fact in own.iterrows():
        target, axis = REFERENCE_MEASURES[fact["measure"]]
        when = pd.to_datetime(str(fact["date"]), errors="coerce")
        if pd.isna(when):
            continue
        rows.append({"measure": target, "x": _axis_position(when, axis),
                     "value": float(fact["value"]), "date": str(fact["date"]),
                     "label": f"council's own measure: {fact['description']}",
                     "source": str(fact["source"])})
    return pd.DataFrame(rows, columns=columns).sort_values(["measure", "x"]).reset_index(
        drop=True)
