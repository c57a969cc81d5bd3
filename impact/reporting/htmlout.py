"""Small HTML builders for reports: every piece of text is escaped here, once.

Anything that comes from a budget file (names, items, notes, reasons, sources) may
contain ``<``, ``&`` or quotes; the report notebook and the index only ever put text
into HTML through these functions.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the page and the index escape text without importing pandas
    import pandas as pd


def esc(value) -> str:
    """Escaped text of any value (``None`` and NaN become an empty string)."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return html.escape(str(value), quote=True)


def heading(text: str, level: int = 3) -> str:
    return f"<h{level}>{esc(text)}</h{level}>"


def para(text: str, css: str | None = None) -> str:
    cls = f" class='{esc(css)}'" if css else ""
    return f"<p{cls}>{esc(text)}</p>"


def bullets(items: Iterable[str]) -> str:
    return "<ul>" + "".join(f"<li>{esc(i)}</li>" for i in items) + "</ul>"


def table(frame: pd.DataFrame, caption: str | None = None, index: bool = False) -> str:
    """An escaped HTML table (cell values and headers escaped by pandas)."""
    body = frame.to_html(index=index, escape=True, border=0, na_rep="",
                         classes="impact-table")
    cap = f"<div class='impact-caption'>{esc(caption)}</div>" if caption else ""
    return f"<div class='impact-block'>{cap}{body}</div>"


def key_values(pairs: Mapping[str, object], caption: str | None = None) -> str:
    """A two-column table of labels and values."""
    import pandas as pd
    frame = pd.DataFrame({"": list(pairs.keys()), " ": [str(v) for v in pairs.values()]})
    return table(frame, caption)


def link(href: str, text: str) -> str:
    """A relative link; ``href`` is escaped as an attribute value."""
    return f"<a href='{esc(href)}'>{esc(text)}</a>"


def block(*parts: str, css: str = "impact-section") -> str:
    """Join already-built (escaped) fragments in one div."""
    return f"<div class='{esc(css)}'>" + "".join(parts) + "</div>"
