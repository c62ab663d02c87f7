"""Shared helpers for the data-layer tests: hand-made fixtures and an isolated cache."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True)
def isolated_cache(tmp_path, monkeypatch):
    """Built tables go to a temporary folder, never to the project's data/processed."""
    monkeypatch.setenv("EVIDENCE_PROCESSED_DIR", str(tmp_path / "processed"))


@pytest.fixture
def write(tmp_path):
    """Write ``text`` to ``tmp_path/name`` in an encoding (``utf-8-sig`` adds a BOM)."""

    def _write(name: str, text: str, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode(encoding))
        return path

    return _write


@pytest.fixture
def fixture_text():
    def _text(name: str) -> str:
        return (FIXTURES / name).read_text(encoding="utf-8")

    return _text


@pytest.fixture
def raw_dir(tmp_path):
    """A raw-data folder in the published layout, built from the hand-made fixtures."""
    raw = tmp_path / "raw"
    for name, folder in [("ks2_la_characteristics_2015_2016.csv", "attainment"),
                         ("csww_indicators_2017_to_2018.csv", "csc_workforce"),
                         ("lait_bds_long_2016_2018.csv", "lait")]:
        (raw / folder).mkdir(parents=True, exist_ok=True)
        shutil.copy(FIXTURES / name, raw / folder / name)
    return raw
