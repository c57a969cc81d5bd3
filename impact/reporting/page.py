"""The report page: the executed notebook's outputs, in order, in one offline HTML file.

The report notebook shows only HTML its sections built (escaped in :mod:`.htmlout`),
so the page is those outputs inside a small stylesheet (``templates/report.css``) with
the NanumGothic glyphs of its text embedded (:mod:`.webfont`).  Nothing refers to the
network and nothing runs: no scripts, and none of JupyterLab's stylesheet (240 KB of
icons and widget styles a report never uses).  Text a cell printed (a warning) is kept,
shown as text, never dropped.
"""

from __future__ import annotations

import json
from pathlib import Path

from . import htmlout as h
from .atomic import atomic_write_text
from .webfont import embed_font

STYLE_FILE = Path(__file__).resolve().parent / "templates" / "report.css"


def output_html(output: dict) -> str:
    """One notebook output as HTML: its ``text/html`` as it is, anything else as text."""
    kind = output.get("output_type")
    if kind in ("display_data", "execute_result"):
        data = output.get("data", {})
        if "text/html" in data:
            return _joined(data["text/html"])
        return _as_text(_joined(data.get("text/plain", "")))
    if kind == "stream":
        return _as_text(_joined(output.get("text", "")))
    if kind == "error":
        return _as_text(f"{output.get('ename', 'Error')}: {output.get('evalue', '')}")
    return ""


def _joined(text: str | list[str]) -> str:
    return "".join(text) if isinstance(text, list) else text


def _as_text(text: str) -> str:
    return f"<pre class='impact-stream'>{h.esc(text)}</pre>"


def page_html(notebook: dict, title: str, lang: str = "ko") -> str:
    """The whole page for an executed notebook (nbformat 4, as a dict), font embedded."""
    cells = []
    for cell in notebook.get("cells", []):
        parts = [output_html(o) for o in cell.get("outputs", [])]
        if any(parts):
            cells.append("<div class='impact-cell'>" + "".join(parts) + "</div>")
    style = STYLE_FILE.read_text(encoding="utf-8")
    return embed_font(
        f"<!DOCTYPE html>\n<html lang='{h.esc(lang)}'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{h.esc(title)}</title><style>{style}</style></head>\n<body><main>\n"
        + "\n".join(cells) + "\n</main></body></html>\n")


def write_page(notebook: str | Path, html_path: str | Path, title: str) -> Path:
    """Write the executed notebook's page to ``html_path`` atomically; its language is
    the notebook's ``lang`` parameter (papermill records it)."""
    data = json.loads(Path(notebook).read_text(encoding="utf-8"))
    lang = data.get("metadata", {}).get("papermill", {}).get("parameters", {}).get("lang", "ko")
    return atomic_write_text(html_path, page_html(data, title, lang))
