"""Code version, data fingerprint (with its fallback) and hashes recorded with a pack."""

import importlib

from analysis_lib.packs import provenance


def test_folder_fingerprint_tracks_names_and_contents(tmp_path):
    (tmp_path / "a.csv").write_text("x\n1\n")
    first = provenance.folder_fingerprint(tmp_path)
    assert first == provenance.folder_fingerprint(tmp_path)
    (tmp_path / "a.csv").write_text("x\n2\n")
    assert provenance.folder_fingerprint(tmp_path) != first
    assert provenance.folder_fingerprint(tmp_path / "none").startswith("absent:")


def test_data_fingerprint_falls_back_to_hashing_the_folder(tmp_path, monkeypatch):
    (tmp_path / "f.csv").write_text("y\n")
    real_import = importlib.import_module

    def without_data_layer(name, *args):
        if name == "analysis_lib.data":
            raise ImportError(name)
        return real_import(name, *args)

    monkeypatch.setattr(provenance.importlib, "import_module", without_data_layer)
    assert provenance.data_fingerprint("official", str(tmp_path)) == (
        provenance.folder_fingerprint(tmp_path))


def test_code_version_names_the_sources():
    code = provenance.code_version()
    assert len(code["analysis_lib_sources_sha256"]) == 64 and code["version"]
    assert provenance.package_versions()["papermill"] != "not installed"


def test_sha256_json_ignores_key_order():
    assert provenance.sha256_json({"a": 1, "b": [1, 2]}) == provenance.sha256_json(
        {"b": [1, 2], "a": 1})
