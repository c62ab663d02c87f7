"""Two runs of the shipped default pack on the same inputs write identical results sidecars,
one on kernels forked from a warm server, one on kernels launched as new processes."""

import json

import pytest

from tests.e2e.pack_support import ROOT, evidence, results_sidecars

pytestmark = pytest.mark.slow
SPEC = ROOT / "parameters" / "packs" / "default.yaml"


def test_default_pack_is_reproducible_on_forked_and_launched_kernels(tmp_path):
    import yaml

    notebooks = yaml.safe_load(SPEC.read_text())["notebooks"]
    sidecars = []
    for attempt, kernels in (("forked", ()), ("launched", ("--no-fork",))):
        done = evidence("pack", SPEC, "--output-root", tmp_path / attempt, "--workers", 2,
                        "--quiet", *kernels, timeout=1800)
        assert done.returncode == 0, done.stdout + done.stderr
        sidecars.append(results_sidecars(tmp_path / attempt / "default"))
        manifest = json.loads((tmp_path / attempt / "default" / "manifest.json").read_text())
        assert manifest["options"]["fork"] == (attempt == "forked")
        forked = [run["kernel_cpu_seconds"] is not None for run in manifest["runs"]]
        assert forked == [attempt == "forked"] * len(notebooks)
    assert len(sidecars[0]) == len(notebooks)
    assert sidecars[0] == sidecars[1]
