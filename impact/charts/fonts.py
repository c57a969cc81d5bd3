"""Hangul in rendered charts: the NanumGothic font shipped by ``koreanize-matplotlib``.

vl-convert (the renderer behind PNG/SVG export) ships no CJK font and a Debian machine
has none installed, so Hangul would render as nothing at all.  :func:`register_fonts`
hands the package's font folder, or its faces reduced to a report's characters, to
``vl_convert.register_font_directory`` once per process (:func:`fonts_cover` says what
they serve); :func:`font_config` is the Vega-Lite config that names the font for every
kind of text (titles, axes, legends, facet headers, text marks).
"""

from __future__ import annotations

import threading
from pathlib import Path

import vl_convert as vlc

from ..fontfile import FONT_FAMILY, FONT_FILE, FONT_PACKAGE, font_directory, font_file

__all__ = ["FONT_FAMILY", "FONT_FILE", "FONT_PACKAGE", "font_config", "font_directory",
           "font_file", "fonts_cover", "merge_config", "register_fonts"]

_lock = threading.Lock()
_registered: Path | None = None
_covered: frozenset[str] | None = None  # what the registered faces have; None: everything


def register_fonts(chars: str | None = None) -> Path:
    """Register NanumGothic with vl-convert, once per process; return the folder.

    The first call decides what this process converts with.  Without ``chars``, the
    font whole.  With ``chars`` (every character the caller's charts can show), its
    faces reduced to them (:func:`impact.fontfile.reduced_font_directory`): vl-convert
    opens and maps its font file again for each piece of text it lays out, about 1,600
    times a chart, and a file of 90 KB maps in a fraction of the page faults of one of
    4.7 MB; the SVGs and PNGs are byte for byte the same.  Later calls register nothing
    (vl-convert cannot drop a font, and two faces of one name would be mixed): ask
    :func:`fonts_cover` whether what is registered serves a chart.
    """
    global _registered, _covered
    with _lock:
        if _registered is None:
            if chars is None:
                directory = font_directory()
            else:
                from ..fontfile import reduced_font_directory
                directory = reduced_font_directory("".join(sorted(set(chars))))
                _covered = frozenset(chars) | frozenset(map(chr, range(32, 127)))
            vlc.register_font_directory(str(directory))
            _registered = directory
        return _registered


def fonts_cover(chars: str) -> bool:
    """Whether the fonts this process registered have every character of ``chars`` (the
    whole font, registered now if none is, has them all)."""
    register_fonts()
    return _covered is None or _covered.issuperset(chars)


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
