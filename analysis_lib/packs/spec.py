"""Load and validate a pack spec (`parameters/packs/*.yaml`) before anything runs.

A spec is data, never code: it is read with `yaml.safe_load`, every name is checked against
the notebooks' declared parameters and the LA reference table, every value is checked against
its notebook's declaration (`analysis_lib.parameters`, with the spec's values merged over the
notebook's defaults so rules joining several parameters are checked too), and all problems are
reported together in one `SpecError`.

    name: quarterly_neighbours        # folder under the output root
    source: synthetic                 # or official, or local (an LA's own family records)
    data_dir: ""                      # folder of official files, or of the LA's own records
    las: [Walsall]                    # a list, "all", or {neighbours: Walsall}
    notebooks: all                    # or a list of notebook names (file stems)
    parameters: {first_year: 2012}    # for every notebook
    overrides:                        # per notebook
      01_attainment_gaps: {key_stage: 4}
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from analysis_lib import geography
from analysis_lib.context import DATA_SOURCES, LOCAL_NOTEBOOKS
from analysis_lib.errors import ParameterError, SpecError
from analysis_lib.packs.notebook_params import (
    INJECTED,
    declared_parameters,
    plain_value_problem,
    value_problem,
)
from analysis_lib.packs.paths import NOTEBOOKS_DIR, check_name
from analysis_lib.parameters import parameter_problems

KEYS = {"name", "description", "source", "data_dir", "las", "notebooks", "parameters",
        "overrides"}
MAX_SPEC_BYTES = 1_000_000


@dataclass(frozen=True)
class PackSpec:
    """A validated pack: resolved LAs, notebook files and parameter overrides."""

    name: str
    source: str
    data_dir: str
    las: tuple[tuple[int, str], ...]
    notebooks: dict[str, Path]
    parameters: dict = field(default_factory=dict)
    overrides: dict[str, dict] = field(default_factory=dict)
    description: str = ""
    raw: dict = field(default_factory=dict)

    @property
    def synthetic(self) -> bool:
        """Synthetic data: the embedded generator, or local files named as synthetic."""
        if self.source == "local":
            from analysis_lib.data.readers.troubled_families import marked_synthetic

            return marked_synthetic(self.data_dir)
        return self.source == "synthetic"

    def parameters_for(self, notebook: str) -> dict:
        """Pack-wide parameters merged with this notebook's overrides."""
        return {**self.parameters, **self.overrides.get(notebook, {})}


def _current_las() -> list[tuple[int, str]]:
    table = geography.las()
    table = table[table["valid_to"].isna()].drop_duplicates("la_code").sort_values("la_name")
    return [(int(c), str(n)) for c, n in zip(table["la_code"], table["la_name"], strict=True)]


def _resolve_las(value, problems: list[str]) -> list[tuple[int, str]]:
    if value == "all":
        return _current_las()
    if isinstance(value, dict):
        unknown = set(value) - {"neighbours", "include_self", "model"}
        if unknown or "neighbours" not in value:
            problems.append("las: a mapping must be {neighbours: <LA>} with optional "
                            f"include_self (true/false) and model; got keys {sorted(value)}")
            return []
        include_self = value.get("include_self", True)
        if not isinstance(include_self, bool):
            problems.append(f"las.include_self must be true or false, got {include_self!r}")
            return []
        try:
            focal = geography.resolve_la(value["neighbours"])
            codes = geography.statistical_neighbours(focal[0], str(value.get("model", "2025")))
            found = [focal] if include_self else []
            return found + [geography.resolve_la(code) for code in codes]
        except ParameterError as err:
            problems.append(f"las.neighbours: {err}")
            return []
    if not isinstance(value, list) or not value:
        problems.append(f"las must be a non-empty list of LAs, 'all' or {{neighbours: <LA>}}, "
                        f"got {value!r}")
        return []
    found = []
    for i, item in enumerate(value):
        if not isinstance(item, str | int) or isinstance(item, bool):
            problems.append(f"las[{i}]: expected an LA name or code, got {item!r}")
            continue
        try:
            found.append(geography.resolve_la(item))
        except ParameterError as err:
            problems.append(f"las[{i}]: {err}")
    return list(dict.fromkeys(found))


def _resolve_notebooks(value, notebooks_dir: Path, problems: list[str]) -> dict[str, Path]:
    available = {p.stem: p for p in sorted(Path(notebooks_dir).glob("*.ipynb"))
                 if not p.name.startswith((".", "_"))}
    if value == "all":
        if not available:
            problems.append(f"notebooks: 'all' but {notebooks_dir} holds no notebooks")
        return available
    if not isinstance(value, list) or not value:
        problems.append(f"notebooks must be 'all' or a non-empty list of names, got {value!r}")
        return {}
    chosen = {}
    for i, name in enumerate(value):
        name_problem = check_name(f"notebooks[{i}]", name)
        if name_problem:
            problems.append(name_problem)
        elif name not in available:
            problems.append(f"notebooks[{i}]: unknown notebook {name!r}; available: "
                            f"{', '.join(available) or 'none'}")
        else:
            chosen[name] = available[name]
    return chosen


def _readable(notebooks: dict[str, Path], problems: list[str]) -> dict[str, Path]:
    """The notebooks whose parameters papermill can read; the others become problems."""
    readable = {}
    for stem, path in notebooks.items():
        try:
            declared_parameters(path)
        except ParameterError as err:
            problems.append(str(err))
            continue
        readable[stem] = path
    return readable


def _check_parameters(where: str, values, notebooks: dict[str, Path],
                      problems: list[str], rejected: set) -> dict:
    if values is None:
        return {}
    if not isinstance(values, dict):
        problems.append(f"{where} must be a mapping of parameter names to values")
        return {}
    for name, value in values.items():
        if name in INJECTED:
            problems.append(f"{where}.{name}: set by the runner; use the spec's 'las', "
                            f"'source' and 'data_dir' keys instead")
            continue
        for stem, path in notebooks.items():
            declared = declared_parameters(path)
            if name not in declared:
                problems.append(f"{where}.{name}: notebook {stem} declares no parameter "
                                f"{name!r} (it declares: {', '.join(declared) or 'none'})")
            else:
                problem = value_problem(declared[name], value, f"{where}.{name} ({stem})")
                if problem:
                    problems.append(problem)
                    rejected.add((stem, name))
    return dict(values)


def _declared_problems(notebooks: dict[str, Path], parameters: dict,
                       overrides: dict[str, dict], rejected: set) -> list[str]:
    """What each notebook's declaration says of the spec's values, merged over its defaults,
    located where the spec sets them (values already rejected by type are not repeated)."""
    found = []
    for stem, path in notebooks.items():
        own = overrides.get(stem, {})
        values = {name: p.default for name, p in declared_parameters(path).items()}
        values |= {k: v for k, v in {**parameters, **own}.items() if k not in INJECTED}
        for names, problem in parameter_problems(stem, values):
            if any((stem, name) in rejected for name in names):
                continue
            where = next((f"overrides.{stem}.{n}" if n in own else f"parameters.{n}"
                          for n in names if n in own or n in parameters), None)
            found.append(f"{where} ({stem}): {problem}" if where else
                         f"notebook {stem}: its default parameters: {problem}")
    return found


def _check_contract(notebooks: dict[str, Path], problems: list[str]) -> None:
    for stem, path in notebooks.items():
        missing = [n for n in INJECTED if n not in declared_parameters(path)]
        if missing:
            problems.append(f"notebook {stem}: its tagged parameters cell does not declare "
                            f"{', '.join(missing)} (required by the pack contract; papermill "
                            f"skips any line holding more than one '=', e.g. in a comment)")


def _local_problems(data_dir: str, notebooks: dict[str, Path]) -> list[str]:
    """An LA's own records (source ``local``) need data_dir and feed only some notebooks."""
    from analysis_lib.data.readers.troubled_families import own_records_problem

    problems = [f"notebooks: {stem} cannot run on source 'local' (an LA's own family "
                f"records feed only {', '.join(LOCAL_NOTEBOOKS)})"
                for stem in notebooks if stem not in LOCAL_NOTEBOOKS]
    if not data_dir:
        problems.append("source 'local' needs data_dir: the folder of the LA's family records")
    elif Path(data_dir).is_dir():
        problem = own_records_problem(data_dir)
        problems += [problem] if problem else []
    return problems


def validate_spec(raw, notebooks_dir: Path = NOTEBOOKS_DIR, origin: str = "spec") -> PackSpec:
    """Check a spec mapping and return the resolved `PackSpec`, or raise one `SpecError`."""
    if not isinstance(raw, dict):
        raise SpecError(f"{origin}: a pack spec must be a mapping, got {type(raw).__name__}")
    problems: list[str] = []
    problems += [f"unknown key {k!r} (allowed: {', '.join(sorted(KEYS))})"
                 for k in raw if k not in KEYS]
    name = raw.get("name")
    name_problem = check_name("name", name)
    if name_problem:
        problems.append(name_problem)
    source = raw.get("source", "synthetic")
    if source not in DATA_SOURCES:
        problems.append(f"source must be one of {', '.join(DATA_SOURCES)}, got {source!r}")
    data_dir = raw.get("data_dir", "") or ""
    if not isinstance(data_dir, str):
        problems.append(f"data_dir must be text, got {data_dir!r}")
        data_dir = ""
    elif data_dir and not Path(data_dir).is_dir():
        problems.append(f"data_dir {data_dir!r} is not a folder")
    elif data_dir:
        data_dir = str(Path(data_dir).resolve())
    for key in ("parameters", "overrides"):
        problem = plain_value_problem(raw.get(key), key)
        if problem:
            problems.append(problem)
    las = _resolve_las(raw.get("las"), problems)
    notebooks = _readable(_resolve_notebooks(raw.get("notebooks"), notebooks_dir, problems),
                          problems)
    _check_contract(notebooks, problems)
    if source == "local":
        problems += _local_problems(data_dir, notebooks)
    rejected: set[tuple[str, str]] = set()
    parameters = _check_parameters("parameters", raw.get("parameters"), notebooks, problems,
                                   rejected)
    overrides_raw = raw.get("overrides") or {}
    overrides: dict[str, dict] = {}
    if not isinstance(overrides_raw, dict):
        problems.append("overrides must map notebook names to parameter mappings")
    else:
        for stem, values in overrides_raw.items():
            if stem not in notebooks:
                problems.append(f"overrides.{stem}: not a notebook of this pack "
                                f"({', '.join(notebooks) or 'none'})")
                continue
            overrides[stem] = _check_parameters(f"overrides.{stem}", values,
                                                {stem: notebooks[stem]}, problems, rejected)
    problems += _declared_problems(notebooks, parameters, overrides, rejected)
    if problems:
        listed = "\n".join(f"  - {p}" for p in problems)
        raise SpecError(f"{origin}: {len(problems)} problem(s) in the pack spec:\n{listed}")
    return PackSpec(name=name, source=source, data_dir=data_dir, las=tuple(las),
                    notebooks=notebooks, parameters=parameters, overrides=overrides,
                    description=str(raw.get("description", "")), raw=raw)


def load_spec(path: Path, notebooks_dir: Path = NOTEBOOKS_DIR) -> PackSpec:
    """Read a YAML pack spec safely and validate it (see `validate_spec`)."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_SPEC_BYTES:
            raise SpecError(f"{path}: larger than {MAX_SPEC_BYTES} bytes; not a pack spec")
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise SpecError(f"{path}: cannot read the pack spec ({err.strerror})") from err
    except (yaml.YAMLError, UnicodeDecodeError) as err:
        raise SpecError(f"{path}: not valid YAML: {err}") from err
    return validate_spec(raw, notebooks_dir, origin=str(path))
