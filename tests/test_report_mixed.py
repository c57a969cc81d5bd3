"""A batch with a broken project and one whose text is hostile HTML: the broken one never
stops the other, budget-file text is escaped, and a failed re-run never replaces a good
report."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from impact.reporting import render
from impact.reporting.batch import run_batch

from .conftest import ROOT, report_cli

EVIL = "<script>alert(1)</script>"
FEW_DRAWS = 200  # not about the uncertainty bands (the seed run has the default 10,000)


def _evil_project(path):
    data = yaml.safe_load((ROOT / "projects" / "pohang-ai-fund.yaml").read_text(encoding="utf-8"))
    data.update(id="evil-project", name=f"{EVIL} & co", description=EVIL, sources=[EVIL])
    data["lines"][2]["item"] = EVIL
    data["lines"][2]["note"] = EVIL
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def mixed_batch(tmp_path_factory):
    """One CLI batch read by several tests: a broken file first, then a good project whose
    text is hostile HTML, in English at 2027 prices, with few draws."""
    tmp = tmp_path_factory.mktemp("mixed")
    bad = tmp / "broken.yaml"
    data = yaml.safe_load((ROOT / "projects" / "chungbuk-ai-simulation-center.yaml")
                          .read_text(encoding="utf-8"))
    data["region"] = "Atlantis"
    bad.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    evil = _evil_project(tmp / "evil.yaml")
    out = tmp / "out"
    proc = report_cli(bad, evil, "--out", out, "--jobs", "2", "--draws", FEW_DRAWS,
                      "--price-year", 2027, "--lang", "en")
    return out, proc, evil


def test_one_broken_project_does_not_stop_the_others(mixed_batch):
    out, proc, _ = mixed_batch
    assert proc.returncode == 1
    assert (out / "evil-project" / "report.html").is_file()  # the other project: rendered
    failed = [line for line in proc.stdout.splitlines() if line.startswith("FAILED")]
    assert len(failed) == 1
    assert "broken.yaml" in failed[0] and "region" in failed[0] and "Atlantis" in failed[0]
    kept = out / "_failed" / "file-broken.ipynb"
    assert kept.is_file() and "Atlantis" in kept.read_text(encoding="utf-8")
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "FAILED" in page and "_failed/file-broken.ipynb" in page
    assert "evil-project/report.html" in page


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

    def replayed_kernel(notebook, executed, parameters, **options):
        """What the kernel wrote for this project in the batch (its run is the batch's)."""
        shutil.copytree(shared / "evil-project", parameters["out_dir"], dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns(render.REPORT_HTML))
        assert Path(executed).is_file()

    def broken_export(*args, **kwargs):
        raise RuntimeError("exporter failed mid-run")

    monkeypatch.setattr(render, "_execute", replayed_kernel)
    monkeypatch.setattr(render, "write_page", broken_export)
    batch = run_batch([evil_project], out, jobs=1, progress=None, draws=FEW_DRAWS)
    assert len(batch.failed) == 1 and "exporter failed mid-run" in batch.failed[0].error
    after = {p: p.read_bytes() for p in (out / "evil-project").rglob("*") if p.is_file()}
    assert after == before  # the good report is untouched
    leftovers = [p for p in out.rglob("*") if p.name.startswith(".") or p.suffix == ".tmp"]
    assert leftovers == []
    assert (out / "_failed" / "evil-project.ipynb").is_file()
