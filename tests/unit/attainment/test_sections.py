"""A notebook 01 section that cannot run says so the one shared way, and results.json keeps it."""

from analysis_lib.attainment import sections
from analysis_lib.context import start_run
from analysis_lib.results import ResultsRecorder
from analysis_lib.unavailable import Unavailable


def test_sections_that_cannot_run_record_why(tmp_path):
    ctx = start_run("01_attainment_gaps", la="Walsall", first_year=2016, last_year=2019,
                    output_dir=str(tmp_path), write_files=False)
    results = ResultsRecorder(ctx)
    assert sections.floor_section(ctx, results, key_stage=4) is None
    assert sections.gap_index_section(ctx, results, key_stage=2, groups="cin") is None
    floors = Unavailable(results.unavailable_sections["Floor standards"])
    assert floors._repr_markdown_() == ("**Not available for this run.** Floor standards are "
                                        "covered for primary schools (KS2) only.")
    assert list(results.unavailable_sections) == ["Floor standards", "Gap index"]
    assert "KS2 disadvantaged pupils only" in results.as_dict()["unavailable"][1]["message"]
