"""Rendering charts to files and to offline HTML, with Hangul (NanumGothic) text.

:func:`save_chart` writes ``<stem>.png`` (scale 2, for slides) and ``<stem>.svg``
atomically; :func:`chart_html` returns an HTML fragment that needs neither network nor
an installed Korean font.
"""

from __future__ import annotations

import base64
import html
import os
import struct
import tempfile
from pathlib import Path

import altair as alt
import vl_convert as vlc

from .fonts import font_config, merge_config, register_fonts

PNG_SCALE = 2


def chart_spec(chart: alt.TopLevelMixin | dict) -> dict:
    """The chart's Vega-Lite dict with the NanumGothic font config filled in.

    Fonts the chart already sets win; charts built elsewhere get Hangul too.
    """
    spec = chart if isinstance(chart, dict) else chart.to_dict()
    return {**spec, "config": merge_config(font_config(), spec.get("config", {}))}


def _vl_version(spec: dict) -> str | None:
    """vl-convert's name ('6.4') for the spec's Vega-Lite schema, if it has that version."""
    schema = spec.get("$schema", alt.SCHEMA_URL).rstrip("/").rsplit("/", 1)[-1]
    version = ".".join(schema.removesuffix(".json").lstrip("v").split(".")[:2])
    return version if version in vlc.get_vegalite_versions() else None


def png_bytes(chart: alt.TopLevelMixin | dict, scale: float = PNG_SCALE) -> bytes:
    """The chart as PNG (``scale`` x its size in CSS pixels), text in NanumGothic."""
    register_fonts()
    spec = chart_spec(chart)
    return vlc.vegalite_to_png(spec, vl_version=_vl_version(spec), scale=scale)


def svg_text(chart: alt.TopLevelMixin | dict) -> str:
    """The chart as SVG; its ``<text>`` names NanumGothic (laid out with its metrics)."""
    register_fonts()
    spec = chart_spec(chart)
    return vlc.vegalite_to_svg(spec, vl_version=_vl_version(spec))


def _write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to a temp file beside ``path``, then ``os.replace`` it over ``path``."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def render_chart(chart: alt.TopLevelMixin) -> dict[str, bytes]:
    """The chart rendered once: ``{"svg": ..., "png": ...}`` (PNG at scale 2, from the SVG).

    Rasterising the SVG gives the same image as rendering the PNG directly, in half
    the time; pass the result to :func:`save_chart` and :func:`chart_html` to render
    each chart only once.
    """
    svg = svg_text(chart)
    return {"png": vlc.svg_to_png(svg, scale=PNG_SCALE), "svg": svg.encode("utf-8")}


def save_chart(chart: alt.TopLevelMixin, directory: str | Path, stem: str,
               rendered: dict[str, bytes] | None = None) -> dict[str, Path]:
    """Write ``<stem>.png`` (scale 2) and ``<stem>.svg`` into ``directory``; return their paths.

    Both images are rendered (or taken from ``rendered``, see :func:`render_chart`)
    before anything is written, and each file is replaced atomically, so a failure
    never leaves a partial file over a good one.
    """
    if not stem or Path(stem).name != stem or stem.startswith("."):
        raise ValueError(f"stem must be a plain file name without folders, not {stem!r}")
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    rendered = rendered or render_chart(chart)
    paths = {kind: directory / f"{stem}.{kind}" for kind in ("png", "svg")}
    for kind, path in paths.items():
        _write_atomic(path, rendered[kind])
    return paths


def _png_size(png: bytes) -> tuple[int, int]:
    """Width and height in pixels from a PNG's IHDR chunk."""
    return struct.unpack(">II", png[16:24])


def _alt_text(chart: alt.TopLevelMixin) -> str:
    """The chart's description, else its title (and subtitle), else a generic text."""
    spec = chart.to_dict()
    if spec.get("description"):
        return spec["description"]
    heading = spec.get("title", "")
    if isinstance(heading, dict):
        parts = [heading.get("text", ""), heading.get("subtitle", "")]
        heading = " — ".join(" ".join(p) if isinstance(p, list) else str(p) for p in parts if p)
    return str(heading) or "chart"


def chart_html(chart: alt.TopLevelMixin, alt_text: str | None = None,
               png: bytes | None = None) -> str:
    """An offline HTML fragment showing the chart: a base64 PNG ``<img>`` with alt text.

    The text is already drawn (in NanumGothic) into the pixels, so Hangul shows in any
    browser without a Korean font, network, script or stylesheet.  The PNG is rendered
    at scale 2 and displayed at its CSS size, so it stays sharp on high-DPI screens.
    ``png`` reuses an image already rendered at that scale (:func:`render_chart`).
    """
    png = png if png is not None else png_bytes(chart, scale=PNG_SCALE)
    width, height = _png_size(png)
    data = base64.b64encode(png).decode("ascii")
    alt_attr = html.escape(alt_text if alt_text is not None else _alt_text(chart), quote=True)
    return (f'<figure class="impact-chart" style="margin:0">'
            f'<img src="data:image/png;base64,{data}" alt="{alt_attr}" '
            f'width="{width // PNG_SCALE}" height="{height // PNG_SCALE}" '
            f'style="max-width:100%;height:auto"></figure>')
