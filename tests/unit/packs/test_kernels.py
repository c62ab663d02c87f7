"""Kernel launch details: the IPC launcher replaces ipykernel_launcher; notebook imports."""

import json
from pathlib import Path

import pytest

from analysis_lib.packs.kernels.forked import split_command
from analysis_lib.packs.kernels.pool import LAUNCHER, _PackKernelSpecManager, notebook_imports

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "notebooks"


@pytest.mark.parametrize("argv", [
    ["python", "-m", "ipykernel_launcher", "-f", "{connection_file}"],
    ["/venv/bin/python", "-Xfrozen_modules=off", "-m", "ipykernel_launcher", "-f",
     "{connection_file}"]])
def test_kernel_specs_launch_the_ipc_launcher(tmp_path, argv):
    (tmp_path / "k").mkdir()
    (tmp_path / "k" / "kernel.json").write_text(json.dumps(
        {"argv": argv, "display_name": "k", "language": "python"}))
    spec = _PackKernelSpecManager(kernel_dirs=[str(tmp_path)]).get_kernel_spec("k")
    assert spec.argv == [a if a != "ipykernel_launcher" else LAUNCHER for a in argv]


def test_notebook_imports_skip_the_parameters_cell():
    found = notebook_imports([FIXTURES / "probe.ipynb", FIXTURES / "slow.ipynb"])
    assert found == ("hashlib", "json", "pathlib", "os", "psutil", "ipykernel.kernelapp",
                     "ipykernel.kernelapp.IPKernelApp", "time")


@pytest.mark.parametrize(("cmd", "expected"), [
    (["/v/python", "-m", "L", "-f", "c.json"], (["/v/python"], ["-f", "c.json"])),
    (["/v/python", "-X", "o", "-m", "L"], (["/v/python", "-X", "o"], [])),
    (["/v/python", "-m", "other", "-f", "c.json"], None),
    (["L", "-m"], None)])
def test_split_command_finds_the_launcher(cmd, expected):
    assert split_command(cmd, "L") == expected
