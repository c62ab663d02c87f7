"""The interval-label check: is any interval that is not a confidence interval called a CI?

Every estimate in a pack's ``results.json`` sidecars says what its interval is
(``interval_kind``). Only a ``confidence`` interval may be called a "CI" or a "confidence
interval" (`analysis_lib.results.interval_label`). The check reads what a reader sees:

- the sidecars (and ``manifest.json``): an estimate of another kind whose own label or method
  calls it a CI, and every string in them;
- the HTML reports and ``index.html`` (visible text, without scripts and styles);
- the Excel workbooks (every cell, sheet by sheet).

In text, a CI phrase followed closely by "low to high" is a rendering of that interval: it is
wrong when those two numbers, at the precision printed, are the ends of an interval of another
kind and of no confidence interval in the pack. In a workbook row, the same holds for a row
that names a CI (in a cell or its column header) and holds both ends of such an interval.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from tests.la_story import json_strings

CI_PHRASE = re.compile(r"\bCIs?\b|confidence interval", re.IGNORECASE)
_CI_WORD = re.compile(r"\bCIs?\b|[Cc]onfidence [Ii]nterval")  # "ci_low" is a column name
NUMBER = r"([-+\u2212]?\d[\d,]*(?:\.\d+)?)"
RENDERED = re.compile("(?:" + _CI_WORD.pattern + ")" + r"[^0-9+\-\u2212]{0,40}?" + NUMBER
                      + r"\s*(?:to|–|—|,)\s*" + NUMBER)
SELF_FIELDS = ("label", "method", "name")


@dataclass(frozen=True)
class Finding:
    """Where a non-confidence interval is called a CI, and the text that does it."""

    where: str
    text: str


@dataclass(frozen=True)
class Interval:
    kind: str | None
    low: float
    high: float


def _decimals(text: str) -> int:
    return len(text.split(".")[1]) if "." in text else 0


def _float(text: str) -> float:
    return float(text.replace(",", "").replace("\u2212", "-"))


def _same(value: float, printed: str) -> bool:
    """Whether ``printed`` is ``value`` rounded (either way at a tie) to its decimals."""
    return abs(value - _float(printed)) <= 0.5 * 10 ** -_decimals(printed) + 1e-9


def _matches(interval: Interval, low: str, high: str) -> bool:
    return _same(interval.low, low) and _same(interval.high, high)


def mislabelled_pair(intervals: list[Interval], low: str, high: str) -> bool:
    """Whether printed ends ``low``/``high`` are those of a non-confidence interval and of no
    confidence interval."""
    found = [i for i in intervals if _matches(i, low, high)]
    return bool(found) and all(i.kind != "confidence" for i in found)


def text_findings(text: str, intervals: list[Interval], where: str) -> list[Finding]:
    """CI phrases in ``text`` followed by the ends of a non-confidence interval."""
    return [Finding(where, m.group(0)) for m in RENDERED.finditer(text)
            if mislabelled_pair(intervals, m.group(1), m.group(2))]


def sidecar_intervals(results: dict) -> list[Interval]:
    return [Interval(r.get("interval_kind"), r["ci_low"], r["ci_high"])
            for r in results.get("results", [])
            if r.get("ci_low") is not None and r.get("ci_high") is not None]


def sidecar_findings(results: dict, intervals: list[Interval], where: str) -> list[Finding]:
    """An estimate of another kind that calls itself a CI, and CI phrases in any string of
    the sidecar followed by a non-confidence interval's ends."""
    found = []
    for r in results.get("results", []):
        if r.get("ci_low") is None or r.get("interval_kind") == "confidence":
            continue
        for name in SELF_FIELDS:
            if CI_PHRASE.search(str(r.get(name) or "")):
                found.append(Finding(f"{where}: {r.get('name')}.{name}", r[name]))
    for text in json_strings(results):
        found += text_findings(text, intervals, where)
    return found


class _Visible(HTMLParser):
    """The text a reader sees: no scripts or styles."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self._hidden = [], 0

    def handle_starttag(self, tag, attrs):
        self._hidden += tag in ("script", "style")

    def handle_endtag(self, tag):
        self._hidden -= tag in ("script", "style") and self._hidden > 0

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def visible_text(page: str) -> str:
    parser = _Visible()
    parser.feed(page)
    return html.unescape(" ".join(" ".join(parser.parts).split()))


def workbook_findings(path: Path, intervals: list[Interval], where: str) -> list[Finding]:
    """Rows of every sheet that name a CI (in a cell or the column header) and hold both ends
    of a non-confidence interval; CI phrases in cells followed by such ends."""
    import openpyxl

    found = []
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    for sheet in book.worksheets:
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        if not rows:
            continue
        header = [str(c or "") for c in rows[0]]
        for n, row in enumerate(rows, start=1):
            cells = [str(c) for c in row if c is not None]
            for cell in cells:
                found += text_findings(cell, intervals, f"{where} [{sheet.title}] row {n}")
            named = [h for h, c in zip(header, row, strict=False) if c is not None]
            if not any(_CI_WORD.search(t) for t in [*cells, *named]):
                continue
            numbers = [repr(float(c)) for c in row if isinstance(c, int | float)]
            for i in intervals:
                if i.kind != "confidence" and any(_same(i.low, a) for a in numbers) and any(
                        _same(i.high, b) for b in numbers) and not any(
                        j.kind == "confidence" and _matches(j, repr(i.low), repr(i.high))
                        for j in intervals):
                    found.append(Finding(f"{where} [{sheet.title}] row {n}", " | ".join(cells)))
    book.close()
    return found


def pack_findings(pack_dir: Path) -> tuple[list[Finding], dict[str, int]]:
    """Every place in a pack where an interval that is not a confidence interval is called a
    CI, and how many files of each kind were read (so a test can check it read something)."""
    sidecars = {p: json.loads(p.read_text(encoding="utf-8"))
                for p in sorted(pack_dir.glob("*/*/results.json"))}
    intervals = [i for results in sidecars.values() for i in sidecar_intervals(results)]
    found, read = [], {"sidecars": len(sidecars), "html": 0, "workbooks": 0, "manifest": 0}
    for path, results in sidecars.items():
        found += sidecar_findings(results, intervals, str(path.relative_to(pack_dir)))
    manifest = pack_dir / "manifest.json"
    if manifest.is_file():
        read["manifest"] = 1
        found += sidecar_findings(json.loads(manifest.read_text(encoding="utf-8")), intervals,
                                  "manifest.json")
    for page in sorted(pack_dir.rglob("*.html")):
        read["html"] += 1
        found += text_findings(visible_text(page.read_text(encoding="utf-8")), intervals,
                               str(page.relative_to(pack_dir)))
    for book in sorted(pack_dir.rglob("*.xlsx")):
        read["workbooks"] += 1
        found += workbook_findings(book, intervals, str(book.relative_to(pack_dir)))
    return found, read
