"""The data catalogue: every tidy table by name, with its inputs, grain and builder.

Analysis code asks for a table by name (``load("workforce_la")``), never for a file. Each
built table lists the published files it reads (folder + glob pattern under the raw data
directory, and the reader for that format); reference tables are cited CSVs in
``data/reference/``. ``data/README.md`` documents the same catalogue for people.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from analysis_lib.data import build, build_performance
from analysis_lib.data.readers import (
    ees,
    lait,
    neighbours,
    ofsted_la,
    ofsted_schools,
    ofsted_timeline,
    performance_tables,
    pupils,
    troubled_families,
)

PROJECT_DIR = Path(__file__).resolve().parents[2]
REFERENCE_DIR = PROJECT_DIR / "data" / "reference"
#: ``local``: an LA's own family records in the template (docs/troubled_families_template.md).
SOURCES = ("synthetic", "official", "local")
PUBLISHED_LAYOUT = ("synthetic", "official")  # sources whose files follow docs/raw_formats.md


@dataclass(frozen=True)
class Input:
    """Published files of one format: ``<raw dir>/<folder>/<pattern>`` read by ``reader``."""

    key: str
    folder: str
    pattern: str
    reader: Callable
    sources: tuple[str, ...] = PUBLISHED_LAYOUT
    optional: bool = False  # enriches a table but cannot make one on its own
    shared: bool = False  # feeds several tables: keep what was read for the next table

    def glob(self) -> str:
        return f"{self.folder}/{self.pattern}"


@dataclass(frozen=True)
class Table:
    """One tidy table: grain, inputs and the function that combines the read inputs."""

    name: str
    description: str
    inputs: tuple[Input, ...] = ()
    builder: Callable | None = None
    reference: tuple[str, ...] = ()  # CSVs in data/reference read for this table
    year_column: str | None = None  # column (or date column) that ``years`` filters

    def inputs_for(self, source: str) -> tuple[Input, ...]:
        return tuple(i for i in self.inputs if source in i.sources)


LAIT_LONG = Input("lait_long", "lait", "lait_bds_long_*.csv", lait.read_lait_long, shared=True)
KS_LA_INPUTS = (
    Input("ks2_characteristics", "attainment", "ks2_la_characteristics_*.csv",
          ees.read_ks2_la_characteristics),
    Input("ks4_characteristics", "attainment", "ks4_la_characteristics_*.csv",
          ees.read_ks4_la_characteristics),
    Input("ks2_social_care", "attainment", "ks2_la_by_social_care_group_*.csv",
          ees.read_ks2_social_care_group),
    Input("ks4_social_care", "attainment", "ks4_la_by_social_care_group_*.csv",
          ees.read_ks4_social_care_group),
    Input("lait_pivot", "attainment", "lait_ks2_ks4_disadvantage_by_la_*.csv",
          lait.read_lait_pivot),
    LAIT_LONG,
)


def _family_inputs(key: str, pattern: str, reader: Callable, shared: bool = False):
    """A family-template file: under troubled_families/ in the published layout, and at the
    top of ``data_dir`` for an LA's own records (source ``local``)."""
    return (Input(key, "troubled_families", pattern, reader, shared=shared),
            Input(f"{key}_local", ".", pattern, reader, sources=("local",), shared=shared))


FAMILY_RECORDS = _family_inputs("tf_records", troubled_families.RECORDS_PATTERN,
                                troubled_families.read_tf_family_records, shared=True)
FAMILY_OUTCOMES = _family_inputs("tf_outcomes", troubled_families.OUTCOMES_PATTERN,
                                 troubled_families.read_tf_family_outcomes)
#: DfE's KS2 performance tables as downloaded: ``2017-2018/england_ks2final.csv`` (national),
#: ``2017-2018/850_ks2final.csv`` (one LA) or a name carrying the year, anywhere under
#: ``attainment/``; one read feeds the school table and the published totals.
KS2FINAL = Input("ks2final", "attainment", "**/*ks2final*.csv",
                 performance_tables.read_ks2final, shared=True)
LINKS = Input("gias_links", "ofsted_schools", "gias_links_*.csv", ofsted_schools.read_gias_links,
              optional=True, shared=True)
SPINE = Input("school_spine", "ofsted_schools", "school_details_*.csv",
              ofsted_timeline.read_school_spine, optional=True, shared=True)

TABLES: dict[str, Table] = {t.name: t for t in [
    Table("las", "Upper-tier LAs: 3-digit code, GSS code, name, region, validity period.",
          reference=("las.csv",)),
    Table("statistical_neighbours", "DfE children's services statistical neighbours "
          "(2021 and 2025 models): LA x rank.", reference=("statistical_neighbours.csv",)),
    Table("interventions", "Outsourced, arm's-length and statutory-intervention arrangements "
          "for LA services (cited).", reference=("interventions.csv",),
          year_column="start_date"),
    Table("reference_facts", "Published facts and figures typed in from cited sources.",
          reference=("reference_facts.csv",)),
    Table("tf_published_evidence", "Published Troubled Families figures: national evaluation "
          "findings, national and LA counts (cited, with how each was obtained).",
          reference=("tf_published_evidence.csv",)),
    Table("floor_standards", "KS2 primary floor standards by year (cited).",
          reference=("floor_standards.csv",), year_column="year"),
    Table("ks_attainment_la", "KS2/KS4 attainment by area x year x measure x pupil group.",
          KS_LA_INPUTS, build.ks_attainment_la, year_column="year"),
    Table("ks_attainment_school", "KS2 attainment by school (URN) x year: cohort, groups, "
          "progress; mainstream and special schools.", (KS2FINAL,),
          build_performance.ks_attainment_school, year_column="year"),
    Table("ks_attainment_school_totals", "KS2 performance tables' own LA and England rows "
          "(RECTYPE 3-5), for checking the school rows.", (KS2FINAL,),
          build_performance.ks_attainment_school_totals, year_column="year"),
    Table("ks2_pupils", "Pupil-level KS2 scores (synthetic only).",
          (Input("ks2_pupils", "attainment", "ks2_pupils_*.parquet", pupils.read_ks2_pupils),),
          build.ks2_pupils, year_column="year"),
    Table("schools", "One row per school URN: LA, phase, dates, predecessor, academy, FSM.",
          (Input("gias", "ofsted_schools", "gias_establishments_*.csv",
                 ofsted_schools.read_gias_establishments), LINKS,
           replace(SPINE, optional=False),
           Input("rating_snapshot", "ofsted_schools", "school_ofsted_rating_gias_*.csv",
                 ofsted_schools.read_school_rating_snapshot)),
          build.schools),
    Table("school_inspections", "One row per Ofsted school inspection (overall grade 1-4).",
          (Input("inspections", "ofsted_schools", "school_inspections_*.csv",
                 ofsted_schools.read_school_inspections),
           Input("ratings_timeline", "ofsted_schools", "ofsted_ratings_*.csv",
                 ofsted_timeline.read_ratings_timeline), SPINE, LINKS),
          build.school_inspections, year_column="inspection_date"),
    Table("la_inspections", "LEA (1-7) and children's services (1-4) judgements on LAs.",
          (Input("lea", "ofsted_la", "lea_inspections_*.csv", ofsted_la.read_lea_inspections),
           Input("csc_2009_2023", "ofsted_la", "la_childrens_services_inspections_*.csv",
                 ofsted_la.read_la_childrens_services_inspections),
           Input("ilacs_history", "ofsted_la", "la_ilacs_inspection_history_*.csv",
                 ofsted_la.read_ilacs_inspection_history)),
          build.la_inspections, reference=("la_inspections_lea.csv",),
          year_column="inspection_date"),
    Table("workforce_la", "Children's social work workforce by area x reporting year.",
          (Input("csww", "csc_workforce", "csww_indicators_*.csv", ees.read_csww_indicators),
           LAIT_LONG), build.workforce_la, year_column="year"),
    Table("cin_la", "Children in need activity and timeliness by area x year to 31 March.",
          (Input("c1", "children_in_need", "c1_*.csv", ees.read_cin_referrals),
           Input("d3", "children_in_need", "d3_*.csv", ees.read_cpp_subsequent), LAIT_LONG),
          build.cin_la, year_column="year"),
    Table("tf_la", "Troubled Families progress by LA x phase x reporting date.",
          (Input("tf_progress", "troubled_families", "tf_progress_by_la_*.csv",
                 troubled_families.read_tf_progress),),
          build.concat_unique, year_column="period_end"),
    Table("tf_families", "Troubled Families family records (synthetic, or an LA's own in the "
          "template).", FAMILY_RECORDS, build.concat_unique),
    Table("tf_family_outcomes", "Family x year x outcome indicators (synthetic, or an LA's "
          "own), checked against the family records.", FAMILY_OUTCOMES + FAMILY_RECORDS,
          troubled_families.build_family_outcomes, year_column="year"),
]}

#: Readers for formats that feed a check rather than a table (statistical neighbours).
CHECK_INPUTS = (
    Input("sn_2021", "lookups", "New_Statistical_Neighbour_Groupings_April_2021.csv",
          neighbours.read_sn_2021),
    Input("sn_2025", "lookups", "sn_model_2025_wide.csv", neighbours.read_sn_2025),
)


def table(name: str) -> Table:
    """The catalogue entry for ``name``; unknown names raise ParameterError listing them."""
    from analysis_lib.errors import ParameterError

    if name not in TABLES:
        raise ParameterError(f"unknown table {name!r}; tables: {', '.join(TABLES)}")
    return TABLES[name]
