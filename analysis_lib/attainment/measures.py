"""Which measure and which pupil groups a run compares.

KS2's headline measure changed over time (``ks_attainment_la.measure`` as the data layer
names it): Level 4+ in English and maths (``em_level4``, to 2011), Level 4+ in reading,
writing and maths (``rwm_level4``, 2012-2015) and the expected standard in reading, writing
and maths (``rwm_expected_standard``, from 2016). KS4: 5+ A*-C including English and maths
(``5em_ac``, to 2015), Attainment 8 (``attainment8``, points, from 2016) and grade 4+ in
English and maths (``l2basics_94``, from 2017). ``measure="headline"`` follows the headline
threshold measure in force each year; any other value picks that one measure.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis_lib.errors import DataNotAvailableError, ParameterError

HEADLINE = "headline"
# Headline threshold measure of each key stage and the first year it was the headline.
HEADLINE_MEASURES = {
    2: {"em_level4": 1995, "rwm_level4": 2012, "rwm_expected_standard": 2016},
    4: {"5em_ac": 1995, "l2basics_94": 2017},
}
MEASURE_LABELS = {
    "em_level4": "Level 4+ in English and maths",
    "rwm_level4": "Level 4+ in reading, writing and maths",
    "rwm_expected_standard": "expected standard in reading, writing and maths",
    "5em_ac": "5+ GCSEs A*-C including English and maths",
    "l2basics_94": "grade 4+ in English and maths",
    "attainment8": "Attainment 8 score",
    "progress8": "Progress 8 score",
    "reading_progress": "KS2 reading progress score",
    "writing_progress": "KS2 writing progress score",
    "maths_progress": "KS2 maths progress score",
}
# Years with no published results: KS2 tests were cancelled in 2020 and 2021.
NO_RESULTS_YEARS = {2: (2020, 2021), 4: ()}


@dataclass(frozen=True)
class GroupPair:
    """The focal group and the group it is compared with; gap = reference - focal."""

    focal: str
    reference: str
    focal_label: str
    reference_label: str
    nested: bool  # True when the focal group is part of the reference group ("all" pupils)


GROUP_PAIRS = {
    "disadvantaged": GroupPair("disadvantaged", "not_disadvantaged", "disadvantaged pupils",
                               "other pupils", False),
    "fsm": GroupPair("fsm", "not_fsm", "pupils eligible for free school meals",
                     "pupils not eligible for FSM", False),
    "cin": GroupPair("cin", "all", "children in need", "all pupils", True),
    "cpp": GroupPair("cpp", "all", "children on a child protection plan", "all pupils", True),
    "cla": GroupPair("cla", "all", "children looked after", "all pupils", True),
}


def group_pair(groups: str) -> GroupPair:
    """The comparison named by the notebook's ``groups`` parameter (e.g. "disadvantaged")."""
    key = str(groups).strip().lower().removesuffix("_vs_not_disadvantaged")
    if key not in GROUP_PAIRS:
        raise ParameterError(f"groups={groups!r} is not one of {sorted(GROUP_PAIRS)}")
    return GROUP_PAIRS[key]


def check_key_stage(key_stage) -> int:
    if key_stage not in (2, 4):
        raise ParameterError(f"key_stage must be 2 or 4, got {key_stage!r}")
    return int(key_stage)


def measure_label(measure: str) -> str:
    return MEASURE_LABELS.get(measure, measure.replace("_", " "))


def select_measure(table: pd.DataFrame, key_stage: int, measure: str) -> pd.DataFrame:
    """Rows of ``ks_attainment_la``/``ks_attainment_school`` for the key stage and measure.

    With ``measure="headline"`` keeps, for each year, the headline threshold measure in force
    that year; where a source does not publish it (school performance tables kept Level 4+ in
    English and maths as their headline in 2012), the most recent earlier headline measure it
    does publish.
    Raises DataNotAvailableError when nothing matches, naming the measures that are present.
    """
    key_stage = check_key_stage(key_stage)
    rows = table[table["key_stage"] == key_stage]
    if measure == HEADLINE:
        starts = HEADLINE_MEASURES[key_stage]
        rows = rows[rows["measure"].isin(list(starts))]
        start = rows["measure"].map(starts)
        rows, start = rows[start <= rows["year"]], start[start <= rows["year"]]
        if not rows.empty:
            rows = rows[start == start.groupby(rows["year"]).transform("max")]
    else:
        rows = rows[rows["measure"] == measure]
    if rows.empty:
        present = sorted(table.loc[table["key_stage"] == key_stage, "measure"].unique())
        raise DataNotAvailableError(
            f"No key stage {key_stage} results for measure {measure!r}; measures present: "
            f"{present or 'none'}")
    return rows.copy()


FUNNEL_TARGETS = ("national", "la")

