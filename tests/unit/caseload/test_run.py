"""The notebook's own parameters are checked up front, with one message."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis_lib.caseload.sections import council_figures
from analysis_lib.context import start_run
from analysis_lib.errors import ParameterError
from analysis_lib.parameters import check_parameters

NOTEBOOK = "03_caseload_regressions"

GOOD = dict(outcome="assessments_45_days_pct", regressors=["caseload_per_fte", "agency_rate"],
            model="fe", counterfactual_term="caseload_per_fte")


def test_good_parameters_pass():
    check_parameters(NOTEBOOK, GOOD)


@pytest.mark.parametrize(("change", "message"), [
    ({"model": "gmm"}, "model must be one of"),
    ({"counterfactual_term": "vacancy_rate"}, "counterfactual_term 'vacancy_rate'"),
    ({"regressors": []}, "at least one regressor"),
    ({"outcome": "happiness"}, "outcome 'happiness'"),
])
def test_impossible_parameters_stop_early(change, message):
    with pytest.raises(ParameterError, match=message):
        check_parameters(NOTEBOOK, GOOD | change)


def test_council_figures_are_saved_only_for_an_la_that_has_them(tmp_path):
    def ctx(la):
        return start_run("03_caseload_regressions", la=la, first_year=2013, last_year=2025,
                         output_dir=str(tmp_path / la))
    figures = pd.DataFrame({"measure": ["caseload_per_fte"], "x": [2013.5], "value": [25.2],
                            "date": ["2013-03-31"], "label": ["council's own measure"],
                            "source": ["scrutiny panel"]})
    saved = council_figures(ctx("Walsall"), figures)
    assert saved["value"].tolist() == [25.2]
    meta = (tmp_path / "Walsall" / "caseload-council-reference-figures.meta.json").read_text()
    assert "Walsall council's own workforce and timeliness figures (2013)" in meta
    note = council_figures(ctx("Sandwell"), figures.iloc[0:0])
    assert "No council figures for Sandwell" in note.data
    assert not list((tmp_path / "Sandwell").glob("*council*"))
