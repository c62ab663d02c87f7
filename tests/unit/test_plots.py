"""The house chart style: saved chart, its data, its text alternative, cues beyond colour."""

import json

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from analysis_lib import plots  # noqa: E402
from analysis_lib.context import RunContext  # noqa: E402


@pytest.fixture
def ctx(tmp_path):
    out = tmp_path / "01_test"
    out.mkdir()
    return RunContext(notebook="01_test", la_code=335, la_name="Walsall",
                      comparator_codes=(333,), comparators="statistical_neighbours",
                      first_year=2016, last_year=2025, data_source="synthetic", data_dir=None,
                      output_dir=out, parameters={})


def _lines_chart(ctx):
    fig, ax = plots.new_figure()
    ax.plot([2019, 2020, 2021], [30.0, 27.0, 24.0], color=plots.LA_COLOUR, label="Walsall")
    ax.plot([2019, 2020, 2021], [20.0, 20.5, 21.0], color=plots.ENGLAND_COLOUR,
            label="England")
    ax.plot([2019, 2020, 2021], [22.0, 22.0, 22.5], color=plots.REGION_COLOUR,
            label="Region")
    ax.legend()
    return plots.finish(fig, ax, ctx, title="Gap over time", xlabel="Year", ylabel="Gap (pp)",
                        name="Gap over time", source="DfE")


def test_finish_saves_the_chart_its_data_and_a_description_from_the_data(ctx):
    _lines_chart(ctx)
    assert (ctx.output_dir / "gap-over-time.png").is_file()
    data = pd.read_csv(ctx.output_dir / "chart-data" / "gap-over-time.csv")
    walsall = data[data["series"] == "Walsall"]
    assert walsall["y"].tolist() == [30.0, 27.0, 24.0]
    assert set(data["data_source"]) == {ctx.source_label}
    meta = json.loads((ctx.output_dir / "chart-data" / "gap-over-time.meta.json").read_text())
    assert meta["alt"].startswith("Synthetic data. Gap over time. Line chart")
    assert "Walsall: 30 at 2019 to 24 at 2021, down 6 over the period." in meta["alt"]
    assert "against England 21, Region 22.5" in meta["alt"]


def test_legend_entries_differ_by_more_than_colour(ctx):
    fig = _lines_chart(ctx)
    ax = fig.axes[0]
    cues = {(h.get_linestyle(), h.get_marker()) for h in ax.get_legend().legend_handles}
    assert len(cues) == 3
    styles = {line.get_label(): line.get_linestyle() for line in ax.get_lines()}
    assert styles["Walsall"] == "-" and len(set(styles.values())) == 3


def test_bars_that_differ_only_by_colour_get_hatches(ctx):
    fig, ax = plots.new_figure()
    ax.bar([1, 2], [3, 4], color=plots.LA_COLOUR, label="Walsall")
    ax.bar([1.4, 2.4], [2, 5], color=plots.ENGLAND_COLOUR, label="England")
    ax.legend()
    plots.finish(fig, ax, ctx, title="Bars", xlabel="x", ylabel="y", name="bars")
    hatches = [h.get_hatch() for h in ax.get_legend().legend_handles]
    assert hatches[0] in (None, "") and hatches[1]
    assert all(p.get_hatch() == hatches[1] for p in ax.containers[1].patches)


def test_chart_html_has_generated_alt_text_and_a_link_to_its_data():
    from analysis_lib.chart_text import ChartText

    page = plots.figure_html(b"\x89PNG", ChartText(alt='A "quoted" chart', long="Long <text>"),
                             "01_test/chart-data/gap.csv")
    assert 'alt="A &quot;quoted&quot; chart"' in page
    assert '<a href="01_test/chart-data/gap.csv">Data for this chart (CSV)</a>' in page
    assert "Long &lt;text&gt;" in page and page.startswith('<figure class="evidence-chart">')


def test_palette_has_three_to_one_contrast_with_white():
    def luminance(colour):
        rgb = matplotlib.colors.to_rgb(colour)
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    for colour in [*plots.PALETTE, plots.COMPARATOR_COLOUR]:
        assert 1.05 / (luminance(colour) + 0.05) >= 3.0, colour


def test_many_look_alike_entries_never_fail_and_scatter_gets_new_markers(ctx):
    fig, (left, right) = plots.new_figure(ncols=2)
    for i in range(20):  # more entries than line styles and markers
        left.plot([1, 2], [i, i + 1], "o", color=plots.PALETTE[i % 8], label=f"series {i}")
    left.legend()
    right.scatter([1, 2], [1, 2], color=plots.LA_COLOUR, label="within")
    right.scatter([1, 2], [2, 3], color=plots.PALETTE[5], label="outside")
    right.legend()
    plots.finish(fig, right, ctx, title="Many", xlabel="x", ylabel="y", name="many")
    cues = {(h.get_marker(), h.get_fillstyle()) for h in left.get_legend().legend_handles}
    assert len(cues) == 16  # eight markers, filled and hollow; the rest are left as they were
    paths = [h.get_paths()[0].vertices.tobytes() for h in right.get_legend().legend_handles]
    assert paths[0] != paths[1]
