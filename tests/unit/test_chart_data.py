"""The numbers and the text alternative read back from drawn charts (hand-made figures)."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from analysis_lib.chart_data import figure_data  # noqa: E402
from analysis_lib.chart_text import Panel, describe, number  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _drawn(fig):
    fig.canvas.draw()
    return figure_data(fig)


def test_lines_give_every_plotted_point_with_its_series():
    fig, ax = plt.subplots()
    ax.plot([2019, 2020, 2021], [30.0, 27.5, 24.0], label="Walsall")
    ax.plot([2019, 2020, 2021], [20.0, 20.5, 21.0], label="England")
    ax.axhline(0, color="grey")
    ax.set_title("Gap")
    data = _drawn(fig)
    lines = data[data["mark"] == "line"]
    assert lines["series"].tolist() == ["Walsall"] * 3 + ["England"] * 3
    assert lines["y"].tolist() == [30.0, 27.5, 24.0, 20.0, 20.5, 21.0]
    assert set(lines["panel"]) == {"Gap"}
    assert data[data["mark"] == "reference"]["y"].tolist() == [0.0]


def test_dots_on_named_rows_carry_their_whiskers():
    fig, ax = plt.subplots()
    for y, (value, low, high) in enumerate([(23.9, 20.8, 26.9), (20.2, 20.0, 20.5)]):
        ax.plot([low, high], [y, y], color="k")
        ax.plot(value, y, "o")
    ax.set_yticks([0, 1], ["Walsall", "England"])
    data = _drawn(fig)
    assert data["mark"].tolist() == ["point", "point"]
    assert data["y"].tolist() == ["Walsall", "England"]
    assert data["x_low"].tolist() == [20.8, 20.0] and data["x_high"].tolist() == [26.9, 20.5]


def test_errorbars_bars_cells_and_shaded_ranges():
    fig, (a, b, c) = plt.subplots(ncols=3)
    a.errorbar([1, 2], [0.5, -0.2], yerr=[[0.1, 0.3], [0.2, 0.3]], fmt="o", label="FE")
    a.axvspan(0.2, 0.8, label="window")
    b.bar(["x", "y"], [3, 4], label="count")
    c.imshow(np.array([[1.0, 2.0], [3.0, 4.0]]))
    c.set_xticks([0, 1], ["a", "b"])
    c.set_yticks([0, 1], ["p", "q"])
    c.set_ylabel("previous")
    data = _drawn(fig)
    points = data[(data["panel"] == "panel 1") & (data["mark"] == "point")]
    assert points["y"].tolist() == [0.5, -0.2]
    assert points["y_low"].tolist() == pytest.approx([0.4, -0.5])
    assert points["y_high"].tolist() == pytest.approx([0.7, 0.1])
    assert set(points["series"]) == {"FE"}
    bars = data[data["mark"] == "bar"]
    assert bars["x"].tolist() == ["x", "y"] and bars["y"].tolist() == [3, 4]
    shaded = data[data["mark"] == "shaded"].iloc[0]
    assert shaded["series"] == "window" and shaded["x_low"] == pytest.approx(0.2)
    cells = data[data["mark"] == "cell"]
    assert cells["y"].tolist() == [1.0, 2.0, 3.0, 4.0]
    assert cells["series"].tolist()[2] == "previous q" and cells["x"].tolist()[3] == "b"


def test_dates_are_written_as_dates():
    fig, ax = plt.subplots()
    ax.plot(pd.to_datetime(["2010-08-31", "2011-08-31"]), [60.0, 65.0], label="Walsall")
    data = _drawn(fig)
    assert data["x"].tolist() == ["2010-08-31", "2011-08-31"]


def _text(fig, la="Walsall", synthetic=True):
    data = _drawn(fig)
    panels = [Panel(ax.get_title() or f"panel {n}", ax.get_xlabel(), ax.get_ylabel())
              for n, ax in enumerate(fig.axes, start=1)]
    return describe(data, panels, title="A chart", la_name=la, synthetic=synthetic)


def test_description_gives_la_against_comparators_and_direction():
    fig, ax = plt.subplots()
    ax.plot([2019, 2021], [30.0, 24.0], label="Walsall")
    ax.plot([2019, 2021], [20.0, 21.0], label="England")
    ax.plot([2019, 2021], [25.0, 26.0], color="grey")  # an unlabelled comparator
    ax.set_xlabel("year")
    ax.set_ylabel("gap (pp)")
    text = _text(fig)
    assert text.alt.startswith("Synthetic data. A chart. Line chart")
    assert "Walsall: 30 at 2019 to 24 at 2021, down 6 over the period." in text.alt
    assert "At 2021, Walsall 24 against England 21." in text.alt
    assert "Walsall is 2nd highest of 3 values at 2021." in text.alt
    assert "gap (pp) by year" in text.alt
    assert not _text(fig, synthetic=False).alt.startswith("Synthetic")


def test_description_of_named_categories_ranks_the_la():
    fig, ax = plt.subplots()
    ax.barh(["Sandwell", "Walsall", "Dudley"], [0.2, 0.5, 0.3])
    text = _text(fig)
    assert "Bar chart" in text.alt
    assert "Walsall: 0.5, 1st highest of 3." in text.alt
    assert "Values: Sandwell 0.2; Walsall 0.5; Dudley 0.3." in text.long


def test_scatter_is_described_as_a_cloud():
    fig, ax = plt.subplots()
    rng = np.random.default_rng(1)
    ax.scatter(rng.normal(size=40), rng.normal(size=40), label="residuals")
    assert "Scatter plot" in _text(fig).alt and "residuals: 40 points" in _text(fig).alt


def test_long_alt_text_is_cut_at_a_sentence_and_points_to_the_full_description():
    fig, ax = plt.subplots()
    for i in range(12):
        ax.plot([2019, 2021], [i, i + 1], label=f"Walsall: group {i} with a long name")
    text = _text(fig)
    assert len(text.alt) <= 520
    assert text.alt.endswith("; more in the full description and data below the chart.")
    assert "group 11" in text.long


@pytest.mark.parametrize("value, text", [(2025.0, "2025"), (2010.0000000001, "2010"),
                                         (23.94, "23.9"), (3.254, "3.25"), (0.5, "0.5"),
                                         (0.04372, "0.0437"), (-6.0, "-6"), (1234.5, "1234"),
                                         (123456.7, "123,457"), (float("nan"), "n/a"),
                                         ("Walsall", "Walsall")])
def test_numbers_are_written_to_three_significant_figures(value, text):
    assert number(value) == text
    assert number(0.0992, scale=24.0) == "0.1"


def test_a_single_la_value_among_many_positions_is_ranked_and_histograms_peak():
    fig, (a, b) = plt.subplots(ncols=2)
    a.plot([0, 1, 3, 4], [3, 1, 1, 5], "o", color="grey")
    a.plot([2], [4], "o", label="Walsall")
    b.bar(range(20), [i * (20 - i) for i in range(20)], label="schools")
    text = _text(fig)
    assert "Walsall: 4 at 2." in text.long and "Walsall is 2nd highest of 5 values shown." \
        in text.long
    assert "schools: 20 bars from 0 to 19, highest (100) at 10." in text.long


def test_histograms_keep_their_labels_and_step_outlines_become_bars():
    fig, ax = plt.subplots()
    values = [1, 2, 2, 3, 3, 3]
    ax.hist(values, bins=[0.5, 1.5, 2.5, 3.5], label="England's schools")
    ax.hist(values[:3], bins=[0.5, 1.5, 2.5, 3.5], histtype="step", label="Walsall's schools")
    data = _drawn(fig)
    england = data[data["series"] == "England's schools"]
    walsall = data[data["series"] == "Walsall's schools"]
    assert england["y"].tolist() == [1, 2, 3] and england["x"].tolist() == [1, 2, 3]
    assert walsall["y"].tolist() == [1, 2, 0] and walsall["x"].tolist() == [1, 2, 3]
