"""Notebook run context: parameters are checked early, with one clear message."""

from __future__ import annotations

import json
import re
import shutil

import pandas as pd
import pytest

from analysis_lib import plots
from analysis_lib.cache import memoise
from analysis_lib.context import planted_truths, slug, start_run
from analysis_lib.errors import ParameterError
from analysis_lib.tables import save_table


def _run(tmp_path, **overrides):
    params = dict(la="Walsall", comparators="statistical_neighbours", first_year=2016,
                  last_year=2025, data_source="synthetic", data_dir="",
                  output_dir=str(tmp_path / "out"))
    return start_run("01_test", **(params | overrides))


def test_resolves_la_and_comparators_and_creates_output_dir(tmp_path):
    ctx = _run(tmp_path, la="335")
    assert (ctx.la_code, ctx.la_name) == (335, "Walsall")
    assert len(ctx.comparator_codes) == 10 and 335 not in ctx.comparator_codes
    assert ctx.output_dir.is_dir() and ctx.synthetic
    assert "SYNTHETIC" in ctx.source_label


def test_every_problem_is_listed_in_one_error(tmp_path):
    with pytest.raises(ParameterError) as err:
        _run(tmp_path, la="Atlantis", first_year=2030, last_year=2020, data_source="csv")
    message = str(err.value)
    for fragment in ("Atlantis", "first_year=2030", "data_source", "01_test"):
        assert fragment in message


def test_reversed_years_are_rejected(tmp_path):
    with pytest.raises(ParameterError, match="after last_year"):
        _run(tmp_path, first_year=2020, last_year=2010)


def test_non_integer_years_are_rejected(tmp_path):
    with pytest.raises(ParameterError, match="whole year"):
        _run(tmp_path, first_year="2016")


def test_official_truth_is_none(tmp_path):
    assert _run(tmp_path, data_source="official").truth("anything") is None


@pytest.mark.parametrize("text, expected", [("Walsall", "walsall"),
                                            ("../../etc/passwd", "etc-passwd"),
                                            ("Bristol, City of", "bristol-city-of"),
                                            ("", "unnamed")])
def test_slug_is_safe(text, expected):
    assert slug(text) == expected


def _local(tmp_path, data_dir, notebook="04_troubled_families_impact"):
    return start_run(notebook, la="Walsall", first_year=2009, last_year=2021,
                     data_source="local", data_dir=str(data_dir),
                     output_dir=str(tmp_path / "out"))


def test_local_example_is_labelled_synthetic_with_its_own_truth(tmp_path):
    from analysis_lib.data.synth.tf_example import EXAMPLE_DIR

    ctx = _local(tmp_path, EXAMPLE_DIR)
    assert ctx.synthetic and ctx.source_label.startswith("SYNTHETIC DATA (example family")
    assert ctx.truth("troubled_families", "outcomes.child_entered_care.value") == -3.0


def test_local_records_not_named_synthetic_are_the_las_own(tmp_path):
    from analysis_lib.data.synth.tf_example import EXAMPLE_DIR

    own = tmp_path / "council"
    own.mkdir()
    for path in EXAMPLE_DIR.glob("tf_family_*.csv"):
        shutil.copy(path, own / path.name.replace("SYNTHETIC_example", "2024"))
    ctx = _local(tmp_path, own)
    assert not ctx.synthetic and "SYNTHETIC" not in ctx.source_label
    assert "own family records" in ctx.source_label
    assert ctx.truth("troubled_families", "outcomes.child_entered_care.value") is None


@pytest.mark.parametrize(("notebook", "folder", "message"), [
    ("01_attainment_gaps", "example", "only for 04_troubled_families_impact"),
    ("04_troubled_families_impact", "", "needs data_dir"),
    ("04_troubled_families_impact", "empty", "holds no tf_family_records_*.csv"),
    ("04_troubled_families_impact", "missing", "is not a folder"),
])
def test_local_source_problems(tmp_path, notebook, folder, message):
    from analysis_lib.data.synth.tf_example import EXAMPLE_DIR

    (tmp_path / "empty").mkdir()
    data_dir = {"example": EXAMPLE_DIR, "": "", "empty": tmp_path / "empty",
                "missing": tmp_path / "missing"}[folder]
    with pytest.raises(ParameterError, match=re.escape(message)):
        _local(tmp_path, data_dir, notebook)


def test_a_synthetic_data_dir_must_hold_a_truth_file(tmp_path):
    (tmp_path / "elsewhere").mkdir()
    with pytest.raises(ParameterError, match="no truth.json"):
        _run(tmp_path, data_dir=str(tmp_path / "elsewhere"))
    with pytest.raises(ParameterError, match="is not a folder"):
        _run(tmp_path, data_dir=str(tmp_path / "missing"))


def test_truths_come_from_the_runs_own_synthetic_england(tmp_path):
    england = tmp_path / "england_2"
    england.mkdir()
    (england / "truth.json").write_text(json.dumps({
        "config": {"focus_la": 335}, "effects": {"troubled_families": {"outcomes": {
            "youth_custody": {"value": -7.5}}}}}))
    ctx = _run(tmp_path, data_dir=str(england))
    assert ctx.truth("troubled_families", "outcomes.youth_custody.value") == -7.5
    assert ctx.planted_truths()["config"] == {"focus_la": 335}
    assert planted_truths(england) == ctx.planted_truths()


def test_without_write_files_no_chart_or_table_is_saved(tmp_path):
    ctx = _run(tmp_path, write_files=False)
    fig, ax = plots.new_figure()
    ax.plot([1, 2], [3, 4])
    plots.finish(fig, ax, ctx, title="t", xlabel="x", ylabel="y", name="chart")
    labelled = save_table(ctx, pd.DataFrame({"a": [1]}), "table", "a table")
    assert "data_source" in labelled and list(ctx.output_dir.iterdir()) == []
    saving = _run(tmp_path)
    plots.finish(*plots.new_figure(), saving, title="t", xlabel="x", ylabel="y", name="chart")
    save_table(saving, pd.DataFrame({"a": [1]}), "table", "a table")
    assert sorted(p.name for p in saving.output_dir.iterdir()) == [
        "chart-data", "chart.png", "table.csv", "table.meta.json"]


def test_the_cache_folder_is_read_when_used(tmp_path, monkeypatch):
    monkeypatch.setenv("EVIDENCE_CACHE_DIR", str(tmp_path / "cache_a"))
    assert memoise("thing", {"k": 1}, lambda: 41) == 41
    monkeypatch.setenv("EVIDENCE_CACHE_DIR", str(tmp_path / "cache_b"))
    assert memoise("thing", {"k": 1}, lambda: 42) == 42  # a new folder: computed again
    assert len(list((tmp_path / "cache_a").glob("*.pkl"))) == 1
