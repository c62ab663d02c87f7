"""Event windows and donor-pool exclusions from a hand-made interventions table."""

import pandas as pd
import pytest

from analysis_lib.errors import DataNotAvailableError, ParameterError
from analysis_lib.ofsted import events


def _row(code, name, service, provider, kind, start, end=None, confidence="reported"):
    return {"la_code": code, "la_name": name, "service": service, "provider": provider,
            "arrangement": kind, "start_date": pd.Timestamp(start),
            "end_date": pd.Timestamp(end) if end else pd.NaT, "confidence": confidence,
            "notes": f"note on {name}"}


@pytest.fixture
def table():
    return pd.DataFrame([
        _row(335, "Walsall", "education (school improvement)", "Serco QAA", "outsourced",
             "2000-01-01"),
        _row(335, "Walsall", "education (all LEA services)", "Serco", "outsourced",
             "2002-12-01", "2013-04-01", "documented"),
        _row(335, "Walsall", "children's safeguarding", "DfE notice", "intervention",
             "2012-11-01"),
        _row(204, "Hackney", "education (some)", "Nord Anglia", "outsourced", "1999-01-01",
             "2002-01-01"),
        _row(204, "Hackney", "education (all)", "The Learning Trust", "trust", "2002-08-01",
             "2012-08-01"),
        _row(936, "Surrey", "education (LEA services)", "VT", "joint_venture", "2003-09-01"),
        _row(333, "Sandwell", "education (LEA)", "not known", "direction", "2001-06-01",
             confidence="weak"),
        _row(320, "Waltham Forest", "education (LEA)", "Nord Anglia", "outsourced",
             "2001-07-01", "2005-01-01", "weak"),
        _row(381, "Calderdale", "education (LEA)", "none", "considered", "1999-01-01"),
    ])


def test_own_window_is_the_longest_dated_education_arrangement(table):
    walsall = events.own_window(table, 335, "Walsall")
    assert (walsall.start, walsall.end) == (pd.Timestamp("2002-12-01"),
                                           pd.Timestamp("2013-04-01"))
    assert "Serco" in walsall.origin and walsall.has_event
    hackney = events.own_window(table, 204, "Hackney")
    assert hackney.start == pd.Timestamp("2002-08-01")  # the trust: ten years, not three


def test_no_event_is_said_plainly_and_never_borrowed(table):
    for code, name, words in [(333, "Sandwell", "no outsourced"),
                              (936, "Surrey", "no end date"),
                              (381, "Calderdale", "no outsourced")]:
        window = events.own_window(table, code, name)
        assert not window.has_event and words in window.origin
        with pytest.raises(DataNotAvailableError, match=name):
            window.dates()
    weak_only = events.own_window(table, 320, "Waltham Forest")
    assert not weak_only.has_event  # its only dated row is weak
    assert events.own_window(table, 320, "Waltham Forest", include_weak=True).has_event


def test_user_dates_win_and_must_come_in_pairs(table):
    window = events.own_window(table, 333, "Sandwell", "2004-09-01", "2010-09-01")
    assert window.start == pd.Timestamp("2004-09-01") and "parameters" in window.origin
    with pytest.raises(ParameterError, match="both"):
        events.own_window(table, 333, "Sandwell", "2004-09-01", "")
    with pytest.raises(ParameterError, match="must be before"):
        events.check_dates("2010-01-01", "2004-01-01")


def test_exclusions_leave_out_weak_rows_unless_asked(table):
    default = events.excluded_las(table)
    assert set(default.la_code) == {335, 204, 936}  # not Sandwell/Waltham Forest (weak),
    assert "Serco" in default.set_index("la_code").loc[335, "reason"]  # not Calderdale
    assert set(events.excluded_las(table, include_weak=True).la_code) == {
        335, 204, 936, 333, 320}
    weak = events.weak_rows(table)
    assert set(weak.la_name) == {"Sandwell", "Waltham Forest"}
    assert weak.why_weak.str.startswith("note on").all()


@pytest.mark.parametrize(("date", "approximate", "words"), [
    ("2013-04-01", False, "1 April 2013"),
    ("2002-12-01", True, "about December 2002"),
    ("2001-01-01", True, "about 2001"),
])
def test_a_date_is_worded_as_precisely_as_the_table_knows_it(date, approximate, words):
    assert events.date_words(pd.Timestamp(date), approximate) == words
