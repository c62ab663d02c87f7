"""The embedded synthetic England looks like the real panels (docs/calibration.md).

For each measure with a real extract in ../shared/data/real (workforce, children in need,
KS2 by LA, LA inspections), the cross-LA mean, the spread between LAs, the year-to-year
persistence within an LA and the distribution of Ofsted grades of the synthetic panel must
lie within the tolerances stated and justified in ``analysis_lib.data.calibration.compare``.
Both panels go through ``load()``; skipped when the real extracts are absent.
"""

from __future__ import annotations

import pytest

from analysis_lib.data.calibration import compare, report

pytestmark = pytest.mark.real_data


@pytest.fixture(scope="module")
def calibration(real_data_dir, tmp_path_factory):
    """The calibration table, the real tables built in a temporary cache."""
    mp = pytest.MonkeyPatch()
    mp.setenv("EVIDENCE_PROCESSED_DIR", str(tmp_path_factory.mktemp("processed")))
    real = report.load_tables("official", real_data_dir)
    mp.undo()
    table = compare.calibration_table(real, report.load_tables("synthetic"))
    return table.set_index(["measure", "statistic"])


@pytest.mark.parametrize("measure, statistic", compare.row_keys())
def test_synthetic_statistic_is_within_tolerance_of_the_real_one(calibration, measure,
                                                                 statistic):
    row = calibration.loc[(measure, statistic)]
    assert row["within_tolerance"], (
        f"{measure} {statistic}: real {row['real']:.3g}, synthetic {row['synthetic']:.3g}, "
        f"{row['check_kind']} {row['check']:.3f} outside {row['tolerance']} ({row['years']})")


def test_every_measure_compares_enough_las_and_years(calibration):
    panels = calibration.xs("mean", level="statistic")
    assert (panels["n_real"] >= 140).all() and (panels["n_synthetic"] >= 140).all()
    assert "2017-2025" in panels.loc["caseload_per_fte", "years"]
    assert panels.loc["ks2_gap_pp", "years"] == "2016-2019, 2022-2025"
    grades = calibration.xs("pct_grade_1", level="statistic")
    assert (grades["n_real"] >= 140).all()
