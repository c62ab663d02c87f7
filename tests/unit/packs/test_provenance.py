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
