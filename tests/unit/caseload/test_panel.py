"""The LA x year panel keeps complete rows and accounts for every row it leaves out."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis_lib.caseload.panel import DEFAULT_REGRESSORS, build_panel, check_variables
from analysis_lib.errors import DataNotAvailableError, ParameterError

OUTCOME = "assessments_45_days_pct"


def build(tables, first_year=2015, last_year=2017, **kw):
    wf, cin = tables
    return build_panel(wf, cin, outcome=kw.get("outcome", OUTCOME),
                       regressors=kw.get("regressors", DEFAULT_REGRESSORS),
                       first_year=first_year, last_year=last_year)


def test_keeps_only_complete_la_rows(tiny_tables):
    panel = build(tiny_tables)
    kept = set(zip(panel.data["la_code"], panel.data["year"], strict=True))
    assert kept == {(301, 2016), (301, 2017), (302, 2015), (302, 2017), (303, 2016)}
    assert panel.n_obs == 5 and panel.n_las == 3 and panel.years == [2015, 2016, 2017]
    assert not panel.data[[OUTCOME, *DEFAULT_REGRESSORS]].isna().any().any()


def test_every_dropped_row_is_counted_once_with_its_reason(tiny_tables):
    panel = build(tiny_tables)
    reasons = dict(zip(zip(panel.dropped["la_code"], panel.dropped["year"], strict=True),
                       panel.dropped["reason"], strict=True))
    assert reasons == {(301, 2015): "regressor missing",
                       (302, 2016): "regressor missing",
                       (303, 2015): "no workforce record for this LA and year",
                       (303, 2017): "outcome missing"}
    detail = panel.dropped.set_index(["la_code", "year"])["detail"]
    assert "suppressed small number (c)" in detail[(302, 2016)]
    assert "not available (x)" in detail[(303, 2017)]
    assert "blank" in detail[(301, 2015)]
    summary = panel.drop_summary()
    assert summary["rows"].sum() == 9  # 3 LAs x 3 years in either collection


def test_missing_values_are_tallied_by_column_and_symbol(tiny_tables):
    tally = build(tiny_tables).missing_values.set_index(["column", "why"])["rows"]
    assert tally[("agency_rate", "suppressed small number (c)")] == 1
    assert tally[(OUTCOME, "not available (x)")] == 1
    assert tally[("vacancy_rate", "blank")] == 1


def test_years_outside_the_range_are_reported_as_such(tiny_tables):
    panel = build(tiny_tables, first_year=2016)
    outside = panel.dropped[panel.dropped["reason"] == "outside the years asked for"]
    assert sorted(outside["la_code"]) == [301, 302, 303]
    assert panel.years == [2016, 2017] and panel.n_obs == 4


def test_national_rows_never_enter_the_panel(tiny_tables):
    assert build(tiny_tables).data["la_code"].notna().all()


def test_unknown_variables_stop_with_one_message():
    with pytest.raises(ParameterError, match="outcome 'wellbeing'.*unknown regressors"):
        check_variables("wellbeing", ["caseload_per_fte", "shoe_size"])
    with pytest.raises(ParameterError, match="cannot also be a regressor"):
        check_variables("rereferral_pct", ["rereferral_pct"])


def test_no_usable_row_is_a_clear_error(tiny_tables):
    with pytest.raises(DataNotAvailableError, match="No LA x year"):
        build(tiny_tables, first_year=2020, last_year=2021)


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fixture is read-only
@given(seed=st.integers(0, 10_000))
def test_row_order_does_not_change_the_panel(tiny_tables, seed):
    wf, cin = tiny_tables
    shuffled = (wf.sample(frac=1, random_state=seed), cin.sample(frac=1, random_state=seed))
    a, b = build(tiny_tables), build(shuffled)
    assert a.data.equals(b.data)
    assert a.dropped.equals(b.dropped)
