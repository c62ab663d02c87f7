"""The real school inspection history (a third-party compilation of Ofsted's published
judgements), the 2017-18 school spine and GIAS links in ../shared/data/real (skipped when
absent). Expected counts are those stated in PROVENANCE.md ("Added 2026-12-03") or read from
the files' own rows, as each assertion says."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis_lib.data.readers import ofsted_schools, ofsted_timeline

pytestmark = pytest.mark.real_data
FOLDER = "ofsted_schools"


@pytest.fixture(scope="module")
def files(real_data_dir):
    return {"timeline": real_data_dir / FOLDER / "ofsted_ratings_timeline_2005_2020.csv",
            "spine": real_data_dir / FOLDER / "school_details_2017_18_spine.csv",
            "links": real_data_dir / FOLDER / "gias_links_2022.csv"}


def test_timeline_as_published(files):
    timeline = ofsted_timeline.read_ratings_timeline(files["timeline"])
    dropped = timeline.attrs["dropped"]
    # PROVENANCE.md: 60,134 rows, 2 exact duplicates, 20,614 URNs, 12 Sep 2005 - 26 Feb 2020
    assert len(timeline) + sum(dropped.values()) == 60134
    assert dropped[f"{files['timeline'].name}: exact duplicate rows"] == 2
    assert timeline.urn.nunique() == 20614
    assert timeline.inspection_date.min() == pd.Timestamp("2005-09-12")
    assert timeline.inspection_date.max() == pd.Timestamp("2020-02-26")
    assert timeline.overall_effectiveness.between(1, 4).all()
    # 'Satisfactory' and 'Requires Improvement' are both grade 3, on either side of Sept 2012
    words = timeline[timeline.overall_effectiveness == 3].grade_label.unique()
    assert set(words) == {"Satisfactory", "Requires improvement"}


def test_spine_and_links_as_published(files):
    spine = ofsted_timeline.read_school_spine(files["spine"])
    # PROVENANCE.md: 26,078 rows; Walsall (335) 119 URNs. The 34 rows under codes 702/704
    # (service children's schools abroad) are dropped and counted.
    assert len(spine) + sum(spine.attrs["dropped"].values()) == 26078
    assert (spine.la_code == 335).sum() == 119
    links = ofsted_schools.read_gias_links(files["links"])
    assert links.urn.is_unique and links.predecessor_urn.notna().all()


def test_walsall_inspections_and_their_label(real, files):
    timeline = ofsted_timeline.read_ratings_timeline(files["timeline"])
    spine = ofsted_timeline.read_school_spine(files["spine"]).set_index("urn")
    every_type = timeline[timeline.urn.map(spine.la_code) == 335]
    # PROVENANCE.md: Walsall, joined on the spine's LA: 368 inspections of 114 schools
    assert (len(every_type), every_type.urn.nunique()) == (368, 114)
    walsall = real("school_inspections", la=335)
    independent = every_type.urn.map(spine.state_funded).eq(False)
    assert len(walsall) == len(every_type) - independent.sum()  # state-funded schools only
    assert set(walsall.source) == {ofsted_timeline.TIMELINE_SOURCE}
    assert walsall.inspection_date.min().year == 2005
    schools = real("schools", la=335)
    assert walsall.urn.isin(schools.urn).all()


def test_survivorship_is_visible_in_the_links(real, files):
    """PROVENANCE.md: none of Walsall's academies' predecessor URNs has inspections."""
    inspections = real("school_inspections")
    walsall = inspections[inspections.la_code == 335]
    predecessors = walsall.predecessor_urn.dropna().unique()
    assert len(predecessors) > 10
    assert not pd.Series(predecessors).isin(inspections.urn).any()
