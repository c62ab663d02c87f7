"""A reduced synthetic England shared by the synth tests (about 10% of schools and families)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from analysis_lib.data.synth import SynthConfig, generate

REAL = Path(__file__).resolve().parents[4] / "shared" / "data" / "real"
SMALL = SynthConfig(school_scale=0.1, family_scale=0.1)


@pytest.fixture(scope="session")
def small_synth(tmp_path_factory) -> Path:
    return generate(tmp_path_factory.mktemp("synth_small"), seed=7, config=SMALL)


@pytest.fixture(scope="session")
def truth(small_synth) -> dict:
    return json.loads((small_synth / "truth.json").read_text())


@pytest.fixture()
def real_dir() -> Path:
    if not REAL.is_dir():
        pytest.skip("../shared/data/real is absent")
    return REAL


def read(path: Path) -> pd.DataFrame:
    """A generated CSV as strings, as the readers see it."""
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def one(folder: Path, pattern: str) -> Path:
    (path,) = sorted(folder.glob(pattern))
    return path
