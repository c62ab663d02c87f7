"""The parameters a notebook declares in its tagged `parameters` cell, and type checks on values.

Declarations are read with papermill's own inspection (`papermill.inspect_notebook`), so the
runner accepts exactly what papermill will inject. A parameter's type is its annotation or
`# type:` comment when present, else the type of its literal default. The contract parameters
shared by every notebook have fixed types (`CONTRACT_TYPES`), e.g. `comparators` may be a
name or a list of LAs.
"""

from __future__ import annotations

import ast
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import papermill

from analysis_lib.errors import ParameterError

CONTRACT_TYPES: dict[str, tuple[type, ...]] = {
    "la": (str, int),
    "comparators": (str, list),
    "first_year": (int,),
    "last_year": (int,),
    "data_source": (str,),
    "data_dir": (str,),
    "output_dir": (str,),
}
INJECTED = ("la", "data_source", "data_dir", "output_dir")
_TYPE_WORDS: dict[str, tuple[type, ...]] = {
    "int": (int,), "float": (int, float), "str": (str,), "bool": (bool,),
    "list": (list,), "tuple": (list,), "dict": (dict,), "none": (type(None),),
    "optional": (type(None),),
}
_UNTYPED = object()


@dataclass(frozen=True)
class DeclaredParameter:
    """One parameter of a notebook: its name, accepted Python types, default and help text."""

    name: str
    types: tuple[type, ...] | None  # None: any plain value
    default: object
    help: str

    @property
    def type_label(self) -> str:
        if self.types is None:
            return "any value"
        names = dict.fromkeys(t.__name__.replace("NoneType", "None") for t in self.types)
        return " or ".join(names)


def _types_from_annotation(type_name: str) -> tuple[type, ...] | None:
    """Python types named by an annotation such as 'int', 'list[str]' or 'Optional[float]'."""
    if not type_name or type_name == "None":
        return None
    outer = re.split(r"[\[|]", type_name.replace(" ", ""), maxsplit=1)[0].casefold()
    words = [outer] + [w.casefold() for w in re.findall(r"\|\s*([A-Za-z_]+)", type_name)]
    if outer == "optional":
        words += [w.casefold() for w in re.findall(r"[A-Za-z_]+", type_name)[1:2]]
    found: list[type] = []
    for word in words:
        if word not in _TYPE_WORDS:
            return None
        found.extend(_TYPE_WORDS[word])
    return tuple(dict.fromkeys(found))


def _literal(text: str):
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return _UNTYPED


def _declared_type(name: str, type_name: str, default) -> tuple[type, ...] | None:
    if name in CONTRACT_TYPES:
        return CONTRACT_TYPES[name]
    annotated = _types_from_annotation(type_name)
    if annotated is not None:
        return annotated
    if default is _UNTYPED or default is None:
        return None
    if isinstance(default, bool):
        return (bool,)
    if isinstance(default, float):
        return (int, float)
    if isinstance(default, tuple):
        return (list,)
    return (type(default),)


@lru_cache(maxsize=64)
def _declared_cached(path: str, mtime_ns: int, size: int) -> dict[str, DeclaredParameter]:
    inspected = papermill.inspect_notebook(path)
    declared = {}
    for name, info in inspected.items():
        default = _literal(str(info.get("default", "")))
        declared[name] = DeclaredParameter(
            name=name, types=_declared_type(name, str(info.get("inferred_type_name")), default),
            default=None if default is _UNTYPED else default, help=str(info.get("help") or ""))
    return declared


def declared_parameters(notebook: Path) -> dict[str, DeclaredParameter]:
    """Parameters declared in the notebook's cell tagged `parameters` (empty if it has none)."""
    path = Path(notebook)
    if not path.is_file():
        raise ParameterError(f"notebook {path} does not exist")
    stat = path.stat()
    try:
        return dict(_declared_cached(str(path.resolve()), stat.st_mtime_ns, stat.st_size))
    except (ValueError, OSError) as err:  # no kernelspec, unreadable or not a notebook
        raise ParameterError(f"{path.stem}: cannot read its parameters: {err}") from err


def plain_value_problem(value, where: str) -> str | None:
    """A problem if `value` is not plain data (None, bool, int, finite float, str, list, dict).

    Anything else (dates, tags, objects) would be injected by papermill as raw source text.
    """
    if value is None or isinstance(value, bool | int | str):
        return None
    if isinstance(value, float):
        return None if math.isfinite(value) else f"{where}: {value!r} is not a finite number"
    if isinstance(value, list):
        for i, item in enumerate(value):
            problem = plain_value_problem(item, f"{where}[{i}]")
            if problem:
                return problem
        return None
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                return f"{where}: mapping keys must be text, got {key!r}"
            problem = plain_value_problem(item, f"{where}.{key}")
            if problem:
                return problem
        return None
    return (f"{where}: {value!r} ({type(value).__name__}) is not plain data; "
            f"quote it to pass text")


def value_problem(param: DeclaredParameter, value, where: str) -> str | None:
    """A problem message if `value` is not plain data of the type the notebook declares."""
    problem = plain_value_problem(value, where)
    if problem or param.types is None:
        return problem
    if isinstance(value, bool) and bool not in param.types:
        return f"{where}: expected {param.type_label}, got {value!r} (true/false)"
    if not isinstance(value, param.types):
        return f"{where}: expected {param.type_label}, got {value!r} ({type(value).__name__})"
    return None
