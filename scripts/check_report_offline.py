"""Open a report in headless Chromium with networking disabled and check its charts rendered.

    python scripts/check_report_offline.py reports/pohang-data-center/report.html \
        [--screenshot docs/report_screenshot.png]

Chromium (Debian's ``chromium``) loads the report from a file with every network path
closed (a dead proxy, no DNS, no background services).  Two looks:

1. ``--dump-dom`` on a copy of the report with a small script appended that measures
   every chart image after load: each must have decoded pixels (``naturalWidth > 0``)
   and a non-zero size on the page.  It also lists the page's web fonts once they have
   settled: the embedded NanumGothic subset must have loaded (a browser refuses a font
   file it finds malformed, and Hangul then shows as boxes where no Korean font is
   installed).
2. A screenshot of the report itself; the region where the first chart sits must hold
   coloured pixels (the chart's bars), not a blank or a broken-image box.

Exits 0 when both hold and prints what it measured; exits 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
WINDOW = (1280, 2600)
MEASURE = """<script>
window.addEventListener('load', function () {
  document.fonts.ready.then(function () {
    var charts = [], fonts = [];
    document.querySelectorAll('.impact-chart img').forEach(function (img) {
      var r = img.getBoundingClientRect();
      charts.push({alt: img.alt, complete: img.complete, natural: img.naturalWidth,
                   x: r.left + window.scrollX, y: r.top + window.scrollY,
                   width: r.width, height: r.height});
    });
    document.fonts.forEach(function (f) { fonts.push({family: f.family, status: f.status}); });
    var pre = document.createElement('pre');
    pre.id = 'impact-chart-check';
    pre.textContent = JSON.stringify({charts: charts, fonts: fonts});
    document.body.appendChild(pre);
  });
});
</script>"""


def chromium_args(user_data_dir: str) -> list[str]:
    """Headless, sandbox-less, no background traffic, and no way onto the network."""
    return [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--disable-quic", "--hide-scrollbars",
            f"--user-data-dir={user_data_dir}", "--proxy-server=127.0.0.1:9",
            "--proxy-bypass-list=<-loopback>", "--host-resolver-rules=MAP * ~NOTFOUND",
            "--force-device-scale-factor=1", f"--window-size={WINDOW[0]},{WINDOW[1]}"]


def _run(args: list[str], timeout: float = 90) -> str:
    proc = subprocess.run(args, capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0:
        raise RuntimeError(f"chromium exited {proc.returncode}: {proc.stderr[-800:]}")
    return proc.stdout


def measure_page(report: Path, work: Path) -> dict:
    """``charts``: the chart images as the browser laid them out (size, decoded pixels,
    position); ``fonts``: the page's web fonts and whether each loaded."""
    copy = report.parent / f".offline-check-{os.getpid()}.html"
    html = report.read_text(encoding="utf-8")
    copy.write_text(html.replace("</body>", MEASURE + "</body>"), encoding="utf-8")
    try:
        dom = _run(chromium_args(str(work / "profile-dom"))
                   + ["--virtual-time-budget=10000", "--dump-dom", copy.as_uri()])
    finally:
        copy.unlink(missing_ok=True)
    start = dom.find('id="impact-chart-check">')
    if start < 0:
        raise RuntimeError("the measuring script did not run (no result in the DOM)")
    text = dom[start + len('id="impact-chart-check">'):dom.index("</pre>", start)]
    return json.loads(text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"))


def screenshot(report: Path, target: Path, work: Path) -> Path:
    """A screenshot of the top of the report (window size :data:`WINDOW`)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    _run(chromium_args(str(work / "profile-shot"))
         + ["--virtual-time-budget=10000", f"--screenshot={target}", report.as_uri()])
    return target


def coloured_fraction(png: Path, box: tuple[int, int, int, int]) -> float:
    """Share of pixels in ``box`` (left, top, right, bottom) that are clearly coloured."""
    from PIL import Image
    with Image.open(png) as image:
        region = image.convert("RGB").crop(box)
        pixels = list(region.get_flattened_data() if hasattr(region, "get_flattened_data")
                      else region.getdata())
    coloured = sum(1 for r, g, b in pixels if max(r, g, b) - min(r, g, b) > 40)
    return coloured / max(len(pixels), 1)


def check(report: Path, shot: Path) -> dict:
    """Measure, screenshot and judge one report; returns the findings (``ok`` key)."""
    report = report.resolve()
    work = Path(tempfile.mkdtemp(prefix="impact-offline-"))
    try:
        measured = measure_page(report, work)
        screenshot(report, shot, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    charts, fonts = measured["charts"], measured["fonts"]
    drawn = [c for c in charts if c["complete"] and c["natural"] > 0
             and c["width"] > 50 and c["height"] > 50]
    visible = [c for c in drawn if c["y"] + c["height"] <= WINDOW[1]]
    found = {"report": str(report), "screenshot": str(shot), "charts": len(charts),
             "drawn": len(drawn), "fonts": fonts, "problems": []}
    if not any(f["status"] == "loaded" for f in fonts):
        found["problems"].append("the page's embedded font did not load")
    found["problems"] += [f"web font {f['family']} failed to load" for f in fonts
                          if f["status"] == "error"]
    if not charts:
        found["problems"].append("no chart images in the report")
    if len(drawn) < len(charts):
        found["problems"].append(f"{len(charts) - len(drawn)} chart(s) did not render")
    if visible:
        c = visible[0]
        box = (int(c["x"]), int(c["y"]), int(c["x"] + c["width"]), int(c["y"] + c["height"]))
        found["first_chart_box"] = box
        found["first_chart_coloured"] = round(coloured_fraction(shot, box), 4)
        if found["first_chart_coloured"] < 0.01:
            found["problems"].append("the first chart's area in the screenshot has no colour")
    else:
        found["problems"].append(f"no chart within the first {WINDOW[1]} px of the page")
    found["ok"] = not found["problems"]
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("report", type=Path)
    parser.add_argument("--screenshot", type=Path, default=Path("report_screenshot.png"))
    args = parser.parse_args(argv)
    found = check(args.report, args.screenshot)
    print(json.dumps(found, ensure_ascii=False, indent=2))
    return 0 if found["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
