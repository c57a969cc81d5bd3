"""The Hangul font: NanumGothic, shipped by the PyPI package ``koreanize-matplotlib``,
where it is and subsets of it to embed (pages, chart images).

Kept apart from :mod:`impact.charts` so that code which only needs the file (the HTML
font subset of reports and the index) does not import altair and vl-convert.
"""

from __future__ import annotations

import functools
import importlib.util
import io
from pathlib import Path

FONT_FAMILY = "NanumGothic"
FONT_FILE = "NanumGothic.ttf"
FONT_PACKAGE = "koreanize_matplotlib"


def font_directory() -> Path:
    """The ``fonts`` folder of the installed ``koreanize-matplotlib`` package.

    Found with :func:`importlib.util.find_spec`, which locates the package without
    importing it (importing it would reconfigure matplotlib as a side effect).
    """
    spec = importlib.util.find_spec(FONT_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"the {FONT_PACKAGE!r} package (PyPI: koreanize-matplotlib) is "
                           "not installed; it provides the Hangul font for charts")
    directory = Path(next(iter(spec.submodule_search_locations))) / "fonts"
    if not (directory / FONT_FILE).is_file():
        raise RuntimeError(f"{FONT_FILE} not found in {directory}")
    return directory


def font_file() -> Path:
    """Path of the regular NanumGothic TTF (used to embed or subset the font)."""
    return font_directory() / FONT_FILE


@functools.lru_cache(maxsize=8)  # a report's charts share one subset: made once
def subset_woff(chars: str) -> bytes:
    """NanumGothic reduced to ``chars`` (plus ASCII), as WOFF bytes."""
    from fontTools import subset

    options = subset.Options()
    options.flavor = "woff"
    options.layout_features = ["*"]
    options.drop_tables += ["TSI0", "TSI1", "TSI2", "TSI3", "TSI5"]  # hinting sources
    font = subset.load_font(str(font_file()), options)
    subsetter = subset.Subsetter(options)
    ascii_chars = "".join(chr(c) for c in range(32, 127))
    subsetter.populate(text="".join(sorted(set(chars) | set(ascii_chars))))
    subsetter.subset(font)
    buffer = io.BytesIO()
    subset.save_font(font, buffer, options)
    return buffer.getvalue()
