"""LA codes, names, boundary changes and statistical neighbours (analysis_lib.geography)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis_lib import geography
from analysis_lib.data.schemas import LAS, STATISTICAL_NEIGHBOURS
from analysis_lib.errors import ParameterError

REAL = Path(__file__).resolve().parents[3] / "shared" / "data" / "real"


@pytest.fixture()
def real_dir() -> Path:
    if not REAL.is_dir():
        pytest.skip("../shared/data/real is absent")
    return REAL


def test_reference_tables_match_schemas_and_cite_sources():
    las = LAS.validate(geography.las())
    assert las.source.str.len().gt(10).all()
    sn = pd.read_csv(geography.REFERENCE_DIR / "statistical_neighbours.csv", dtype={"model": str})
    STATISTICAL_NEIGHBOURS.validate(sn)
    assert sn.source.str.len().gt(10).all()


@pytest.mark.parametrize("value", ["Walsall", "walsall", " WALSALL ", "335", 335, "E08000030"])
def test_resolve_la_accepts_names_and_codes(value):
    assert geography.resolve_la(value) == (335, "Walsall")


def test_resolve_la_knows_old_gss_codes_and_predecessors():
    assert geography.resolve_la("E10000006") == (909, "Cumbria")
    assert geography.resolve_la("E10000005")[0] == 908  # Cornwall county before 2009
    assert geography.resolve_la(875) == (875, "Cheshire")


def test_unknown_la_lists_close_matches():
    with pytest.raises(ParameterError, match="Walsall"):
        geography.resolve_la("Walsal")
    with pytest.raises(ParameterError, match="Unknown local authority"):
        geography.resolve_la(999)


@pytest.mark.parametrize(("year", "present", "absent"), [
    (2008, {875, 820, 837, 928, 909}, {895, 822, 839, 940, 942}),
    (2009, {895, 896, 822, 823, 837}, {875, 820}),
    (2019, {838, 839, 928}, {835, 836, 837}),
    (2021, {940, 941, 909}, {928}),
    (2023, {942, 943}, {909}),
])
def test_boundary_changes(year, present, absent):
    codes = set(geography.las(year).la_code)
    assert present <= codes and not absent & codes


def test_current_las_are_the_153_upper_tier_authorities():
    current = geography.las(2025)
    assert current.la_code.is_unique and len(current) == 153
    assert current.region_code.nunique() == 9


def test_statistical_neighbours_of_walsall():
    assert geography.statistical_neighbours(335) == [354, 861, 357, 336, 371, 831, 350, 372,
                                                     812, 333]
    assert geography.statistical_neighbours("Walsall", model="2021")[:3] == [831, 354, 874]
    with pytest.raises(ParameterError):
        geography.statistical_neighbours(335, model="2019")


def test_region_and_comparators():
    assert geography.region_of("Walsall") == "E12000005"
    west_mids = geography.las_in_region("E12000005")
    assert 335 in west_mids and geography.las_in_region("West Midlands") == west_mids
    assert 335 not in geography.comparators(335, "region")
    assert set(geography.comparators(335, "region")) == set(west_mids) - {335}
    assert len(geography.comparators(335, "england", year=2025)) == 152
    assert geography.comparators(335, ["Dudley", "336", 333]) == [332, 336, 333]
    assert geography.comparators(335, "statistical_neighbours") == \
        geography.statistical_neighbours(335)
    with pytest.raises(ParameterError):
        geography.comparators(335, "nearby")
    with pytest.raises(ParameterError):
        geography.las_in_region("Atlantis")


@pytest.mark.real_data
def test_codes_match_published_ees_geography(real_dir):
    real = pd.read_csv(real_dir / "csc_workforce/csww_indicators_2017_to_2025.csv", dtype=str)
    real = real[(real.geographic_level == "Local authority")
                & ~real.old_la_code.fillna("/").str.contains("/")]
    for row in real.drop_duplicates(["old_la_code", "new_la_code"]).itertuples():
        year = int(row.time_period)
        ours = geography.las(year)
        match = ours[ours.la_code == int(row.old_la_code)]
        assert len(match) == 1, (row.old_la_code, year)
        assert match.gss_code.iloc[0] == row.new_la_code, row


@pytest.mark.real_data
def test_neighbours_match_published_lookups(real_dir):
    wide = pd.read_csv(real_dir / "lookups/sn_model_2025_wide.csv", dtype=str,
                       encoding="utf-8-sig")
    for row in wide.itertuples():
        assert geography.statistical_neighbours(int(row.old_la_code)) == [
            int(getattr(row, f"SN_{k}")) for k in range(1, 11)]
    codes = pd.read_excel(real_dir / "lookups/lait_la_code_list.xlsx")
    assert set(geography.las(2025).la_code) <= set(codes["LA Number"].astype(int))


def test_a_name_two_las_have_had_means_the_current_one():
    assert geography.resolve_la("Dorset") == (838, "Dorset")  # Dorset Council, from 2019
    assert geography.resolve_la(835) == (835, "Dorset")  # the county, to 2018
