"""The default pack as a council publishes it: accessible pages and one PDF per LA.

Runs the default pack (Walsall, the four notebooks, synthetic data) with `--pdf`, then:
- axe-core (the npm package `make` installs) checks `index.html` and every report, with and
  without code, in headless Chromium at WCAG 2.2 AA: zero violations. Its JSON report goes to
  tests/artefacts/axe-default-pack.json, with a screenshot of the index;
- the pages' structure is checked directly (one h1, no skipped heading level, lang, skip
  link, captioned tables with header cells, generated alt text, no empty code cell);
- the LA's PDF is rendered page by page to PNG: every chart lies wholly on one page.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from analysis_lib.packs import browser
from tests.e2e.pack_support import ROOT, evidence

pytestmark = [pytest.mark.slow, pytest.mark.browser]
ARTEFACTS = ROOT / "tests" / "artefacts"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
#: axe's best-practice rules for what the issue also asks: one h1, ordered headings, landmarks.
STRUCTURE_RULES = ["page-has-heading-one", "heading-order", "landmark-one-main", "region",
                   "skip-link", "empty-heading", "empty-table-header"]
NBCONVERT_PLACEHOLDER = "No description has been provided for this image"


@pytest.fixture(scope="module")
def pack(tmp_path_factory):
    if not browser.available():
        pytest.skip("chromium and chromium-driver are not installed, so the accessibility and "
                    "PDF checks cannot run (apt-get install chromium chromium-driver; .ci/run "
                    "installs them)")
    out = tmp_path_factory.mktemp("published")
    done = evidence("pack", ROOT / "parameters" / "packs" / "default.yaml", "--output-root",
                    out, "--workers", "2", "--pdf", "--quiet", timeout=1200)
    assert done.returncode == 0, done.stdout + done.stderr
    return out / "default"


def pages(pack) -> list:
    reports = sorted(pack.glob("*/*.html"))
    assert len(reports) == 8, reports  # four notebooks, each with and without code
    return [pack / "index.html", *reports]


def _axe(driver, url: str, options: dict) -> dict:
    driver.get(url)
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    return driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, arguments[0]).then(done, e => done({error: String(e)}));", options)


def test_axe_finds_no_wcag_22_aa_violation_in_the_index_and_every_report(pack):
    assert AXE.is_file(), f"{AXE} is missing: run `make` (npm ci installs axe-core)"
    report, failures = {"tags": WCAG_TAGS, "structure_rules": STRUCTURE_RULES, "pages": {}}, []
    with browser.headless_chromium() as driver:
        driver.set_script_timeout(300)
        for page in pages(pack):
            name = page.relative_to(pack).as_posix()
            wcag = _axe(driver, page.as_uri(), {"runOnly": {"type": "tag",
                                                            "values": WCAG_TAGS}})
            structure = _axe(driver, page.as_uri(), {"runOnly": {"type": "rule",
                                                                 "values": STRUCTURE_RULES}})
            assert "error" not in wcag and "error" not in structure, (wcag, structure)
            report["axe_version"] = wcag["testEngine"]["version"]
            report["pages"][name] = {
                "violations": wcag["violations"] + structure["violations"],
                "passes": sorted({r["id"] for r in wcag["passes"] + structure["passes"]}),
                "incomplete": [r["id"] for r in wcag["incomplete"]]}
            failures += [f"{name}: {v['id']} ({len(v['nodes'])}): {v['help']}"
                         for v in wcag["violations"] + structure["violations"]]
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    (ARTEFACTS / "axe-default-pack.json").write_text(json.dumps(report, indent=2))
    assert len(report["pages"]) == 9
    assert not failures, "\n".join(failures)


class _Outline(HTMLParser):
    """Headings, images, tables and links of a page, as a reader's tools see them."""

    def __init__(self):
        super().__init__()
        self.headings, self.images, self.tables, self.links = [], [], [], []
        self.lang = None
        self._table = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        elif re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        elif tag == "img":
            self.images.append(attrs.get("alt"))
        elif tag == "table":
            self._table = {"caption": False, "th": 0}
            self.tables.append(self._table)
        elif tag == "caption" and self._table is not None:
            self._table["caption"] = True
        elif tag == "th" and self._table is not None:
            self._table["th"] += 1
        elif tag == "a":
            self.links.append(attrs)


def generated_alts(output_dir) -> list[str]:
    """The alt text `plots.finish` wrote from each chart's data; where the chart's data
    name Walsall (a series or a category), its alt text must say where Walsall stands."""
    import pandas as pd

    alts = []
    for meta_path in sorted((output_dir / "chart-data").glob("*.meta.json")):
        meta = json.loads(meta_path.read_text())
        data = pd.read_csv(meta_path.with_name(meta_path.name.replace(".meta.json", ".csv")))
        plotted = data[["series", "x", "y"]].astype(str).agg(" ".join, axis=1)
        if plotted.str.contains("Walsall").any():
            assert "Walsall" in meta["alt"], meta["alt"]
        alts.append(meta["alt"])
    return sorted(alts)


def test_every_page_has_the_structure_a_screen_reader_needs(pack):
    for page in pages(pack):
        text = page.read_text(encoding="utf-8")
        outline = _Outline()
        outline.feed(text)
        name = page.relative_to(pack).as_posix()
        assert outline.lang == "en", name
        assert outline.headings.count(1) == 1 and outline.headings[0] == 1, name
        pairs = zip(outline.headings, outline.headings[1:], strict=False)
        jumps = [(a, b) for a, b in pairs if b > a + 1]
        assert not jumps, f"{name}: heading levels skipped {jumps}"
        assert outline.links[0].get("class") == "skip-link" and \
            outline.links[0]["href"] == "#main", name
        assert 'id="main"' in text
        assert outline.tables and all(t["caption"] and t["th"] for t in outline.tables), name
        for alt in outline.images:
            assert alt and NBCONVERT_PLACEHOLDER not in alt and alt.startswith(
                "Synthetic data. "), (name, alt)
        if name != "index.html":
            assert sorted(outline.images) == generated_alts(page.parent / page.name.split(".")[0])
        if name.endswith(".html") and not name.endswith(".code.html") and name != "index.html":
            assert not re.search(r'class="jp-Cell jp-CodeCell[^"]*jp-mod-noOutputs', text), \
                f"{name} shows an empty code cell"
            csvs = re.findall(r'href="([^"]+/chart-data/[^"]+\.csv)"', text)
            assert csvs and len(csvs) == len(outline.images), name
            assert all((page.parent / href).is_file() for href in csvs), name


def test_index_screenshot_is_kept(pack):
    with browser.headless_chromium(window=(1280, 1600)) as driver:
        driver.get((pack / "index.html").as_uri())
        ARTEFACTS.mkdir(parents=True, exist_ok=True)
        assert driver.save_screenshot(str(ARTEFACTS / "index-default-pack.png"))
        text = driver.find_element("tag name", "main").text
    assert text.count("Verdict:") == 4 and "SYNTHETIC DATA" in text
    assert "All Walsall reports (PDF)" in text
    for results in sorted(pack.glob("walsall/*/results.json")):
        data = json.loads(results.read_text())
        assert data["verdict"] and data["verdict"] in text, results.parent.name
        assert data["provenance"]["analysis_lib_sources_sha256"]


def test_the_la_pdf_holds_every_chart_and_cuts_none_across_a_page(pack):
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    pdf = pack / "walsall" / "walsall_reports.pdf"
    assert pdf.is_file(), sorted(p.name for p in (pack / "walsall").iterdir())
    charts = sum(len(re.findall(r"<img ", p.read_text(encoding="utf-8")))
                 for p in sorted((pack / "walsall").glob("*.html"))
                 if not p.name.endswith(".code.html"))
    document = pdfium.PdfDocument(str(pdf))
    placed, cut, kept = 0, [], None
    for number, page in enumerate(document, start=1):
        width, height = page.get_size()
        bitmap = page.render(scale=1).to_pil().convert("L")
        for image in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=8):
            left, bottom, right, top = image.get_bounds()
            placed += 1
            if bottom < -0.5 or top > height + 0.5 or left < -0.5 or right > width + 0.5:
                cut.append((number, round(bottom), round(top)))
                continue
            # the rendered page shows the chart: its area is not blank paper
            box = (int(left), int(height - top), int(right), int(height - bottom))
            assert bitmap.crop(box).getextrema()[0] < 128, (number, box)
            kept = kept or (number, bitmap)
    assert not cut, f"charts cut across a page break (page, bottom, top): {cut}"
    assert placed == charts, f"{placed} chart images in the PDF, {charts} in the reports"
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    document[0].render(scale=1.5).to_pil().save(ARTEFACTS / "pdf-walsall-cover.png")
    document[kept[0] - 1].render(scale=1.5).to_pil().save(ARTEFACTS / "pdf-walsall-chart.png")
