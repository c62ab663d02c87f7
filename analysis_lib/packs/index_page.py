"""The pack's `index.html`: for each LA, at a glance, every notebook's verdict and headline
estimates (a small dot-and-interval chart each), status and links.

Every value shown comes from a run's `results.json`; every string from a notebook or spec is
HTML-escaped. The page has one `h1`, ordered headings, `lang`, a skip link, landmarks, tables
with header cells and captions, and charts whose text alternative is built from their numbers.
"""

from __future__ import annotations

import html
import json
import math
from pathlib import Path
from urllib.parse import quote

from analysis_lib.packs.plan import Run, runs_by_la
from analysis_lib.packs.spec import PackSpec
from analysis_lib.results import interval_label
from analysis_lib.unavailable import LEAD as UNAVAILABLE_LEAD

RESULTS_SIDECAR = "results.json"
ZERO_WORDS = {True: "excludes zero", False: "includes zero", None: "no interval"}
STATUS_WORDS = {"ok": "completed", "failed": "failed", "not run": "not run"}
STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Arial,sans-serif;margin:0;color:#1b1b1b;
line-height:1.45;font-size:16px} main,header,footer{max-width:1200px;margin:0 auto;
padding:0 1rem} h1{margin:1rem 0 .2rem} h2{border-bottom:2px solid #0b3c5d;padding-bottom:.2rem;
margin-top:2.2rem} h3{margin:1.4rem 0 .3rem}
.skip-link{position:absolute;left:-10000px;top:0;background:#ffdd00;color:#0b0c0c;
padding:.5rem 1rem;font-weight:700} .skip-link:focus{left:1rem;top:1rem}
a{color:#1d4f91} a:focus{outline:3px solid #ffbf47;outline-offset:1px} main:focus{outline:none}
.synthetic{background:#ffdd00;color:#000;font-weight:700;font-size:1.2rem;padding:.6rem 1rem;
border:3px solid #000;margin:1rem 0;letter-spacing:.03em}
.meta,.links{color:#2b2b2b;font-size:.92rem} .verdict{max-width:60rem}
table{border-collapse:collapse;width:100%;margin:.4rem 0}
caption{text-align:left;font-weight:700;padding:.2rem 0}
th,td{border:1px solid #b1b4b6;padding:.3rem .5rem;text-align:left;vertical-align:middle}
thead th{background:#f3f2f1} tbody th{font-weight:400}
.ok{color:#00703c;font-weight:700} .failed{color:#b0281a;font-weight:700}
.missing{color:#505a5f;font-weight:700} .error{font-size:.88rem}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);
white-space:nowrap} nav ul{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.3rem 1rem}
svg text{font-size:10px;fill:#2b2b2b} li a{display:inline-block;padding:.25rem 0}
"""
CHART_W, CHART_H, PAD = 220, 30, 14


def number(value) -> str:
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


def interval_words(item: dict) -> str:
    """What an estimate's interval is, in the report's words; '' without an interval."""
    if item.get("ci_low") is None or item.get("ci_high") is None:
        return ""
    kind = interval_label(item["interval_kind"]) if item.get("interval_kind") else "95% interval"
    return f"{kind} {number(item['ci_low'])} to {number(item['ci_high'])}"


def headline_items(results: dict | None) -> list[dict]:
    return [i for i in (results or {}).get("results", []) if i.get("headline", True)]


def headline_lines(results: dict | None) -> list[str]:
    """'Label: value unit (<interval name> low to high)' for each headline result; only a
    confidence interval is called a CI (see `results.interval_label`)."""
    lines = []
    for item in headline_items(results):
        text = f"{item.get('label') or item.get('name')}: {number(item.get('value'))}"
        text += f" {item.get('unit', '')}".rstrip()
        if words := interval_words(item):
            text += f" ({words})"
        lines.append(text)
    return lines


def excludes_zero(item: dict) -> bool | None:
    low, high = item.get("ci_low"), item.get("ci_high")
    return None if low is None or high is None else (low > 0 or high < 0)


def estimate_chart(item: dict) -> str:
    """A small inline SVG: the estimate as a dot, its interval as a line, zero dashed. The
    dot is filled when the interval excludes zero, hollow when it includes it (also said in
    words beside it); a value without an interval is a grey square."""
    value, low, high = item.get("value"), item.get("ci_low"), item.get("ci_high")
    if value is None:
        return ""
    has_interval = low is not None and high is not None
    ends = [0.0, value, *((low, high) if has_interval else ())]
    lo, hi = min(ends), max(ends)
    span = (hi - lo) or 1.0

    def x(v: float) -> float:
        return round(PAD + (v - lo) / span * (CHART_W - 2 * PAD), 1)

    label = f"{item.get('label') or item.get('name')}: {number(value)} {item.get('unit', '')}"
    label = label.rstrip() + (f"; {interval_words(item)}; the interval "
                              f"{'excludes' if excludes_zero(item) else 'includes'} zero"
                              if has_interval else "; no interval") + "."
    mid = CHART_H / 2 - 3
    parts = [f'<line x1="{x(0)}" y1="2" x2="{x(0)}" y2="{CHART_H - 12}" stroke="#505a5f" '
             f'stroke-dasharray="3 2"/><text x="{x(0)}" y="{CHART_H - 1}" '
             f'text-anchor="middle">0</text>']
    if has_interval:
        parts.append(f'<line x1="{x(low)}" y1="{mid}" x2="{x(high)}" y2="{mid}" '
                     f'stroke="#0b3c5d" stroke-width="2"/>')
        parts += [f'<line x1="{x(v)}" y1="{mid - 5}" x2="{x(v)}" y2="{mid + 5}" '
                  f'stroke="#0b3c5d" stroke-width="2"/>' for v in (low, high)]
    if has_interval:
        fill = "#0b3c5d" if excludes_zero(item) else "#ffffff"
        parts.append(f'<circle cx="{x(value)}" cy="{mid}" r="4.5" fill="{fill}" '
                     f'stroke="#0b3c5d" stroke-width="2"/>')
    else:  # a value without an interval: a grey square
        parts.append(f'<rect x="{x(value) - 4}" y="{mid - 4}" width="8" height="8" '
                     f'fill="#505a5f"/>')
    return (f'<svg role="img" aria-label="{html.escape(label)}" width="{CHART_W}" '
            f'height="{CHART_H}" viewBox="0 0 {CHART_W} {CHART_H}">{"".join(parts)}</svg>')


def _link(pack: Path, target: Path, label: str, context: str = "") -> str:
    if not target.is_file():
        return ""
    hidden = f'<span class="visually-hidden"> {html.escape(context)}</span>' if context else ""
    return (f'<a href="{quote(target.relative_to(pack).as_posix())}">{html.escape(label)}'
            f"{hidden}</a>")


def _estimates_table(items: list[dict], caption: str) -> str:
    e = html.escape
    rows = "".join(
        f'<tr><th scope="row">{e(str(i.get("label") or i.get("name")))}</th>'
        f"<td>{e(number(i.get('value')))} {e(i.get('unit', ''))}</td>"
        f"<td>{e(interval_words(i) or 'no interval')}</td>"
        f"<td>{ZERO_WORDS[excludes_zero(i)]}</td><td>{estimate_chart(i)}</td></tr>"
        for i in items)
    return (f'<table class="headlines"><caption>{e(caption)}</caption><thead><tr>'
            '<th scope="col">Estimate</th><th scope="col">Value</th>'
            '<th scope="col">Interval</th><th scope="col">Interval and zero</th>'
            f'<th scope="col">Chart</th></tr></thead><tbody>{rows}</tbody></table>')


def run_section(pack: Path, run: Run, record: dict | None, title: str) -> str:
    """One notebook of one LA: heading with status, verdict, estimates, links."""
    e = html.escape
    status = (record or {}).get("status", "not run")
    css = {"ok": "ok", "failed": "failed"}.get(status, "missing")
    results = read_results(run) if status == "ok" else None
    heading_id = f"{run.la_slug}-{run.notebook}"
    parts = [f'<section aria-labelledby="{e(heading_id)}"><h3 id="{e(heading_id)}">'
             f'{e(title)}: <span class="{css}">{e(STATUS_WORDS.get(status, status))}</span>'
             "</h3>"]
    if results and results.get("verdict"):
        parts.append(f'<p class="verdict"><strong>Verdict:</strong> '
                     f"{e(results['verdict'])}</p>")
    for item in (results or {}).get("unavailable", []):
        parts.append(f'<p class="unavailable"><strong>{e(item.get("section", ""))}:</strong> '
                     f'{e(UNAVAILABLE_LEAD)} {e(str(item.get("message", "")))}</p>')
    if items := headline_items(results):
        parts.append(_estimates_table(items, f"{run.la_name}, {title}: headline estimates"))
    if error := (record or {}).get("error"):
        where = f" (cell {error['cell']})" if error.get("cell") is not None else ""
        parts.append(f'<p class="error">{e(str(error.get("type")))}{e(where)}: '
                     f'{e(str(error.get("message", ""))[:300])}</p>')
    context = f"for {run.la_name}, {title}"
    links = " · ".join(filter(None, [
        _link(pack, run.html_paths["report"], "Report", context),
        _link(pack, run.html_paths["report_with_code"], "Report with code", context),
        _link(pack, run.output_notebook, "Notebook", context),
        _link(pack, run.output_dir / RESULTS_SIDECAR, "results.json", context)]))
    seconds = (record or {}).get("seconds")
    timing = f" · run time {seconds:.1f} s" if isinstance(seconds, int | float) else ""
    parts.append(f'<p class="links">{links}{e(timing)}</p></section>')
    return "".join(parts)


def _la_section(pack: Path, slug: str, group: list[Run], records: dict, titles: dict) -> str:
    e = html.escape
    la_dir = Path(group[0].la_dir)
    name = group[0].la_name
    downloads = [d for d in (
        _link(pack, la_dir / f"{slug}_reports.pdf", f"All {name} reports (PDF)"),
        _link(pack, la_dir / f"{slug}_tables.xlsx", f"All {name} tables (Excel)")) if d]
    items = "".join(f"<li>{d}</li>" for d in downloads)
    runs = "".join(run_section(pack, run, records.get(run.run_id),
                               titles.get(run.notebook, run.notebook)) for run in group)
    return (f'<section id="{e(slug)}" aria-labelledby="la-{e(slug)}"><h2 id="la-{e(slug)}">'
            f"{e(name)} ({group[0].la_code})</h2>"
            + (f'<ul class="downloads">{items}</ul>' if items else "") + runs + "</section>")


def render_index(spec: PackSpec, runs: list[Run], records: dict[str, dict], code: dict,
                 fingerprint: str, interrupted: bool, *, titles: dict | None = None,
                 changes: str = "") -> str:
    """The pack's index page. ``titles``: notebook stem -> readable title; ``changes``: the
    relative address of `changes.html` when the pack was compared with a previous one."""
    e = html.escape
    pack = Path(runs[0].pack_dir) if runs else Path(".")
    ok = sum(r["status"] == "ok" for r in records.values())
    banner = ('<div class="synthetic" role="note">SYNTHETIC DATA — these figures come from '
              'a seeded generator with planted effects, not from real published statistics.'
              '</div>') if spec.synthetic else ""
    state = " — INTERRUPTED, incomplete" if interrupted else ""
    by_la = runs_by_la(runs)
    nav = "".join(f'<li><a href="#{e(slug)}">{e(group[0].la_name)}</a></li>'
                  for slug, group in by_la.items())
    sections = "".join(_la_section(pack, slug, group, records, titles or {})
                       for slug, group in by_la.items())
    source = {"synthetic": "synthetic (embedded generator)",
              "local": f"an LA's own family records ({spec.data_dir})"
                       + (", SYNTHETIC example" if spec.synthetic else "")}.get(
        spec.source, f"official ({spec.data_dir or 'data/raw'})")
    commit = code.get("git_commit")
    code_text = code["version"] + (f", commit {commit[:12]}" if commit else "")
    changed = (f' · <a href="{e(changes)}">What changed since the previous pack</a>'
               if changes else "")
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>Evidence pack {e(spec.name)}</title><style>{STYLE}</style></head><body>"
            f'<a class="skip-link" href="#main">Skip to the results</a>'
            f'<header><nav aria-label="Local authorities in this pack"><ul>{nav}</ul></nav>'
            f'</header><main id="main" tabindex="-1">'
            f"<h1>Evidence pack: {e(spec.name)}{e(state)}</h1>{banner}"
            f"<p>{e(spec.description)}</p>"
            f'<p class="meta">{ok} of {len(runs)} runs succeeded · data source: {e(source)} · '
            f"data fingerprint: <code>{e(fingerprint[:23])}</code> · code: "
            f"<code>{e(code_text)}</code> · "
            f'<a href="manifest.json">manifest.json</a>{changed}</p>'
            "<p class=\"meta\">Each estimate is drawn as a dot with its interval as a line; "
            "the dashed line is zero; the dot is filled when the interval excludes zero and "
            "hollow when it includes zero; a grey square is a value without an interval. "
            "Each interval is named by its kind: only a sampling confidence interval is "
            f"called a CI.</p>{sections}</main><footer>{banner}</footer></body></html>\n")
