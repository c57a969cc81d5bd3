"""Hangul in rendered charts: the NanumGothic font shipped by ``koreanize-matplotlib``.

vl-convert (the renderer behind PNG/SVG export) ships no CJK font and a Debian machine
has none installed, so Hangul would render as nothing at all.  :func:`register_fonts`
hands the package's font folder to ``vl_convert.register_font_directory`` once per
process; :func:`font_config` is the Vega-Lite config that names the font for every
kind of text (titles, axes, legends, facet headers, text marks).
"""

from __future__ import annotations

import threading
from pathlib import Path

import vl_convert as vlc

from ..fontfile import FONT_FAMILY, FONT_FILE, FONT_PACKAGE, font_directory, font_file

__all__ = ["FONT_FAMILY", "FONT_FILE", "FONT_PACKAGE", "font_config", "font_directory",
           "font_file", "merge_config", "register_fonts"]

_lock = threading.Lock()
_registered: Path | None = None


def register_fonts() -> Path:
    """Register the NanumGothic folder with vl-convert, once per process; return it."""
    global _registered
    with _lock:
        if _registered is None:
            directory = font_directory()
            vlc.register_font_directory(str(directory))
            _registered = directory
        return _registered


def font_config(family: str = FONT_FAMILY) -> dict:
    """Vega-Lite ``config`` naming ``family`` for every title, label and text mark.

    It also sets the number locale's minus sign to ``-``, a glyph the font has.
    """
    labels = {"labelFont": family, "titleFont": family}
    return {
        "font": family,
        "title": {"font": family, "subtitleFont": family},
        "axis": dict(labels),
        "legend": dict(labels),
        "header": dict(labels),
        "mark": {"font": family},
        "text": {"font": family},
        # NanumGothic has no U+2212, d3's default minus sign: use the ASCII hyphen-minus
        "locale": {"number": {"decimal": ".", "thousands": ",", "grouping": [3],
                              "currency": ["", "원"], "minus": "-"}},
    }


def merge_config(base: dict, override: dict) -> dict:
    """Recursive merge of two config dicts; ``override`` wins on conflicts."""
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge_config(merged[key], value)
        else:
            merged[key] = value
    return merged
