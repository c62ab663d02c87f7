"""The LA-story check: does a report for one LA claim another LA's story?

An LA's *story markers* are derived from its own rows of the cited reference tables
(``interventions``, ``reference_facts``, ``tf_published_evidence``): provider names, dates at
the precision the table knows them (never a bare year), and figures of three or more
significant digits together with the word that says what they count, in the same sentence
(a chart description may give several measures, each in its own sentences). A marker that the same
derivation also gives for any other LA, or for England, is dropped, so what is left belongs
to the story LA alone; so is anything found in the report's own LA's rows (Bradford's report
may say "Serco": Serco ran Bradford's services too).

A report for another LA may show a marker only where it is attributed: in a table row that
names an LA whose rows contain it, or in a paragraph or list item that names such an LA *as a
comparator*. Everything else is a claim of the story LA's history, and the check lists it.
Text comes from what a reader sees: markdown cells and outputs of the executed notebook, the
code-hidden HTML report, and every string of results.json (code is not read).
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd

from analysis_lib.ofsted.events import date_words

COMPARATOR_WORD = "comparator"
MIN_SIGNIFICANT_DIGITS = 3
_STOP = {"open", "initial", "staff", "social", "work"}
_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+")  # a decimal point has no space after it


@dataclass(frozen=True)
class Marker:
    """A phrase (or a figure with the word that must sit near it) from one LA's rows."""

    text: str
    keyword: str = ""  # figures only: a stem that must occur in the same sentence

    def found_in(self, unit: str) -> bool:
        lowered = unit.lower()
        if not self.keyword:
            return self.text.lower() in lowered
        figure = rf"(?<![\d.]){re.escape(self.text)}(?![\d]|\.\d)"
        return any(re.search(figure, sentence) and self.keyword in sentence.lower()
                   for sentence in _SENTENCE_END.split(unit))


def _stem(measure: str) -> str:
    """The word a figure is about, e.g. 'open_cases_per_worker' -> 'case'."""
    words = [w for w in measure.split("_") if w not in _STOP and not w[0].isdigit()]
    word = words[0] if words else measure
    word = word[:-3] if word.endswith("ies") else word[:-1] if word.endswith("s") else word
    return word[:6]


def _figure(value: float) -> str | None:
    text = f"{value:g}"
    return text if len(text.replace(".", "").lstrip("0")) >= MIN_SIGNIFICANT_DIGITS else None


def _dates(date, approximate: bool) -> set[str]:
    words = date_words(date, approximate).removeprefix("about ")
    if re.fullmatch(r"\d{4}", words):
        return set()
    return {words} | ({f"{date:%B %Y}"} if not approximate else set())


def _fact_dates(text: str) -> set[str]:
    text = str(text)
    if len(text) == 7:
        return {f"{pd.Timestamp(text):%B %Y}"}
    if len(text) == 10:
        when = pd.Timestamp(text)
        return {f"{when.day} {when:%B %Y}"}
    return set()


def _markers(interventions, facts, evidence) -> set[Marker]:
    out: set[Marker] = set()
    for row in interventions.itertuples():
        out.add(Marker(row.provider))
        out |= {Marker(d) for d in _dates(row.start_date, bool(row.start_date_approximate))}
        if not pd.isna(row.end_date):
            out |= {Marker(d) for d in _dates(row.end_date, bool(row.end_date_approximate))}
    for row in facts.itertuples():
        out |= {Marker(d) for d in _fact_dates(row.date)}
        if not pd.isna(row.value) and _figure(row.value):
            out.add(Marker(_figure(row.value), _stem(row.measure)))
    for row in evidence.itertuples():
        if not pd.isna(row.value) and _figure(row.value):
            out.add(Marker(_figure(row.value), _stem(row.measure)))
    return out


def _rows(tables: dict, code) -> tuple:
    return tuple(t[t["la_code"] == code] if code is not None else t[t["la_code"].isna()]
                 for t in (tables["interventions"], tables["reference_facts"],
                           tables["tf_published_evidence"]))


def _row_text(tables: dict, code: int) -> str:
    return " ".join(" ".join(map(str, row)) for table in _rows(tables, code)
                    for row in table.itertuples(index=False)).lower()


def story_markers(tables: dict, story_la: int, report_la: int | None = None) -> set[Marker]:
    """The story LA's own markers; with ``report_la``, those a report for that LA must not
    claim as its own (phrases its own rows contain are left out)."""
    codes = {int(c) for t in tables.values() for c in t["la_code"].dropna()} - {story_la}
    others = set().union(_markers(*_rows(tables, None)),
                         *(_markers(*_rows(tables, c)) for c in codes))
    own_text = "" if report_la is None else _row_text(tables, report_la)
    return {m for m in _markers(*_rows(tables, story_la)) - others
            if m.keyword or m.text.lower() not in own_text}


def owners(tables: dict, markers: set[Marker], names: dict[int, str]) -> dict[Marker, set[str]]:
    """For each marker, the names of the LAs whose own rows give or contain it (to whom a
    report may attribute it)."""
    codes = sorted({int(c) for t in tables.values() for c in t["la_code"].dropna()} & set(names))
    given = {c: _markers(*_rows(tables, c)) for c in codes}
    text = {c: _row_text(tables, c) for c in codes}
    return {m: {names[c] for c in codes
                if m in given[c] or (not m.keyword and m.text.lower() in text[c])}
            for m in markers}


# ---------------------------------------------------------------- what a reader sees
@dataclass(frozen=True)
class Unit:
    """One paragraph, list item or table row a reader sees, and where it comes from."""

    text: str
    kind: str  # "prose" or "row"
    where: str


def _markdown_units(text: str, where: str) -> list[Unit]:
    units = []
    for block in re.split(r"\n\s*\n", text):
        items = re.split(r"\n(?=\s*[-*] )", block)
        units += [Unit(" ".join(i.split()), "prose", where) for i in items if i.strip()]
    return units


class _Blocks(HTMLParser):
    """Text of each block element (paragraph, list item, heading, table row)."""

    BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "pre", "caption", "title"}

    def __init__(self, where: str):
        super().__init__(convert_charrefs=True)
        self.where, self.units, self._stack, self._skip = where, [], [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in self.BLOCKS:
            self._stack.append((tag, []))

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1
        elif tag in self.BLOCKS and self._stack and self._stack[-1][0] == tag:
            _, parts = self._stack.pop()
            text = " ".join(" ".join(parts).split())
            if text:
                self.units.append(Unit(text, "row" if tag == "tr" else "prose", self.where))

    def handle_data(self, data):
        if not self._skip and self._stack:
            for _, parts in self._stack:
                parts.append(data)


def html_units(text: str, where: str) -> list[Unit]:
    parser = _Blocks(where)
    parser.feed(text)
    return parser.units


def notebook_units(path: Path) -> list[Unit]:
    """Markdown cells and every output of an executed notebook (code sources excluded)."""
    units = []
    for i, cell in enumerate(json.loads(path.read_text(encoding="utf-8"))["cells"]):
        where = f"{path.name} cell {i}"
        if cell["cell_type"] == "markdown":
            units += _markdown_units("".join(cell["source"]), where)
            continue
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "text/html" in data:
                units += html_units("".join(data["text/html"]), where)
            elif "text/markdown" in data:
                units += _markdown_units("".join(data["text/markdown"]), where)
            elif "text/plain" in data or output.get("output_type") == "stream":
                text = "".join(data.get("text/plain", output.get("text", "")))
                units += [Unit(line, "prose", where) for line in text.splitlines() if line]
    return units


def json_strings(value):
    """Every string in a parsed JSON value (dict values and list items, depth first)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from json_strings(item)


def results_units(path: Path) -> list[Unit]:
    """Every string in a results.json sidecar."""
    return [Unit(html.unescape(s), "prose", f"{path.parent.name}/{path.name}")
            for s in json_strings(json.loads(path.read_text(encoding="utf-8")))]


def pack_units(pack_dir: Path) -> dict[int, list[Unit]]:
    """What a reader sees of each LA's runs in a pack (from its manifest): the executed
    notebooks, their code-hidden HTML reports and their results sidecars, by LA code."""
    manifest = json.loads((pack_dir / "manifest.json").read_text(encoding="utf-8"))
    units: dict[int, list[Unit]] = {}
    for run in manifest["runs"]:
        outputs, found = run["outputs"], units.setdefault(int(run["la_code"]), [])
        found += notebook_units(pack_dir / outputs["notebook"])
        found += html_units((pack_dir / outputs["report"]).read_text(encoding="utf-8"),
                            outputs["report"])
        found += results_units(pack_dir / outputs["output_dir"] / "results.json")
    return units


def claims(units: list[Unit], owner_names: dict[Marker, set[str]]) -> list[tuple[str, str, str]]:
    """(where, marker, text) for every unit that shows a marker (the keys of ``owner_names``,
    see `owners`) without attributing it to one of the marker's owners."""
    found = []
    for unit in units:
        for marker, names in owner_names.items():
            if not marker.found_in(unit.text):
                continue
            named = any(name in unit.text for name in names)
            attributed = named and (unit.kind == "row" or COMPARATOR_WORD in unit.text.lower())
            if not attributed:
                found.append((unit.where, marker.text, unit.text[:300]))
    return sorted(set(found))
