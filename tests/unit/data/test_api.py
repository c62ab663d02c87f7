import os
import time

import pandas as pd
import pytest

import analysis_lib.data as data
from analysis_lib.data import store
from analysis_lib.data.catalogue import TABLES, table
from analysis_lib.errors import DataFileError, DataNotAvailableError, ParameterError


def test_tables_lists_the_catalogue():
    listed = data.tables()
    assert {"las", "ks_attainment_la", "workforce_la", "la_inspections", "floor_standards",
            "tf_family_outcomes"} <= set(listed.table)
    assert listed.description.str.len().min() > 10


def test_workforce_combines_ees_and_lait(raw_dir):
    df = data.load("workforce_la", data_dir=raw_dir)
    walsall = df[df.la_code == 335].set_index("year")
    assert walsall.loc[2016, "caseload_per_fte"] == 14.3  # LAIT fills the year before EES
    assert walsall.loc[2017, "caseload_per_fte"] == 17.2  # EES wins over LAIT's 17.0
    assert walsall.loc[2017, "agency_rate"] == 30.5  # EES 'low' gap filled by LAIT
    assert walsall.loc[2017, "missing_reason"] == "turnover_rate=u"
    assert pd.isna(walsall.loc[2016, "missing_reason"])


def test_la_and_year_filters_keep_benchmarks(raw_dir):
    df = data.load("workforce_la", data_dir=raw_dir, la=335, years=(2017, 2018))
    assert set(df.year) == {2017, 2018}
    assert set(df.geographic_level) == {"Local authority", "National"}
    only = data.load("workforce_la", data_dir=raw_dir, la="Walsall", include_benchmarks=False)
    assert set(only.la_code) == {335} and set(only.year) == {2016, 2017, 2018}


def test_attainment_from_ees_and_lait(raw_dir):
    df = data.load("ks_attainment_la", data_dir=raw_dir, la=[335])
    walsall = df[(df.la_code == 335) & (df.year == 2016)].set_index("pupil_group")
    assert walsall.loc["disadvantaged", "eligible_pupils"] == 1400  # EES row kept over LAIT
    assert walsall.loc["not_disadvantaged", "missing_reason"] == "value=c;pupils_meeting=c"


def test_missing_table_names_folder_and_globs(raw_dir):
    with pytest.raises(DataNotAvailableError) as err:
        data.load("school_inspections", data_dir=raw_dir)
    message = str(err.value)
    assert "school_inspections" in message and str(raw_dir) in message
    assert "ofsted_schools/school_inspections_*.csv" in message


@pytest.mark.parametrize(("kwargs", "error"), [
    ({"name": "nope"}, ParameterError), ({"name": "las", "source": "web"}, ParameterError),
    ({"name": "las", "years": (2020, 2010)}, ParameterError),
    ({"name": "las", "years": "2010"}, ParameterError),
    ({"name": "las", "la": "Atlantis"}, ParameterError)])
def test_bad_parameters(kwargs, error):
    name = kwargs.pop("name")
    with pytest.raises(error):
        data.load(name, **kwargs)


def test_filters_that_leave_nothing_raise(raw_dir):
    with pytest.raises(DataNotAvailableError, match="no rows"):
        data.load("workforce_la", data_dir=raw_dir, years=(1990, 1995))


def test_cache_reused_then_rebuilt_when_a_raw_file_changes(raw_dir):
    data.load("workforce_la", data_dir=raw_dir)
    parquet = store.processed_dir("synthetic", raw_dir) / "workforce_la.parquet"
    built = parquet.stat().st_mtime_ns
    started = time.perf_counter()
    data.load("workforce_la", data_dir=raw_dir)
    assert time.perf_counter() - started < 1.0
    assert parquet.stat().st_mtime_ns == built
    csv = raw_dir / "csc_workforce" / "csww_indicators_2017_to_2018.csv"
    csv.write_text(csv.read_text().replace("173.3,19.9", "173.3,19.5"))
    df = data.load("workforce_la", data_dir=raw_dir, la=335, years=(2018, 2018),
                   include_benchmarks=False)
    assert df.caseload_per_fte.tolist() == [19.5]


def test_a_parquet_file_changed_after_validation_is_rebuilt_not_trusted(raw_dir):
    clean = data.load("workforce_la", data_dir=raw_dir)
    parquet = store.processed_dir("synthetic", raw_dir) / "workforce_la.parquet"
    tampered = clean.assign(caseload_per_fte=250.0)  # fails the schema's 0-100 range
    tampered.to_parquet(parquet, index=False)
    again = data.load("workforce_la", data_dir=raw_dir)
    pd.testing.assert_frame_equal(again, clean)
    assert store.build_info(table("workforce_la"), "synthetic", raw_dir)["parquet_sha256"] \
        == store.sha256(parquet)


def test_fingerprint_is_stable_and_tracks_content(raw_dir):
    first = data.fingerprint("synthetic", raw_dir)
    csv = raw_dir / "lait" / "lait_bds_long_2016_2018.csv"
    os.utime(csv, (1, 1))  # a touched but unchanged file keeps the fingerprint
    assert data.fingerprint("synthetic", raw_dir) == first
    csv.write_text(csv.read_text() + "CIN,2017,335,Walsall,392.3\n")
    assert data.fingerprint("synthetic", raw_dir) != first


def test_bad_file_stops_the_build_with_its_name(raw_dir):
    csv = raw_dir / "csc_workforce" / "csww_indicators_2017_to_2018.csv"
    csv.write_text(csv.read_text().replace("27.3,27.6", "127.3,27.6"))
    with pytest.raises(DataFileError) as err:
        data.load("workforce_la", data_dir=raw_dir)
    assert err.value.column == "agency_rate_fte" and err.value.rows == [2]


def test_build_all_reports_unavailable_tables(raw_dir):
    report = data.build_all("synthetic", raw_dir)
    assert report["workforce_la"]["rows"] > 0
    assert "not_available" in report["tf_la"]
    assert set(report) == {n for n, t in TABLES.items() if t.inputs}


def test_schema_failure_of_a_combined_table_names_folder_and_check(raw_dir):
    lait = raw_dir / "lait" / "lait_bds_long_2016_2018.csv"
    lait.write_text(lait.read_text() + "Work_Force_AvgNumCase_SW,2016,336,Wolverhampton,140\n")
    with pytest.raises(DataFileError) as err:
        data.load("workforce_la", data_dir=raw_dir)
    assert err.value.column == "caseload_per_fte" and "schema" in str(err.value)


def test_a_reference_file_is_validated_again_when_its_content_changes(tmp_path, monkeypatch):
    from analysis_lib.data import api

    folder = tmp_path / "reference"
    folder.mkdir()
    csv = folder / "interventions.csv"
    csv.write_bytes((api.REFERENCE_DIR / "interventions.csv").read_bytes())
    monkeypatch.setattr(api, "REFERENCE_DIR", folder)
    monkeypatch.setattr("analysis_lib.data.build.REFERENCE_DIR", folder)
    assert len(data.load("interventions")) > 0
    lines = csv.read_text().splitlines()
    arrangement = lines[0].split(",").index("arrangement")
    first = lines[1].split(",")
    first[arrangement] = "sold"
    csv.write_text("\n".join([lines[0], ",".join(first), *lines[2:]]))
    with pytest.raises(DataFileError, match="interventions"):
        data.load("interventions")
