import pytest

from analysis_lib.data.readers import ees
from analysis_lib.errors import DataFileError

KS2 = "ks2_la_characteristics_2015_2016.csv"


def test_ks2_characteristics_tidy_rows(write, fixture_text):
    df = ees.read_ks2_la_characteristics(write(KS2, fixture_text(KS2)))
    walsall = df[(df.la_code == 335) & (df.year == 2016)].set_index("pupil_group")
    assert walsall.loc["disadvantaged", "value"] == 37
    assert walsall.loc["disadvantaged", "eligible_pupils"] == 1400
    assert walsall.loc["not_disadvantaged", "missing_reason"] == "value=c;pupils_meeting=c"
    assert set(walsall["measure"]) == {"rwm_expected_standard"}
    national = df[df.geographic_level == "National"].set_index("pupil_group")
    assert national.loc["all", "eligible_pupils"] == 560_000  # thousands separators
    assert national.loc["all", "area_name"] == "England"


def test_regime_and_measure_follow_the_year(write, fixture_text):
    df = ees.read_ks2_la_characteristics(write(KS2, fixture_text(KS2)))
    row = df[(df.la_code == 335) & (df.year == 2015)].iloc[0]
    assert (row.measure, row.regime) == ("rwm_level4", "levels")


def test_dropped_rows_are_counted_not_silent(write, fixture_text):
    df = ees.read_ks2_la_characteristics(write(KS2, fixture_text(KS2)))
    dropped = df.attrs["dropped"]
    assert dropped[f"{KS2}: Inner/Outer London sub-regions"] == 1
    assert dropped[f"{KS2}: joint rows for LAs sharing a service"] == 1
    assert 940 not in set(df.la_code.dropna())


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252", "utf-8"])
def test_bom_and_cp1252_files_read_the_same(write, fixture_text, encoding):
    text = fixture_text(KS2).replace("Sandwell", "Sandwell’s")  # a cp1252 curly quote
    df = ees.read_ks2_la_characteristics(write(KS2, text, encoding))
    assert "Sandwell’s" in set(df.area_name)
    assert df.columns[0] != "\ufefftime_period"


def test_missing_column_names_it(write, fixture_text):
    text = fixture_text(KS2).replace("pt_rwm_met_expected_standard", "pt_rwm")
    with pytest.raises(DataFileError) as err:
        ees.read_ks2_la_characteristics(write(KS2, text))
    assert err.value.column == "pt_rwm_met_expected_standard"
    assert KS2 in str(err.value)


def test_percentage_out_of_range_names_row(write, fixture_text):
    text = fixture_text(KS2).replace("Walsall,Total,Total,3400,1700,50",
                                     "Walsall,Total,Total,3400,1700,140")
    with pytest.raises(DataFileError) as err:
        ees.read_ks2_la_characteristics(write(KS2, text))
    assert err.value.rows == [5] and err.value.column == "pt_rwm_met_expected_standard"
    assert "140" in str(err.value) and "0 to 100" in str(err.value)


def test_negative_count_is_refused(write, fixture_text):
    text = fixture_text(KS2).replace("Walsall,Total,Total,3400", "Walsall,Total,Total,-3400")
    with pytest.raises(DataFileError, match="out of range"):
        ees.read_ks2_la_characteristics(write(KS2, text))


def test_duplicated_key_is_refused(write, fixture_text):
    lines = fixture_text(KS2).splitlines()
    text = "\n".join(lines + [lines[5]]) + "\n"
    with pytest.raises(DataFileError, match="duplicated key") as err:
        ees.read_ks2_la_characteristics(write(KS2, text))
    assert err.value.rows == [11]


@pytest.mark.parametrize(("bad", "problem"), [("2015/16", "unreadable year"),
                                              ("201517", "unreadable year")])
def test_unreadable_years(write, fixture_text, bad, problem):
    text = fixture_text(KS2).replace("201415,", f"{bad},")
    with pytest.raises(DataFileError, match=problem):
        ees.read_ks2_la_characteristics(write(KS2, text))


def test_unknown_la_code_is_refused(write, fixture_text):
    text = fixture_text(KS2).replace(",333,E08000028", ",399,E08000028")
    with pytest.raises(DataFileError, match="unknown LA code") as err:
        ees.read_ks2_la_characteristics(write(KS2, text))
    assert err.value.column == "old_la_code"


def test_empty_truncated_and_wrong_delimiter_files(write, fixture_text):
    with pytest.raises(DataFileError, match="empty"):
        ees.read_ks2_la_characteristics(write("empty.csv", ""))
    truncated = fixture_text(KS2).rstrip("\n")[:-12]
    with pytest.raises(DataFileError, match="truncated"):
        ees.read_ks2_la_characteristics(write("cut.csv", truncated))
    semicolons = fixture_text(KS2).replace(",", ";")
    with pytest.raises(DataFileError, match="comma"):
        ees.read_ks2_la_characteristics(write("semi.csv", semicolons))
    header_only = fixture_text(KS2).splitlines()[0] + "\n"
    with pytest.raises(DataFileError, match="no data rows"):
        ees.read_ks2_la_characteristics(write("header.csv", header_only))


def test_workforce_indicators(write, fixture_text):
    name = "csww_indicators_2017_to_2018.csv"
    df = ees.read_csww_indicators(write(name, fixture_text(name)))
    row = df[(df.la_code == 335) & (df.year == 2017)].iloc[0]
    assert row.caseload_per_fte == 17.2 and row.social_worker_fte == 156.8
    assert row.missing_reason == "agency_rate=low;turnover_rate=u"
