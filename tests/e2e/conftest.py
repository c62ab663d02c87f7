"""Running a project notebook through papermill into a temporary folder."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path

import papermill
import pytest
import yaml

from tests.conftest import PROJECT_ROOT
from tests.e2e.pack_support import evidence, write_spec

KERNEL = "evidence-analysis"
NEIGHBOURS_SPEC = PROJECT_ROOT / "parameters" / "packs" / "quarterly_neighbours_example.yaml"


@pytest.fixture(scope="session")
def neighbours_pack(tmp_path_factory) -> Path:
    """The neighbours pack's notebooks and parameters for Walsall and two of its statistical
    neighbours (Sandwell, Tameside), run once for every test that reads a whole pack."""
    raw = yaml.safe_load(NEIGHBOURS_SPEC.read_text())
    raw.update(name="la_story", las=["Walsall", "Sandwell", "Tameside"])
    folder = tmp_path_factory.mktemp("la_story")
    done = evidence("pack", write_spec(folder, **raw), "--output-root", folder, "--workers", 2,
                    "--quiet", timeout=1800)
    assert done.returncode == 0, done.stdout + done.stderr
    return folder / "la_story"


def run_notebook(stem: str, tmp_path: Path, **parameters) -> dict:
    """Execute notebooks/<stem>.ipynb with `parameters` (output_dir inside tmp_path) and
    return its results.json; the executed notebook is tmp_path/executed.ipynb."""
    notebook = PROJECT_ROOT / "notebooks" / f"{stem}.ipynb"
    out = tmp_path / "out"
    papermill.execute_notebook(str(notebook), str(tmp_path / "executed.ipynb"),
                               parameters={"output_dir": str(out), **parameters},
                               kernel_name=KERNEL, progress_bar=False, cwd=str(notebook.parent))
    return json.loads((out / "results.json").read_text())


def by_name(results: dict) -> dict:
    return {r["name"]: r for r in results["results"]}


PNG_IN_HTML = re.compile(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"')


def shown_images(notebook) -> list[str]:
    """sha256 of every PNG shown in the executed notebook (as an image output, or inline in
    an HTML figure as `plots.finish` shows charts), sorted."""
    cells = json.loads(notebook.read_text())["cells"]
    encoded = []
    for output in (o for c in cells if c["cell_type"] == "code" for o in c["outputs"]):
        data = output.get("data", {})
        if "image/png" in data:
            encoded.append(data["image/png"])
        encoded += PNG_IN_HTML.findall("".join(data.get("text/html", "")))
    return sorted(hashlib.sha256(base64.b64decode(text)).hexdigest() for text in encoded)


def saved_images(folder) -> list[str]:
    return sorted(hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.glob("*.png"))

