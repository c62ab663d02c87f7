"""Each notebook's own parameters, declared once: name, type, allowed values and help.

A notebook's analysis package holds a ``parameters.py`` whose ``DECLARATION`` lists that
notebook's own parameters (`Parameter`) and the rules that tie several of them together
(`Rule`, e.g. notebook 03's ``counterfactual_term`` must be one of its ``regressors``).
`check_parameters` checks a full set of values against it and raises one `ParameterError`
listing every problem; `context.start_run` calls it for every run and the pack-spec validation
(`packs.spec`) asks `parameter_problems` for the same messages before any run starts.

The contract parameters shared by every notebook (`COMMON`) are declared here once; their
values are checked by `context.start_run`, which resolves the LA and its comparators.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field

from analysis_lib.errors import ParameterError

#: notebook stem -> the module whose ``DECLARATION`` holds its own parameters (imported lazily)
REGISTRY = {
    "01_attainment_gaps": "analysis_lib.attainment.parameters",
    "02_ofsted_trajectory": "analysis_lib.ofsted.parameters",
    "03_caseload_regressions": "analysis_lib.caseload.parameters",
    "04_troubled_families_impact": "analysis_lib.impact.parameters",
}


@dataclass(frozen=True)
class Parameter:
    """One notebook parameter.

    ``types`` are the Python types a value may have; ``allowed`` (when given) the values it
    may take, reported with ``message`` (or "<name> must be one of ..."); ``check`` (when
    given) returns the problem with a value, or None, and replaces both. ``help`` is the
    comment beside the parameter in the notebook's parameters cell.
    """

    name: str
    types: tuple[type, ...]
    help: str
    allowed: tuple | None = None
    check: Callable[[object], str | None] | None = None
    message: str | None = None

    def problem(self, value) -> str | None:
        """Why ``value`` cannot be used, or None."""
        if self.check is not None:
            return self.check(value)
        if self.allowed is not None:
            if any(value == ok and type(value) is type(ok) for ok in self.allowed):
                return None
            return (self.message or "{name} must be one of {allowed}, got {value!r}").format(
                name=self.name, allowed=self.allowed, value=value)
        if isinstance(value, bool) and bool not in self.types:
            return f"{self.name} must be {self.type_label}, got {value!r}"
        return None if isinstance(value, self.types) else (
            f"{self.name} must be {self.type_label}, got {value!r}")

    @property
    def type_label(self) -> str:
        return " or ".join(t.__name__.replace("NoneType", "None") for t in self.types)


@dataclass(frozen=True)
class Rule:
    """A check on several parameters together: ``check(values)`` returns the problem or None.
    It runs only when every parameter it ``uses`` has a value."""

    uses: tuple[str, ...]
    check: Callable[[dict], str | None]


@dataclass(frozen=True)
class Declaration:
    """A notebook's own parameters, in the order of its parameters cell, and its rules."""

    notebook: str
    parameters: tuple[Parameter, ...]
    rules: tuple[Rule, ...] = field(default=())

    def by_name(self) -> dict[str, Parameter]:
        return {p.name: p for p in self.parameters}


COMMON = (
    Parameter("la", (str, int), "LA name, 3-digit DfE code (335) or GSS code"),
    Parameter("comparators", (str, list), '"statistical_neighbours", "region", "england" or '
              "a list of LAs"),
    Parameter("first_year", (int,), "first year analysed"),
    Parameter("last_year", (int,), "last year analysed"),
    Parameter("data_source", (str,), "where the data come from: synthetic, official or local"),
    Parameter("data_dir", (str,), "folder of official files (empty: data/raw)"),
    Parameter("output_dir", (str,), "where figures, tables and results.json go"),
)


def declaration(notebook: str) -> Declaration | None:
    """The notebook's declaration, or None for a notebook with no own parameters declared."""
    module = REGISTRY.get(notebook)
    return None if module is None else importlib.import_module(module).DECLARATION


def parameter_problems(notebook: str, values: dict) -> list[tuple[tuple[str, ...], str]]:
    """Every problem with the notebook's own parameters among ``values``, each with the
    names of the parameters it concerns. Names the notebook does not declare are left to the
    caller; rules run only when all their parameters are given."""
    declared = declaration(notebook)
    if declared is None:
        return []
    problems = []
    for param in declared.parameters:
        if param.name in values:
            problem = param.problem(values[param.name])
            if problem:
                problems.append(((param.name,), problem))
    for rule in declared.rules:
        if all(name in values for name in rule.uses):
            problem = rule.check(values)
            if problem:
                problems.append((rule.uses, problem))
    return problems


def check_parameters(notebook: str, values: dict, problems: list[str] | tuple = ()) -> None:
    """Raise one `ParameterError` listing ``problems`` (found by the caller, e.g. with the
    common parameters) and every problem with the notebook's own parameters in ``values``."""
    found = list(problems) + [message for _, message in parameter_problems(notebook, values)]
    if found:
        raise ParameterError(f"{notebook}: cannot run with these parameters:\n- "
                             + "\n- ".join(found))


def problem_raised(check: Callable, *args) -> str | None:
    """The message of the `ParameterError` that ``check(*args)`` raises, or None: reuses an
    existing checker as a `Parameter.check` or `Rule.check`."""
    try:
        check(*args)
    except ParameterError as err:
        return str(err)
    return None
