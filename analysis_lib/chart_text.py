"""A chart's text alternative, written from the numbers it plots (`chart_data.figure_data`).

`describe` says what a chart shows (its title, kind and axes), the chosen LA's value against
the other series or categories drawn beside it (England, comparators, other LAs) and the
direction of change over the chart's range. Every number comes from the figure itself; nothing
is typed by hand. The short form is the image's ``alt`` text; the long form covers every panel.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

ALT_MAX_CHARS = 450
MAX_LISTED = 8
HISTOGRAM_BARS = 12


@dataclass(frozen=True)
class Panel:
    """One axes of a figure: its name (title) and axis labels."""

    name: str
    xlabel: str
    ylabel: str


@dataclass(frozen=True)
class ChartText:
    alt: str
    long: str


def number(value, scale: float | None = None) -> str:
    """Three significant figures (of ``scale`` when given, e.g. a change written to the
    precision of the values it is between), whole numbers as they are, no exponent; a
    thousands separator from 10,000."""
    if isinstance(value, str):
        return value
    if value is None or not math.isfinite(value):
        return "n/a"
    magnitude = abs(scale) if scale else abs(value)
    digits = max(0, 2 - math.floor(math.log10(magnitude))) if magnitude else 0
    rounded = round(value, digits)
    if float(rounded).is_integer():
        return f"{int(rounded):,}" if abs(rounded) >= 10_000 else f"{int(rounded)}"
    return f"{rounded:,.{digits}f}".rstrip("0").rstrip(".")


def _interval(row, axis: str) -> str:
    low, high = row.get(f"{axis}_low"), row.get(f"{axis}_high")
    if low is None or pd.isna(low):
        return ""
    return f" (interval {number(low)} to {number(high)})"


def _is_la(name: str, la_name: str) -> bool:
    return bool(la_name) and (name == la_name or name.startswith((f"{la_name}:",
                                                                  f"{la_name} (")))


def _change(first: float, last: float) -> str:
    if math.isclose(first, last, rel_tol=1e-9, abs_tol=1e-12):
        return "unchanged"
    scale = max(abs(first), abs(last))
    return f"{'up' if last > first else 'down'} {number(abs(last - first), scale)}"


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _rank(value: float, values: list[float]) -> str:
    higher = sum(v > value for v in values)
    return f"{_ordinal(higher + 1)} highest of {len(values)}"


def _path_sentence(name: str, part: pd.DataFrame) -> str:
    """One series over the axis: its only value, its peak (histogram bars) or its change."""
    first, last = part.iloc[0], part.iloc[-1]
    if len(part) == 1:
        return f"{name}: {number(last['y'])}{_interval(last, 'y')} at {number(last['x'])}."
    if (part["mark"] == "bar").all() and len(part) > HISTOGRAM_BARS:
        top = part.loc[part["y"].idxmax()]
        return (f"{name}: {len(part)} bars from {number(first['x'])} to {number(last['x'])}, "
                f"highest ({number(top['y'])}) at {number(top['x'])}.")
    return (f"{name}: {number(first['y'])} at {number(first['x'])} to {number(last['y'])} at "
            f"{number(last['x'])}{_interval(last, 'y')}, {_change(first['y'], last['y'])} "
            "over the period.")


def _trend_sentences(rows: pd.DataFrame, la_name: str) -> list[str]:
    """Series over a numeric or date axis: the LA's path, then the others where it ends (or,
    for a single LA value among many positions, its rank among all values shown)."""
    series = {name: part.sort_values("x", key=_sort_key) for name, part in
              rows.groupby("series", sort=False)}
    named = {n: s for n, s in series.items() if n}
    unnamed = [s for n, s in series.items() if not n]
    if not named and unnamed:  # a chart of one unlabelled series: describe it as the values
        named = {"Values": max(unnamed, key=len)}
        unnamed = [s for s in unnamed if s is not named["Values"]]
    la = [n for n in named if _is_la(n, la_name)]
    sentences = [_path_sentence(name, named[name]) for name in la or list(named)[:4]]
    if la:
        end = named[la[0]].iloc[-1]
        at_end = rows[rows["x"] == end["x"]]
        others = [f"{n} {number(v)}" for n, v in zip(at_end["series"], at_end["y"],
                                                     strict=True) if n and n not in la]
        if others:
            sentences.append(f"At {number(end['x'])}, {la[0]} {number(end['y'])} against "
                             + ", ".join(others[:MAX_LISTED]) + ".")
        if len(at_end) > 1:
            sentences.append(f"{la[0]} is {_rank(end['y'], at_end['y'].tolist())} values at "
                             f"{number(end['x'])}.")
        elif len(named[la[0]]) == 1 and len(rows) > 1:
            sentences.append(f"{la[0]} is {_rank(end['y'], rows['y'].tolist())} values shown.")
    if unnamed:
        sentences.append("Further unlabelled lines or points are drawn for context.")
    return sentences


def _sort_key(values: pd.Series) -> pd.Series:
    return values.map(lambda v: (0, v) if not isinstance(v, str) else (1, v))


def _category_sentences(rows: pd.DataFrame, la_name: str) -> list[str]:
    """One value per category (dot plots, bar charts by name): the LA's value and rank, then
    the values, or the highest and lowest when there are many."""
    on_y = rows["y"].map(lambda v: isinstance(v, str)).all()
    value, label, axis = ("x", "y", "x") if on_y else ("y", "x", "y")
    entries = [(f"{r[label]}" + (f" ({r['series']})" if r["series"] else ""), r[value], r)
               for _, r in rows.iterrows()]
    sentences = []
    for name, v, row in entries:
        if _is_la(str(row[label]), la_name) or _is_la(row["series"], la_name):
            sentences.append(f"{name}: {number(v)}{_interval(row, axis)}, "
                             f"{_rank(v, [e[1] for e in entries])}.")
            break
    if len(entries) <= MAX_LISTED:
        listed = [f"{n} {number(v)}{_interval(r, axis)}" for n, v, r in entries]
        sentences.append("Values: " + "; ".join(listed) + ".")
    else:
        ordered = sorted(entries, key=lambda e: e[1])
        sentences.append(f"{len(entries)} values from {ordered[0][0]} {number(ordered[0][1])} "
                         f"to {ordered[-1][0]} {number(ordered[-1][1])}.")
    return sentences


def _cloud_sentences(rows: pd.DataFrame, panel: Panel) -> list[str]:
    sentences = []
    for name, part in rows.groupby("series", sort=False):
        sentences.append(f"{name or 'Points'}: {len(part)} points, {panel.xlabel or 'x'} "
                         f"{number(part['x'].min())} to {number(part['x'].max())}, "
                         f"{panel.ylabel or 'y'} {number(part['y'].min())} to "
                         f"{number(part['y'].max())}.")
    return sentences


def _cell_sentences(rows: pd.DataFrame) -> list[str]:
    top = rows.loc[rows["y"].idxmax()]
    return [f"Heat map of {len(rows)} cells; the largest value, {number(top['y'])}, is at "
            f"{top['series']}, {top['x']}."]


def _missing(value) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value))


def _marks_sentences(rows: pd.DataFrame) -> list[str]:
    """Labelled reference lines and shaded ranges."""
    out = []
    for _, r in rows[(rows["mark"] == "reference") & (rows["series"] != "")].iterrows():
        where = r["y"] if _missing(r["x"]) else r["x"]
        out.append(f"{r['series']} at {number(where)}.")
    shaded = rows[(rows["mark"] == "shaded") & (rows["series"] != "")]
    if not shaded.empty:
        out.append("Shaded: " + "; ".join(f"{r['series']} ({number(r['x_low'])} to "
                                          f"{number(r['x_high'])})"
                                          for _, r in shaded.iterrows()) + ".")
    return out


def panel_sentences(rows: pd.DataFrame, panel: Panel, la_name: str) -> tuple[str, list[str]]:
    """The kind of chart a panel is and what it shows, in sentences."""
    values = rows[rows["mark"].isin(["line", "point", "bar"])]
    named_axis = values[["x", "y"]].map(lambda v: isinstance(v, str) and not _is_date(v))
    if (rows["mark"] == "cell").any():
        return "Heat map", _cell_sentences(rows[rows["mark"] == "cell"])
    sentences: list[str] = []
    if not values.empty and named_axis.any(axis=1).all():
        kind = "Bar chart" if (values["mark"] == "bar").all() else "Dot plot"
        sentences = _category_sentences(values, la_name)
    elif not values.empty:
        cloud = values[(values["mark"] == "point") & ~values.groupby("series")["x"].transform(
            lambda s: s.is_monotonic_increasing if len(s) > 2 else True)]
        trend = values.drop(cloud.index)
        kind = "Scatter plot" if len(cloud) > len(trend) else (
            "Bar chart" if (trend["mark"] == "bar").all() else "Line chart")
        sentences = _trend_sentences(trend, la_name) + _cloud_sentences(cloud, panel)
    else:
        kind = "Chart"
    return kind, sentences + _marks_sentences(rows)


def _is_date(text: str) -> bool:
    return len(text) == 10 and text[4] == "-" and text[7] == "-" and text[:4].isdigit()


def describe(data: pd.DataFrame, panels: list[Panel], *, title: str, la_name: str,
             synthetic: bool) -> ChartText:
    """The chart's short text alternative and its long description (every panel)."""
    prefix = "Synthetic data. " if synthetic else ""
    parts, primary = [], None
    for panel in panels:
        kind, sentences = panel_sentences(data[data["panel"] == panel.name], panel, la_name)
        axes = f"{panel.ylabel or 'values'} by {panel.xlabel or 'position'}"
        text = f"{kind} '{panel.name}' ({axes}). " + " ".join(sentences)
        parts.append(text.strip())
        if primary is None or (la_name and la_name in " ".join(sentences)
                               and la_name not in primary):
            primary = text.strip()
    long = prefix + f"{title}. " + " ".join(parts)
    alt = prefix + f"{title}. " + (primary or "")
    if len(alt) > ALT_MAX_CHARS:
        head = alt[:ALT_MAX_CHARS]
        cut = max(head.rfind(". "), head.rfind("; "))
        alt = head[:cut] + "; more in the full description and data below the chart."
    return ChartText(alt=alt, long=long)
