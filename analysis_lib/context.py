"""The run context every notebook starts from: checked parameters, data access, output folder.

`start_run` turns the notebook parameters into a `RunContext`, failing early with one clear
`ParameterError` when an LA is unknown, a year range is impossible, the data source is not
recognised or one of the notebook's own parameters is not allowed by its declaration
(`analysis_lib.parameters`), so a notebook never fails ten cells later.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis_lib.errors import ParameterError
from analysis_lib.parameters import check_parameters

PROJECT_ROOT = Path(__file__).resolve().parent.parent
#: ``local`` is an LA's own family records in the template of docs/troubled_families_template.md
DATA_SOURCES = ("synthetic", "official", "local")
#: Notebooks that can run on an LA's own records (``data_source="local"``).
LOCAL_NOTEBOOKS = ("04_troubled_families_impact",)
FIRST_SUPPORTED_YEAR, LAST_SUPPORTED_YEAR = 1998, 2026
SYNTHETIC_DIR = PROJECT_ROOT / "data" / "synthetic"


def slug(text: str) -> str:
    """A file-system-safe lower-case slug (letters, digits, single hyphens)."""
    cleaned = re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-")
    return cleaned or "unnamed"


@dataclass(frozen=True)
class RunContext:
    """Resolved parameters of one notebook run, shared by every library call in it."""

    notebook: str
    la_code: int
    la_name: str
    comparator_codes: tuple[int, ...]
    comparators: object
    first_year: int
    last_year: int
    data_source: str
    data_dir: Path | None
    output_dir: Path
    parameters: dict = field(default_factory=dict)
    local_synthetic: bool = False  # local files named as synthetic (the shipped example)
    write_files: bool = True

    @property
    def synthetic(self) -> bool:
        return self.data_source == "synthetic" or self.local_synthetic

    @property
    def source_label(self) -> str:
        """Short label for chart footers and tables."""
        if self.local_synthetic:
            return "SYNTHETIC DATA (example family records in the template, not real families)"
        if self.synthetic:
            return "SYNTHETIC DATA (seeded generator, not real figures)"
        if self.data_source == "local":
            return f"An LA's own family records, not published ({self.data_dir})"
        return f"Official published data ({self.data_dir or 'data/raw'})"

    def load(self, table: str, **filters) -> pd.DataFrame:
        """Load a tidy table from this run's data source (see `analysis_lib.data.load`)."""
        from analysis_lib.data import load

        return load(table, source=self.data_source, data_dir=self.data_dir, **filters)

    def truth(self, name: str, field: str = "value") -> float | None:
        """The planted value of a synthetic effect (see `planted_truth`); None on real data,
        where there is no truth to recover."""
        return None if self.planted_truths() is None else planted_truth(name, field,
                                                                         self.data_dir)

    def planted_truths(self) -> dict | None:
        """The truth file of this run's synthetic England, or of synthetic local files (the
        shipped example holds its own ``truth.json``); None on real data."""
        if self.local_synthetic:
            found = (self.data_dir / "truth.json").exists()
            return planted_truths(self.data_dir) if found else None
        return planted_truths(self.data_dir) if self.data_source == "synthetic" else None


def planted_truths(data_dir: Path | str | None = None) -> dict:
    """A synthetic England's truth file: its ``config`` (seed, focus LA, planted parameters,
    failure scenarios) and ``effects`` (each estimand and its value).

    ``data_dir`` is the synthetic folder a run reads (``data_dir`` of `start_run`); empty
    or None means the embedded default, data/synthetic.
    """
    return json.loads((Path(data_dir or SYNTHETIC_DIR) / "truth.json").read_text())


def planted_truth(name: str, field: str = "value", data_dir: Path | str | None = None
                  ) -> float:
    """A planted number from the truth file: ``effects[name][field]``.

    ``field`` may be dotted to reach nested entries, e.g.
    ``planted_truth("troubled_families", "outcomes.child_entered_care.value")``.
    """
    effects = planted_truths(data_dir)["effects"]
    if name not in effects:
        raise KeyError(f"truth.json has no planted effect named {name!r}")
    entry = effects[name]
    for part in field.split("."):
        if not isinstance(entry, dict) or part not in entry:
            raise KeyError(f"truth.json effect {name!r} has no field {field!r}")
        entry = entry[part]
    return float(entry)


def _check_years(first_year, last_year) -> list[str]:
    problems = []
    for label, value in (("first_year", first_year), ("last_year", last_year)):
        if not isinstance(value, int) or isinstance(value, bool):
            problems.append(f"{label} must be a whole year such as 2016, got {value!r}")
        elif not FIRST_SUPPORTED_YEAR <= value <= LAST_SUPPORTED_YEAR:
            problems.append(f"{label}={value} is outside the years this project covers "
                            f"({FIRST_SUPPORTED_YEAR}-{LAST_SUPPORTED_YEAR})")
    if not problems and first_year > last_year:
        problems.append(f"first_year ({first_year}) is after last_year ({last_year})")
    return problems


def start_run(notebook: str, *, la, comparators="statistical_neighbours", first_year: int,
              last_year: int, data_source: str = "synthetic", data_dir: str = "",
              output_dir: str = "", write_files: bool = True, **own_parameters) -> RunContext:
    """Check the common notebook parameters and the notebook's own ones (as declared in
    `analysis_lib.parameters`) and return the run's context.

    Raises one `ParameterError` listing every problem found. `output_dir` defaults to
    ``outputs/interactive/<la>/<notebook>`` and is created. ``data_dir`` with the synthetic
    source points the run at another generated England (a folder holding ``raw/`` and
    ``truth.json``, as `evidence data synth --out` writes). ``write_files=False`` computes
    everything but saves no chart or table file (the validation harness: thousands of runs
    whose figures nobody reads).
    """
    from analysis_lib import geography

    problems = _check_years(first_year, last_year)
    if data_source not in DATA_SOURCES:
        problems.append(f"data_source must be one of {DATA_SOURCES}, got {data_source!r}")
    if data_dir and not Path(data_dir).is_dir():
        problems.append(f"data_dir {data_dir!r} is not a folder")
    elif data_source == "synthetic" and data_dir and not (Path(data_dir) / "truth.json").is_file():
        problems.append(f"data_dir {data_dir!r} has no truth.json: a synthetic data_dir must "
                        "be a folder written by `evidence data synth --out`")
    local_synthetic = False
    if data_source == "local":
        problem = _local_problem(notebook, data_dir)
        if problem:
            problems.append(problem)
        else:
            from analysis_lib.data.readers.troubled_families import marked_synthetic

            local_synthetic = marked_synthetic(data_dir)
    try:
        la_code, la_name = geography.resolve_la(la)
        comparator_codes = tuple(geography.comparators(la_code, comparators))
    except ParameterError as err:
        problems.append(str(err))
        la_code, la_name, comparator_codes = 0, str(la), ()
    check_parameters(notebook, own_parameters, problems)

    out = Path(output_dir) if output_dir else (
        PROJECT_ROOT / "outputs" / "interactive" / slug(la_name) / notebook)
    out.mkdir(parents=True, exist_ok=True)
    parameters = dict(la=la, comparators=comparators, first_year=first_year,
                      last_year=last_year, data_source=data_source, data_dir=data_dir,
                      output_dir=str(output_dir), **own_parameters)
    return RunContext(notebook=notebook, la_code=la_code, la_name=la_name,
                      comparator_codes=comparator_codes, comparators=comparators,
                      first_year=first_year, last_year=last_year, data_source=data_source,
                      data_dir=Path(data_dir) if data_dir else None, output_dir=out,
                      parameters=parameters, local_synthetic=local_synthetic,
                      write_files=write_files)


def _local_problem(notebook: str, data_dir: str) -> str | None:
    """Why a run cannot use an LA's own records (``data_source="local"``), or None."""
    if notebook not in LOCAL_NOTEBOOKS:
        return (f"data_source 'local' (an LA's own family records) is only for "
                f"{', '.join(LOCAL_NOTEBOOKS)}; use 'synthetic' or 'official'")
    if not data_dir:
        return ("data_source 'local' needs data_dir: the folder holding the LA's family "
                "records (docs/troubled_families_template.md)")
    if not Path(data_dir).is_dir():
        return None  # reported above
    from analysis_lib.data.readers.troubled_families import own_records_problem

    return own_records_problem(data_dir)
