"""One PDF per LA, for circulation: a cover page and each code-hidden report, in order.

The LA's reports are joined into one print page (the first report's head, each report's main
content starting on a new page) and printed by headless Chromium (`browser`), tagged and with
a document outline from the headings. The reports' print rules keep every chart and table on
one page. Done once per LA after the runs, outside the per-run path.
"""

from __future__ import annotations

import base64
import html
import logging
import re
import time
from pathlib import Path

from analysis_lib.packs.paths import atomic_path
from analysis_lib.packs.plan import Run, runs_by_la

log = logging.getLogger(__name__)
_MAIN = re.compile(r"<main\b[^>]*>(.*)</main>", re.S)
PRINT_OPTIONS = {"printBackground": True, "preferCSSPageSize": True, "generateTaggedPDF": True,
                 "generateDocumentOutline": True, "displayHeaderFooter": True,
                 "headerTemplate": "<span></span>"}


def pdf_path(runs: list[Run]) -> Path:
    return runs[0].la_dir / f"{runs[0].la_slug}_reports.pdf"


def print_document(runs: list[Run], records: dict[str, dict], *, pack: str,
                   synthetic: bool) -> str | None:
    """The LA's reports as one HTML page for printing, or None when no run succeeded."""
    reports = [r.html_paths["report"] for r in runs
               if records.get(r.run_id, {}).get("status") == "ok"
               and r.html_paths["report"].is_file()]
    if not reports:
        return None
    pages = [p.read_text(encoding="utf-8") for p in reports]
    head = pages[0][:pages[0].index("<body")]
    la = html.escape(runs[0].la_name)
    banner = ('<p class="synthetic-cover"><strong>SYNTHETIC DATA</strong>: every figure in '
              "these reports comes from a seeded generator with planted effects, not from real "
              "published statistics.</p>" if synthetic else "")
    contents = "".join(f"<li>{html.escape(_title(page))}</li>" for page in pages)
    cover = (f'<section class="cover"><h1>{la}: evidence pack {html.escape(pack)}</h1>{banner}'
             f"<p>Reports in this document:</p><ol>{contents}</ol></section>")
    bodies = "".join(f'<section class="report-start">{_MAIN.search(page).group(1)}</section>'
                     for page in pages if _MAIN.search(page))
    style = ("<style>.cover{padding-top:30mm;font-family:system-ui,-apple-system,'Segoe UI',"
             "Arial,sans-serif}.synthetic-cover{border:3px solid #000;background:#ffdd00;"
             "padding:.6rem 1rem}</style>")
    return (f"{head.replace('</head>', style + '</head>')}<body class=\"jp-Notebook\">"
            f"<main>{cover}{bodies}</main></body></html>\n")


def _title(page: str) -> str:
    match = re.search(r"<title>(.*?)</title>", page, re.S)
    return html.unescape(match.group(1)).strip() if match else "Report"


def _footer(la_name: str) -> str:
    return ('<div style="font-size:8px;width:100%;text-align:center;color:#333">'
            f"{html.escape(la_name)} \u2014 page <span class=\"pageNumber\"></span> of "
            '<span class="totalPages"></span></div>')


def print_pdf(driver, document: Path, target: Path, la_name: str) -> Path:
    """Print an HTML file to `target` with the browser `driver` (atomic write)."""
    driver.get(document.resolve().as_uri())
    data = driver.execute_cdp_cmd("Page.printToPDF",
                                  {**PRINT_OPTIONS, "footerTemplate": _footer(la_name)})
    with atomic_path(target) as tmp:
        tmp.write_bytes(base64.b64decode(data["data"]))
    return target


def write_la_pdfs(runs: list[Run], records: dict[str, dict], *, pack: str,
                  synthetic: bool) -> dict[str, Path]:
    """Print every LA's PDF with one browser; returns LA folder -> PDF. Raises
    `browser.BrowserUnavailable` when Chromium is not installed."""
    from analysis_lib.packs.browser import headless_chromium

    written: dict[str, Path] = {}
    start = time.perf_counter()
    with headless_chromium() as driver:
        for slug, group in runs_by_la(runs).items():
            text = print_document(group, records, pack=pack, synthetic=synthetic)
            if text is None:
                continue
            page = group[0].la_dir / f".{slug}.print.html"
            page.write_text(text, encoding="utf-8")
            try:
                written[slug] = print_pdf(driver, page, pdf_path(group), group[0].la_name)
            finally:
                page.unlink(missing_ok=True)
    log.info("%d PDFs in %.1f s", len(written), time.perf_counter() - start)
    return written
