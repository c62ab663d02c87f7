"""Expand a validated pack spec into runs: one per (LA x notebook), with paths and input hash."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from analysis_lib.geography import resolve_la
from analysis_lib.packs.paths import inside, la_slug
from analysis_lib.packs.provenance import sha256_file, sha256_json
from analysis_lib.packs.spec import PackSpec

RECORD_SUFFIX = ".run.json"


@dataclass(frozen=True)
class Run:
    """One notebook executed for one LA: what to inject and where everything goes."""

    pack: str
    la_code: int
    la_name: str
    la_slug: str
    notebook: str
    notebook_path: str
    parameters: dict
    pack_dir: str
    input_hash: str
    inputs: dict = field(default_factory=dict, compare=False)

    @property
    def run_id(self) -> str:
        return f"{self.la_slug}/{self.notebook}"

    @property
    def la_dir(self) -> Path:
        return Path(self.pack_dir) / self.la_slug

    @property
    def output_notebook(self) -> Path:
        return self.la_dir / f"{self.notebook}.ipynb"

    @property
    def output_dir(self) -> Path:
        return self.la_dir / self.notebook

    @property
    def record_path(self) -> Path:
        """The completion record, written last: a run is complete only when it exists."""
        return self.la_dir / f"{self.notebook}{RECORD_SUFFIX}"

    @property
    def html_paths(self) -> dict[str, Path]:
        return {"report": self.la_dir / f"{self.notebook}.html",
                "report_with_code": self.la_dir / f"{self.notebook}.code.html"}


def runs_by_la(runs: list[Run]) -> dict[str, list[Run]]:
    """The runs grouped by LA folder, in plan order."""
    groups: dict[str, list[Run]] = {}
    for run in runs:
        groups.setdefault(run.la_slug, []).append(run)
    return groups


def pack_dir(spec: PackSpec, output_root: Path) -> Path:
    return inside(output_root, spec.name)


def plan_runs(spec: PackSpec, output_root: Path, data_fingerprint: str,
              code_hash: str) -> list[Run]:
    """Runs in LA order then notebook order; each with the hash of everything it depends on."""
    root = pack_dir(spec, output_root)
    notebook_hashes = {stem: sha256_file(path) for stem, path in spec.notebooks.items()}
    runs = []
    for la_code, la_name in spec.las:
        # by name when the name identifies the LA (readable), else by code: "Dorset" is Dorset
        # Council (838), so the county before 2019 (835) runs as "835" in "dorset-835/"
        named = resolve_la(la_name)[0] == la_code
        la = la_name if named else str(la_code)
        slug = la_slug(la_name if named else f"{la_name} {la_code}")
        for stem, path in spec.notebooks.items():
            own = spec.parameters_for(stem)
            parameters = {"la": la, "data_source": spec.source,
                          "data_dir": spec.data_dir,
                          "output_dir": str(inside(root, slug, stem)), **own}
            inputs = {"pack": spec.name, "source": spec.source, "data_dir": spec.data_dir,
                      "la_code": la_code, "notebook": stem, "spec_parameters": own,
                      "parameters": {k: v for k, v in parameters.items() if k != "output_dir"},
                      "notebook_sha256": notebook_hashes[stem], "code": code_hash,
                      "data_fingerprint": data_fingerprint}
            runs.append(Run(pack=spec.name, la_code=la_code, la_name=la_name, la_slug=slug,
                            notebook=stem, notebook_path=str(Path(path).resolve()),
                            parameters=parameters, pack_dir=str(root),
                            input_hash=sha256_json(inputs), inputs=inputs))
    return runs
