"""Every table loads, validated, from the generated synthetic England (skipped until
`evidence data synth` has written data/synthetic/truth.json)."""

import pytest

import analysis_lib.data as data
from analysis_lib.data.catalogue import PROJECT_DIR, TABLES

pytestmark = pytest.mark.slow
SYNTHETIC = PROJECT_DIR / "data" / "synthetic" / "truth.json"


@pytest.fixture
def project_cache(monkeypatch):
    if not SYNTHETIC.exists():
        pytest.skip("no synthetic data: run `evidence data synth`")
    monkeypatch.delenv("EVIDENCE_PROCESSED_DIR")  # use (and reuse) data/processed


@pytest.mark.parametrize("table", list(TABLES))
def test_every_table_loads_for_walsall(project_cache, table):
    df = data.load(table, la=335, years=(2005, 2019))
    assert len(df) > 0
    if "la_code" in df and "geographic_level" not in df and table != "reference_facts":
        assert set(df.la_code.dropna()) <= {335}


def test_walsall_lea_grades_are_the_published_ones(project_cache):
    lea = data.load("la_inspections", la=335).query("framework == 'LEA'")
    grades = lea.set_index([lea.inspection_date.dt.year, "judgement"]).grade
    assert grades[(2000, "overall_effectiveness")] == 7
    assert grades[(2004, "current_performance")] == 3
