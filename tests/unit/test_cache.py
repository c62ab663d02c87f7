"""The disk cache is keyed on the code: changing a function's source is a cache miss."""

import shutil

import pytest

from analysis_lib import cache, code_version


@pytest.fixture
def library_copy(tmp_path, monkeypatch):
    """A copy of analysis_lib's sources whose hash the cache uses, and an empty cache."""
    copy = tmp_path / "analysis_lib"
    shutil.copytree(code_version.LIB_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(code_version, "LIB_DIR", copy)
    monkeypatch.setenv("EVIDENCE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("EVIDENCE_NO_CACHE", raising=False)
    code_version.source_hash.cache_clear()
    yield copy
    code_version.source_hash.cache_clear()


def test_changing_a_functions_source_misses_the_cache(library_copy):
    calls = []

    def compute():
        calls.append(1)
        return {"value": len(calls)}

    key = {"data_fingerprint": "fp", "parameter": 1}
    assert cache.memoise("model", key, compute) == {"value": 1}
    assert cache.memoise("model", key, compute) == {"value": 1} and len(calls) == 1  # a hit

    module = library_copy / "disclosure.py"
    module.write_text(module.read_text().replace("def ", "def _renamed_helper():\n    return 1"
                                                 "\n\n\ndef ", 1))
    code_version.source_hash.cache_clear()
    assert cache.memoise("model", key, compute) == {"value": 2} and len(calls) == 2  # a miss
    assert len(list((library_copy.parent / "cache").glob("model-*.pkl"))) == 2


def test_the_key_holds_the_source_hash(library_copy):
    before = cache.cache_key("x", {"a": 1})
    (library_copy / "new_module.py").write_text("VALUE = 1\n")
    code_version.source_hash.cache_clear()
    assert cache.cache_key("x", {"a": 1}) != before


def test_a_runs_key_holds_its_data_fingerprint_and_parameters(tmp_path):
    from analysis_lib.context import start_run
    from analysis_lib.data import fingerprint

    ctx = start_run("01_attainment_gaps", la="Walsall", first_year=2016, last_year=2019,
                    output_dir=str(tmp_path))
    key = cache.run_key(ctx, measure="headline")
    assert key == {"data": fingerprint("synthetic", None), "measure": "headline"}
    assert cache.run_fingerprint(ctx) is cache.run_fingerprint(ctx)  # hashed once per run
