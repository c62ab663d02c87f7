import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis_lib.data import build

KEY = ["year", "geographic_level", "la_code", "region_code"]


def area(year, value, reason=None, la=335):
    return {"year": year, "geographic_level": "Local authority", "la_code": la,
            "region_code": "E12000005", "area_name": "Walsall", "agency_rate": value,
            "missing_reason": reason}


def test_coalesce_first_source_wins_and_gaps_are_filled():
    ees = pd.DataFrame([area(2017, 30.5), area(2018, None, "agency_rate=x")])
    lait = pd.DataFrame([area(2016, 28.7), area(2017, 31.0), area(2018, 27.3)])
    out = build.coalesce([ees, lait], KEY, ["agency_rate"]).set_index("year")
    assert out.agency_rate.to_dict() == {2016: 28.7, 2017: 30.5, 2018: 27.3}
    assert out.missing_reason.isna().all()


def test_coalesce_keeps_the_symbol_when_no_source_has_a_value():
    ees = pd.DataFrame([area(2018, None, "agency_rate=c")])
    lait = pd.DataFrame([area(2018, None)])
    out = build.coalesce([ees, lait], KEY, ["agency_rate"])
    assert out.missing_reason.tolist() == ["agency_rate=c"]


@settings(max_examples=25, deadline=None)
@given(st.permutations(range(6)))
def test_coalesce_does_not_depend_on_row_order(order):
    rows = [area(2010 + i % 3, float(i), la=335 + i // 3) for i in range(6)]
    first = pd.DataFrame(rows)
    second = pd.DataFrame([area(2010 + i % 3, 100.0 + i, la=335 + i // 3) for i in range(6)])
    expected = build.coalesce([first, second], KEY, ["agency_rate"])
    shuffled = build.coalesce([first.iloc[list(order)], second.iloc[list(order)[::-1]]], KEY,
                              ["agency_rate"])
    pd.testing.assert_frame_equal(expected, shuffled)


def test_first_wins_prefers_a_published_value_over_a_missing_one():
    key = ["year", "la_code", "pupil_group"]
    ees = pd.DataFrame({"year": [2016], "la_code": [335], "pupil_group": ["all"],
                        "value": [float("nan")], "missing_reason": ["value=c"]})
    lait = pd.DataFrame({"year": [2016], "la_code": [335], "pupil_group": ["all"],
                         "value": [50.0], "missing_reason": pd.array([pd.NA], dtype="string")})
    out = build._first_wins([ees, lait], key, "t")
    assert out.value.tolist() == [50.0]
    assert out.attrs["dropped"] == {"t: rows given by a higher-priority source": 1}
