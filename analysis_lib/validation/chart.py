"""The coverage chart: each estimate's coverage with Monte Carlo error bars against 95%."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

from analysis_lib import plots
from analysis_lib.levels import Z95
from analysis_lib.validation.summary import BAND, NOMINAL


def coverage_chart(table: pd.DataFrame, path: Path, *, note: str) -> Path:
    """One panel per scenario: coverage (%) of each estimate with a truth, ±1.96 Monte Carlo
    SE, the nominal 95% and the 92.5-97.5% band; saved as PNG at ``path``."""
    rows = table[table["coverage"].notna()]
    scenarios = list(dict.fromkeys(rows["scenario"]))
    heights = [max(1, (rows["scenario"] == s).sum()) for s in scenarios]
    plots.apply_house_style()
    fig, axes = plt.subplots(len(scenarios), 1, squeeze=False, sharex=True,
                             figsize=(9, 1.4 + 0.32 * sum(heights) + 0.5 * len(scenarios)),
                             gridspec_kw={"height_ratios": heights})
    for ax, scenario in zip(axes[:, 0], scenarios, strict=True):
        part = rows[rows["scenario"] == scenario].iloc[::-1]
        labels = part["estimate"] + " (" + part["interval_kind"].fillna("") + ")"
        y = range(len(part))
        outside = part["outside_band"].astype(bool)
        ax.axvspan(100 * BAND[0], 100 * BAND[1], color="#E5E5E5", zorder=0)
        ax.axvline(100 * NOMINAL, color="#555555", linestyle="--", linewidth=1)
        ax.errorbar(100 * part["coverage"], list(y), xerr=100 * Z95 * part["coverage_mc_se"],
                    fmt="none", ecolor="#999999", capsize=2)
        ax.scatter(100 * part["coverage"], list(y), zorder=3,
                   c=[plots.PALETTE[5] if o else plots.PALETTE[0] for o in outside])
        ax.set_yticks(list(y), labels, fontsize=8)
        ax.set_ylim(-0.7, len(part) - 0.3)
        ax.set_title(f"Scenario: {scenario}", fontsize=10, loc="left")
    low = (100 * (rows["coverage"] - Z95 * rows["coverage_mc_se"])).min() if len(rows) else 90
    axes[-1, 0].set_xlim(min(85.0, low - 2), 100.5)
    axes[-1, 0].set_xlabel("Coverage (%) ±1.96 Monte Carlo SE; shaded 92.5-97.5%")
    fig.suptitle("How often each headline interval covers its planted truth", weight="bold")
    fig.text(0.01, 0.005, note, fontsize=7, ha="left", va="bottom", color="#444444")
    fig.text(0.99, 0.995, "SYNTHETIC DATA", fontsize=11, ha="right", va="top",
             color=plots.PALETTE[5], weight="bold")
    fig.tight_layout(rect=(0, 0.03, 1, 0.97))
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)
    return path
