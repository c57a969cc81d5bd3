"""``impact report`` end to end: papermill runs the report notebook for every seed project,
HTML and charts land in the output folder, one broken project never stops the others,
writes are atomic, and budget-file text is escaped."""

from __future__ import annotations

import base64
import html as html_module
import io
import json
import os
import re
import shutil
import subprocess
import sys

import nbformat
import papermill
import pytest
import yaml

import impact
from impact.reporting import render
from impact.reporting.batch import run_batch
from impact.reporting.webfont import embed_font

from .conftest import PROJECTS, ROOT

EVIL = "<script>alert(1)</script>"
# Tests not about the uncertainty bands run reports with few draws; the seed batch
# (``seed_reports``) is the one full-size run, at the default 10,000 draws.
FEW_DRAWS = 200
EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//|@import|url\(\s*["']?https?:""",
                      re.I)


def _cli(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "impact.cli", "report", *map(str, args)],
                          cwd=cwd, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="session")
def seed_reports(tmp_path_factory):
    """``impact report --all --jobs 2`` over the seed projects, run once, at full size
    (the default 10,000 draws): what a user runs."""
    out = tmp_path_factory.mktemp("reports")
    proc = _cli("--all", "--out", out, "--jobs", "2")
    return out, proc


def assert_svg_has_its_glyphs(svg: str) -> None:
    from fontTools.ttLib import TTFont
    woff = re.search(r"url\(data:font/woff;base64,([A-Za-z0-9+/=]+)\)", svg).group(1)
    cmap = TTFont(io.BytesIO(base64.b64decode(woff))).getBestCmap()
    shown = set(html_module.unescape("".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg))))
    assert any("\uac00" <= c <= "\ud7a3" for c in shown)  # Hangul in every chart
    assert [c for c in shown if not c.isspace() and ord(c) not in cmap] == []


REPORT_CHARTS = ("effects", "timeline", "top_sectors", "regions", "scenarios", "bands",
                 "tornado", "bridge", "bridge_jobs")


def test_report_all_renders_every_seed_project(seed_reports, tables):
    out, proc = seed_reports
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert len(re.findall(r"^\[\d/3\] ok", proc.stdout, flags=re.M)) == 3
    page = (out / "index.html").read_text(encoding="utf-8")
    for path in PROJECTS:
        project = impact.load_project(path, tables=tables)
        folder = out / project.id
        html = (folder / "report.html").read_text(encoding="utf-8")
        assert f"{project.id}/report.html" in page
        assert nbformat.read(folder / "report.ipynb", as_version=4).cells
        for chart in REPORT_CHARTS:
            png = folder / "charts" / f"{chart}.png"
            assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
            assert "<svg" in (folder / "charts" / f"{chart}.svg").read_text(encoding="utf-8")
            assert f"{project.id}/charts/{chart}.png" in page
        inline = r'<figure class="impact-chart"[^>]*><img [^>]*src="data:image/svg\+xml;base64,([^"]+)"'
        images = re.findall(inline, html)
        assert len(images) == len(REPORT_CHARTS)  # charts inline, as SVG
        for image in images:  # each carries the glyphs its text shows (Hangul included)
            assert_svg_has_its_glyphs(base64.b64decode(image).decode("utf-8"))
        for section in ("가정 점검", "보고연도 기준 취업자", "불확실성 범위", "seed",
                        "통상 방식과의 비교", "Type II", "GRDP 대비", "0.3210%"):
            assert section in html
        assert "@font-face" in html  # Hangul font embedded
        assert not EXTERNAL.search(html), EXTERNAL.search(html)
        assert "reporting.prepare(" not in html and "display(HTML(" not in html  # code hidden
        record = json.loads((folder / "headline.json").read_text(encoding="utf-8"))
        totals = impact.estimate(project, tables=tables).totals()
        assert record["output_total"] == pytest.approx(totals.loc["output", "total"])
        assert record["jobs_total"] == pytest.approx(totals.loc["jobs", "total"])
        assert f"{record['jobs_total']:,.0f}명" in html
        assert record["version"] == impact.__version__ and record["parameters_sha256"] in html
        brief = (folder / "brief.pdf").read_bytes()  # built in the same folder, moved with it
        assert brief.startswith(b"%PDF") and brief.count(b"/Type /Page\n") <= 1
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def test_a_reused_exporter_writes_what_a_fresh_nbconvert_writes(seed_reports):
    """A report process keeps one exporter, its templates compiled on an empty notebook
    first, and a worker reuses it for the next report: the page is still, byte for byte,
    what a fresh nbconvert HTMLExporter makes of the executed notebook."""
    from nbconvert import HTMLExporter
    out, _ = seed_reports
    for folder in sorted(p for p in out.iterdir() if (p / "report.ipynb").is_file()):
        fresh = HTMLExporter(template_name=render.TEMPLATE_NAME,
                             extra_template_basedirs=[str(render.TEMPLATES)],
                             exclude_input=True, exclude_input_prompt=True,
                             exclude_output_prompt=True)
        body, _ = fresh.from_filename(str(folder / "report.ipynb"))
        assert (folder / "report.html").read_text(encoding="utf-8") == embed_font(body)


def _evil_project(path):
    data = yaml.safe_load((ROOT / "projects" / "pohang-ai-fund.yaml").read_text(encoding="utf-8"))
    data.update(id="evil-project", name=f"{EVIL} & co", description=EVIL, sources=[EVIL])
    data["lines"][2]["item"] = EVIL
    data["lines"][2]["note"] = EVIL
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def mixed_batch(tmp_path_factory):
    """One CLI batch read by several tests: a broken file, a project whose text is hostile
    HTML and a good one, in English at 2027 prices, with few draws."""
    tmp = tmp_path_factory.mktemp("mixed")
    good = tmp / "good.yaml"
    good.write_text((ROOT / "projects" / "pohang-ai-fund.yaml").read_text(encoding="utf-8"),
                    encoding="utf-8")
    bad = tmp / "broken.yaml"
    data = yaml.safe_load((ROOT / "projects" / "chungbuk-ai-simulation-center.yaml")
                          .read_text(encoding="utf-8"))
    data["region"] = "Atlantis"
    bad.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    evil = _evil_project(tmp / "evil.yaml")
    out = tmp / "out"
    proc = _cli(bad, evil, good, "--out", out, "--jobs", "2", "--draws", FEW_DRAWS,
                "--price-year", 2027, "--lang", "en")
    return out, proc, evil


def test_one_broken_project_does_not_stop_the_others(mixed_batch):
    out, proc, _ = mixed_batch
    assert proc.returncode == 1
    assert (out / "pohang-ai-fund" / "report.html").is_file()
    assert (out / "evil-project" / "report.html").is_file()
    failed = [line for line in proc.stdout.splitlines() if line.startswith("FAILED")]
    assert len(failed) == 1
    assert "broken.yaml" in failed[0] and "region" in failed[0] and "Atlantis" in failed[0]
    kept = out / "_failed" / "file-broken.ipynb"
    assert kept.is_file() and "Atlantis" in kept.read_text(encoding="utf-8")
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "FAILED" in page and "_failed/file-broken.ipynb" in page
    assert "pohang-ai-fund/report.html" in page


def test_escaping_and_atomic_replacement(mixed_batch, tmp_path, monkeypatch):
    shared, _, evil_project = mixed_batch
    out = tmp_path / "out"  # a copy: this test rewrites the folder
    shutil.copytree(shared, out)
    report = out / "evil-project" / "report.html"
    html = report.read_text(encoding="utf-8")
    assert EVIL not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert EVIL not in (out / "index.html").read_text(encoding="utf-8")
    assert "2027 prices" in html and "projected" in html  # reporting price year, English
    before = {p: p.read_bytes() for p in (out / "evil-project").rglob("*") if p.is_file()}

    def broken_export(*args, **kwargs):
        raise RuntimeError("exporter failed mid-run")

    monkeypatch.setattr(render, "export_html", broken_export)
    batch = run_batch([evil_project], out, jobs=1, progress=None, draws=FEW_DRAWS)
    assert len(batch.failed) == 1 and "exporter failed mid-run" in batch.failed[0].error
    after = {p: p.read_bytes() for p in (out / "evil-project").rglob("*") if p.is_file()}
    assert after == before  # the good report is untouched
    leftovers = [p for p in out.rglob("*") if p.name.startswith(".") or p.suffix == ".tmp"]
    assert leftovers == []
    assert (out / "_failed" / "evil-project.ipynb").is_file()


def test_explore_notebook_executes(tmp_path):
    out = tmp_path / "explore.ipynb"
    papermill.execute_notebook(str(ROOT / "notebooks" / "explore_multipliers.ipynb"), str(out),
                               parameters={"measure": "jobs", "scope": "total",
                                           "region": "충북", "sector": "34"},
                               progress_bar=False, cwd=str(ROOT / "notebooks"))
    nb = nbformat.read(out, as_version=4)
    text = json.dumps([c.get("outputs", []) for c in nb.cells], ensure_ascii=False)
    assert "jobs_total: 83 sectors x 17 regions" in text and "충북" in text


def _offline_checker():
    import importlib.util
    spec = importlib.util.spec_from_file_location(
        "check_report_offline", ROOT / "scripts" / "check_report_offline.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_report_renders_offline_in_headless_chromium(request, tmp_path):
    """A real browser, no network: every chart image decodes and the first shows colour."""
    checker = _offline_checker()
    if not shutil.which(checker.CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"{checker.CHROMIUM} is missing on CI (.ci/run installs chromium)")
        pytest.skip(f"{checker.CHROMIUM} not installed (apt-get install chromium)")
    out, _ = request.getfixturevalue("seed_reports")
    found = checker.check(out / "pohang-data-center" / "report.html", tmp_path / "shot.png")
    assert found["ok"], found
    assert found["drawn"] == found["charts"] == len(REPORT_CHARTS)
    assert (tmp_path / "shot.png").stat().st_size > 50_000
