"""Rendering charts to files and to offline HTML, with Hangul (NanumGothic) text.

:func:`save_chart` writes ``<stem>.png`` (scale 2, for slides) and ``<stem>.svg``
atomically; :func:`chart_html` returns an HTML fragment that needs neither network nor
an installed Korean font: the SVG as an image, with the subset of NanumGothic its text
uses embedded in it (a seventh of the bytes of the scale-2 PNG it replaced).
"""

from __future__ import annotations

import base64
import html
import re
import threading
from concurrent.futures import Future
from pathlib import Path

import altair as alt
import vl_convert as vlc

from ..atomic import atomic_write_bytes
from ..fontfile import subset_woff
from .fonts import (FONT_FAMILY, font_config, font_directory, fonts_cover, merge_config,
                    register_fonts)
from .vega_process import VegaConnection, VegaProcess, given_server, shared_process

PNG_SCALE = 2


def chart_spec(chart: alt.TopLevelMixin | dict) -> dict:
    """The chart's Vega-Lite dict with the NanumGothic font config filled in.

    Fonts the chart already sets win; charts built elsewhere get Hangul too.  The dict
    is not validated against the Vega-Lite schema here (jsonschema over every chart of a
    report costs a fifth of a second, each time): the tests validate every chart the
    package builds (``to_dict()`` in tests/test_charts*.py, test_report_bridge.py).
    """
    spec = chart if isinstance(chart, dict) else chart.to_dict(validate=False)
    return {**spec, "config": merge_config(font_config(), spec.get("config", {}))}


def _vl_version(spec: dict) -> str | None:
    """vl-convert's name ('6.4') for the spec's Vega-Lite schema, if it has that version."""
    schema = spec.get("$schema", alt.SCHEMA_URL).rstrip("/").rsplit("/", 1)[-1]
    version = ".".join(schema.removesuffix(".json").lstrip("v").split(".")[:2])
    return version if version in vlc.get_vegalite_versions() else None


def png_bytes(chart: alt.TopLevelMixin | dict, scale: float = PNG_SCALE) -> bytes:
    """The chart as PNG (``scale`` x its size in CSS pixels), text in NanumGothic."""
    return _png_of_svg(_svg_of_spec(chart_spec(chart)), scale)


def svg_text(chart: alt.TopLevelMixin | dict) -> str:
    """The chart as SVG; its ``<text>`` names NanumGothic (laid out with its metrics)."""
    return _svg_of_spec(chart_spec(chart))


_server_lock = threading.Lock()
_server: list = []  # [the connection, or None if there is none or it failed]


def _server_connection():
    """This process's connection to the chart server it was given (a kernel of a batch:
    the socket named by :data:`~impact.charts.vega_process.CHART_SERVER_ENV`, its
    worker's warmed-up engine), made on first use; None if there is none, or it failed."""
    with _server_lock:
        if not _server:
            path = given_server()
            try:
                _server.append(VegaConnection(path) if path else None)
            except OSError:
                _server.append(None)
        return _server[0]


def _server_ended() -> None:
    """The chart server ended: it is not asked again, the charts convert here."""
    with _server_lock:
        _server[:] = [None]


def _served(convert):
    """``convert(connection)``'s result if this process has a chart server
    (:func:`_server_connection`), else None.  A server that ends is not asked again."""
    connection = _server_connection()
    if connection is None:
        return None
    try:
        return convert(connection)
    except RuntimeError:  # the server ended: convert here from now on
        _server_ended()
        return None


def _queued(role: str, ask) -> Future:
    """``ask(converter)``, a future, asked of this process's chart server if it has one
    (:func:`_server_connection`: no engine to start), else of its own chart process for
    ``role`` (:func:`_chart_process`); asked of that process instead if the server ends
    before it answers.  A chart that cannot be converted fails the future either way."""
    connection = _server_connection()
    if connection is None:
        return ask(_chart_process(role))
    answer: Future = Future()

    def settle(served: Future) -> None:
        try:
            answer.set_result(served.result())
        except RuntimeError:  # the server ended: this process's own chart process
            _server_ended()
            ask(_chart_process(role)).add_done_callback(lambda own: _copy(own, answer))
        except Exception as exc:
            answer.set_exception(exc)

    ask(connection).add_done_callback(settle)
    return answer


def _copy(source: Future, target: Future) -> None:
    """Settle ``target`` as the done ``source`` settled."""
    try:
        target.set_result(source.result())
    except Exception as exc:
        target.set_exception(exc)


def _svg_of_spec(spec: dict, font_chars: str | None = None) -> str:
    """The spec's SVG, from the chart server if there is one (:func:`_served`), else
    converted here (with fonts reduced to ``font_chars``, a superset of its characters,
    if it is this process's first chart: :func:`register_fonts`), or in the chart process
    if the fonts registered here lack some of its characters."""
    served = _served(lambda server: server.svg(spec, _vl_version(spec)).result())
    if served is not None:
        return served
    register_fonts(font_chars)
    if fonts_cover(spec_chars(spec)):
        return vlc.vegalite_to_svg(spec, vl_version=_vl_version(spec))
    return _chart_process("svg").svg(spec, _vl_version(spec)).result()


def _png_of_svg(svg: str, scale: float) -> bytes:
    """The SVG rasterised, as :func:`_svg_of_spec` converts a spec."""
    served = _served(lambda server: server.png(svg, scale).result())
    if served is not None:
        return served
    if fonts_cover(svg_chars(svg)):
        return vlc.svg_to_png(svg, scale=scale)
    return _chart_process("png").png(svg, scale).result()


# what Vega draws that no spec holds: the ellipsis of a label cut at its labelLimit and
# d3-format's minus sign
DRAWN_CHARS = "…−"


def spec_chars(spec: dict) -> str:
    """Every character the chart's text can show, known before it is converted: those of
    every key and string in its Vega-Lite dict (titles, labels, data, formats; numbers
    are drawn in ASCII, which every subset has) and :data:`DRAWN_CHARS`.

    A superset of the SVG's text (:func:`svg_chars`), so one font subset made from it
    serves a report's charts while they are still converting.
    """
    chars = set(DRAWN_CHARS)
    stack = [spec]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            chars.update(value)
        elif isinstance(value, dict):
            chars.update("".join(k for k in value if isinstance(k, str)))
            stack.extend(value.values())
        elif isinstance(value, (list, tuple)):
            stack.extend(value)
    return "".join(sorted(chars))


def render_chart(chart: alt.TopLevelMixin | dict, font_chars: str | None = None) -> dict:
    """The chart rendered once: ``{"svg": bytes, "png": bytes, "alt": str}``.

    The chart becomes a Vega-Lite dict once (altair validates it then); the PNG (scale
    2) is rasterised from the SVG, the same image as rendering it directly in half the
    time.  Pass the result to :func:`save_chart` and :func:`chart_html`.  ``font_chars``:
    every character of the charts this process will render, if known (a report's), for
    the fonts it registers (:func:`register_fonts`).
    """
    spec = chart_spec(chart)
    svg = _svg_of_spec(spec, font_chars)
    return {"png": _png_of_svg(svg, PNG_SCALE), "svg": svg.encode("utf-8"),
            "alt": _alt_text(spec)}


def _chart_process(role: str) -> VegaProcess:
    """This process's vl-convert child for ``role`` (``"svg"`` or ``"png"``,
    :mod:`.vega_process`)."""
    return shared_process(font_directory(), role)


def _then(future: Future, make, *, chained: bool = False) -> Future:
    """A future of ``make(future.result())`` (failing as ``future`` failed); with
    ``chained``, ``make`` returns a future, whose result is the result."""
    after: Future = Future()

    def done(source: Future) -> None:
        try:
            made = make(source.result())
        except Exception as exc:
            after.set_exception(exc)
            return
        if chained:
            made.add_done_callback(lambda result: _copy(result, after))
        else:
            after.set_result(made)

    future.add_done_callback(done)
    return after


def svg_beside(chart: alt.TopLevelMixin | dict) -> Future:
    """Queue the chart's SVG in this process's chart server, if it was given one, else in
    its SVG chart process (:mod:`.vega_process`, started and warmed up on first use); a
    future of ``{"svg", "alt"}`` (:func:`_queued`).

    The chart becomes a Vega-Lite dict here, so the caller can build the next chart
    while the other process converts this one.
    """
    spec = chart_spec(chart)
    alt_text = _alt_text(spec)
    svg = _queued("svg", lambda converter: converter.svg(spec, _vl_version(spec)))
    return _then(svg, lambda text: {"svg": text.encode("utf-8"), "alt": alt_text})


def png_beside(shown: Future) -> Future:
    """The chart's PNG, rasterised as soon as its SVG (``shown``, from
    :func:`svg_beside`) arrives, in the chart server or else the PNG chart process; a
    future of what :func:`render_chart` returns for that chart (the same bytes)."""
    def rasterise(picture: dict) -> Future:
        svg = picture["svg"].decode("utf-8")
        png = _queued("png", lambda converter: converter.png(svg, PNG_SCALE))
        return _then(png, lambda data: {"png": data, **picture})
    return _then(shown, rasterise, chained=True)


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
        atomic_write_bytes(path, rendered[kind])
    return paths


_SVG_SIZE = re.compile(r'<svg\b[^>]*?\bwidth="([\d.]+)"[^>]*?\bheight="([\d.]+)"')
_SVG_TEXT = re.compile(r"<text\b[^>]*>(.*?)</text>", re.DOTALL)
_SVG_TAG = re.compile(r"<[^>]*>")


def svg_chars(svg: str) -> str:
    """The characters an SVG's ``<text>`` elements show, each once, sorted (the lines of a
    multi-line title or subtitle are ``<tspan>`` elements inside one ``<text>``)."""
    shown = "".join(_SVG_TAG.sub("", text) for text in _SVG_TEXT.findall(svg))
    return "".join(sorted(set(html.unescape(shown))))


def svg_with_font(svg: str, chars: str | None = None) -> str:
    """The SVG with a ``@font-face`` holding the NanumGothic glyphs of ``chars`` (default:
    those its own text uses; give a superset to share one subset between charts).

    An SVG shown as an image is a document of its own: it sees neither the page's fonts
    nor the system's, so it carries its own (about 25 KB of WOFF per chart).
    """
    woff = base64.b64encode(subset_woff(svg_chars(svg) if chars is None else chars)) \
        .decode("ascii")
    style = (f"<defs><style>@font-face{{font-family:'{FONT_FAMILY}';"
             f"src:url(data:font/woff;base64,{woff}) format('woff');}}</style></defs>")
    head_end = svg.index(">", svg.index("<svg")) + 1
    return svg[:head_end] + style + svg[head_end:]


def _alt_text(spec: dict) -> str:
    """The chart's description, else its title (and subtitle), else a generic text."""
    if spec.get("description"):
        return spec["description"]
    heading = spec.get("title", "")
    if isinstance(heading, dict):
        parts = [heading.get("text", ""), heading.get("subtitle", "")]
        heading = " — ".join(" ".join(p) if isinstance(p, list) else str(p) for p in parts if p)
    return str(heading) or "chart"


def chart_html(chart: alt.TopLevelMixin, alt_text: str | None = None,
               rendered: dict | None = None, font_chars: str | None = None) -> str:
    """An offline HTML fragment showing the chart: the SVG as a base64 ``<img>``, alt text.

    The SVG carries the font subset of its own text (:func:`svg_with_font`), so Hangul
    shows in any browser without a Korean font, network, script or stylesheet, sharp at
    any zoom.  ``rendered`` reuses a chart already rendered (:func:`render_chart`);
    ``font_chars``, a superset of the chart's characters, is passed to :func:`svg_with_font`.
    """
    rendered = rendered or render_chart(chart)
    svg = rendered["svg"].decode("utf-8")
    width, height = _SVG_SIZE.search(svg).groups()
    data = base64.b64encode(svg_with_font(svg, font_chars).encode("utf-8")).decode("ascii")
    alt_attr = html.escape(alt_text if alt_text is not None else rendered["alt"], quote=True)
    return (f'<figure class="impact-chart" style="margin:0">'
            f'<img src="data:image/svg+xml;base64,{data}" alt="{alt_attr}" '
            f'width="{width}" height="{height}" '
            f'style="max-width:100%;height:auto"></figure>')
