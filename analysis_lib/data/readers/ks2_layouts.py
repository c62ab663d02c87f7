"""Which year a DfE KS2 performance-table file holds, and which columns that year's layout has.

DfE publishes one ``ks2final`` CSV per academic year (the compare-school-performance download:
``2017-2018/england_ks2final.csv`` nationally, ``2017-2018/850_ks2final.csv`` for one LA).
The year is read from the file's name or its folder (``2017-2018``, ``2017-18`` or ``201718``
all mean the results of summer 2018); a bare ``2018`` is refused because both conventions
(year starting, year ending) are in use for these files.

Column names change between years and their case varies (``TNotFSM6CLA1A`` in 2017,
``PTNOTFSM6CLA1A_16`` in the same file), so names are matched ignoring case. Each layout lists,
per tidy column, the published names in the order tried, and where they come from:

* 2016 on: DfE's KS2 metadata for 2016/17 (``ks2_meta``, copy in github.com/datajamne/
  attainment) and the real 2017 and 2018 files (whose ``_16`` columns, e.g.
  ``PTRWM_EXP_NotFSM6CLA1A_16``, give 2016's names); the same names continue to 2023/24 in a
  researcher's year-by-year lookup compiled from DfE's ``ks2_meta`` files (github.com/
  stefaniemeliss, KS2 performance-tables script, names lower-cased). Progress scores end with
  2023 (no KS1 results for the 2024 cohort), so they are optional from 2024.
* 2013-2015 (Level 4+ in reading, writing TA and maths) and 2011-2012 (Level 4+ in English and
  maths): counts and record types from DfE's metadata pages for 2013-2015
  (education.gov.uk/schools/performance/metadata.html); the group percentages and expected-
  progress columns only from that researcher's lookup (a secondary source). 2011 files have
  no disadvantaged breakdown there, so those columns are optional for 2011-2012.
* Before 2011: no published column list was found; such files are refused, not guessed.

DfE's institution-level KS2 data on Explore Education Statistics (2022/23 on, one row per
school x subject x breakdown) is a different, long layout and is not read here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis_lib.errors import DataFileError

FIRST_YEAR = 2011
NO_RESULTS = (2020, 2021)
SECONDARY = "a researcher's lookup compiled from DfE's ks2_meta files (secondary source)"


@dataclass(frozen=True)
class Layout:
    """Published column names per tidy column for a range of years (names upper-cased)."""

    first_year: int
    last_year: int | None
    measure: str
    regime: str
    required: dict[str, tuple[str, ...]]
    optional: dict[str, tuple[str, ...]]
    source: str

    def covers(self, year: int) -> bool:
        return self.first_year <= year and (self.last_year is None or year <= self.last_year)

    def names(self) -> dict[str, tuple[str, ...]]:
        return {**self.required, **self.optional}


COUNTS_2015 = {"cohort": ("TELIG",), "disadvantaged_pupils": ("TFSM6CLA1A", "TFSMCLA1A"),
               "other_pupils": ("TNOTFSM6CLA1A",)}
EXPECTED = {"pct_all": ("PTRWM_EXP",), "pct_disadvantaged": ("PTRWM_EXP_FSM6CLA1A",),
            "pct_other": ("PTRWM_EXP_NOTFSM6CLA1A",)}
PROGRESS_SCORES = {"reading_progress": ("READPROG",), "writing_progress": ("WRITPROG",),
                   "maths_progress": ("MATPROG",)}
EXPECTED_SOURCE = "DfE ks2_meta 2016/17 and the real 2017-2018 files; later years: " + SECONDARY

LAYOUTS = (
    Layout(2011, 2012, "em_level4", "levels",
           {"cohort": ("TELIG",), "pct_all": ("PTENGMATX",)},
           {"disadvantaged_pupils": ("TFSMCLA",), "other_pupils": ("TNOTFSMCLA",),
            "pct_disadvantaged": ("PTFSMCLAENGMATX", "PTENGMATX_FSMCLA"),
            "pct_other": ("PTNOTFSMCLAENGMATX", "PTENGMATX_NOTFSMCLA"),
            "progress_english_pct": ("PT2ENG12",),
            "progress_maths_pct": ("PT2MATH12", "PT2MATH")}, SECONDARY),
    Layout(2013, 2015, "rwm_level4", "levels",
           {"cohort": ("TELIG",),
            "disadvantaged_pupils": ("TFSM6CLA1A", "TFSMCLA1A", "TFSMCLA"),
            "other_pupils": ("TNOTFSM6CLA1A", "TNOTFSMCLA"),
            "pct_all": ("PTREADWRITTAMATX",),
            "pct_disadvantaged": ("PTREADWRITTAMATX_FSM6CLA1A", "PTREADWRITTAMATX_FSMCLA"),
            "pct_other": ("PTREADWRITTAMATX_NOTFSM6CLA1A", "PTREADWRITTAMATX_NOTFSMCLA")},
           {"progress_maths_pct": ("PT2MATH",)},
           "DfE performance-tables metadata 2013-2015 (counts); " + SECONDARY),
    Layout(2016, 2023, "rwm_expected_standard", "expected_standard",
           {**COUNTS_2015, **EXPECTED, **PROGRESS_SCORES}, {}, EXPECTED_SOURCE),
    Layout(2024, None, "rwm_expected_standard", "expected_standard",
           {**COUNTS_2015, **EXPECTED}, PROGRESS_SCORES, EXPECTED_SOURCE),
)

_SPAN = re.compile(r"(?<!\d)((?:19|20)\d\d)[-_ ]?((?:19|20)\d\d|\d\d)(?!\d)")
_BARE = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
YEAR_HELP = ("the academic year in the file or folder name, as DfE's download names it "
             "(2017-2018/england_ks2final.csv, or 2017-18 or 201718)")


def _spans(text: str) -> set[int]:
    """Years of results named by academic-year spans in ``text`` (2017-2018 -> 2018)."""
    years = set()
    for first, second in _SPAN.findall(text):
        start, end = int(first), int(second)
        end = end if end >= 100 else start - start % 100 + end
        if end == start + 1:
            years.add(end)
    return years


def results_year(path) -> int:
    """The summer of the results a file holds, from its name or (failing that) its folders."""
    path = Path(path)
    for part in (path.stem, path.parent.name, path.parent.parent.name):
        years = _spans(part)
        if len(years) > 1:
            raise DataFileError(path, f"{part!r} names several academic years "
                                f"{sorted(years)}", expected=YEAR_HELP)
        if years:
            return years.pop()
    bare = _BARE.findall(path.stem)
    problem = (f"the year {bare[0]} in the name could be the academic year starting or ending "
               "then" if bare else "no academic year in the file or folder name")
    raise DataFileError(path, problem, expected=YEAR_HELP)


def layout_for(year: int, path) -> Layout:
    """The column layout of a year's file; years without an established layout raise."""
    if year in NO_RESULTS:
        raise DataFileError(path, f"no KS2 results were published for {year} (tests "
                            "cancelled in 2020 and 2021)", expected="a file of another year")
    for layout in LAYOUTS:
        if layout.covers(year):
            return layout
    raise DataFileError(path, f"KS2 performance tables of {year} are not read: no published "
                        "column list for years before 2011 was found, and names are not "
                        "guessed", expected=f"a file of {FIRST_YEAR} or later")


def upper_columns(df: pd.DataFrame, path) -> pd.DataFrame:
    """The frame with upper-cased column names; names equal but for case raise."""
    upper = [str(c).strip().upper() for c in df.columns]
    twice = sorted({c for c in upper if upper.count(c) > 1})
    if twice:
        raise DataFileError(path, "two header cells differ only in case", column=twice[0],
                            expected="each column once")
    return df.set_axis(upper, axis=1)


def resolve(columns, layout: Layout, year: int, path) -> dict[str, str]:
    """Tidy column -> the published (upper-cased) column present in the header.

    A missing required column raises, naming the names tried and, where the header matches
    another year's layout, that the year in the file name may be wrong.
    """
    present = set(columns)
    found = {tidy: next((n for n in names if n in present), None)
             for tidy, names in layout.names().items()}
    missing = [tidy for tidy in layout.required if found[tidy] is None]
    if missing:
        tried = " or ".join(layout.required[missing[0]])
        other = [f"{lay.first_year}-{lay.last_year or 'on'}" for lay in LAYOUTS
                 if lay is not layout and all(set(n) & present for n in lay.required.values())]
        hint = (f"; the header matches the {other[0]} layout: is {year} the right year?"
                if other else "")
        raise DataFileError(path, f"a column of the {year} KS2 layout is missing{hint}",
                            column=tried, expected=f"the {layout.first_year}-"
                            f"{layout.last_year or 'on'} layout ({layout.source})")
    return {tidy: name for tidy, name in found.items() if name is not None}


def check_previous_years(columns, year: int, path) -> None:
    """Columns of earlier years' results (``PTRWM_EXP_17``) must be earlier than the file's."""
    earlier = [(c, 2000 + int(m.group(1))) for c in columns
               if (m := re.fullmatch(r"PTRWM_EXP_(\d\d)", c))]
    late = [(c, y) for c, y in earlier if y >= year]
    if late:
        raise DataFileError(path, f"the file names the results of {year} but has column "
                            f"{late[0][0]} (results of {late[0][1]}), so it holds a later year",
                            column=late[0][0], expected=YEAR_HELP)
