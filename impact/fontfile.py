"""The Hangul font: NanumGothic, shipped by the PyPI package ``koreanize-matplotlib``,
where it is and subsets of it to embed (pages, chart images).

Kept apart from :mod:`impact.charts` so that code which only needs the file (the HTML
font subset of reports and the index) does not import altair and vl-convert.
"""

from __future__ import annotations

import atexit
import functools
import importlib.util
import shutil
import tempfile
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


def _subset_tables(path: Path, chars: str, every_name: bool = False) -> tuple[int, dict]:
    """The sfnt version and tables of the font at ``path`` reduced to ``chars`` (plus
    ASCII) by HarfBuzz's subsetter, which keeps those characters' outlines, metrics,
    hinting and layout features; the legacy ``kern`` table it drops is reduced to them
    here (:func:`impact.sfnt.kern_subset`).  ``every_name``: keep the whole ``name``
    table, not only HarfBuzz's default names."""
    import uharfbuzz as hb

    from .sfnt import kern_subset, sfnt_tables, with_checksum_adjustment

    face = hb.Face(hb.Blob.from_file_path(str(path)))
    wanted = hb.SubsetInput()
    ascii_chars = "".join(chr(c) for c in range(32, 127))
    wanted.unicode_set.update(ord(c) for c in set(chars) | set(ascii_chars))
    wanted.layout_feature_tag_set.invert()  # every OpenType layout feature kept
    if every_name:
        for names in (wanted.name_id_set, wanted.name_lang_id_set):
            names.clear()
            names.invert()
    plan = hb.SubsetPlan(face, wanted)
    version, tables = sfnt_tables(plan.execute().blob.data)
    kern = face.reference_table("kern").data  # empty if the font has none
    kept = kern_subset(kern, dict(plan.old_to_new_glyph_mapping.items())) if kern else None
    if kept is not None:
        tables[b"kern"] = kept
    return version, with_checksum_adjustment(version, tables)


@functools.lru_cache(maxsize=8)  # a report's charts share one subset: made once
def subset_woff(chars: str) -> bytes:
    """NanumGothic reduced to ``chars`` (plus ASCII), as WOFF bytes."""
    from .sfnt import woff_bytes
    return woff_bytes(*_subset_tables(font_file(), chars))


@functools.lru_cache(maxsize=4)
def reduced_font_directory(chars: str) -> Path:
    """A folder holding each face of NanumGothic (regular, bold, extra bold, light)
    reduced to ``chars`` (plus ASCII), as TrueType files named as the originals, made
    once per set of characters and removed when the process exits.

    Every name is kept: vl-convert picks a face by its typographic family and weight,
    and HarfBuzz's default names would leave "NanumGothic ExtraBold", the face bold text
    is set in, a family of its own.  The folder is in the temporary folder, which a
    report's kernel has inside the folder its run removes (it is killed, not exited).
    """
    folder = Path(tempfile.mkdtemp(prefix="impact-fonts-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    from .sfnt import sfnt_bytes
    for face in sorted(font_directory().glob("*.ttf")):
        (folder / face.name).write_bytes(sfnt_bytes(*_subset_tables(face, chars, True)))
    return folder
