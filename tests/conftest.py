"""Shared fixtures: where the real extracts live, a headless matplotlib, and property tests
without time limits."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

os.environ.setdefault("MPLBACKEND", "Agg")
# speed is measured in benchmarks; a busy machine must not fail a property test
settings.register_profile("untimed", deadline=None)
settings.load_profile("untimed")

PROJECT_ROOT = Path(__file__).resolve().parent.parent
REAL_DATA = PROJECT_ROOT.parent / "shared" / "data" / "real"


@pytest.fixture(scope="session")
def real_data_dir() -> Path:
    """../shared/data/real, or skip when the shared folder is not beside the project."""
    if not REAL_DATA.is_dir():
        pytest.skip(f"real data extracts not present at {REAL_DATA}")
    return REAL_DATA
