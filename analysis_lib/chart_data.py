"""The numbers a drawn matplotlib figure shows, read back from its artists.

`figure_data(fig)` returns one tidy row per plotted value — lines, points, bars, interval
whiskers, heat-map cells, labelled reference lines and shaded ranges — whatever function drew
the chart. `plots.finish` saves it as the chart's data table and describes the chart from it,
so no chart's text alternative is typed by hand and a new chart gets one automatically.

Columns: ``panel`` (the axes' title), ``series`` (legend label; empty when unlabelled),
``mark`` (line, point, bar, interval, band, cell, reference, shaded), ``x`` and ``y`` (numbers,
dates as ISO text, or category labels read from the axis), and ``x_low``/``x_high``/
``y_low``/``y_high`` for intervals. Values are as drawn: a log axis holds the plotted values.
"""

from __future__ import annotations

import math

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.category import StrCategoryFormatter
from matplotlib.collections import LineCollection, PathCollection, PolyCollection
from matplotlib.container import BarContainer, ErrorbarContainer
from matplotlib.image import AxesImage
from matplotlib.patches import Polygon, Rectangle
from matplotlib.ticker import FixedFormatter, FuncFormatter

COLUMNS = ["panel", "series", "mark", "x", "y", "x_low", "x_high", "y_low", "y_high"]
POINT_MARKS = ("line", "point", "bar")


def _label(artist) -> str:
    label = str(artist.get_label() or "")
    return "" if label.startswith("_") else label


def _converter(axis):
    return axis.get_converter() if hasattr(axis, "get_converter") else axis.converter


def _axis_reader(axis):
    """A function turning a drawn coordinate of `axis` into what a reader sees on it: an ISO
    date on a date axis, the nearest tick's text on an axis whose ticks are named (categories,
    or labels set with the ticks), else the number."""
    if isinstance(_converter(axis), mdates.DateConverter | mdates._SwitchableDateConverter):
        return lambda v: mdates.num2date(v).date().isoformat() if np.isfinite(v) else None
    ticks = [(float(loc), text.get_text()) for loc, text in
             zip(axis.get_majorticklocs(), axis.get_majorticklabels(), strict=False)
             if text.get_text()]
    if not ticks or not _named_ticks(axis.get_major_formatter(), ticks):
        return lambda v: float(v)
    locs = np.array([loc for loc, _ in ticks])
    spacing = float(np.min(np.diff(np.sort(locs)))) if len(locs) > 1 else 1.0

    def read(v):
        i = int(np.argmin(np.abs(locs - v)))
        return ticks[i][1] if abs(locs[i] - v) <= spacing / 2 else float(v)

    return read


def _named_ticks(formatter, ticks: list[tuple[float, str]]) -> bool:
    """Whether tick labels name positions (categories, labels set with the ticks) rather than
    print the coordinate: set by a category or fixed formatter, or text that is not the
    tick's own value (a grade "1" at position 0)."""
    if isinstance(formatter, FixedFormatter | StrCategoryFormatter):
        return True
    if not isinstance(formatter, FuncFormatter):
        return False
    for loc, text in ticks:
        try:
            shown = float(text.replace("\u2212", "-").replace(",", ""))
        except ValueError:
            return True
        if not math.isclose(shown, loc, rel_tol=1e-3, abs_tol=1e-9):
            return True
    return False


def _row(panel, series, mark, x, y, **bounds) -> dict:
    return {"panel": panel, "series": series, "mark": mark, "x": x, "y": y, **bounds}


def _errorbar_artists(container: ErrorbarContainer) -> list:
    data_line, caps, bar_cols = container.lines
    return [a for a in (data_line, *caps, *bar_cols) if a is not None]


def _segments_rows(panel, series, segments, rx, ry) -> list[dict]:
    """Whiskers: a vertical segment is an interval in y at its x, a horizontal one in x."""
    rows = []
    for seg in segments:
        (x0, y0), (x1, y1) = np.asarray(seg)[[0, -1]]
        if math.isclose(x0, x1):
            rows.append(_row(panel, series, "interval", rx(x0), None, y_low=min(y0, y1),
                             y_high=max(y0, y1)))
        elif math.isclose(y0, y1):
            rows.append(_row(panel, series, "interval", None, ry(y0), x_low=min(x0, x1),
                             x_high=max(x0, x1)))
    return rows


def _line_rows(ax, line, panel, rx, ry) -> list[dict]:
    series = _label(line)
    x = np.asarray(line.get_xdata(orig=False), dtype=float)
    y = np.asarray(line.get_ydata(orig=False), dtype=float)
    if line.get_transform() == ax.get_yaxis_transform():
        return [_row(panel, series, "reference", None, ry(y[0]))]
    if line.get_transform() == ax.get_xaxis_transform():
        return [_row(panel, series, "reference", rx(x[0]), None)]
    if len(x) == 2 and not isinstance(ry(y[0]), float) and y[0] == y[1]:
        return [_row(panel, series, "interval", None, ry(y[0]), x_low=min(x), x_high=max(x))]
    if len(x) == 2 and not isinstance(rx(x[0]), float) and x[0] == x[1]:
        return [_row(panel, series, "interval", rx(x[0]), None, y_low=min(y), y_high=max(y))]
    mark = "line" if line.get_linestyle() not in ("None", "", " ") and len(x) > 1 else "point"
    return [_row(panel, series, mark, rx(a), ry(b)) for a, b in zip(x, y, strict=False)
            if np.isfinite(a) and np.isfinite(b)]


def _bar_rows(container: BarContainer, panel, rx, ry) -> list[dict]:
    # a histogram labels its first bar, not the container
    series = _label(container) or next((_label(p) for p in container.patches[:1]), "")
    rows = []
    for bar in container.patches:
        if container.orientation == "horizontal":
            rows.append(_row(panel, series, "bar", bar.get_width(),
                             ry(bar.get_y() + bar.get_height() / 2)))
        else:
            rows.append(_row(panel, series, "bar", rx(bar.get_x() + bar.get_width() / 2),
                             bar.get_height()))
    return rows


def _collection_rows(ax, coll, panel, rx, ry) -> list[dict]:
    series = _label(coll)
    if isinstance(coll, PathCollection):
        return [_row(panel, series, "point", rx(a), ry(b)) for a, b in coll.get_offsets()]
    if isinstance(coll, LineCollection):
        return _segments_rows(panel, series, coll.get_segments(), rx, ry)
    if isinstance(coll, PolyCollection) and series and coll.get_paths():
        band = pd.DataFrame(coll.get_paths()[0].vertices, columns=["x", "y"])
        edges = band.groupby("x")["y"].agg(["min", "max"])
        return [_row(panel, series, "band", rx(x), None, y_low=lo, y_high=hi)
                for x, (lo, hi) in edges.iterrows()]
    return []


def _patch_rows(ax, patch, panel, rx, ry) -> list[dict]:
    """Labelled shaded x-ranges (axvspan), and labelled outlines such as a step histogram,
    read as one bar per flat top."""
    series = _label(patch)
    if not series:
        return []
    if (isinstance(patch, Rectangle)
            and patch.get_data_transform() == ax.get_xaxis_transform(which="grid")):
        lo, hi = sorted((patch.get_x(), patch.get_x() + patch.get_width()))
        return [_row(panel, series, "shaded", None, None, x_low=rx(lo), x_high=rx(hi))]
    if isinstance(patch, Polygon) and patch.get_data_transform() == ax.transData:
        xy = np.asarray(patch.get_xy(), dtype=float)
        span = np.ptp(xy[:, 0]) or 1.0
        return [_row(panel, series, "bar", rx((a[0] + b[0]) / 2), a[1])
                for a, b in zip(xy[:-1], xy[1:], strict=True)
                if a[1] == b[1] and a[0] != b[0] and abs(b[0] - a[0]) < span / 2]
    return []


def _image_rows(image: AxesImage, panel, ax) -> list[dict]:
    values = np.asarray(image.get_array(), dtype=float)
    rx, ry = _axis_reader(ax.xaxis), _axis_reader(ax.yaxis)
    ylabel = ax.get_ylabel()
    return [_row(panel, f"{ylabel} {ry(float(i))}".strip(), "cell", rx(float(j)), float(v))
            for (i, j), v in np.ndenumerate(values)]


def _attach_intervals(rows: list[dict]) -> list[dict]:
    """Give each interval to the point it brackets (same panel and position), so a dot with
    its whisker is one row; intervals that bracket no point stay rows of their own."""
    points = [r for r in rows if r["mark"] in POINT_MARKS]
    kept = []
    for row in rows:
        if row["mark"] != "interval":
            kept.append(row)
            continue
        axis = "y" if row.get("y_low") is not None else "x"
        other = "x" if axis == "y" else "y"
        lo, hi = row[f"{axis}_low"], row[f"{axis}_high"]
        matches = [p for p in points if p["panel"] == row["panel"] and p[other] == row[other]
                   and isinstance(p[axis], float) and lo - 1e-9 <= p[axis] <= hi + 1e-9
                   and p.get(f"{axis}_low") is None]
        if not matches:
            kept.append(row)
            continue
        best = min(matches, key=lambda p: abs(p[axis] - (lo + hi) / 2))
        best[f"{axis}_low"], best[f"{axis}_high"] = lo, hi
    return kept


def axes_data(ax, panel: str) -> list[dict]:
    """Rows for one axes (see the module docstring)."""
    rx, ry = _axis_reader(ax.xaxis), _axis_reader(ax.yaxis)
    rows, seen = [], set()
    for container in ax.containers:
        if isinstance(container, ErrorbarContainer):
            data_line, _, bar_cols = container.lines
            label = _label(container)
            if data_line is not None:
                rows += [{**r, "series": label} for r in _line_rows(ax, data_line, panel,
                                                                     rx, ry)]
            for coll in bar_cols:
                rows += _segments_rows(panel, label, coll.get_segments(), rx, ry)
            seen.update(map(id, _errorbar_artists(container)))
        elif isinstance(container, BarContainer):
            rows += _bar_rows(container, panel, rx, ry)
            seen.update(map(id, container.patches))
    for line in ax.get_lines():
        if id(line) not in seen and line.get_visible():
            rows += _line_rows(ax, line, panel, rx, ry)
    for coll in ax.collections:
        if id(coll) not in seen and coll.get_visible():
            rows += _collection_rows(ax, coll, panel, rx, ry)
    for patch in ax.patches:
        if id(patch) not in seen and patch.get_visible():
            rows += _patch_rows(ax, patch, panel, rx, ry)
    for image in ax.images:
        rows += _image_rows(image, panel, ax)
    return _attach_intervals(rows)


def visible_axes(fig) -> list:
    """The figure's axes a reader sees, in drawing order (hidden spare panels left out)."""
    return [ax for ax in fig.axes if ax.get_visible() and ax.axison]


def figure_data(fig) -> pd.DataFrame:
    """Every visible panel's rows; a panel without a title is named "panel N"."""
    rows = []
    for n, ax in enumerate(visible_axes(fig), start=1):
        rows += axes_data(ax, ax.get_title() or f"panel {n}")
    return pd.DataFrame(rows, columns=COLUMNS)
