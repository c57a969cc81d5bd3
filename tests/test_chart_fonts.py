"""The fonts charts are converted with: NanumGothic's faces reduced to a report's
characters (impact.fontfile.reduced_font_directory), registered once per process, and
the whole font for a chart whose characters they lack.

The report's own charts, converted in line with reduced faces and beside with the whole
font, are compared byte for byte in tests/test_report_charts.py."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys

from fontTools.ttLib import TTFont

from impact.fontfile import font_directory, reduced_font_directory

from .conftest import ROOT

ASKED = "포항 글로벌 데이터센터 생산유발 (조원)"
FACES = ("NanumGothic.ttf", "NanumGothicBold.ttf", "NanumGothicExtraBold.ttf",
         "NanumGothicLight.ttf")


def _names(font: TTFont) -> dict[int, str]:
    """Family, subfamily, typographic family and subfamily, in English (Windows)."""
    return {n: font["name"].getName(n, 3, 1, 0x409).toUnicode()
            for n in (1, 2, 16, 17) if font["name"].getName(n, 3, 1, 0x409)}


def test_reduced_faces_are_the_faces_for_what_they_keep():
    """Read with fontTools against the shipped files: each face is found by the same
    names and weight (vl-convert matches bold text to the face of weight 700, named
    "NanumGothic ExtraBold" but of the typographic family "NanumGothic"), and draws
    each kept character with the same outline and advance; nothing else is kept."""
    folder = reduced_font_directory(ASKED)
    assert sorted(p.name for p in folder.iterdir()) == list(FACES)
    for name in FACES:
        whole, reduced = TTFont(font_directory() / name), TTFont(folder / name)
        assert _names(reduced) == _names(whole) and _names(whole)[16] == "NanumGothic"
        for table, field in (("OS/2", "usWeightClass"), ("OS/2", "fsSelection"),
                             ("head", "macStyle"), ("head", "unitsPerEm")):
            assert getattr(reduced[table], field) == getattr(whole[table], field)
        kept, full = reduced.getBestCmap(), whole.getBestCmap()
        assert set(kept) == {ord(c) for c in ASKED} | set(range(32, 127))
        for code in kept:
            old, new = full[code], kept[code]
            assert reduced["hmtx"][new] == whole["hmtx"][old]
            assert (reduced["glyf"][new].getCoordinates(reduced["glyf"]) ==
                    whole["glyf"][old].getCoordinates(whole["glyf"])), chr(code)
    assert TTFont(folder / FACES[0])["name"].getName(0, 3, 1, 0x409)  # copyright kept


CHART = """
import hashlib, json, sys
from impact.charts import fonts, vega_process
from impact.charts.export import render_chart
fonts.register_fonts("생산유발")  # as a report's first chart does: faces reduced to these
outside = render_chart(json.loads(sys.argv[1]))
print(json.dumps({"registered": fonts._registered.name, "children": sorted(vega_process._shared),
                  "svg": outside["svg"].decode(), "png": hashlib.sha256(outside["png"]).hexdigest()}))
"""


def test_a_chart_the_reduced_faces_lack_is_converted_with_the_whole_font():
    """A process whose fonts were reduced to some characters converts a chart with
    others (취업, 힣) in the chart processes, with the whole font: the same bytes as a
    chart process of its own converting it, not what a fallback face would draw."""
    from impact.charts.export import PNG_SCALE, _vl_version, chart_spec
    from impact.charts.vega_process import VegaProcess

    from .test_charts import titled
    spec = chart_spec(titled("생산 취업유발 힣"))
    whole = VegaProcess(font_directory())  # the whole font, whatever this process has
    svg = whole.svg(spec, _vl_version(spec))  # converting while the other process starts
    proc = subprocess.run([sys.executable, "-c", CHART, json.dumps(spec)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    there = json.loads(proc.stdout)
    assert there["registered"].startswith("impact-fonts-") and there["children"] == ["png", "svg"]
    assert there["svg"] == svg.result(timeout=120) and "힣" in there["svg"]
    png = whole.png(there["svg"], PNG_SCALE).result(timeout=120)
    assert there["png"] == hashlib.sha256(png).hexdigest()
