"""Malformed official files through the real pipeline: ``load(table, source="official")``.

Every bad file must stop with one DataFileError naming the file, the column, the first
offending rows (1-based data rows, header excluded) and what was expected; file-level problems
(empty, header-only, undecodable) name the file, the problem and the expectation and have no
column or rows. Publisher conventions (suppression symbols, thousands separators, cp1252,
UTF-8 with a BOM) must read correctly, and rows removed on purpose are counted in the build
metadata written beside the Parquet file.
"""

from __future__ import annotations

import csv
import io
import json
import os

import pandas as pd
import pytest

import analysis_lib.data as data
from analysis_lib.data import store
from analysis_lib.data.catalogue import table as catalogue_table
from analysis_lib.errors import DataFileError
from tests.integration.conftest import FILES

KEYS = list(FILES)


def load(key: str, data_dir) -> pd.DataFrame:
    return data.load(FILES[key].table, source="official", data_dir=data_dir)


def fails(key: str, data_dir) -> DataFileError:
    with pytest.raises(DataFileError) as err:
        load(key, data_dir)
    return err.value


def assert_names(err: DataFileError, path, column: str | None, rows: list[int] | None,
                 expected: str) -> None:
    """The message names the file, the column, the first rows and the expectation."""
    message = str(err)
    assert str(path) in message
    if column is None:
        assert err.column is None
    else:
        assert err.column == column and f"column {column!r}" in message
    if rows is None:
        assert not err.rows
    else:
        assert err.rows[:len(rows)] == rows
        assert "rows " + ", ".join(str(r) for r in rows[:5]) in message
    assert expected in message and f"expected {err.expected}" in message


def rows_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def to_text(rows: list[list[str]], delimiter: str = ",") -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return out.getvalue()


def set_cell(key: str, row: int, column: str, value: str) -> str:
    """The valid file with data row ``row`` (1-based) of ``column`` set to ``value``."""
    rows = rows_of(FILES[key].text)
    rows[row][rows[0].index(column)] = value
    return to_text(rows)


def n_data_rows(key: str) -> int:
    return len(rows_of(FILES[key].text)) - 1


# --- valid files, and nothing dropped silently ---------------------------------------------

@pytest.mark.parametrize("key", KEYS)
def test_valid_file_loads_and_every_row_is_accounted_for(official, key):
    data_dir, _ = official(key)
    df = load(key, data_dir)
    meta = json.loads((store.processed_dir("official", data_dir)
                       / f"{FILES[key].table}.json").read_text())
    assert meta["rows"] == len(df)
    if key == "lea":  # official LEA judgements also come from the cited reference facts
        reference = pd.read_csv(store.REFERENCE_DIR / "la_inspections_lea.csv")
        assert len(df) + sum(meta["dropped"].values()) == len(reference) + n_data_rows(key)
        assert {330, 801} <= set(df.la_code)
    else:
        assert len(df) == n_data_rows(key) and meta["dropped"] == {}


def test_rows_removed_on_purpose_are_counted_in_the_build_metadata(official):
    extra = ("2024,Reporting year,Regional,E92000001,England,E13000001,Inner London,,,,"
             "5000,10,10,10,15\n"
             "2024,Reporting year,Local authority,E92000001,England,E12000009,South West,"
             "940 / 941,,Joint service,100,10,10,10,15\n"
             "2024,Reporting year,Local authority district,E92000001,England,E12000005,"
             "West Midlands,,E08000030,Walsall,100,10,10,10,15\n")
    data_dir, path = official("csww", FILES["csww"].text + extra)
    df = load("csww", data_dir)
    info = store.build_info(catalogue_table("workforce_la"), "official", data_dir)
    name = path.name
    assert info["dropped"] == {f"{name}: Inner/Outer London sub-regions": 1,
                               f"{name}: joint rows for LAs sharing a service": 1,
                               f"{name}: geographic levels other than National/Regional/LA": 1}
    assert len(df) + sum(info["dropped"].values()) == n_data_rows("csww") + 3


def test_two_vintages_of_one_file_are_merged_and_the_merge_is_counted(official):
    data_dir, _ = official("csww")
    older = FILES["csww"].text.replace("2025,", "2023,").replace(",180.0,", ",170.0,")
    (data_dir / "csc_workforce" / "csww_indicators_2023_to_2024.csv").write_text(older)
    df = load("csww", data_dir)
    info = store.build_info(catalogue_table("workforce_la"), "official", data_dir)
    assert sum(info["dropped"].values()) == 5  # the 2024 rows given by both files
    assert len(df) == 7 and set(df.year) == {2023, 2024, 2025}


# --- truncated and mis-split rows ----------------------------------------------------------

@pytest.mark.parametrize("key", KEYS)
def test_file_cut_mid_row(official, key):
    text = FILES[key].text.rstrip("\n")
    head, last = text.rsplit("\n", 1)
    cut = last[:last.index(",") + 3]  # the second field is cut short
    data_dir, path = official(key, head + "\n" + cut)
    err = fails(key, data_dir)
    header = rows_of(FILES[key].text)[0]
    assert "truncated" in err.problem
    assert_names(err, path, header[2], [n_data_rows(key)], f"{len(header)} comma-separated")


def test_file_cut_inside_a_quoted_name(official):
    text = FILES["c1"].text
    data_dir, path = official("c1", text[:text.index("Bristol, Ci") + len("Bristol, Ci")])
    err = fails("c1", data_dir)
    assert "not closed" in err.problem
    assert_names(err, path, "la_name", [4], "14 comma-separated")


def test_short_row_in_the_middle_of_the_file(official):
    lines = FILES["tf"].text.splitlines()
    lines[2] = lines[2].rsplit(",", 2)[0]  # last two fields lost, newline kept
    data_dir, path = official("tf", "\n".join(lines) + "\n")
    err = fails("tf", data_dir)
    assert_names(err, path, "Families worked with", [2], "8 comma-separated")


def test_unquoted_comma_in_a_name_adds_a_field(official):
    data_dir, path = official("csww", FILES["csww"].text.replace('"Bristol, City of"',
                                                                 "Bristol, City of"))
    err = fails("csww", data_dir)
    assert "unquoted comma" in err.problem
    assert_names(err, path, "caseload_fte", [6], "15 comma-separated")


def test_two_files_pasted_together_repeat_the_header(official):
    text = FILES["csww"].text
    data_dir, path = official("csww", text + text)
    err = fails("csww", data_dir)
    assert "header row is repeated" in err.problem
    assert_names(err, path, "time_period", [7], "one header row at the top of the file")


def test_required_column_given_twice(official):
    rows = rows_of(FILES["csww"].text)
    data_dir, path = official("csww", to_text([r + [r[-1]] for r in rows]))
    err = fails("csww", data_dir)
    assert "appears twice" in err.problem
    assert_names(err, path, "caseload_fte", None, "each required column once")


@pytest.mark.parametrize(("value", "row"), [("1899", 2), ("2205", 2)])
def test_year_out_of_range(official, value, row):
    data_dir, path = official("c1", set_cell("c1", row, "time_period", value))
    assert_names(fails("c1", data_dir), path, "time_period", [row], "a year from 1990 to 2100")


# --- delimiter and encodings -------------------------------------------------------------

@pytest.mark.parametrize("key", KEYS)
@pytest.mark.parametrize(("delimiter", "name"), [(";", "semicolon"), ("\t", "tab")])
def test_wrong_delimiter(official, key, delimiter, name):
    rows = rows_of(FILES[key].text)
    text = to_text(rows, delimiter)
    data_dir, path = official(key, text)
    err = fails(key, data_dir)
    assert f"{name}-separated" in err.problem
    header = text.split("\n", 1)[0]
    assert_names(err, path, header[:60], list(range(1, len(rows))), "comma-separated values")


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8-sig"])
@pytest.mark.parametrize(("key", "column", "tidy", "value"), [
    ("csww", "la_name", "area_name", "Bristol, City of \u2013 \u00a3 caf\u00e9"),
    ("mi", "School name", "school_name", "St Mary\u2019s \u2013 \u00a3 Primary"),
    ("gias", "EstablishmentName", "school_name", "St Mary\u2019s \u2013 \u00a3 Primary"),
    ("lea", "LA name", "la_name", "Bristol, City of \u2013 \u00a3"),
])
def test_cp1252_and_bom_files_read_exactly(official, tmp_path, encoding, key, column, tidy,
                                           value):
    text = set_cell(key, 3 if key != "csww" else 6, column, value)
    expected = load(key, official(key, text, data_dir=tmp_path / "utf8")[0])
    data_dir, _ = official(key, text, encoding=encoding)
    got = load(key, data_dir)
    pd.testing.assert_frame_equal(got, expected)
    assert value in set(got[tidy])


def test_byte_that_is_neither_utf8_nor_cp1252(official):
    raw = FILES["mi"].text.encode().replace(b"Beta Academy", b"Beta \x81cademy")
    data_dir, path = official("mi", data=raw)
    err = fails("mi", data_dir)
    assert_names(err, path, None, [2], "UTF-8 or Windows-1252")


def test_utf16_file(official):
    data_dir, path = official("c1", FILES["c1"].text, encoding="utf-16")
    err = fails("c1", data_dir)
    assert "UTF-16" in err.problem
    assert_names(err, path, None, None, "UTF-8 or Windows-1252")


# --- empty files -----------------------------------------------------------------------

@pytest.mark.parametrize("key", KEYS)
@pytest.mark.parametrize("content", [b"", b"\n\n  \r\n", b"\xef\xbb\xbf"],
                         ids=["0-bytes", "blank-lines", "bom-only"])
def test_empty_file(official, key, content):
    data_dir, path = official(key, data=content)
    err = fails(key, data_dir)
    assert "empty" in err.problem
    assert_names(err, path, None, None, "a header row naming the columns")


@pytest.mark.parametrize("key", KEYS)
def test_header_only_file(official, key):
    data_dir, path = official(key, FILES[key].text.split("\n", 1)[0] + "\n")
    err = fails(key, data_dir)
    assert "no data rows" in err.problem
    assert_names(err, path, None, None, "at least one data row")


# --- columns ---------------------------------------------------------------------------

@pytest.mark.parametrize(("key", "column"), [
    ("csww", "caseload_fte"), ("c1", "rereferral_percent"), ("mi", "Overall effectiveness"),
    ("lea", "Grade"), ("gias", "PercentageFSM"), ("tf", "Date")])
def test_missing_column(official, key, column):
    rows = rows_of(FILES[key].text)
    i = rows[0].index(column)
    data_dir, path = official(key, to_text([r[:i] + r[i + 1:] for r in rows]))
    err = fails(key, data_dir)
    assert "missing from the header row" in err.problem
    assert_names(err, path, column, None, f"columns [{column!r}]")


@pytest.mark.parametrize(("key", "column", "renamed"), [
    ("csww", "caseload_fte", "caseload"), ("gias", "LA (code)", "LA code"),
    ("mi", "Inspection start date", "Inspection date"), ("tf", "Families turned around",
                                                         "Families turned round")])
def test_renamed_column_is_named_with_its_new_name(official, key, column, renamed):
    data_dir, path = official(key, FILES[key].text.replace(column, renamed, 1))
    err = fails(key, data_dir)
    assert_names(err, path, column, None, f"{column!r} (renamed to {renamed!r}?)")


# --- keys, values, dates and codes -------------------------------------------------------

@pytest.mark.parametrize(("key", "row", "change", "column"), [
    ("csww", 3, ("173.3", "99.0"), "year,geographic_level,la_code,region_code"),
    ("c1", 3, ("4210", "4300"), "year,geographic_level,la_code,region_code"),
    ("mi", 1, ("Alpha", "Alpha"), "urn,inspection_date"),
    ("lea", 1, (",4", ",5"), "la_code,inspection_date,judgement"),
    ("gias", 2, ("Beta", "Beta"), "urn"),
    ("tf", 2, ("3000", "3100"), "la_code,phase,period_end"),
])
def test_duplicated_key(official, key, row, change, column):
    lines = FILES[key].text.splitlines()
    repeat = lines[row].replace(*change)
    data_dir, path = official(key, "\n".join(lines + [repeat]) + "\n")
    err = fails(key, data_dir)
    last = n_data_rows(key) + 1
    assert f"row {last} repeats row {row}" in err.problem
    assert_names(err, path, column, [last], "one row per")


@pytest.mark.parametrize(("key", "row", "column", "value", "expected"), [
    ("mi", 2, "Overall effectiveness", "5", "1, 2, 3, 4, 'Not judged' or blank"),
    ("csww", 3, "agency_rate_fte", "140", "0 to 100"),
    ("csww", 4, "turnover_rate_fte", "-2", "0 to 100"),
    ("csww", 5, "caseload_fte", "140", "0 to 100"),
    ("csww", 6, "inpost_fte", "-1", ">= 0"),
    ("c1", 3, "rereferral_percent", "140", "0 to 100"),
    ("c1", 4, "referral_count", "-12", ">= 0"),
    ("lea", 1, "Grade", "8", "a whole number 1 to 7"),
    ("lea", 2, "Grade", "2.5", "a whole number 1 to 7"),
    ("gias", 1, "PercentageFSM", "140", "0 to 100"),
    ("tf", 3, "Families turned around", "-5", ">= 0"),
])
def test_value_out_of_range(official, key, row, column, value, expected):
    data_dir, path = official(key, set_cell(key, row, column, value))
    err = fails(key, data_dir)
    assert "range" in err.problem
    assert_names(err, path, column, [row], expected)


@pytest.mark.parametrize(("key", "row", "column", "value", "hint"), [
    ("mi", 2, "Inspection start date", "2019/13/45", ""),
    ("mi", 2, "Inspection start date", "31-Aug-2019", ""),
    ("mi", 2, "Inspection start date", "12/31/2019", "month before day"),
    ("mi", 2, "Inspection start date", "2019-02-30", ""),
    ("mi", 2, "Inspection start date", "10th March 2019", ""),
    ("gias", 2, "OpenDate", "04/13/2012", "month before day"),
    ("lea", 3, "Inspection date", "2000-11-31", ""),
    ("tf", 1, "Date", "May 2015", ""),
])
def test_unreadable_date(official, key, row, column, value, hint):
    data_dir, path = official(key, set_cell(key, row, column, value))
    err = fails(key, data_dir)
    assert f"unparseable date {value!r}" in err.problem and hint in err.problem
    assert_names(err, path, column, [row], "a day-first date dd/mm/yyyy")


@pytest.mark.parametrize("value", ["2019-03-12", "12-03-2019", "12/03/19", "12/3/2019",
                                   "12/03/2019 00:00"])
def test_accepted_date_forms_give_the_same_date(official, value):
    data_dir, _ = official("mi", set_cell("mi", 1, "Inspection start date", value))
    df = load("mi", data_dir)
    assert df.loc[df.urn == 104000, "inspection_date"].iloc[0] == pd.Timestamp("2019-03-12")


def test_missing_required_date(official):
    data_dir, path = official("mi", set_cell("mi", 3, "Inspection start date", ""))
    assert_names(fails("mi", data_dir), path, "Inspection start date", [3],
                 "a date on every row")


@pytest.mark.parametrize(("key", "row", "column", "value"), [
    ("csww", 3, "old_la_code", "999"), ("c1", 4, "old_la_code", "999"),
    ("mi", 2, "LAESTAB", "9994000"), ("lea", 1, "LA code", "999"),
    ("gias", 3, "LA (code)", "999"), ("tf", 2, "LA code", "999")])
def test_la_code_that_does_not_exist(official, key, row, column, value):
    data_dir, path = official(key, set_cell(key, row, column, value))
    err = fails(key, data_dir)
    assert "unknown LA code '999'" in err.problem
    assert_names(err, path, column, [row], "a code listed in data/reference/las.csv")


@pytest.mark.parametrize("key", ["csww", "c1"])
def test_la_code_and_gss_code_that_disagree(official, key):
    text = FILES[key].text.replace("335,E08000030", "335,E08000025", 1)
    data_dir, path = official(key, text)
    err = fails(key, data_dir)
    assert "old_la_code 335 and new_la_code 'E08000025' name different LAs" in err.problem
    assert_names(err, path, "new_la_code", [3], "the GSS code of LA 335 in data/reference/las.csv"
                 " (E08000030)")


@pytest.mark.parametrize("value", ["Walsall", "33", "3350"])
def test_unreadable_la_code(official, value):
    data_dir, path = official("tf", set_cell("tf", 2, "LA code", value))
    assert_names(fails("tf", data_dir), path, "LA code", [2], "a 3-digit DfE LA code")


# --- suppression symbols and thousands separators ----------------------------------------

SYMBOLS = {"c": "c", "x": "x", "z": "z", "u": "u", "low": "low", "k": "k", ":": ":",
           "..": "..", "[c]": "c", "[x]": "x", "[z]": "z", "[low]": "low", " C ": "c",
           "[Low]": "low"}


@pytest.mark.parametrize(("symbol", "canonical"), list(SYMBOLS.items()))
@pytest.mark.parametrize(("key", "row", "column", "tidy"), [
    ("csww", 3, "agency_rate_fte", "agency_rate"),
    ("c1", 3, "referral_count", "referrals"),
    ("tf", 3, "Families turned around", "families_turned_around"),
])
def test_suppression_symbols_read_as_missing_with_their_reason(official, key, row, column,
                                                               tidy, symbol, canonical):
    data_dir, _ = official(key, set_cell(key, row, column, symbol))
    df = load(key, data_dir)
    assert len(df) == n_data_rows(key)
    code = 330 if key == "tf" else 335
    year = {"csww": 2024, "c1": 2025}.get(key)
    hit = df[(df.la_code == code) & ((df.year == year) if year else (df.phase == 1))]
    assert len(hit) == 1 and pd.isna(hit[tidy].iloc[0])
    assert hit["missing_reason"].iloc[0] == f"{tidy}={canonical}"
    assert df["missing_reason"].notna().sum() == 1


@pytest.mark.parametrize("value", ["*", "n/a", "N.A.", "?", "12..5", "#DIV/0!", "#N/A"])
def test_unknown_symbol_is_refused(official, value):
    data_dir, path = official("c1", set_cell("c1", 2, "referral_count", value))
    err = fails("c1", data_dir)
    assert f"unreadable value {value!r}" in err.problem
    assert_names(err, path, "referral_count", [2], "a number or a DfE suppression symbol")


@pytest.mark.parametrize(("key", "row", "column", "tidy", "cell", "number"), [
    ("c1", 1, "referral_count", "referrals", "632,830", 632830.0),
    ("csww", 5, "inpost_fte", "social_worker_fte", "1,234.5", 1234.5),
    ("tf", 2, "Families to work with", "target_families", "3,000", 3000.0),
    ("c1", 2, "referral_count", "referrals", "1,070,000", 1070000.0),
])
def test_thousands_separators(official, key, row, column, tidy, cell, number):
    data_dir, _ = official(key, set_cell(key, row, column, cell))
    df = load(key, data_dir)
    assert number in set(df[tidy]) and df["missing_reason"].isna().all()


@pytest.mark.parametrize("cell", ["1,23", "12,34,567", "17,2", "1,2345"])
@pytest.mark.parametrize(("key", "column"), [("csww", "caseload_fte"),
                                             ("c1", "referral_count")])
def test_commas_that_are_not_thousands_separators_are_refused(official, key, column, cell):
    data_dir, path = official(key, set_cell(key, 4, column, cell))
    err = fails(key, data_dir)
    assert f"unreadable value {cell!r}" in err.problem
    assert_names(err, path, column, [4], "a number or a DfE suppression symbol")


# --- the cache never hides a bad file ----------------------------------------------------

def test_each_data_dir_has_its_own_cache(official, tmp_path):
    a, _ = official("csww", data_dir=tmp_path / "a")
    b, _ = official("csww", FILES["csww"].text.replace("173.3", "999.9"),
                    data_dir=tmp_path / "b")
    assert store.processed_dir("official", a) != store.processed_dir("official", b)
    assert store.processed_dir("official", a) == store.processed_dir("official", str(a) + "/")
    fte = {d: load("csww", d).query("la_code == 335 and year == 2024").social_worker_fte.item()
           for d in (a, b, a)}
    assert fte == {a: 173.3, b: 999.9}


def test_a_bad_rewrite_is_seen_even_within_the_same_clock_tick(official):
    data_dir, path = official("mi")
    assert len(load("mi", data_dir)) == 4
    before = path.stat()
    bad = FILES["mi"].text.replace("05/11/2019,3", "05/11/2019,5")  # same size
    path.write_text(bad)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # same clock tick
    assert_names(fails("mi", data_dir), path, "Overall effectiveness", [2], "1, 2, 3, 4")
    assert_names(fails("mi", data_dir), path, "Overall effectiveness", [2], "1, 2, 3, 4")
    path.write_text(FILES["mi"].text)
    assert len(load("mi", data_dir)) == 4
