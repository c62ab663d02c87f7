"""The SYNTHETIC example of an LA's own family records is reproducible from its generator."""

from __future__ import annotations

import json

from analysis_lib.data.synth import tf_example


def test_committed_files_are_what_the_generator_writes(tmp_path):
    written = tf_example.write_example(tmp_path / "again")
    assert [p.name for p in written] == [tf_example.RECORDS_FILE, tf_example.OUTCOMES_FILE,
                                         "truth.json"]
    for path in written:
        assert path.read_bytes() == (tf_example.EXAMPLE_DIR / path.name).read_bytes(), path.name


def test_example_is_one_la_named_synthetic_with_its_planted_effects():
    records, yearly, truth = tf_example.example_records()
    assert "SYNTHETIC" in tf_example.RECORDS_FILE and "SYNTHETIC" in tf_example.OUTCOMES_FILE
    assert set(records.la_code) == {tf_example.LA_CODE} and set(records.phase) == {1}
    treated = records.treated == 1
    assert records.start_year[~treated].isna().all()
    assert set(records.start_year[treated]) <= {2012, 2013, 2014}
    assert len(yearly) == len(records) * len(tf_example.YEARS) * 4
    planted = truth["effects"]["troubled_families"]["outcomes"]
    assert planted["child_entered_care"]["value"] == -3.0
    assert abs(planted["child_entered_care"]["finite_sample_att_pp"] + 3.0) < 1.5
    on_disk = json.loads((tf_example.EXAMPLE_DIR / "truth.json").read_text())
    assert on_disk == json.loads(json.dumps(truth))
