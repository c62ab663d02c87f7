from pathlib import Path

import analysis_lib.data.synth as synth
from analysis_lib.cli import main


def test_data_build_command(raw_dir, capsys):
    assert main(["data", "build", "--source", "synthetic", "--data-dir", str(raw_dir)]) == 0
    out = capsys.readouterr().out
    assert "workforce_la" in out and "not available" in out


def test_data_synth_calls_the_generator(monkeypatch, tmp_path, capsys):
    calls = []

    def fake_generate(out_dir: Path, seed: int = 0) -> Path:
        calls.append((out_dir, seed))
        return out_dir

    monkeypatch.setattr(synth, "generate", fake_generate)
    assert main(["data", "synth", "--seed", "7", "--out", str(tmp_path)]) == 0
    assert calls == [(tmp_path, 7)]


def test_official_build_with_no_files_still_has_the_cited_lea_grades(tmp_path, capsys):
    assert main(["data", "build", "--source", "official", "--data-dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "workforce_la" in out and "not available" in out
    assert [line for line in out.splitlines() if "la_inspections" in line and " rows" in line]


def test_build_reports_a_bad_file_and_still_builds_the_rest(raw_dir, capsys):
    csv = raw_dir / "attainment" / "ks2_la_characteristics_2015_2016.csv"
    csv.write_text(csv.read_text().replace(",50\n", ",150\n", 1))
    assert main(["data", "build", "--source", "synthetic", "--data-dir", str(raw_dir)]) == 2
    captured = capsys.readouterr()
    assert "ks_attainment_la" in captured.out and "FAILED" in captured.out
    assert "workforce_la" in captured.out and "1 table(s) failed" in captured.err
