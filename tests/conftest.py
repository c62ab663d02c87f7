"""Shared fixtures: where the real extracts live, and a headless matplotlib."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("MPLBACKEND", "Agg")

PROJECT_ROOT = Path(__file__).resolve().parent.parent
REAL_DATA = PROJECT_ROOT.parent / "shared" / "data" / "real"


@pytest.fixture(scope="session")
def real_data_dir() -> Path:
    """../shared/data/real, or skip when the shared folder is not beside the project."""
    if not REAL_DATA.is_dir():
        pytest.skip(f"real data extracts not present at {REAL_DATA}")
    return REAL_DATA
