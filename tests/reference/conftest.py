"""Loading the real extracts in ../shared/data/real through the public API."""

from __future__ import annotations

import pytest

import analysis_lib.data as data


@pytest.fixture(scope="module")
def real(real_data_dir, tmp_path_factory):
    """``real(table, **filters)``: load a table from the real extracts (official source), with
    the built-table cache in a temporary folder."""
    mp = pytest.MonkeyPatch()
    mp.setenv("EVIDENCE_PROCESSED_DIR", str(tmp_path_factory.mktemp("processed")))
    yield lambda table, **kw: data.load(table, source="official", data_dir=real_data_dir, **kw)
    mp.undo()
