"""Right for every LA: no report in the neighbours pack carries Walsall's story, and
Walsall's reports do (see tests/la_story.py for what counts as Walsall's story).

Reads the neighbours pack (`neighbours_pack` in tests/e2e/conftest.py), run for Walsall and
two of its statistical neighbours: Sandwell, which has Walsall among its own comparators (so
Walsall's story may appear there, named as a comparator), and Tameside, which does not.
Every report a reader sees is read: executed notebooks, code-hidden HTML reports and
results.json sidecars.
"""

import pytest

from analysis_lib import geography
from analysis_lib.data import load
from analysis_lib.narrative import FACT_TOPICS
from tests import la_story

pytestmark = pytest.mark.slow
WALSALL, SANDWELL, TAMESIDE = 335, 333, 357


@pytest.fixture(scope="module")
def tables():
    return {n: load(n) for n in ("interventions", "reference_facts", "tf_published_evidence")}


@pytest.fixture(scope="module")
def pack(neighbours_pack):
    return la_story.pack_units(neighbours_pack)


def test_the_neighbours_are_what_the_test_says():
    assert geography.comparators(WALSALL, "statistical_neighbours")[-1] == SANDWELL
    assert TAMESIDE in geography.comparators(WALSALL, "statistical_neighbours")
    assert WALSALL in geography.comparators(SANDWELL, "statistical_neighbours")
    assert WALSALL not in geography.comparators(TAMESIDE, "statistical_neighbours")


@pytest.mark.parametrize("la_code", [SANDWELL, TAMESIDE])
def test_no_other_las_report_claims_walsalls_story(pack, tables, la_code):
    names = dict(zip(geography.las()["la_code"], geography.las()["la_name"], strict=False))
    markers = la_story.story_markers(tables, WALSALL, la_code)
    assert len(pack[la_code]) > 500  # four reports were read, not an empty folder
    found = la_story.claims(pack[la_code], la_story.owners(tables, markers, names))
    assert found == [], "\n".join(f"{where}: {marker!r} in {text!r}"
                                  for where, marker, text in found)


def test_walsalls_reports_carry_its_story(pack, tables):
    facts = tables["reference_facts"]
    topics = {t for shown in FACT_TOPICS.values() for t in shown}
    shown = {**tables, "reference_facts": facts[facts["topic"].isin(topics)]}
    markers = la_story.story_markers(shown, WALSALL)
    missing = sorted(m.text for m in markers
                     if not any(m.found_in(u.text) for u in pack[WALSALL]))
    assert len(markers) > 20 and missing == []
    ofsted = " ".join(u.text for u in pack[WALSALL] if u.where.startswith("02_"))
    assert all(text in ofsted for text in ("Serco", "December 2002", "1 April 2013"))
