"""The report: every estimate in the tables, the band marked, all files written."""

from __future__ import annotations

from analysis_lib.validation import report, summary

META = {"date": "2026-01-01 00:00 UTC", "commit": "abc123", "command": "evidence validate",
        "master_seed": 1, "school_scale": 0.1, "family_scale": 0.2,
        "replications": {"default": 4, "school_clustering": 1}, "drawn_replications": 5,
        "invocations": [{"date": "2026-01-01 00:00 UTC", "commit": "abc123",
                         "new_replications": 5, "wall_minutes": 1.0, "workers": 2,
                         "executor": "local", "command": "evidence validate"}],
        "lost": 0, "workers": 2, "executor": "local", "wall_minutes": 1.0,
        "replications_per_minute": 5.0, "cpu_minutes": 0.2,
        "cpu_seconds_per_replication": 2.0}


def test_markdown_lists_every_estimate_and_marks_the_band(records):
    table = summary.coverage_table(summary.estimates_frame(records))
    text = report.validation_markdown(table, summary.diagnostics_table(records), META)
    assert "| gap_la (01) | confidence | 4 | 0.0 | 10.00 | 0.75 |" in text
    assert "75.0 (21.7) **outside**" in text
    assert "Outside 92.5-97.5% under the default configuration: gap_la (75.0%" in text
    assert "## Scenario `school_clustering`" in text and "SYNTHETIC DATA" in text
    assert "commit `abc123`" in text
    assert "without a planted truth on their own scale (bias and coverage not measured): " \
           "gap_index_england (no interval)." in text


def test_every_output_file_is_written(records, tmp_path):
    table = summary.coverage_table(summary.estimates_frame(records))
    diagnostics = summary.diagnostics_table(records)
    paths = report.write_outputs(tmp_path, table, diagnostics,
                                 summary.scenario_changes(table), META)
    assert {p.name for p in paths.values()} == {
        "coverage.csv", "diagnostics.csv", "scenario_changes.csv", "coverage.md",
        "coverage.png", "run.json"}
    assert "SYNTHETIC DATA" in (tmp_path / "coverage.csv").read_text()
    assert (tmp_path / "coverage.png").stat().st_size > 10_000


def test_a_scale_check_is_reported_when_present(records):
    import pandas as pd

    check = pd.DataFrame([{"notebook": "02_ofsted_trajectory",
                           "estimate": "did_outsourcing_effect",
                           "interval_kind": "placebo_range", "replications": 150,
                           "small_scales": "0.1/0.2", "large_scales": "0.25/0.5",
                           "coverage_small": 0.96, "coverage_large": 0.94,
                           "difference": -0.02, "z": -0.8, "median_width_small": 30.0,
                           "median_width_large": 20.0}])
    table = summary.coverage_table(summary.estimates_frame(records))
    text = report.validation_markdown(table, summary.diagnostics_table(records), META, check)
    assert "| did_outsourcing_effect (02) | 150 | 0.1/0.2 vs 0.25/0.5 | 96.0 vs 94.0 | " \
           "-2.0 (-0.8) | 30.00 vs 20.00 |" in text


def test_each_scenario_says_what_loses_coverage_and_whether_diagnostics_catch_it(records):
    from analysis_lib.validation.scenarios import SCENARIOS

    table = summary.coverage_table(summary.estimates_frame(records))
    found = report.scenario_findings(table, summary.diagnostics_table(records),
                                     SCENARIOS["school_clustering"])
    assert found[0] == ("**Loses coverage (below 92.5%):** gap_la (75.0% under the default, "
                        "0.0% here).")
    assert "funnel_overdispersion warns in 100.0% of replications (default 100.0%), no more " \
           "often than by default" in found[1]
