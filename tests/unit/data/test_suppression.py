import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis_lib.data.suppression import combine_reasons, parse_numeric, split_reasons
from analysis_lib.errors import DataFileError

SYMBOLS = [("c", "c"), ("x", "x"), ("z", "z"), ("u", "u"), ("low", "low"), ("k", "k"),
           (":", ":"), ("..", ".."), ("[c]", "c"), ("[x]", "x"), ("[z]", "z"), ("[low]", "low"),
           ("SUPP", "SUPP"), ("NE", "NE"), ("NA", "NA"), ("LOWCOV", "LOWCOV"), ("NP", "NP"),
           (" c ", "c"), ("X", "x")]


@pytest.mark.parametrize(("cell", "symbol"), SYMBOLS)
def test_every_suppression_symbol_becomes_missing_with_its_reason(cell, symbol):
    numbers, reasons = parse_numeric(pd.Series(["12", cell]), path="f.csv", column="v")
    assert numbers.iloc[0] == 12 and pd.isna(numbers.iloc[1])
    assert pd.isna(reasons.iloc[0]) and reasons.iloc[1] == symbol


def test_thousands_separators_percent_signs_and_blanks():
    numbers, reasons = parse_numeric(pd.Series(["1,234", "85%", "", None, "-"]), path="f",
                                     column="v", percent_sign=True)
    assert numbers.iloc[0] == 1234 and numbers.iloc[1] == 85
    assert numbers.iloc[2:].isna().all() and reasons.isna().all()


def test_unreadable_text_names_file_column_and_rows():
    with pytest.raises(DataFileError) as err:
        parse_numeric(pd.Series(["1", "2", "n/a", "4", "n/a"]), path="f.csv", column="rate")
    assert err.value.column == "rate" and err.value.rows == [3, 5]
    assert "f.csv" in str(err.value) and "'n/a'" in str(err.value)


def test_numeric_columns_pass_straight_through():
    numbers, reasons = parse_numeric(pd.Series([1, 2, 3]), path="f", column="v")
    assert numbers.tolist() == [1.0, 2.0, 3.0] and reasons.isna().all()


@given(st.lists(st.integers(min_value=0, max_value=10**9), min_size=1, max_size=20))
def test_thousands_separator_round_trip(values):
    text = pd.Series([f"{v:,}" for v in values])
    numbers, _ = parse_numeric(text, path="f", column="v")
    assert numbers.tolist() == [float(v) for v in values]


def test_reasons_combine_and_split_round_trip():
    index = pd.RangeIndex(3)
    reasons = {"agency_rate": pd.Series(["x", pd.NA, "c"], dtype="string"),
               "vacancy_rate": pd.Series(["low", pd.NA, pd.NA], dtype="string")}
    combined = combine_reasons(reasons, index)
    assert combined.tolist()[0] == "agency_rate=x;vacancy_rate=low"
    assert pd.isna(combined.iloc[1]) and combined.iloc[2] == "agency_rate=c"
    back = split_reasons(combined, ["agency_rate", "vacancy_rate"])
    assert back["agency_rate"].tolist()[2] == "c" and pd.isna(back["vacancy_rate"].iloc[2])
