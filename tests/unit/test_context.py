"""Notebook run context: parameters are checked early, with one clear message."""

from __future__ import annotations

import re
import shutil

import pytest

from analysis_lib.context import slug, start_run
from analysis_lib.errors import ParameterError


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
