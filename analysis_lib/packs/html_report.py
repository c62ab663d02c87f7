"""A run's HTML reports: code hidden (for council readers) and with code (for reviewers).

Both use the `evidence_report` nbconvert template (``templates/``): `lang`, a skip link, a
`main` landmark, a way back to the pack index, no script fetched from the internet, AA text
contrast and print rules that keep a chart or table on one page. Around the export:

- the code-hidden report drops code cells that show nothing (the parameters cell, imports,
  cells that only compute), so no empty code frame is left in the page;
- every table gets a caption (the heading of the section it sits in) if it has none, and a
  keyboard-focusable scrolling frame named after it, for tables wider than the page; an empty
  header cell (pandas leaves the corner above the row labels blank) says so to a screen
  reader.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter

TEMPLATES = Path(__file__).resolve().parent / "templates"
TEMPLATE = "evidence_report"
_HEADING_OR_TABLE = re.compile(
    r"<(?P<h>h[1-6])\b[^>]*>(?P<title>.*?)</(?P=h)>|(?P<table><table\b[^>]*>)(?P<rest>\s*"
    r"(?:<caption\b)?)", re.S | re.I)
_TABLE_END = re.compile(r"</table>", re.I)
_EMPTY_HEADER = re.compile(r"<th([^>]*)>(\s|&nbsp;)*</th>", re.I)
EMPTY_HEADER_TEXT = '<span class="visually-hidden">no heading</span>'


def _plain(fragment: str) -> str:
    text = re.sub(r"<[^>]+>", "", fragment).replace("\u00b6", "")
    return " ".join(html.unescape(text).split())


def caption_tables(page: str) -> str:
    """Caption every uncaptioned table after the nearest heading above it ("Table 2: ..."
    for the second in a section), wrap each table in a focusable, labelled scroll frame and
    give empty header cells hidden text."""
    heading, counts, out, pos = "Report", {}, [], 0
    for match in _HEADING_OR_TABLE.finditer(page):
        if match.group("h"):
            heading = _plain(match.group("title")) or heading
            continue
        counts[heading] = counts.get(heading, 0) + 1
        n = counts[heading]
        name = f"Table{f' {n}' if n > 1 else ''}: {heading}"
        out.append(page[pos:match.start()])
        out.append(f'<div class="table-scroll" role="region" tabindex="0" '
                   f'aria-label="{html.escape(name)}">')
        out.append(match.group("table"))
        if not match.group("rest").strip():
            out.append(f"<caption>{html.escape(name)}</caption>")
        out.append(match.group("rest"))
        pos = match.end()
        end = _TABLE_END.search(page, pos)
        if end is not None:
            out.append(page[pos:end.end()] + "</div>")
            pos = end.end()
    out.append(page[pos:])
    return _EMPTY_HEADER.sub(lambda m: f"<th{m.group(1)}>{EMPTY_HEADER_TEXT}</th>",
                             "".join(out))


def _shows_something(cell) -> bool:
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream":
            if output.get("text", "").strip():
                return True
        elif output.get("output_type") == "error" or output.get("data"):
            return True
    return False


def report_title(nb) -> str:
    """The notebook's first heading, without its markdown."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()
    return "Evidence report"


class HtmlReports:
    """nbconvert exporters, built once per worker: code hidden, and with code for reviewers."""

    def __init__(self):
        common = dict(template_name=TEMPLATE, extra_template_basedirs=[str(TEMPLATES)])
        self.without_code = HTMLExporter(exclude_input=True, exclude_input_prompt=True,
                                         exclude_output_prompt=True, **common)
        self.with_code = HTMLExporter(**common)

    def render(self, nb, *, title: str, links: list[dict], code: bool) -> str:
        """One report page as HTML text."""
        if not code:
            nb = nbformat.from_dict(nb)
            nb.cells = [c for c in nb.cells if c.cell_type != "code" or _shows_something(c)]
        resources = {"metadata": {"name": title}, "evidence_links": links}
        body, _ = (self.with_code if code else self.without_code).from_notebook_node(
            nb, resources=resources)
        return caption_tables(body)

    def write(self, notebook: Path, targets: dict[str, Path], *, la_name: str = "") -> None:
        """Write the code-hidden report to ``targets["report"]`` and the one with code to
        ``targets["report_with_code"]``; both link back to the pack index and to each other."""
        from analysis_lib.packs.paths import write_text

        nb = nbformat.read(str(notebook), as_version=4)
        title = report_title(nb) + (f" \u2014 {la_name}" if la_name else "")
        index = {"href": "../index.html", "text": "Evidence pack index"}
        tables = {"href": f"{notebook.stem}/tables.xlsx", "text": "Tables (Excel)"}
        for key, code, other, other_text in (
                ("report", False, "report_with_code", "This report with its code"),
                ("report_with_code", True, "report", "This report without code")):
            links = [index, {"href": targets[other].name, "text": other_text}, tables]
            write_text(targets[key], self.render(nb, title=title, links=links, code=code))
