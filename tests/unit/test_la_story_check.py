"""The LA-story check (tests/la_story.py) finds Walsall's story in another LA's report, and
only where it is not attributed to Walsall as a comparator."""

import json

import pytest

from analysis_lib import geography
from analysis_lib.data import load
from tests import la_story

OLD_TITLE_02 = ("**Question.** Walsall's education services were run by Serco from December "
                "2002 and came back in-house on 1 April 2013.")
OLD_TITLE_04 = ("The programme paid councils for families \"turned around\": in December 2013 "
                "Walsall reported 413 families identified and 92 turned around.")


@pytest.fixture(scope="module")
def tables():
    return {n: load(n) for n in ("interventions", "reference_facts", "tf_published_evidence")}


def _claims(tables, report_la, units):
    markers = la_story.story_markers(tables, 335, report_la)
    names = dict(zip(geography.las()["la_code"], geography.las()["la_name"], strict=False))
    return la_story.claims(units, la_story.owners(tables, markers, names))


def _prose(text):
    return la_story.Unit(text, "prose", "test")


def test_markers_come_from_walsalls_rows_and_are_walsalls_alone(tables):
    markers = {m.text for m in la_story.story_markers(tables, 335, 333)}
    assert {"Serco", "December 2002", "1 April 2013", "25.2", "65.6", "413"} <= markers
    assert "17.7" not in markers  # England's caseload, not Walsall's
    assert "516" not in markers  # Sandwell's own count
    assert "Ofsted" not in markers  # inspected every LA
    assert "Serco" not in {m.text for m in la_story.story_markers(tables, 335, 380)}


def test_the_old_titles_in_a_sandwell_report_are_claims(tables):
    found = _claims(tables, 333, [_prose(OLD_TITLE_02), _prose(OLD_TITLE_04)])
    assert {marker for _, marker, _ in found} >= {"Serco", "December 2002", "1 April 2013",
                                                  "413"}


def test_bradford_may_name_serco_but_not_walsalls_dates(tables):
    found = _claims(tables, 380, [_prose(OLD_TITLE_02),
                                  _prose("Bradford's services were outsourced to Serco "
                                         "(Education Bradford) from about 2001.")])
    assert {marker for _, marker, _ in found} == {"December 2002", "1 April 2013",
                                                  "April 2013"}


def test_walsall_named_as_a_comparator_or_in_its_own_table_row_is_not_a_claim(tables):
    units = [_prose("- Walsall (one of the comparators): about December 2002 to 1 April "
                    "2013: education (all LEA services), outsourced to Serco; documented."),
             la_story.Unit("335 Walsall education -> Serco (outsourced, December 2002)", "row",
                           "t"),
             la_story.Unit("380 Bradford education (LEA services) -> Serco (Education B...",
                           "row", "t")]
    assert _claims(tables, 333, units) == []


def test_a_figure_counts_only_beside_what_it_counts(tables):
    assert _claims(tables, 333, [_prose("413 schools were inspected; the gap was 25.2 pp.")]) == []
    found = _claims(tables, 333, [_prose("Caseloads fell from 25.2 to 20.7 cases per worker.")])
    assert {marker for _, marker, _ in found} == {"25.2", "20.7"}


def test_a_figure_and_its_word_must_share_a_sentence(tables):
    chart = ("Line chart 'Caseload per FTE' (cases). Sandwell: 14.4 at 2015 to 13.8 at 2025. "
             "Line chart 'Vacancy rate' (percent). Sandwell: 12.0 at 2015.")
    assert _claims(tables, 333, [_prose(chart)]) == []
    found = _claims(tables, 333, [_prose("The vacancy rate net of offers was 14.4%.")])
    assert {marker for _, marker, _ in found} == {"14.4"}


def test_a_notebook_is_read_as_a_reader_sees_it_without_its_code(tmp_path):
    cells = [{"cell_type": "markdown", "source": ["# Title\n", "\n", OLD_TITLE_02]},
             {"cell_type": "code", "source": ["la = 'Walsall'  # Serco December 2002"],
              "outputs": [{"output_type": "execute_result",
                           "data": {"text/markdown": ["- first\n", "- second item"],
                                    "text/plain": ["<Markdown>"]}},
                          {"output_type": "display_data",
                           "data": {"text/html": ["<table><tr><td>335</td><td>Walsall</td>"
                                                  "</tr></table>"]}},
                          {"output_type": "stream", "name": "stdout", "text": ["a\n", "b\n"]}]}]
    path = tmp_path / "x.ipynb"
    path.write_text(json.dumps({"cells": cells}))
    texts = [(u.kind, u.text) for u in la_story.notebook_units(path)]
    assert texts == [("prose", "# Title"), ("prose", " ".join(OLD_TITLE_02.split())),
                     ("prose", "- first"), ("prose", "- second item"), ("row", "335 Walsall"),
                     ("prose", "a"), ("prose", "b")]
