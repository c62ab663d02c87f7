"""`evidence validate` end to end, small: the table is complete and well formed, and a rerun
resumes from the saved records (the full run is `make validate`)."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis_lib import cli
from analysis_lib.validation.summary import COLUMNS
from analysis_lib.validation.targets import TARGETS

ARGS = ["validate", "--replications", "2", "--scenarios", "default", "--school-scale", "0.05",
        "--family-scale", "0.05", "--workers", "2", "--quiet"]


@pytest.mark.slow
def test_a_small_validation_writes_a_complete_table_and_resumes(tmp_path, capsys):
    docs = tmp_path / "validation.md"
    assert cli.main([*ARGS, "--output", str(tmp_path), "--docs", str(docs)]) == 0
    assert "2 replication records (0 reused, 0 lost)" in capsys.readouterr().out
    table = pd.read_csv(tmp_path / "coverage.csv")
    assert list(table.columns) == [*COLUMNS, "data_source"]
    default = table[table["scenario"] == "default"].set_index("estimate")
    assert set(TARGETS) <= set(default.index)  # every estimate with a planted truth
    assert (default["replications"] == 2).all()
    targeted = default.loc[list(TARGETS)]
    assert targeted["truth_mean"].notna().all() and targeted["bias"].notna().all()
    with_interval = targeted[targeted["interval_kind"].notna()]
    assert len(with_interval) == len(TARGETS) - 1  # all but England's gap index
    assert with_interval["coverage"].between(0, 1).all()
    assert (with_interval["coverage_mc_se"] >= 0).all()
    text = docs.read_text()
    assert "## Default configuration" in text and "fe_caseload_per_fte (03)" in text
    assert (tmp_path / "coverage.png").exists() and (tmp_path / "run.json").exists()
    assert cli.main([*ARGS, "--output", str(tmp_path)]) == 0
    assert "2 replication records (2 reused, 0 lost)" in capsys.readouterr().out
    assert pd.read_csv(tmp_path / "coverage.csv").equals(table)
