"""The `evidence pack` / `evidence run` command line: options and typed -p values."""

import argparse

import pytest

from analysis_lib.packs.commands import cli_value, configure
from analysis_lib.packs.notebook_params import DeclaredParameter


def parser():
    p = argparse.ArgumentParser()
    configure(p.add_subparsers(dest="command", required=True))
    return p


def test_pack_options_and_defaults():
    args = parser().parse_args(["pack", "spec.yaml", "--workers", "3", "--executor", "dask",
                                "--scheduler", "tcp://h:8786", "--retries", "2", "--resume"])
    assert (args.workers, args.executor, args.scheduler, args.retries, args.resume) == (
        3, "dask", "tcp://h:8786", 2, True)
    assert str(args.output_root) == "outputs" and args.handler.__name__ == "pack_command"


@pytest.mark.parametrize("bad", [["--workers", "0"], ["--retries", "-1"],
                                 ["--executor", "spark"]])
def test_bad_pack_options_are_refused(bad):
    with pytest.raises(SystemExit):
        parser().parse_args(["pack", "spec.yaml", *bad])


def test_run_collects_parameters():
    args = parser().parse_args(["run", "nb.ipynb", "--la", "Walsall", "-p", "a", "1",
                                "-p", "b", "x y"])
    assert args.parameter == [["a", "1"], ["b", "x y"]]


TEXT = DeclaredParameter("text", (str,), "", "")
YEAR = DeclaredParameter("first_year", (int,), 2010, "")
LA = DeclaredParameter("la", (str, int), "Walsall", "")
COMPARATORS = DeclaredParameter("comparators", (str, list), "", "")


@pytest.mark.parametrize(("param", "text", "value"), [
    (TEXT, "2016", "2016"), (TEXT, "[1, 2]", "[1, 2]"), (TEXT, "a: b", "a: b"),
    (YEAR, "2016", 2016), (YEAR, "x", "x"), (LA, "335", 335), (LA, "Walsall", "Walsall"),
    (COMPARATORS, "[Dudley, Sandwell]", ["Dudley", "Sandwell"]),
    (COMPARATORS, "region", "region"), (None, "1.5", 1.5), (YEAR, "[unclosed", "[unclosed")])
def test_cli_values_take_the_declared_type(param, text, value):
    assert cli_value(param, text) == value
