"""The house chart style: accessible palette, source note, synthetic-data label, saved files.

Every chart goes through `finish`, which adds the title, axis labels with units, the data
source and — on synthetic data — a visible "SYNTHETIC DATA" label, saves a PNG in the run's
output folder and, in a notebook, shows that saved PNG: the notebook and its HTML report show
exactly the file a reader can download, and the figure is drawn once instead of twice (the
inline backend would render it again, at a second resolution).
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import seaborn as sns
from matplotlib.layout_engine import TightLayoutEngine

from analysis_lib.context import RunContext, slug

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
           "#000000"]
LA_COLOUR, ENGLAND_COLOUR, REGION_COLOUR, COMPARATOR_COLOUR = (
    PALETTE[0], PALETTE[7], PALETTE[1], "#999999")
DPI = 100
PERIOD_COLOURS = {"before": "#F0F0F0", "during": "#DCEBF7", "after": "#FBEBD6"}


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
    """Label, stamp with source (and synthetic label), save as PNG and show the saved file.

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
                 color="#D55E00", weight="bold")
    # The layout engine is run, not attached: savefig would otherwise lay out and draw the
    # figure once more before drawing it (about a third of the cost of a chart).
    TightLayoutEngine(rect=(0, 0.04, 1, 0.97)).execute(fig)
    path = ctx.output_dir / f"{slug(name)}.png"
    fig.savefig(path)
    plt.close(fig)
    _show_in_notebook(path)
    return fig


def _show_in_notebook(path: Path) -> None:
    from IPython import get_ipython

    shell = get_ipython()
    if shell is not None and getattr(shell, "kernel", None) is not None:
        from IPython.display import Image, display

        display(Image(filename=str(path)))


def shade_periods(ax, periods: list[tuple[str, float, float]]) -> None:
    """Shade named x-ranges, e.g. [("before", 1998, 2002.9), ("during", ...), ...]."""
    for label, start, end in periods:
        ax.axvspan(start, end, color=PERIOD_COLOURS.get(label, "#EEEEEE"), zorder=0,
                   label=f"{label} outsourcing")


def mark_break(ax, x: float, text: str) -> None:
    """A dashed vertical line at a series break (e.g. the 2016 assessment change)."""
    ax.axvline(x, color="#555555", linestyle="--", linewidth=1)
    ax.annotate(text, xy=(x, 1), xycoords=("data", "axes fraction"), xytext=(3, -12),
                textcoords="offset points", fontsize=8, color="#555555")
