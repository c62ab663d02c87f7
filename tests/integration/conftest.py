"""Hand-made official-format files (a few rows each) and an isolated build cache.

Each file copies the layout in docs/raw_formats.md; tests write a valid file or a damaged copy
into a temporary ``data_dir`` and load it through ``analysis_lib.data.load``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

EES = ("time_period,time_identifier,geographic_level,country_code,country_name,region_code,"
       "region_name,old_la_code,new_la_code,la_name")
WM = "E92000001,England,E12000005,West Midlands"
SW = "E92000001,England,E12000009,South West"


@dataclass(frozen=True)
class Official:
    """One valid official file: where it goes, the table it feeds and its text."""

    key: str
    relpath: str
    table: str
    text: str

    @property
    def name(self) -> str:
        return Path(self.relpath).name


FILES = {f.key: f for f in [
    Official("csww", "csc_workforce/csww_indicators_2024_to_2025.csv", "workforce_la",
             EES + ",inpost_fte,turnover_rate_fte,agency_rate_fte,vacancy_rate_fte,caseload_fte\n"
             "2024,Reporting year,National,E92000001,England,,,,,,35000.5,12.1,12.5,13.9,15.4\n"
             f"2024,Reporting year,Regional,{WM},,,,4100.2,13.0,17.1,16.0,16.1\n"
             f"2024,Reporting year,Local authority,{WM},335,E08000030,Walsall,"
             "173.3,19.9,30.5,25.0,17.2\n"
             f"2025,Reporting year,Local authority,{WM},335,E08000030,Walsall,"
             "180.0,15.0,20.0,18.5,16.0\n"
             f"2024,Reporting year,Local authority,{WM},330,E08000025,Birmingham,"
             "1234.5,14.0,20.1,22.3,18.9\n"
             f'2024,Reporting year,Local authority,{SW},801,E06000023,"Bristol, City of",'
             "260.4,11.0,9.9,10.2,16.3\n"),
    Official("c1", "children_in_need/c1_children_in_need_referrals_2025.csv", "cin_la",
             EES + ",category,referral_count,rereferral_count,rereferral_percent\n"
             "2025,Reporting year,National,E92000001,England,,,,,,"
             "Referrals and Re-referrals,632830,142900,22.6\n"
             f"2025,Reporting year,Regional,{WM},,,,Referrals and Re-referrals,70000,15000,21.4\n"
             f"2025,Reporting year,Local authority,{WM},335,E08000030,Walsall,"
             "Referrals and Re-referrals,4210,930,22.1\n"
             f'2025,Reporting year,Local authority,{SW},801,E06000023,"Bristol, City of",'
             "Referrals and Re-referrals,5100,1000,19.6\n"),
    Official("mi", "ofsted_schools/school_inspections_2019_2025.csv", "school_inspections",
             "URN,LAESTAB,School name,Ofsted phase,Local authority,Inspection type,"
             "Inspection start date,Publication date,Overall effectiveness\n"
             "104000,3352000,Alpha Primary School,Primary,Walsall,Section 5,"
             "12/03/2019,10/04/2019,2\n"
             "104001,3354000,Beta Academy,Secondary,Walsall,Section 5,01/10/2019,05/11/2019,3\n"
             "104002,3302001,Gamma Primary,Primary,Birmingham,Section 8,"
             "15/01/2025,20/02/2025,Not judged\n"
             '108500,8012003,St Mary\'s C of E Primary,Primary,"Bristol, City of",Section 5,'
             "02/07/2019,01/10/2019,1\n"),
    Official("lea", "ofsted_la/lea_inspections_1999_2002.csv", "la_inspections",
             "LA code,LA name,Inspection date,Judgement,Grade\n"
             '801,"Bristol, City of",20/11/2000,Overall effectiveness,4\n'
             '801,"Bristol, City of",20/11/2000,Capacity to improve,3\n'
             "330,Birmingham,15/06/2002,Overall effectiveness,2\n"),
    Official("gias", "ofsted_schools/gias_establishments_2025.csv", "schools",
             "URN,LA (code),LA (name),EstablishmentName,TypeOfEstablishment (name),"
             "EstablishmentStatus (name),PhaseOfEducation (name),OpenDate,CloseDate,"
             "PercentageFSM\n"
             "104000,335,Walsall,Alpha Primary School,Community school,Open,Primary,"
             "01-09-1990,,23.5\n"
             "104001,335,Walsall,Beta Academy,Academy converter,Open,Secondary,01-04-2012,,31.0\n"
             '108500,801,"Bristol, City of",St Mary\'s C of E Primary,Voluntary aided school,'
             "Open,Primary,,,12.4\n"),
    Official("tf", "troubled_families/tf_progress_by_la_2015_2020.csv", "tf_la",
             "Upper tier local authority,LA code,Phase,Date,Families to work with,"
             "Families identified,Families worked with,Families turned around\n"
             "Walsall,335,1,2015-05-01,1000,990,950,800\n"
             "Walsall,335,2,2020-03-31,3000,2900,2500,1500\n"
             "Birmingham,330,1,2015-05-01,4180,4180,4100,3500\n"),
]}


@pytest.fixture(autouse=True)
def isolated_cache(tmp_path, monkeypatch):
    """Built tables go to this test's own folder, never to the project's data/processed."""
    monkeypatch.setenv("EVIDENCE_PROCESSED_DIR", str(tmp_path / "processed"))


@pytest.fixture
def official(tmp_path):
    """Write one official file (its valid text, or ``text``/``data`` replacing it) into a fresh
    ``data_dir`` under ``tmp_path``; returns ``(data_dir, path)``."""

    def _write(key: str, text: str | None = None, *, encoding: str = "utf-8",
               data: bytes | None = None, data_dir: Path | None = None):
        spec = FILES[key]
        data_dir = data_dir or tmp_path / "official"
        path = data_dir / spec.relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if data is not None
                         else (spec.text if text is None else text).encode(encoding))
        return data_dir, path

    return _write
