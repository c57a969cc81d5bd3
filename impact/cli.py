"""Command line: ``impact estimate FILE... [--format table|json|csv]``.

Each command imports what it needs when it runs: ``impact report`` starts its kernel
before this process has imported pandas (the kernel does the numerics).

Any error in the input prints one line naming the file, line, field and value, and
the command exits with status 2 (no traceback); the other files are still estimated.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
from pathlib import Path

from .errors import BusyError, ImpactError

EXIT_INPUT_ERROR = 2
EXIT_BUSY = 3  # the output folder is being written by another run
EXIT_INTERRUPTED = 130  # Ctrl-C, as a shell reports a command it interrupted
# SIGTERM (kill, timeout, a scheduler) stops it as Ctrl-C does: 128 + 15, as a shell reports it
EXIT_TERMINATED = 143


def _warn(text: str) -> None:
    print(f"impact: warning: {text}", file=sys.stderr)


def _estimate_each(paths, tables, scenario, basis="adjusted", lang="ko"):
    """Estimate every file; a bad file is reported on stderr (one line) and skipped.

    The project's warnings and the assumptions check's errors are printed as warnings,
    worded in ``lang`` (the prefix, severity, rule and field stay as they are, for
    scripts): a land purchase entered as building works estimates, but not silently.
    """
    from .check import check_project
    from .estimate import estimate
    from .messages import in_language
    from .project import load_project
    as_written = ("가정 점검 오류; 입력한 대로 추정함" if lang == "ko"
                  else "assumptions check; estimated as written")
    results, failed = [], 0
    for path in paths:
        try:
            project = load_project(path, tables=tables)
            result = estimate(project, tables=tables, scenario=scenario, basis=basis)
        except ImpactError as exc:
            print(f"impact: error: {exc}", file=sys.stderr)
            failed += 1
            continue
        for text in project.warnings:
            _warn(f"{path}: {in_language(text, lang)}")
        for finding in check_project(project, tables=tables):
            if finding.severity == "error":
                _warn(f"{finding.text(lang)} ({as_written})")
        results.append(result)
    return results, failed


def _estimate_command(args) -> int:
    from .ids import refuse_colliding_ids
    from .tables import load_tables
    tables = load_tables()
    results, failed = _estimate_each(args.files, tables, args.scenario, args.basis,
                                     args.lang)
    refuse_colliding_ids((r.project.id, r.project.source_file) for r in results)
    if not results:
        return EXIT_INPUT_ERROR
    if args.format == "json":
        json.dump([r.to_dict() for r in results], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    elif args.format in ("csv", "xlsx"):
        _write_files(results, args)
    else:
        for r in results:
            print(r.summary())
            print()
    return EXIT_INPUT_ERROR if failed else 0


def _write_files(results, args) -> None:
    """``--format csv`` (effects and input lines, UTF-8 with BOM) or ``--format xlsx``."""
    from .reporting.excel_out import write_excel
    from .reporting.tabular import results_csv
    if args.format == "csv":
        data = results_csv(results).encode("utf-8-sig")  # BOM: Excel then reads Hangul
        if args.out:
            from .atomic import atomic_write_bytes
            atomic_write_bytes(args.out, data)
        else:
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        return
    out = Path(args.out or (f"{results[0].project.id}.xlsx" if len(results) == 1 else "."))
    if len(results) > 1 and out.suffix.lower() == ".xlsx":
        raise ImpactError(f"--out {out}: several files give several workbooks; "
                          "give a folder for --out")
    for r in results:
        path = out if len(results) == 1 else out / f"{r.project.id}.xlsx"
        print(write_excel(r, path, lang=args.lang))


def _report_command(args) -> int:
    """``impact report``: notebook reports (HTML, charts) and reports/index.html."""
    from .reporting.batch import BatchInterrupted, project_files, run_batch
    files = project_files(args.files, all_projects=args.all, projects_dir=args.projects_dir)
    if not files:
        print("impact: error: give budget files or --all", file=sys.stderr)
        return EXIT_INPUT_ERROR
    chosen = {k: v for k, v in (("draws", args.draws), ("seed", args.seed)) if v is not None}
    try:
        batch = run_batch(files, out_dir=args.out, jobs=args.jobs, lang=args.lang,
                          report_price_year=args.price_year, replace=args.replace,
                          wait=args.wait, **chosen)
    except BatchInterrupted as stop:
        print(stop.result.summary())
        how, status = _stopped()
        print(f"impact: {how} with {len(stop.result.outcomes)} of {stop.total} "
              f"project(s) done (their reports kept, in the index); run again for the rest",
              file=sys.stderr)
        return status
    print(batch.summary())
    return 1 if batch.failed else 0


def _brief_command(args) -> int:
    """``impact brief``: the one-page council brief (PDF) per budget file."""
    from .reporting.brief import write_brief
    from .reporting.data import prepare
    from .tables import load_tables
    tables = load_tables()
    from .ids import read_id, refuse_colliding_ids
    from .reporting.lock import OutputLock
    refuse_colliding_ids((read_id(path), path) for path in args.files)
    chosen = {k: v for k, v in (("draws", args.draws), ("seed", args.seed)) if v is not None}
    with OutputLock(args.out):  # not while a report run is replacing these folders
        for path in args.files:
            data = prepare(path, lang=args.lang, tables=tables,
                           report_price_year=args.price_year, **chosen)
            name = "brief.pdf" if args.lang == "ko" else "brief-en.pdf"
            print(write_brief(data, Path(args.out) / data.project.id / name, None))
    return 0


def _check_command(args) -> int:
    """``impact check``: the assumptions check; status 1 when any finding is an error."""
    from .check import run_check
    from .ids import read_id, refuse_colliding_ids
    refuse_colliding_ids((read_id(path), path) for path in args.files)
    return run_check(args.files, fmt=args.format, lang=args.lang)


def _tables_command(args) -> int:
    """``impact tables import-bok FILE.xlsx [--out DIR]``: a BOK workbook into tables/."""
    from .bok_workbook import import_workbook, read_manifest
    path = import_workbook(args.workbook, args.out)
    meta = read_manifest(path)
    print(f"{path} ({meta['rows']} cells, {meta['price_year']} prices, 백만원) and "
          f"{path.with_suffix('.json').name} written; sha256 {meta['sha256'][:12]}")
    return 0


def _multipliers_command(args) -> int:
    """``impact multipliers --national | --region R [--format table|csv|json]``."""
    from .tables import load_tables
    tables = load_tables()
    if args.national:
        from .national import national_multiplier_frame
        frame = national_multiplier_frame(tables)
        meta = {"table": "national", "model": "Type I, households exogenous",
                "price_year": tables.national.price_year,
                "units": "won per won of final demand; import shares 0-1",
                "source": tables.manifests["national_io"]["source"]}
    else:
        if args.region not in tables.region_names:
            raise ImpactError("unknown region (use a short name such as 충북)",
                              field="--region", value=args.region)
        from .tables import MULTIPLIER_COLUMNS
        rows = tables.multipliers[tables.multipliers["region"] == args.region]
        frame = rows[["sector_code", *MULTIPLIER_COLUMNS]].reset_index(drop=True)
        frame.insert(1, "name_ko", tables.sectors["name_ko"].to_numpy())
        meta = {"table": "regional", "region": args.region, "model": "Type I, inter-regional",
                "price_year": 2020,
                "units": "output, value_added: won per won; jobs: persons per 1bn won (명/10억원)",
                "source": tables.manifests["multipliers_bok2020"]["source"]}
    if args.format == "json":
        json.dump({**meta, "sectors": frame.to_dict(orient="records")}, sys.stdout,
                  ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    elif args.format == "csv":
        frame.to_csv(sys.stdout, index=False, lineterminator="\n", float_format="%.6f")
    else:
        print(" · ".join(f"{k}: {v}" for k, v in meta.items()))
        print(frame.to_string(index=False, float_format=lambda v: f"{v:.3f}"))
    return 0


def _add_multipliers_parser(sub) -> None:
    mul = sub.add_parser("multipliers", help="national or one region's multipliers per sector")
    which = mul.add_mutually_exclusive_group(required=True)
    which.add_argument("--national", action="store_true",
                       help="national Type I output, value-added, import and compensation "
                            "multipliers and the import share of final demand (BOK 2020)")
    which.add_argument("--region", metavar="REGION",
                       help="the region's six: output/value_added/jobs x in_region/other_regions")
    mul.add_argument("--format", choices=("table", "csv", "json"), default="table")
    mul.set_defaults(run=_multipliers_command)


def _add_tables_parser(sub) -> None:
    tab = sub.add_parser("tables", help="build shipped tables from published sources")
    tab_sub = tab.add_subparsers(dest="tables_command", required=True)
    bok = tab_sub.add_parser(
        "import-bok", help="read a BOK input-output workbook (생산자가격, same layout as 2020) "
                           "into national_io.csv + national_io.json")
    bok.add_argument("workbook", metavar="FILE.xlsx")
    bok.add_argument("--out", default="tables", metavar="DIR",
                     help="folder to write into (default: tables)")
    bok.set_defaults(run=_tables_command)


def _template_command(args) -> int:
    """``impact template FILE.xlsx``: a budget workbook to fill in."""
    from pathlib import Path as _Path
    from .excel_template import write_template
    path = _Path(args.file)
    if path.suffix.lower() != ".xlsx":
        raise ImpactError("the template is an Excel workbook: give a name ending in .xlsx",
                          file=path)
    if path.exists() and not args.force:
        raise ImpactError("exists; give --force to replace it with an empty template",
                          file=path)
    print(write_template(path))
    return 0


def _add_template_parser(sub) -> None:
    tpl = sub.add_parser("template", help="write a budget workbook (.xlsx) to fill in")
    tpl.add_argument("file", metavar="FILE.xlsx")
    tpl.add_argument("--force", action="store_true", help="replace an existing file")
    tpl.set_defaults(run=_template_command)


def _whole_number(minimum: int, what: str):
    """An argparse type: a whole number of at least ``minimum``."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"must be a whole number, got {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must {what}, got {value}")
        return value
    return parse


_count = _whole_number(1, "be at least 1")       # draws, jobs
_seed = _whole_number(0, "not be negative")


def _price_year(text: str) -> int:
    """A year the GDP deflator covers: published, or projected to the last projected year."""
    from .prices import LAST_PROJECTED_YEAR
    try:
        year = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a year, got {text!r}") from None
    from .tables import load_tables
    first = int(load_tables().price_series_start["gdp_deflator"])
    if not first <= year <= LAST_PROJECTED_YEAR:
        raise argparse.ArgumentTypeError(
            f"must be between {first} (the first year of the GDP deflator) and "
            f"{LAST_PROJECTED_YEAR}, got {year}")
    return year


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="impact", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    est = sub.add_parser("estimate", help="estimate output, value added and jobs")
    est.add_argument("files", nargs="+", metavar="FILE", help="budget files (YAML or .xlsx)")
    est.add_argument("--format", choices=("table", "json", "csv", "xlsx"), default="table")
    est.add_argument("--out", default=None, metavar="PATH",
                     help="file to write (csv, xlsx; for xlsx with several files a folder)")
    est.add_argument("--lang", choices=("ko", "en"), default="ko",
                     help="the warnings' wording and the xlsx labels")
    est.add_argument("--scenario", default=None, help="apply this named scenario first")
    est.add_argument("--basis", choices=("adjusted", "conventional"), default="adjusted",
                     help="adjusted (ours: 2020 prices, imports and other-region purchases "
                          "where they are made) or conventional (the budget as written, all "
                          "bought in the region)")
    est.set_defaults(run=_estimate_command)
    rep = sub.add_parser("report", help="HTML reports with charts, and an index, per project")
    rep.add_argument("files", nargs="*", metavar="FILE", help="budget files (YAML or .xlsx)")
    rep.add_argument("--all", action="store_true", help="every budget file in projects/")
    rep.add_argument("--projects-dir", default="projects", help=argparse.SUPPRESS)
    rep.add_argument("--out", default="reports", metavar="DIR", help="output folder")
    rep.add_argument("--jobs", type=_count, default=None, metavar="N",
                     help="parallel processes (default: number of cores)")
    rep.add_argument("--price-year", type=_price_year, default=None, metavar="YEAR",
                     help="show money at this year's prices (default: 2020 prices)")
    rep.add_argument("--lang", choices=("ko", "en"), default="ko")
    rep.add_argument("--draws", type=_count, default=None, metavar="N",
                     help="uncertainty draws per project (default 10000)")
    rep.add_argument("--seed", type=_seed, default=None,
                     help="seed of the draws, recorded in the report (default 2020)")
    rep.add_argument("--replace", action="store_true",
                     help="replace reports in DIR made from other files with the same id")
    rep.add_argument("--wait", type=float, default=0.0, metavar="SECONDS",
                     help="wait this long for another run writing into DIR (default: give up)")
    rep.set_defaults(run=_report_command)
    bri = sub.add_parser("brief", help="one-page council brief (A4 PDF) per project")
    bri.add_argument("files", nargs="+", metavar="FILE", help="budget YAML files")
    bri.add_argument("--lang", choices=("ko", "en"), default="ko")
    bri.add_argument("--out", default="reports", metavar="DIR",
                     help="folder; the brief is DIR/<id>/brief.pdf (brief-en.pdf in English)")
    bri.add_argument("--price-year", type=int, default=None, metavar="YEAR",
                     help="show money at this year's prices (default: 2020 prices)")
    bri.add_argument("--draws", type=int, default=None, metavar="N",
                     help="uncertainty draws for the assumptions box (default 10000)")
    bri.add_argument("--seed", type=int, default=None)
    bri.set_defaults(run=_brief_command)
    chk = sub.add_parser("check", help="check budget assumptions (exit 1 on any error)")
    chk.add_argument("files", nargs="+", metavar="FILE", help="budget files (YAML or .xlsx)")
    chk.add_argument("--format", choices=("table", "json"), default="table")
    chk.add_argument("--lang", choices=("ko", "en"), default="ko", help="the findings' wording")
    chk.set_defaults(run=_check_command)
    _add_tables_parser(sub)
    _add_multipliers_parser(sub)
    _add_template_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except BusyError as exc:
        print(f"impact: busy: {exc}", file=sys.stderr)
        return EXIT_BUSY
    except ImpactError as exc:
        print(f"impact: error: {exc}", file=sys.stderr)
        return EXIT_INPUT_ERROR
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        how, status = _stopped()
        print(f"impact: {how}", file=sys.stderr)
        return status


def _stopped() -> tuple[str, int]:
    """How the command says it was stopped, and its exit status: by Ctrl-C or SIGTERM."""
    from .reporting.interrupts import stopping_signal
    if stopping_signal() == signal.SIGTERM:
        return "terminated", EXIT_TERMINATED
    return "interrupted", EXIT_INTERRUPTED


def entry() -> None:
    """The ``impact`` command (also ``python -m impact.cli``): :func:`main` in a process
    of its own, which an interrupted report does not fill with papermill's log lines
    (:func:`impact.reporting.interrupts.quiet_interrupts`), and which SIGTERM stops as
    Ctrl-C does."""
    from .reporting.interrupts import quiet_interrupts
    quiet_interrupts(terminate=True)
    status = main()
    if status in (EXIT_INTERRUPTED, EXIT_TERMINATED) and sys.platform == "linux":
        # stopped: what it made is in place, and its batch's workers end with it (Linux:
        # impact.reporting.interrupts.interrupt_when_parent_ends), so it does not wait
        # for them again at exit, where Ctrl-C once more would print a traceback
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)
    sys.exit(status)


if __name__ == "__main__":
    entry()
