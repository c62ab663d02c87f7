"""Code version, data fingerprint and hashes recorded with a pack."""

from analysis_lib import data
from analysis_lib.packs import provenance


def test_data_fingerprint_is_the_data_layers(tmp_path):
    official = provenance.data_fingerprint("official", str(tmp_path))
    assert official == data.fingerprint("official", tmp_path)
    assert official != provenance.data_fingerprint("synthetic")


def test_code_version_names_the_sources():
    code = provenance.code_version()
    assert len(code["analysis_lib_sources_sha256"]) == 64 and code["version"]
    assert provenance.package_versions()["papermill"] != "not installed"


def test_sha256_json_ignores_key_order():
    assert provenance.sha256_json({"a": 1, "b": [1, 2]}) == provenance.sha256_json(
        {"b": [1, 2], "a": 1})


def test_table_fingerprints_change_only_for_the_tables_a_file_feeds(tmp_path):
    (tmp_path / "csc_workforce").mkdir()
    (tmp_path / "csc_workforce" / "csww_indicators_2025.csv").write_text("a,b\n1,2\n")
    before = provenance.table_fingerprints("official", str(tmp_path))
    assert set(before) >= {"workforce_la", "cin_la", "las"}
    (tmp_path / "children_in_need").mkdir()
    (tmp_path / "children_in_need" / "c1_2025.csv").write_text("a,b\n1,2\n")
    after = provenance.table_fingerprints("official", str(tmp_path))
    assert {name for name in before if before[name] != after[name]} == {"cin_la"}


def test_code_version_records_the_commit_of_a_checkout():
    code = provenance.code_version()
    assert {"git_commit", "git_dirty", "analysis_lib_version"} <= set(code)
    if code["git"]:
        assert len(code["git_commit"]) == 40
