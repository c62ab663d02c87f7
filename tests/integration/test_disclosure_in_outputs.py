"""Published tables never show small counts: ``disclosure.suppress`` then ``tables.save_table``,
checked on the CSV and Excel files a council reader would open.

Covers differencing across a row total, two published margins, and cells the publisher
already suppressed (which keep the publisher's symbol rather than going blank).
"""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis_lib.context import RunContext
from analysis_lib.disclosure import SUPPRESSED, suppress, threshold_for
from analysis_lib.tables import save_table, write_workbook


def context(output_dir) -> RunContext:
    output_dir.mkdir(parents=True, exist_ok=True)
    return RunContext(notebook="disclosure", la_code=335, la_name="Walsall",
                      comparator_codes=(), comparators="england", first_year=2016,
                      last_year=2019, data_source="synthetic", data_dir=None,
                      output_dir=output_dir)


def published(ctx: RunContext, table: pd.DataFrame, name: str = "counts") -> pd.DataFrame:
    """The table as a reader sees it: saved, then read back from its CSV as text."""
    save_table(ctx, table, name, "test table")
    return pd.read_csv(ctx.output_dir / f"{name}.csv", dtype=str, keep_default_na=False)


def shown_counts(column: pd.Series) -> list[float]:
    return [float(v) for v in column if v not in (SUPPRESSED, "")]


def by_school() -> pd.DataFrame:
    return pd.DataFrame({"la": ["335"] * 4 + ["330"] * 3,
                         "school": list("ABCDEFG"),
                         "disadvantaged_pupils": [3, 25, 32, 40, 12, 2, 1],
                         "pct_disadvantaged": [10.0, 30.0, 35.0, 50.0, 20.0, 5.0, 2.0]})


@pytest.mark.parametrize(("kind", "limit"), [("pupils", 6), ("children", 10),
                                             ("families", 10), ("workers", 5)])
def test_saved_csv_shows_no_count_below_the_threshold(tmp_path, kind, limit):
    table = pd.DataFrame({"area": list("abcdefgh"), "n": [0, 1, 4, 5, 6, 9, 10, 250],
                          "rate": [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]})
    csv = published(context(tmp_path), suppress(table, {"n": ["rate"]}, kind=kind))
    assert threshold_for(kind) == limit
    assert min(shown_counts(csv["n"])) >= limit
    hidden = table["n"] < limit
    assert (csv.loc[hidden, "n"] == SUPPRESSED).all()
    assert (csv.loc[hidden, "rate"] == SUPPRESSED).all(), "derived values are marked too"
    assert len(csv) == len(table) and (csv["n"] != "").all(), "marked, never blanked"


def test_secondary_suppression_survives_saving(tmp_path):
    table = by_school()
    csv = published(context(tmp_path), suppress(
        table, {"disadvantaged_pupils": ["pct_disadvantaged"]}, kind="pupils",
        margins=[["la"]]))
    for _, group in csv.groupby("la"):
        marked = (group["disadvantaged_pupils"] == SUPPRESSED).sum()
        assert marked != 1, "one hidden cell in a group could be recovered from its total"
    # LA 335 total 100 published elsewhere: 100 - 32 - 40 leaves 28 for two hidden cells.
    walsall = csv[csv.la == "335"].set_index("school")["disadvantaged_pupils"]
    assert walsall.loc["A"] == walsall.loc["B"] == SUPPRESSED
    assert min(shown_counts(csv["disadvantaged_pupils"])) >= 6


def test_workbook_keeps_the_marks(tmp_path):
    ctx = context(tmp_path)
    save_table(ctx, suppress(by_school(), {"disadvantaged_pupils": ["pct_disadvantaged"]},
                             kind="pupils", margins=[["la"]]), "schools", "test")
    sheet = pd.read_excel(write_workbook(ctx), sheet_name="schools", dtype=str)
    assert (sheet["disadvantaged_pupils"] == SUPPRESSED).sum() == 4  # A, B; F, G
    assert min(shown_counts(sheet["disadvantaged_pupils"])) >= 6


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from("xyz"), st.integers(0, 60)), min_size=1,
                max_size=15), st.integers(1, 12))
def test_no_saved_group_reveals_a_small_count(tmp_path, rows, limit):
    table = pd.DataFrame(rows, columns=["g", "n"])
    csv = published(context(tmp_path), suppress(table, {"n": []}, kind="pupils", threshold=limit,
                                                 margins=[["g"]]))
    assert all(v >= limit for v in shown_counts(csv["n"]))
    for _, group in csv.groupby("g"):
        if len(group) > 1:
            assert (group["n"] == SUPPRESSED).sum() != 1


def test_row_total_does_not_reveal_a_suppressed_part(tmp_path):
    table = pd.DataFrame({"school": ["A", "B"], "disadvantaged_pupils": [3, 20],
                          "other_pupils": [40, 25], "cohort": [43, 45]})
    csv = published(context(tmp_path), suppress(
        table, {"disadvantaged_pupils": [], "other_pupils": [], "cohort": []}, kind="pupils",
        totals={"cohort": ["disadvantaged_pupils", "other_pupils"]}))
    a = csv.iloc[0]
    assert a["disadvantaged_pupils"] == SUPPRESSED
    assert SUPPRESSED in (a["other_pupils"], a["cohort"]), "43 - 40 = 3 is recoverable"


def test_two_published_margins(tmp_path):
    table = pd.DataFrame({"la": ["335", "335", "330", "330"],
                          "group": ["fsm", "not_fsm", "fsm", "not_fsm"],
                          "n": [3, 50, 30, 60]})
    hidden = suppress(table, {"n": []}, kind="pupils", margins=[["la"], ["group"]])
    csv = published(context(tmp_path), hidden)
    for _, group in csv.groupby("group"):  # England totals by group are also published
        assert (group["n"] == SUPPRESSED).sum() != 1


def test_cells_already_suppressed_by_the_publisher_are_marked(tmp_path):
    table = pd.DataFrame({"area": ["a", "b"], "n": [float("nan"), 40.0],
                          "missing_reason": ["n=c", None]})
    csv = published(context(tmp_path), suppress(table, {"n": []}, kind="children"))
    assert csv.loc[0, "n"] == SUPPRESSED
