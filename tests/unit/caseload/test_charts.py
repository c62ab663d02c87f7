"""Each chart is labelled and saved through the house style."""

from __future__ import annotations

import pandas as pd

from analysis_lib.caseload import charts
from analysis_lib.caseload.descriptive import descriptive_series
from analysis_lib.context import RunContext


def ctx_for(tmp_path):
    return RunContext(notebook="03_caseload_regressions", la_code=301, la_name="Alpha",
                      comparator_codes=(302, 303), comparators="statistical_neighbours",
                      first_year=2015, last_year=2017, data_source="synthetic", data_dir=None,
                      output_dir=tmp_path)


def test_charts_are_saved_as_png(tmp_path, tiny_tables):
    ctx = ctx_for(tmp_path)
    series = descriptive_series(tiny_tables, 301, [302, 303],
                                ["caseload_per_fte", "assessments_45_days_pct"], 2015, 2017,
                                la_name="Alpha")
    reference = pd.DataFrame({"measure": ["caseload_per_fte"], "x": [2015.5], "value": [25.2],
                              "date": ["2014-09-30"]})
    fig = charts.descriptive_panel(ctx, series, reference)
    assert "SYNTHETIC DATA" in [t.get_text() for t in fig.texts]
    table = pd.DataFrame({"term": ["caseload_per_fte"] * 2, "estimate": [-0.8, -0.5],
                          "ci_low": [-1.2, -0.9], "ci_high": [-0.4, -0.1], "model": ["fe", "re"]})
    charts.coefficient_plot(ctx, table, "assessments_45_days_pct")
    charts.residual_plot(ctx, pd.DataFrame({"fitted": [1.0, 2.0], "residual": [0.1, -0.1]}), "fe")
    influence = pd.DataFrame({"la_code": [302, 303, 301], "term": ["caseload_per_fte"] * 3,
                              "change_in_se": [0.5, 0.3, -0.2]})
    fig = charts.influence_plot(ctx, influence, {301: "Alpha", 302: "Beta"}, "caseload_per_fte",
                                301, top=1)
    shown = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert shown == ["Alpha (rank 3)", "Beta (rank 1)"]  # the run's LA is always shown
    saved = sorted(p.name for p in tmp_path.glob("*.png"))
    assert saved == ["caseload-coefficients.png", "caseload-descriptive-panel.png",
                     "caseload-influence.png", "caseload-residuals.png"]
