"""Rewrite tests/golden/<id>.json from the current estimate of each seed project and print
what changed.  Run it only after reviewing why an economic figure moved, then put that
reason in REASONS below (it is stored in the golden) and commit the golden with the code.

    .venv/bin/python scripts/update_goldens.py          # rewrite and show the diff
    .venv/bin/python scripts/update_goldens.py --check  # only show the diff (exit 1 if any)
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import impact  # noqa: E402
from impact.tables import MEASURES, SCOPES  # noqa: E402

GOLDEN_DIR = ROOT / "tests" / "golden"
# Why each seed's figures are what they are (update when a reviewed change moves them).
COMMON = ("in-region effect = sum over line x year x sector of the in-region purchase "
          "(amount x 100/price index x in_region_share, 0 where the region does not make the "
          "sector) x the region's BOK 2020 multiplier; other regions = its spill-over plus "
          "other-region purchases x GRDP-weighted supplier multipliers; imports have none. "
          "Changed (commit bf19bb0) when construction and on-site categories' "
          "in-region defaults moved to 1.0 and import shares came from the national table.")
REASONS = {
    "chungbuk-ai-simulation-center": "충북, 2024 prices, 267.8억원 set-up + 2027-2031 running "
                                     "costs; GPU servers import share 0.8. " + COMMON,
    "pohang-ai-fund": "경북; the 2,000억원 fund commitment and loans are excluded (not final "
                      "demand), only the spending they finance counts. " + COMMON,
    "pohang-data-center": "경북, 15,200억원 construction (12,000 data centre + 3,000 cluster), "
                          "land purchase excluded; network/landing equipment import share 0.5. "
                          + COMMON,
}


def figures(path: Path, tables) -> dict:
    """The figures a golden holds for one seed project (money 백만원 at 2020 prices)."""
    result = impact.estimate(impact.load_project(path, tables=tables), tables=tables)
    t = result.totals()
    phases = result.jobs_by_phase()
    sectors = result.by_sector("output", "in_region", top=5)
    bridge = result.bridge()
    return {
        "totals": {m: {s: float(t.loc[m, s]) for s in (*SCOPES, "total")} for m in MEASURES},
        "by_phase": {phase: {k: float(row[k]) for k in (
            "job_years_in_region", "job_years_total", "average_annual_jobs_in_region",
            "average_annual_jobs_total", "years")} for phase, row in phases.iterrows()},
        "top_sectors_output_in_region": [
            {"sector_code": r.sector_code, "output_in_region": float(r.output_in_region)}
            for r in sectors.itertuples()],
        "input_summary": {k: float(v) for k, v in result.input_summary().items()},
        "ratios": {k: float(v) for k, v in result.ratios().items()},
        "bridge": [{"step": r.step, "measure": r.measure, "in_region": float(r.in_region),
                    "total": float(r.total)} for r in bridge.itertuples()],
    }


def seeds() -> list[Path]:
    return sorted((ROOT / "projects").glob("*.yaml"))


def _flat(obj, prefix=""):
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from _flat(v, f"{prefix}.{k}" if prefix else str(k))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from _flat(v, f"{prefix}[{i}]")
    else:
        yield prefix, obj


def diff(old: dict, new: dict) -> list[str]:
    a, b = dict(_flat(old)), dict(_flat(new))
    return [f"  {k}: {a.get(k, '(none)')} -> {b.get(k, '(none)')}"
            for k in sorted(a.keys() | b.keys()) if a.get(k) != b.get(k)]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="show the diff, write nothing")
    args = parser.parse_args(argv)
    tables = impact.load_tables()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                            capture_output=True, text=True).stdout.strip()
    changed = 0
    GOLDEN_DIR.mkdir(parents=True, exist_ok=True)
    for path in seeds():
        file = GOLDEN_DIR / f"{path.stem}.json"
        old = json.loads(file.read_text("utf-8")) if file.exists() else {}
        new = figures(path, tables)
        lines = diff(old.get("figures", {}), new)
        if not lines and old.get("reason") == REASONS.get(path.stem):
            print(f"{file.name}: unchanged")
            continue
        changed += 1
        print(f"{file.name}: {len(lines)} figure(s) changed")
        print("\n".join(lines))
        if not args.check:
            golden = {"id": path.stem, "reason": REASONS.get(path.stem, "(give a reason)"),
                      "made_at_commit": commit,
                      "units": "money 백만원 at 2020 prices; jobs persons (job-years)",
                      "figures": new}
            file.write_text(json.dumps(golden, ensure_ascii=False, indent=1) + "\n", "utf-8")
    return 1 if (args.check and changed) else 0


if __name__ == "__main__":
    raise SystemExit(main())
