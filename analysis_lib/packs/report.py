"""What a pack publishes: `index.html`, `manifest.json` and one Excel workbook per LA.

All three are rebuilt from the runs' completion records and results sidecars, and written
atomically. Every value shown in the index comes from a `results.json`; every string from a
notebook or spec is HTML-escaped.
"""

from __future__ import annotations

import html
import json
import math
import time
from pathlib import Path
from urllib.parse import quote

import pandas as pd

from analysis_lib.packs.paths import atomic_path, write_text
from analysis_lib.packs.plan import Run, pack_dir, runs_by_la
from analysis_lib.packs.provenance import package_versions
from analysis_lib.packs.spec import PackSpec
from analysis_lib.results import interval_label

RESULTS_SIDECAR = "results.json"
STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Arial,sans-serif;margin:2rem auto;
max-width:1200px;padding:0 1rem;color:#1b1b1b;line-height:1.4}
h1{margin-bottom:.2rem} h2{border-bottom:2px solid #0b3c5d;padding-bottom:.2rem;margin-top:2rem}
.synthetic{background:#ffdd00;color:#000;font-weight:700;font-size:1.3rem;padding:.6rem 1rem;
border:3px solid #000;margin:1rem 0;letter-spacing:.05em}
.meta{color:#444;font-size:.9rem} table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{border:1px solid #b1b4b6;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f2f1} .ok{color:#00703c;font-weight:700} .failed{color:#d4351c;font-weight:700}
.missing{color:#505a5f;font-weight:700} ul{margin:0;padding-left:1.1rem} .error{font-size:.85rem}
nav a{margin-right:.8rem}
"""


def _number(value) -> str:
    """Floats at two decimals, whole numbers as they are, missing as 'n/a'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    if isinstance(value, float):
        return f"{value:,.2f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def read_results(run: Run) -> dict | None:
    """The run's results sidecar, or None when absent or unreadable."""
    try:
        return json.loads((run.output_dir / RESULTS_SIDECAR).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def headline_lines(results: dict | None) -> list[str]:
    """'Label: value unit (<interval name> low to high)' for each headline result; only a
    confidence interval is called a CI (see `results.interval_label`)."""
    lines = []
    for item in (results or {}).get("results", []):
        if not item.get("headline", True):
            continue
        text = f"{item.get('label') or item.get('name')}: {_number(item.get('value'))}"
        text += f" {item.get('unit', '')}".rstrip()
        if item.get("ci_low") is not None and item.get("ci_high") is not None:
            kind = (interval_label(item["interval_kind"]) if item.get("interval_kind")
                    else "95% interval")
            text += f" ({kind} {_number(item['ci_low'])} to {_number(item['ci_high'])})"
        lines.append(text)
    return lines


def _link(pack: Path, target: Path, label: str) -> str:
    if not target.is_file():
        return ""
    href = quote(target.relative_to(pack).as_posix())
    return f'<a href="{href}">{html.escape(label)}</a>'


def _run_row(pack: Path, run: Run, record: dict | None) -> str:
    e = html.escape
    status = (record or {}).get("status", "not run")
    css = {"ok": "ok", "failed": "failed"}.get(status, "missing")
    results = read_results(run) if status == "ok" else None
    cells = "".join(f"<li>{e(line)}</li>" for line in headline_lines(results))
    detail = f"<ul>{cells}</ul>" if cells else ""
    error = (record or {}).get("error")
    if error:
        where = f" (cell {error['cell']})" if error.get("cell") is not None else ""
        detail += (f'<div class="error">{e(str(error.get("type")))}{e(where)}: '
                   f'{e(str(error.get("message", ""))[:300])}</div>')
    links = " · ".join(filter(None, [
        _link(pack, run.html_paths["report"], "report"),
        _link(pack, run.html_paths["report_with_code"], "report with code"),
        _link(pack, run.output_notebook, "notebook"),
        _link(pack, run.output_dir / RESULTS_SIDECAR, "results.json")]))
    seconds = (record or {}).get("seconds")
    timing = f"{seconds:.1f} s" if isinstance(seconds, int | float) else ""
    return (f"<tr><td>{e(run.notebook)}</td><td class=\"{css}\">{e(status)}</td>"
            f"<td>{detail}</td><td>{links}</td><td>{e(timing)}</td></tr>")


def render_index(spec: PackSpec, runs: list[Run], records: dict[str, dict], code: dict,
                 fingerprint: str, interrupted: bool) -> str:
    """The pack's index page: per LA, each run's status, headline results and report links."""
    e = html.escape
    pack = Path(runs[0].pack_dir) if runs else Path(".")
    ok = sum(r["status"] == "ok" for r in records.values())
    banner = ('<div class="synthetic" role="note">SYNTHETIC DATA — these figures come from '
              'a seeded generator with planted effects, not from real published statistics.'
              '</div>') if spec.synthetic else ""
    state = " — INTERRUPTED, incomplete" if interrupted else ""
    by_la = runs_by_la(runs)
    nav = " ".join(f'<a href="#{e(slug)}">{e(group[0].la_name)}</a>'
                   for slug, group in by_la.items())
    sections = []
    for slug, group in by_la.items():
        workbook = _link(pack, Path(group[0].la_dir) / f"{slug}_tables.xlsx", "Excel tables")
        rows = "".join(_run_row(pack, run, records.get(run.run_id)) for run in group)
        sections.append(
            f'<section id="{e(slug)}"><h2>{e(group[0].la_name)} ({group[0].la_code})</h2>'
            f"<p>{workbook}</p><table><thead><tr><th>Notebook</th><th>Status</th>"
            f"<th>Headline results</th><th>Reports</th><th>Time</th></tr></thead>"
            f"<tbody>{rows}</tbody></table></section>")
    source = {"synthetic": "synthetic (embedded generator)",
              "local": f"an LA's own family records ({spec.data_dir})"
                       + (", SYNTHETIC example" if spec.synthetic else "")}.get(
        spec.source, f"official ({spec.data_dir or 'data/raw'})")
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>Evidence pack {e(spec.name)}</title><style>{STYLE}</style></head><body>"
            f"<h1>Evidence pack: {e(spec.name)}{e(state)}</h1>{banner}"
            f"<p>{e(spec.description)}</p>"
            f'<p class="meta">{ok} of {len(runs)} runs succeeded · data source: {e(source)} · '
            f"data fingerprint: <code>{e(fingerprint[:23])}</code> · code: "
            f"<code>{e(code['version'])}</code> · "
            f'<a href="manifest.json">manifest.json</a></p>'
            f"<nav>{nav}</nav>{''.join(sections)}{banner}</body></html>\n")


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
             interrupted: bool) -> dict:
    """The pack's provenance: spec, code and package versions, data, every run's record."""
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
        "data": {"source": spec.source, "data_dir": spec.data_dir, "fingerprint": fingerprint},
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


def write_pack_outputs(spec: PackSpec, runs: list[Run], records: dict[str, dict], *, code: dict,
                       fingerprint: str, options, started: float, seconds: float,
                       interrupted: bool, workbooks: dict[str, Path | None] | None = None
                       ) -> dict[str, Path]:
    """Write the per-LA workbooks, `manifest.json` and `index.html`; return their paths.

    ``workbooks``: LA folder -> workbook (or None) already written while the pack ran (see
    `runner.run_pack`); the other LAs' workbooks are written here.
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
                    interrupted)
    paths["manifest"] = write_text(root / "manifest.json",
                                   json.dumps(data, indent=2, sort_keys=True, default=str))
    paths["index"] = write_text(root / "index.html", render_index(
        spec, runs, records, code, fingerprint, interrupted))
    return paths
