"""The report page from a notebook's outputs (impact/reporting/page.py), by hand-made cells."""

from __future__ import annotations

import json

from impact.reporting.page import page_html, write_page


def _notebook(*outputs, lang="ko"):
    return {"cells": [{"cell_type": "code", "outputs": list(outputs)},
                      {"cell_type": "code", "outputs": []},
                      {"cell_type": "markdown", "source": "# not shown"}],
            "metadata": {"papermill": {"parameters": {"lang": lang}}}}


HTML_OUT = {"output_type": "display_data",
            "data": {"text/html": ["<h2>요약</h2>", "<p>a</p>"], "text/plain": "<HTML>"}}


def test_html_outputs_are_kept_as_written_and_printed_text_is_shown_escaped():
    page = page_html(_notebook(
        HTML_OUT,
        {"output_type": "stream", "name": "stderr", "text": "FutureWarning: <x> & y\n"},
        {"output_type": "execute_result", "data": {"text/plain": "42 < 43"}},
        {"output_type": "error", "ename": "ValueError", "evalue": "bad <value>"}), "T & U")
    body = page[page.index("<main>"):]
    assert "<h2>요약</h2><p>a</p>" in body
    assert "FutureWarning: &lt;x&gt; &amp; y" in body and "42 &lt; 43" in body
    assert "ValueError: bad &lt;value&gt;" in body
    assert body.count("<div class='impact-cell'>") == 1  # the empty cell and markdown: nothing
    assert "not shown" not in page and "<title>T &amp; U</title>" in page
    assert page.startswith("<!DOCTYPE html>\n<html lang='ko'>")
    assert "@font-face" in page[:page.index("</head>")]


def test_the_page_language_is_the_notebooks_lang_parameter(tmp_path):
    notebook = tmp_path / "report.ipynb"
    notebook.write_text(json.dumps(_notebook(HTML_OUT, lang="en")), encoding="utf-8")
    written = write_page(notebook, tmp_path / "report.html", "Title")
    assert written.read_text(encoding="utf-8").startswith("<!DOCTYPE html>\n<html lang='en'>")
