"""``index.html``: one row per report in the output folder, with headline numbers and links.

Rows come from each ``<out>/<id>/headline.json`` (so the index lists every report on
disk, whichever run made it), plus one row per project that failed in this run.
Everything from budget files is escaped.  The page records a digest of the headlines
it lists (:func:`reports_digest`), so a later run can tell whether it is behind the
folders (:func:`index_is_current`).
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import re
from pathlib import Path

from .. import __version__
from ..units import format_jobs, format_won
from . import htmlout as h
from .atomic import atomic_write_text
from .outputs import HEADLINE_FILE
from .render import REPORT_HTML, REPORT_NOTEBOOK, Outcome
from .webfont import embed_font

# keep-all: Korean breaks between words ("2020년 불변가격"), not a syllable a line
STYLE = """body{font-family:sans-serif;max-width:1200px;margin:1em auto;padding:0 1em;
word-break:keep-all}td:first-child{min-width:16em}
table{border-collapse:collapse;font-size:13px}th,td{border-bottom:1px solid #ddd;
padding:4px 8px;text-align:right;vertical-align:top}th{background:#f3f5f8}
td:first-child,th:first-child{text-align:left}.failed td{background:#fff3f3}
.small{color:#666;font-size:11px}.num{white-space:nowrap}"""

DIGEST_META = "impact-reports-sha256"
_DIGEST = re.compile(rf"<meta name='{DIGEST_META}' content='([0-9a-f]{{64}})'>")


def _headline_files(out_dir: str | Path) -> list[Path]:
    return [p for p in sorted(Path(out_dir).glob(f"*/{HEADLINE_FILE}"))
            if not p.parent.name.startswith((".", "_"))]


def read_headlines(out_dir: str | Path) -> list[dict]:
    """The headline records of every complete report under ``out_dir``, by id."""
    records = []
    for path in _headline_files(out_dir):
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        record["folder"] = path.parent.name
        records.append(record)
    return records


def reports_digest(out_dir: str | Path) -> str:
    """sha256 over every report's folder name and ``headline.json`` bytes, in order."""
    digest = hashlib.sha256()
    for path in _headline_files(out_dir):
        try:
            data = path.read_bytes()
        except OSError:
            continue
        digest.update(f"{path.parent.name}\0{len(data)}\0".encode() + data)
    return digest.hexdigest()


def index_is_current(out_dir: str | Path) -> bool:
    """Whether ``index.html`` lists exactly the reports now in ``out_dir``."""
    try:
        page = (Path(out_dir) / "index.html").read_text(encoding="utf-8")
    except OSError:
        return False
    found = _DIGEST.search(page)
    return bool(found) and found[1] == reports_digest(out_dir)


def _input_cell(rec: dict) -> str:
    """The budget as written (its price years), and at 2020 prices (and the basis shown)."""
    parts = []
    if rec.get("input_as_written") is not None:
        years = "·".join(str(y) for y in rec.get("input_price_years", []))
        parts.append(f"{format_won(rec['input_as_written'])} (as written, {years} prices)")
    if rec.get("input_total_2020") is not None:
        parts.append(f"{format_won(rec['input_total_2020'])} (2020 prices)")
    if rec.get("price_year") != 2020 or not parts:
        parts.append(f"{format_won(rec.get('input_total'))} ({rec.get('price_basis')})")
    return "<br>".join(h.esc(p) for p in parts)


def _row(rec: dict) -> str:
    folder = rec["folder"]
    charts = "<br>".join(
        h.esc(name) + ": " + " ".join(h.link(f"{folder}/{path}", fmt)
                                       for fmt, path in files.items())
        for name, files in rec.get("charts", {}).items())
    name = h.link(f"{folder}/{REPORT_HTML}", rec.get("name", folder))
    source = Path(rec["source_file"]).name if rec.get("source_file") else ""

    def both(total, in_region, fmt):
        """Nationwide next to in-region (a record from an older run may lack the latter)."""
        if rec.get(in_region) is None:
            return h.esc(f"{fmt(rec.get(total))} nationwide")
        return h.esc(f"{fmt(rec.get(total))} nationwide") + "<br>" + \
            h.esc(f"{fmt(rec.get(in_region))} in region")
    cells = [f"{name}<div class='small'>{h.esc(rec.get('name_en'))} · {h.esc(rec.get('id'))}"
             f" · {h.esc(source)} · {h.link(f'{folder}/{REPORT_NOTEBOOK}', 'notebook')}<br>"
             + h.esc(f"made {rec.get('made_at', '')} · impact {rec.get('version', '')}")
             + "</div>",
             h.esc(rec.get("region")), h.esc(rec.get("price_basis")),
             _input_cell(rec),
             both("output_total", "output_in_region", format_won),
             both("value_added_total", "value_added_in_region", format_won),
             both("jobs_total", "jobs_in_region", format_jobs),
             f"<span class='small'>{charts}</span>"]
    return "<tr>" + "".join(f"<td>{c}</td>" for c in cells[:3]) \
        + "".join(f"<td class='num'>{c}</td>" for c in cells[3:]) + "</tr>"


def _failed_row(outcome: Outcome, out_dir: Path) -> str:
    kept = ""
    if outcome.failed_notebook:
        rel = Path(outcome.failed_notebook).resolve().relative_to(out_dir.resolve()).as_posix()
        kept = " · " + h.link(rel, "notebook with the error")
    return (f"<tr class='failed'><td>{h.esc(Path(outcome.file).name)}{kept}</td>"
            f"<td colspan='7'>FAILED: {h.esc(outcome.error)}</td></tr>")


def index_html(out_dir: str | Path, failures: list[Outcome] = ()) -> str:
    """The index page for ``out_dir`` (reports on disk plus this run's failures).

    Its Hangul font is embedded like the reports' (:func:`webfont.embed_font`).
    """
    out_dir = Path(out_dir)
    now = _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat()
    head = ["Project", "Region", "Prices", "Input budget", "Output (생산유발)",
            "Value added (부가가치유발)", "Jobs (취업유발, job-years)", "Charts"]
    rows = [_row(r) for r in read_headlines(out_dir)]
    rows += [_failed_row(o, out_dir) for o in failures]
    return embed_font("<!DOCTYPE html><html lang='ko'><head><meta charset='utf-8'>"
            "<title>impact reports</title>"
            f"<meta name='{DIGEST_META}' content='{reports_digest(out_dir)}'>"
            f"<style>{STYLE}</style></head><body>"
            "<h1>경제적 파급효과 보고서 · Economic impact reports</h1>"
            f"<p class='small'>Index made {h.esc(now)} with impact {h.esc(__version__)}; "
            "Bank of Korea 2020 regional input-output tables, Type I. Totals are in-region "
            "plus other regions.</p><table><thead><tr>"
            + "".join(f"<th>{h.esc(c)}</th>" for c in head) + "</tr></thead><tbody>"
            + "".join(rows) + "</tbody></table></body></html>")


def write_index(out_dir: str | Path, failures: list[Outcome] = ()) -> Path:
    """Write ``<out_dir>/index.html`` atomically."""
    return atomic_write_text(Path(out_dir) / "index.html", index_html(out_dir, failures))
