"""The house chart style: accessible palette, source note, synthetic-data label, saved files.

Every chart goes through `finish`, which adds the title, axis labels with units, the data
source and — on synthetic data — a visible "SYNTHETIC DATA" label, gives legend entries that
differ only by colour a marker, line style or hatch of their own, saves a PNG and the plotted
numbers (`chart-data/<name>.csv`, read back from the figure by `chart_data`) in the run's output
folder and, in a notebook, shows the saved PNG as an image whose text alternative is written
from those numbers (`chart_text`), with a link to the CSV. The notebook and its HTML report
show exactly the file a reader can download, drawn once.
"""

from __future__ import annotations

import base64
import html
import json
from pathlib import Path

import matplotlib.pyplot as plt
import seaborn as sns
from matplotlib.collections import PathCollection
from matplotlib.colors import to_rgb
from matplotlib.container import BarContainer, ErrorbarContainer
from matplotlib.layout_engine import TightLayoutEngine
from matplotlib.lines import Line2D
from matplotlib.markers import MarkerStyle
from matplotlib.patches import Patch

from analysis_lib import chart_data, chart_text
from analysis_lib.context import RunContext, slug
from analysis_lib.results import write_atomically

# Okabe-Ito hues, distinguishable with the common colour-vision deficiencies; the orange, sky
# blue and yellow are darkened so that every colour has at least 3:1 contrast with the white
# plot background (WCAG 2.2, 1.4.11 non-text contrast).
PALETTE = ["#0072B2", "#B87F00", "#009E73", "#CC79A7", "#1E9BE2", "#D55E00", "#9C920C",
           "#000000"]
LA_COLOUR, ENGLAND_COLOUR, REGION_COLOUR, COMPARATOR_COLOUR = (
    PALETTE[0], PALETTE[7], PALETTE[1], "#767676")
DPI = 100
PERIOD_COLOURS = {"before": "#F0F0F0", "during": "#DCEBF7", "after": "#FBEBD6"}
PERIOD_HATCHES = {"before": "", "during": "//", "after": ".."}
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
LINESTYLES = ("-", "--", "-.", ":")
HATCHES = ("", "//", "..", "xx", "\\\\", "++", "oo", "--")
CHART_DATA_DIR = "chart-data"


def apply_house_style() -> None:
    """Seaborn theme and palette used by every chart."""
    sns.set_theme(style="whitegrid", palette=PALETTE, context="notebook")
    # One resolution for layout and saving: text measured by tight_layout is reused when saved.
    plt.rcParams.update({"figure.figsize": (9, 5), "figure.dpi": DPI, "savefig.dpi": DPI,
                         "axes.titleweight": "bold"})


def new_figure(ncols: int = 1, nrows: int = 1, **kwargs):
    apply_house_style()
    return plt.subplots(nrows=nrows, ncols=ncols, **kwargs)


def finish(fig, ax, ctx: RunContext, *, title: str, xlabel: str, ylabel: str, name: str,
           source: str = ""):
    """Label, stamp with source (and synthetic label), save the PNG and its data, and show it
    with a text alternative generated from the plotted data.

    The figure is closed once saved and returned for inspection; end a notebook line that
    calls a chart with `;` so the figure is not rendered a second time. With
    ``ctx.write_files`` off the figure is closed unlabelled and unsaved (laying out and saving
    is most of a chart's cost).
    """
    if not ctx.write_files:
        plt.close(fig)
        return fig
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    note = f"Source: {source + '; ' if source else ''}{ctx.source_label}."
    fig.text(0.01, 0.005, note, fontsize=8, ha="left", va="bottom", color="#444444")
    if ctx.synthetic:
        fig.text(0.99, 0.99, "SYNTHETIC DATA", fontsize=11, ha="right", va="top",
                 color="#000000", weight="bold",
                 bbox={"facecolor": "#FFDD00", "edgecolor": "#000000", "pad": 2})
    distinguish_without_colour(fig)
    # The layout engine is run, not attached: savefig would otherwise lay out and draw the
    # figure once more before drawing it (about a third of the cost of a chart).
    TightLayoutEngine(rect=(0, 0.04, 1, 0.97)).execute(fig)
    stem = slug(name)
    path = ctx.output_dir / f"{stem}.png"
    fig.savefig(path)
    text, csv = _save_chart_data(fig, ctx, stem, title)
    plt.close(fig)
    _show_in_notebook(path, text, f"{ctx.output_dir.name}/{CHART_DATA_DIR}/{csv.name}")
    return fig


def _figure_title(fig, fallback: str) -> str:
    suptitle = getattr(fig, "_suptitle", None)
    return suptitle.get_text() if suptitle is not None and suptitle.get_text() else fallback


def _save_chart_data(fig, ctx: RunContext, stem: str, title: str):
    """Write the plotted numbers to chart-data/<stem>.csv (with a metadata file) and return
    the chart's text alternative written from them."""
    data = chart_data.figure_data(fig)
    panels = [chart_text.Panel(ax.get_title() or f"panel {n}", ax.get_xlabel(), ax.get_ylabel())
              for n, ax in enumerate(chart_data.visible_axes(fig), start=1)]
    text = chart_text.describe(data, panels, title=_figure_title(fig, title),
                               la_name=ctx.la_name, synthetic=ctx.synthetic)
    folder = ctx.output_dir / CHART_DATA_DIR
    csv = folder / f"{stem}.csv"
    write_atomically(csv, data.assign(data_source=ctx.source_label).to_csv(index=False))
    meta = {"name": stem, "chart": f"{stem}.png", "description": text.long, "alt": text.alt,
            "panels": [vars(p) for p in panels], "data_source": ctx.data_source,
            "synthetic": ctx.synthetic, "la_code": ctx.la_code, "la_name": ctx.la_name}
    write_atomically(folder / f"{stem}.meta.json", json.dumps(meta, indent=2) + "\n")
    return text, csv


def figure_html(png: bytes, text: chart_text.ChartText, csv_href: str) -> str:
    """The chart as an HTML figure: the PNG inline with its generated ``alt`` text, a link to
    its data and the full description."""
    e = html.escape
    encoded = base64.b64encode(png).decode("ascii")
    return (f'<figure class="evidence-chart"><img src="data:image/png;base64,{encoded}" '
            f'alt="{e(text.alt)}" style="max-width:100%;height:auto">'
            f'<figcaption><a href="{e(csv_href)}">Data for this chart (CSV)</a>'
            f"<details><summary>Chart description</summary><p>{e(text.long)}</p></details>"
            "</figcaption></figure>")


def _show_in_notebook(path: Path, text: chart_text.ChartText, csv_href: str) -> None:
    from IPython import get_ipython

    shell = get_ipython()
    if shell is not None and getattr(shell, "kernel", None) is not None:
        from IPython.display import display

        display({"text/html": figure_html(path.read_bytes(), text, csv_href),
                 "text/plain": text.alt}, raw=True)


def _with_label(ax, label: str) -> list:
    """The artists a legend entry stands for: those with its label, the bars of a bar
    container and the dots of an error-bar container with it."""
    found = [a for a in (*ax.get_lines(), *ax.collections, *ax.patches)
             if a.get_label() == label]
    for container in ax.containers:
        if container.get_label() != label:
            continue
        if isinstance(container, BarContainer):
            found += list(container.patches)
        elif isinstance(container, ErrorbarContainer) and container.lines[0] is not None:
            found.append(container.lines[0])
    return found


def _dark(colour) -> bool:
    r, g, b = to_rgb(colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.4


def _free(used: set, options: list[tuple]) -> tuple | None:
    """The first cue not yet used in this legend (None when all are)."""
    choice = next((option for option in options if option not in used), None)
    if choice is not None:
        used.add(choice)
    return choice


def _restyle(handle, originals: list, used: set) -> None:
    """Give a legend entry (and the artists it stands for) an unused non-colour cue: a line
    style, else a marker (filled, then hollow), for lines; a marker for scatter points; a
    hatch for bars and areas. With every cue taken, the entry is left as it is."""
    artists = [handle, *originals]
    if isinstance(handle, Line2D):
        solid_line = handle.get_linestyle() not in ("None", "", " ")
        if solid_line and (style := _free(used, [("ls", s) for s in LINESTYLES])):
            for artist in artists:
                artist.set_linestyle(style[1])
        elif cue := _free(used, [("m", m, f) for f in ("full", "none") for m in MARKERS]):
            for artist in artists:
                artist.set_marker(cue[1])
                artist.set_fillstyle(cue[2])
    elif isinstance(handle, PathCollection):
        paths = {("p", _path_key(path)): path for path in map(_marker_path, MARKERS)}
        if cue := _free(used, list(paths)):
            for artist in artists:
                artist.set_paths([paths[cue]])
    elif isinstance(handle, Patch) and (cue := _free(used, [("h", h) for h in HATCHES])):
        for artist in artists:
            artist.set_hatch(cue[1])
            face = artist.get_facecolor()
            face = face[0] if getattr(face, "ndim", 1) == 2 and len(face) else face
            if hasattr(artist, "set_hatchcolor"):
                artist.set_hatchcolor("#FFFFFF" if _dark(face) else "#000000")


def _marker_path(marker: str):
    style = MarkerStyle(marker)
    return style.get_path().transformed(style.get_transform())


def _path_key(path) -> bytes:
    return path.vertices.round(3).tobytes()


def _cue(handle) -> tuple:
    """What tells a legend entry apart without colour."""
    if isinstance(handle, Line2D):
        return (("ls", handle.get_linestyle()),
                ("m", str(handle.get_marker()), handle.get_fillstyle()))
    if isinstance(handle, PathCollection):
        return (("p", _path_key(handle.get_paths()[0])),)
    if isinstance(handle, Patch):
        return (("h", handle.get_hatch() or ""),)
    return (("other", id(handle)),)


def distinguish_without_colour(fig) -> None:
    """Meaning never by colour alone: legend entries that differ only in colour get a line
    style, marker or hatch of their own (on the legend and on the artists they stand for)."""
    for ax in fig.axes:
        legend = ax.get_legend()
        if legend is None:
            continue
        entries = [(h, t.get_text()) for h, t in zip(legend.legend_handles,
                                                      legend.get_texts(), strict=False)
                   if h is not None]
        used = {c for handle, _ in entries for c in _cue(handle)}
        seen: set = set()
        for handle, label in entries:
            if _cue(handle) in seen:
                _restyle(handle, _with_label(ax, label), used)
            seen.add(_cue(handle))


def shade_periods(ax, periods: list[tuple[str, float, float]]) -> None:
    """Shade named x-ranges, e.g. [("before", 1998, 2002.9), ("during", ...), ...]; each
    period has its own hatch as well as its own colour."""
    for label, start, end in periods:
        ax.axvspan(start, end, facecolor=PERIOD_COLOURS.get(label, "#EEEEEE"), zorder=0,
                   hatch=PERIOD_HATCHES.get(label, "xx"), edgecolor="#BBBBBB", linewidth=0,
                   label=f"{label} outsourcing")


def mark_break(ax, x: float, text: str) -> None:
    """A dashed vertical line at a series break (e.g. the 2016 assessment change)."""
    ax.axvline(x, color="#555555", linestyle="--", linewidth=1)
    ax.annotate(text, xy=(x, 1), xycoords=("data", "axes fraction"), xytext=(3, -12),
                textcoords="offset points", fontsize=8, color="#555555")
