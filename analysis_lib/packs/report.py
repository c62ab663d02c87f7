"""What a pack publishes: `index.html` (`index_page`), `manifest.json`, one Excel workbook
and (on request) one PDF per LA, and, compared with a previous pack, `changes.json` and
`changes.html`.

All are rebuilt from the runs' completion records and results sidecars, and written
atomically.
"""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path

import nbformat
import pandas as pd

from analysis_lib.packs import compare
from analysis_lib.packs.changes_page import render_changes
from analysis_lib.packs.html_report import report_title
from analysis_lib.packs.index_page import headline_lines, render_index
from analysis_lib.packs.paths import atomic_path, write_text
from analysis_lib.packs.plan import Run, pack_dir, runs_by_la
from analysis_lib.packs.provenance import package_versions
from analysis_lib.packs.spec import PackSpec

__all__ = ["headline_lines", "manifest", "render_index", "write_pack_outputs",
           "write_workbook"]
log = logging.getLogger(__name__)

def write_workbook(runs: list[Run], records: dict[str, dict], synthetic: bool) -> Path | None:
    """One workbook for an LA: every CSV table of its successful runs, a sheet each."""
    tables = [(run, csv) for run in runs if records.get(run.run_id, {}).get("status") == "ok"
              for csv in sorted(run.output_dir.glob("*.csv"))]
    if not tables:
        return None
    path = runs[0].la_dir / f"{runs[0].la_slug}_tables.xlsx"
    about, used = [], set()
    with atomic_path(path) as tmp, pd.ExcelWriter(tmp, engine="xlsxwriter") as writer:
        for run, csv in tables:
            base = f"{run.notebook[:3]}{csv.stem}"[:28]
            sheet, n = base, 1
            while sheet.casefold() in used:
                n += 1
                sheet = f"{base}_{n}"
            used.add(sheet.casefold())
            pd.read_csv(csv).to_excel(writer, sheet_name=sheet, index=False)
            about.append({"sheet": sheet, "notebook": run.notebook, "file": csv.name})
        label = "SYNTHETIC DATA - not real figures" if synthetic else "official published data"
        info = pd.DataFrame([{"sheet": "about", "notebook": f"{runs[0].la_name}: {label}",
                              "file": ""}, *about])
        info.to_excel(writer, sheet_name="about", index=False)
    return path


def manifest(spec: PackSpec, runs: list[Run], records: dict[str, dict], code: dict,
             fingerprint: str, options, started: float, seconds: float,
             interrupted: bool, tables: dict | None = None) -> dict:
    """The pack's provenance: spec, code (git commit, source hash) and package versions, data
    (fingerprint of all inputs and of each table's), every run's record."""
    pack = Path(runs[0].pack_dir) if runs else None
    entries = []
    for run in runs:
        record = records.get(run.run_id)
        entries.append({
            "run_id": run.run_id, "la_code": run.la_code, "la_name": run.la_name,
            "notebook": run.notebook, "status": (record or {}).get("status", "not run"),
            "resumed": bool((record or {}).get("resumed")),
            "attempt": (record or {}).get("attempt"), "error": (record or {}).get("error"),
            "started": (record or {}).get("started"), "seconds": (record or {}).get("seconds"),
            "stages": (record or {}).get("stages"),
            "kernel_cpu_seconds": (record or {}).get("kernel_cpu_seconds"),
            "input_hash": run.input_hash, "parameters": run.parameters,
            "outputs": {key: str(path.relative_to(pack)) for key, path in {
                "notebook": run.output_notebook, **run.html_paths, "output_dir": run.output_dir,
                "record": run.record_path}.items()},
            "files": (record or {}).get("files", {})})
    return {
        "pack": spec.name, "spec": spec.raw, "synthetic": spec.synthetic,
        "data": {"source": spec.source, "data_dir": spec.data_dir, "fingerprint": fingerprint,
                 "tables": tables or {}},
        "code": code, "packages": package_versions(),
        "options": {"executor": options.executor, "workers": options.workers,
                    "retries": options.retries, "resume": options.resume,
                    "fork": options.fork},
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started)),
        "seconds": round(seconds, 3), "interrupted": interrupted,
        "counts": {"runs": len(runs),
                   "ok": sum(e["status"] == "ok" for e in entries),
                   "failed": sum(e["status"] == "failed" for e in entries),
                   "not_run": sum(e["status"] == "not run" for e in entries)},
        "runs": entries,
    }


def notebook_titles(spec: PackSpec) -> dict[str, str]:
    """Notebook stem -> its title (first heading), for the index."""
    return {stem: report_title(nbformat.read(str(path), as_version=4))
            for stem, path in spec.notebooks.items()}


def _pdfs(spec: PackSpec, runs: list[Run], records: dict) -> tuple[dict[str, Path], str]:
    """Each LA's PDF, or none and the reason when no browser is installed."""
    from analysis_lib.packs.browser import BrowserUnavailable
    from analysis_lib.packs.pdf import write_la_pdfs

    try:
        return write_la_pdfs(runs, records, pack=spec.name, synthetic=spec.synthetic), ""
    except BrowserUnavailable as err:
        log.warning("no PDFs: %s", err)
        return {}, f"no PDFs: {err}"


def _write_changes(root: Path, data: dict, previous: compare.PreviousPack,
                   synthetic: bool) -> dict[str, Path]:
    found = compare.changes(previous, data, root)
    return {"changes_json": write_text(root / "changes.json",
                                       json.dumps(found, indent=2, sort_keys=True, default=str)),
            "changes": write_text(root / "changes.html",
                                  render_changes(found, synthetic=synthetic))}


def write_pack_outputs(spec: PackSpec, runs: list[Run], records: dict[str, dict], *, code: dict,
                       fingerprint: str, options, started: float, seconds: float,
                       interrupted: bool, workbooks: dict[str, Path | None] | None = None,
                       tables: dict | None = None) -> dict[str, Path]:
    """Write the per-LA workbooks, PDFs (``options.pdf``), `manifest.json`, the comparison
    with ``options.compare_to`` (a `compare.PreviousPack`) and `index.html`; return their
    paths.

    ``workbooks``: LA folder -> workbook (or None) already written while the pack ran (see
    `runner.run_pack`); the other LAs' workbooks are written here. PDFs and the comparison
    are skipped for an interrupted pack.
    """
    root = pack_dir(spec, options.output_root)
    paths: dict[str, Path] = {}
    written = dict(workbooks or {})
    for slug, group in runs_by_la(runs).items():
        if slug not in written:
            written[slug] = write_workbook(group, records, spec.synthetic)
        if written[slug] is not None:
            paths[f"workbook:{slug}"] = written[slug]
    data = manifest(spec, runs, records, code, fingerprint, options, started, seconds,
                    interrupted, tables)
    if getattr(options, "pdf", False) and not interrupted:
        pdfs, note = _pdfs(spec, runs, records)
        paths.update({f"pdf:{slug}": path for slug, path in pdfs.items()})
        data["pdfs"] = {slug: str(path.relative_to(root)) for slug, path in pdfs.items()}
        data["pdf_note"] = note or None
    previous = getattr(options, "compare_to", None)
    if previous is not None and not interrupted:
        paths.update(_write_changes(root, data, previous, spec.synthetic))
        data["compared_to"] = str(previous.folder)
    paths["manifest"] = write_text(root / "manifest.json",
                                   json.dumps(data, indent=2, sort_keys=True, default=str))
    paths["index"] = write_text(root / "index.html", render_index(
        spec, runs, records, code, fingerprint, interrupted, titles=notebook_titles(spec),
        changes="changes.html" if "changes" in paths else ""))
    return paths
