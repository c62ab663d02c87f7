"""The HTML reports: accessible page structure, captioned tables, no empty code cells."""

import re

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from analysis_lib.packs.html_report import HtmlReports, caption_tables, report_title

CODE_CELL = re.compile(r'<div class="jp-Cell jp-CodeCell')


def text(page: str) -> str:
    return re.sub(r"<[^>]+>", "", page.split("<body", 1)[1])


def notebook():
    return new_notebook(cells=[
        new_markdown_cell("# Attainment gaps\n\nThe question."),
        new_code_cell("la = 'Walsall'", metadata={"tags": ["parameters"]}),
        new_code_cell("from x import y"),
        new_markdown_cell("## 1. Headline"),
        new_code_cell("table", outputs=[new_output(
            "execute_result", data={"text/html": "<table><thead><tr><th>a</th></tr></thead>"
                                                 "<tbody><tr><td>1</td></tr></tbody></table>",
                                    "text/plain": "a 1"}, execution_count=4)]),
        new_code_cell("print()", outputs=[new_output("stream", name="stdout", text="\n")]),
    ])


def test_code_hidden_report_has_no_empty_code_cells_and_an_accessible_frame(tmp_path):
    page = HtmlReports().render(notebook(), title="Attainment gaps \u2014 Walsall",
                                links=[{"href": "../index.html", "text": "Pack index"}],
                                code=False)
    assert '<html lang="en">' in page
    assert page.count("<h1") == 1 and "<title>Attainment gaps \u2014 Walsall</title>" in page
    assert re.search(r'<a class="skip-link" href="#main">', page)
    assert '<main id="main"' in page and '<nav aria-label="Evidence pack">' in page
    assert len(CODE_CELL.findall(page)) == 1  # only the cell that shows a table is kept
    assert "import" not in text(page) and "<script src" not in page
    assert "<caption>Table: 1. Headline</caption>" in page
    assert 'class="table-scroll" role="region" tabindex="0" aria-label="Table: 1. Headline"' \
        in page


def test_report_with_code_keeps_every_cell():
    page = HtmlReports().render(notebook(), title="t", links=[], code=True)
    assert "from x import y" in text(page) and len(CODE_CELL.findall(page)) == 4


def test_tables_are_captioned_by_their_section_and_numbered_within_it():
    page = ("<h2>Intro<a class='anchor-link'>\u00b6</a></h2><table><tr><td>1</td></tr></table>"
            "<table><caption>Own</caption><tr><td>2</td></tr></table>"
            "<h3>Next &amp; last</h3><table class='dataframe'><tr><td>3</td></tr></table>")
    out = caption_tables(page)
    assert "<caption>Table: Intro</caption>" in out
    assert out.count("<caption>Own</caption>") == 1 and "Table 2: Intro</caption>" not in out
    assert "<caption>Table: Next &amp; last</caption>" in out
    assert out.count('<div class="table-scroll"') == 3 and out.count("</table></div>") == 3
    assert caption_tables("<table><tr><th></th><th>a</th></tr></table>").count(
        '<th><span class="visually-hidden">no heading</span></th>') == 1


def test_title_is_the_first_heading(tmp_path):
    assert report_title(notebook()) == "Attainment gaps"
    path = tmp_path / "01_x.ipynb"
    nbformat.write(notebook(), str(path))
    targets = {"report": tmp_path / "01_x.html", "report_with_code": tmp_path / "01_x.code.html"}
    HtmlReports().write(path, targets, la_name="Walsall")
    page = targets["report"].read_text()
    assert 'href="01_x.code.html"' in page and 'href="../index.html"' in page
    assert 'href="01_x/tables.xlsx"' in page
