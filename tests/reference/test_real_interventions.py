"""Every dated event of the compiled LEA interventions list (../shared/data/real/interventions,
skipped when absent) is in data/reference/interventions.csv with its source address."""

from __future__ import annotations

import pandas as pd
import pytest

import analysis_lib.data as data

pytestmark = pytest.mark.real_data


def test_every_compiled_event_is_typed_with_its_source(real_data_dir):
    compiled = pd.read_csv(real_data_dir / "interventions"
                           / "lea_interventions_2000_2005_compiled.csv")
    table = data.load("interventions")
    assert set(compiled.la_code_old) <= set(table.la_code)
    for row in compiled.itertuples():
        urls = set(table.loc[table.la_code == row.la_code_old, "source_url"].dropna())
        assert row.source_url in urls, (row.la_name, row.event)
    # rows the compiler flags as weak or unconfirmed are marked weak
    flagged = compiled[compiled.confidence_notes.fillna("").str.contains(
        "weak|not confirmed", case=False)]
    for row in flagged.itertuples():
        own = table[(table.la_code == row.la_code_old) & (table.source_url == row.source_url)]
        assert (own.confidence == "weak").any(), row.la_name
