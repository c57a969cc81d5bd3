"""Hangul for report text without system fonts: a subset of NanumGothic embedded in the page.

Charts carry their text as pixels; the report's own text (headings, tables, notes)
needs a Korean font in the reader's browser.  A machine without one (a bare Debian,
a kiosk) shows boxes, so each report embeds, as a base64 WOFF ``@font-face``, the
NanumGothic glyphs (shipped by koreanize-matplotlib) of exactly the characters the
page uses: usually 50-150 KB.
"""

from __future__ import annotations

import base64
import re

from ..fontfile import subset_woff

FAMILY = "ImpactNanumGothic"
_TAGS = re.compile(r"<(script|style)\b.*?</\1>|<[^>]+>", re.S | re.I)


def page_text(html_text: str) -> str:
    """The characters a page shows (markup, styles and scripts removed; entities kept)."""
    import html
    return html.unescape(_TAGS.sub(" ", html_text))


def font_css(html_text: str) -> str:
    """A ``<style>`` with the embedded font and the page's font families pointing at it."""
    data = base64.b64encode(subset_woff(page_text(html_text))).decode("ascii")
    stack = f"'{FAMILY}', 'Malgun Gothic', 'Apple SD Gothic Neo', sans-serif"
    return (f"<style type='text/css'>@font-face{{font-family:'{FAMILY}';"
            f"src:url(data:font/woff;base64,{data}) format('woff');}}"
            f"body,table,th,td{{font-family:{stack};}}</style>")


def embed_font(html_text: str) -> str:
    """The page with :func:`font_css` inserted at the end of its ``<head>``."""
    css = font_css(html_text)
    head_end = html_text.find("</head>")
    if head_end < 0:
        return css + html_text
    return html_text[:head_end] + css + html_text[head_end:]
