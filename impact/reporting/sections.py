"""The report's sections as tables (DataFrames) and escaped HTML, in Korean or English.

Each ``*_frame`` function returns the numbers a section shows, formatted for reading
(억원/조원 and 명); each ``*_html`` function wraps them with their captions and notes.
Money is re-expressed in the report's :class:`~impact.reporting.data.MoneyBasis`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..messages import in_language
from ..scenarios import BASE
from ..sourcing import import_basis_in
from ..tables import MEASURES, SCOPES
from ..units import format_jobs_lang, format_won_lang, label
from . import htmlout as h
from .data import ReportData, provenance
from .words import LIMITS_BY_LANG, WORDS, word
TEXT = {
    "ko": {"input": "투입 예산", "as_written": "예산 (작성 가격 기준, 전 기간)",
           "total": "투입 예산", "excluded": "제외 (최종수요 아님)", "final_demand": "최종수요",
           "leakage": "역외·수입 유출", "in_region_final_demand": "지역내 구매 (지역내 최종수요)",
           "other_regions_final_demand": "타지역 구매", "imported": "수입",
           "measure": "구분", "per_input": "투입 대비", "phase": "단계", "year": "연도",
           "sector": "부문", "region": "지역", "rank": "순위", "scenario": "시나리오",
           "description": "설명", "diff": "차이", "item": "항목", "reason": "제외 사유"},
    "en": {"input": "Input budget", "as_written": "Budget as written (its price years)",
           "total": "Input budget", "excluded": "Excluded (not final demand)",
           "final_demand": "Final demand", "leakage": "Leakage (bought outside region)",
           "in_region_final_demand": "Bought in the region (in-region final demand)",
           "other_regions_final_demand": "Bought in other regions", "imported": "Imported",
           "measure": "Measure",
           "per_input": "Per input", "phase": "Phase", "year": "Year", "sector": "Sector",
           "region": "Region", "rank": "Rank", "scenario": "Scenario",
           "description": "Description", "diff": "Difference", "item": "Item",
           "reason": "Reason excluded"},
}


def _t(data: ReportData, key: str) -> str:
    return TEXT[data.lang][key]


def _w(data: ReportData, key: str, **values) -> str:
    return word(data.lang, key, **values)


def heading_html(data: ReportData, key: str, level: int = 2) -> str:
    """A section heading and its one-line introduction (if any), in the report's language."""
    intro = f"i_{key}"
    para = h.para(_w(data, intro)) if intro in WORDS[data.lang] else ""
    return h.heading(_w(data, f"h_{key}"), level) + para


def basis_html(data: ReportData) -> str:
    """The page's price basis, stated once (and how a re-expressed budget can differ)."""
    b = data.basis
    parts = [h.para(_w(data, "basis_once", basis=b.label(data.lang)), "impact-basis")]
    if b.status != "base":
        parts.append(h.para(_w(data, "basis_repriced", series=b.series, year=b.year,
                                index=b.index, status=b.status), "impact-basis"))
    return "".join(parts)


def _won(data: ReportData, million_won: float) -> str:
    return format_won_lang(million_won, data.lang)


def _persons(data: ReportData, persons: float) -> str:
    return format_jobs_lang(persons, data.lang)


def _fmt(data: ReportData, measure: str, value: float) -> str:
    return _persons(data, value) if measure == "jobs" else _won(data, value)


def title_html(data: ReportData) -> str:
    """Project name, region, description and sources (all escaped)."""
    p = data.project
    name = p.name if data.lang == "ko" or not p.name_en else p.name_en
    region = data.tables.region_label(p.region, data.lang)
    return h.block(h.heading(_w(data, "h_title"), 1), h.heading(f"{name} — {region}", 2),
                   h.para(p.description), h.para(f"{p.id} · BOK 2020 Type I"),
                   basis_html(data), h.bullets(p.sources) if p.sources else "")


def input_frame(data: ReportData) -> pd.DataFrame:
    """The input budget: as written, at the basis prices, excluded, final demand and
    where it is bought (in the region, in other regions, abroad)."""
    inp = data.result.input_summary()
    rows = [(_t(data, "as_written"), _won(data, inp["as_written"]))]
    rows += [(_t(data, key), _won(data, data.basis.money(inp[key])))
             for key in ("total", "excluded", "final_demand", "in_region_final_demand",
                         "other_regions_final_demand", "imported")]
    return pd.DataFrame(rows, columns=[_t(data, "input"), _w(data, "amount")])


def council_frame(data: ReportData) -> pd.DataFrame:
    """생산유발·부가가치유발·취업유발: 지역내/타지역/전국, 지역내 비중 and ratio to input."""
    t = data.result.totals()
    total_input = data.basis.money(float(data.result.input_summary()["total"]))
    ratios = data.result.ratios()  # at 2020 prices; a money ratio is the same at any prices
    rows = []
    for m in MEASURES:
        money = (lambda v: v) if m == "jobs" else data.basis.money
        row = {_t(data, "measure"): label(m, data.lang)}
        for s in (*SCOPES, "total"):
            row[label(s, data.lang)] = _fmt(data, m, money(t.loc[m, s]))
        share = t.loc[m, "in_region"] / t.loc[m, "total"] if t.loc[m, "total"] else np.nan
        row[label("in_region_share", data.lang)] = f"{100 * share:.1f}%"
        for s in ("in_region", "total"):  # the ratio to the input, in the region and nationwide
            column = f"{_t(data, 'per_input')} ({label(s, data.lang)})"
            if not total_input:
                row[column] = "-"
                continue
            suffix = "" if s == "total" else "_in_region"
            if m == "jobs":  # persons per 10억원 at the basis prices
                ratio = ratios[f"jobs_per_1bn_won_input{suffix}"] / data.basis.factor
            else:
                ratio = ratios[f"{m}_per_input{suffix}"]
            row[column] = (
                (f"{ratio:,.1f}명 / 10억원" if m == "jobs" else f"{ratio:.2f}배")
                if data.lang == "ko" else
                (f"{ratio:,.1f} per 1bn won" if m == "jobs" else f"{ratio:.2f}×"))
        rows.append(row)
    return pd.DataFrame(rows)


def summary_html(data: ReportData) -> str:
    """The one-screen council summary: input budget, the three effects, jobs by phase."""
    jobs = phases_frame(data)
    notes = [_w(data, "jobs_note")]
    if data.result.flow_model is not None:
        from .bridge_view import conventional_line
        notes.append(conventional_line(data))
    notes += [f"{_w(data, 'warning')}: {in_language(w, data.lang)}"
              for w in data.result.warnings]
    return h.block(h.table(input_frame(data)), h.table(council_frame(data)),
                   h.table(jobs), h.bullets(notes))


def _years(row, lang: str) -> str:
    for key, kind in (("spread_until", "spread"), ("recurs_until", "recurs")):
        until = row.get(key)
        if until is not None and not pd.isna(until):
            return f"{row['year']}–{int(until)} ({word(lang, kind)})"
    return str(row["year"])


def lines_frame(data: ReportData) -> pd.DataFrame:
    """Every budget line with its mapping, in-region share, deflator and price index."""
    lines = data.result.lines
    names = data.tables.sectors.set_index("sector_code")["name_ko" if data.lang == "ko"
                                                         else "name_en"]
    categories = data.tables.category_rows[
        "label_ko" if data.lang == "ko" else "label_en"]
    status = data.result.price_indices.set_index(["series", "year"])["status"]
    w = lambda key: _w(data, key)  # noqa: E731
    out = pd.DataFrame({
        w("line"): lines["line_id"], _t(data, "item"): lines["item"],
        w("category_sector"): [categories.get(c, c) if c else f"{s} {names.get(s, '')}"
                               for c, s in zip(lines["category"].fillna(""),
                                               lines["sector_code"].fillna(""))],
        _t(data, "phase"): lines["phase"].map(lambda p: label(p, data.lang)),
        w("years"): [_years(r, data.lang) for r in lines.to_dict("records")],
        w("amount"): [_won(data, data.basis.money(v)) for v in lines["amount_2020"]],
        w("in_region_share"): lines["in_region_share"].map(lambda v: f"{v:.0%}"),
        w("import_share"): lines["import_share"].map(lambda v: f"{v:.0%}"),
        w("import_basis"): lines["import_share_basis"].map(
            lambda b: import_basis_in(b, data.lang)),
        w("deflator"): lines["deflator"], w("price_year"): lines["price_year"],
        w("index"): [f"{i:.2f} ({status.get((d, y), '')})" for i, d, y in
                     zip(lines["index_2020_100"], lines["deflator"], lines["price_year"])],
        w("excluded"): lines["exclude"], w("note"): lines["note"]})
    return out


def excluded_frame(data: ReportData) -> pd.DataFrame:
    """Excluded lines with their reasons and amounts at the basis prices."""
    ex = data.result.excluded()
    return pd.DataFrame({_w(data, "line"): ex["line_id"], _t(data, "item"): ex["item"],
                         _w(data, "amount"): [_won(data, data.basis.money(v))
                                              for v in ex["amount_2020"]],
                         _t(data, "reason"): ex["reason"]})


def price_frame(data: ReportData) -> pd.DataFrame:
    """Price indices used (budget deflators and the reporting basis), with their status."""
    used = data.result.price_indices.assign(use=_w(data, "use_budget"))
    if data.basis.status != "base":
        used = pd.concat([used, pd.DataFrame([{
            "series": data.basis.series, "year": data.basis.year,
            "index_2020_100": data.basis.index, "status": data.basis.status,
            "lower": np.nan, "upper": np.nan, "use": _w(data, "use_report")}])],
            ignore_index=True)
    used = used.round({"index_2020_100": 2, "lower": 2, "upper": 2})
    return used.rename(columns={"series": _w(data, "series"), "year": _t(data, "year"),
                                "index_2020_100": _w(data, "index"),
                                "status": _w(data, "status"), "lower": _w(data, "lower"),
                                "upper": _w(data, "upper"), "use": _w(data, "use")})


def _table_or(data: ReportData, frame: pd.DataFrame, empty_key: str) -> str:
    """The table, or one sentence saying the section is empty (never bare headers)."""
    return h.para(_w(data, empty_key), "impact-empty") if frame.empty else h.table(frame)


def assumptions_html(data: ReportData) -> str:
    """Excluded lines, parameters with notes, every line's assumptions, price indices."""
    params = data.project.parameter_table()
    params = params.rename(columns={c: _w(data, c) for c in params.columns})
    return h.block(
        h.heading(_w(data, "h_excluded"), 3),
        _table_or(data, excluded_frame(data), "none_excluded"),
        h.heading(_w(data, "h_parameters"), 3), _table_or(data, params, "none_parameters"),
        h.heading(_w(data, "h_lines"), 3), h.table(lines_frame(data)),
        h.heading(_w(data, "h_prices"), 3), h.table(price_frame(data)),
        h.para(_w(data, "prices_note")))


def phase_year_frame(data: ReportData) -> pd.DataFrame:
    """Final demand and effects by phase and year (억원 at the basis prices, 명)."""
    f = data.result.by_phase_year()
    out = pd.DataFrame({_t(data, "phase"): f["phase"].map(lambda p: label(p, data.lang)),
                        _t(data, "year"): f["year"]})
    out[_t(data, "final_demand")] = [_won(data, data.basis.money(v)) for v in f["spend_2020"]]
    for m in MEASURES:
        total = f[f"{m}_in_region"] + f[f"{m}_other_regions"]
        money = (lambda v: v) if m == "jobs" else data.basis.money
        out[f"{label(m, data.lang)} {label('in_region', data.lang)}"] = \
            [_fmt(data, m, money(v)) for v in f[f"{m}_in_region"]]
        out[f"{label(m, data.lang)} {label('total', data.lang)}"] = \
            [_fmt(data, m, money(v)) for v in total]
    return out


def phases_frame(data: ReportData) -> pd.DataFrame:
    """Job-years and average annual jobs per phase."""
    j = data.result.jobs_by_phase().reset_index()
    return pd.DataFrame({
        _t(data, "phase"): j["phase"].map(lambda p: label(p, data.lang)),
        _w(data, "years"): [f"{a}–{b} ({n})" for a, b, n in
                            zip(j["first_year"], j["last_year"], j["years"])],
        _w(data, "job_years"): [_persons(data, v) for v in j["job_years_total"]],
        _w(data, "avg_total"): [_persons(data, v) for v in j["average_annual_jobs_total"]],
        _w(data, "avg_region", region=data.tables.region_label(data.project.region,
                                                               data.lang)):
            [_persons(data, v) for v in j["average_annual_jobs_in_region"]]})


def sectors_frame(data: ReportData) -> pd.DataFrame:
    """The sectors the budget buys from, by total output effect (top ``data.top_n``)."""
    r = data.result
    frames = {(m, s): r.by_sector(m, s, top=None).set_index("sector_code")[f"{m}_{s}"]
              for m in MEASURES for s in SCOPES}
    base = r.by_sector("output", "in_region", top=None).set_index("sector_code")
    out = pd.DataFrame(index=base.index)
    out[_t(data, "sector")] = base["name_ko" if data.lang == "ko" else "name_en"]
    totals = {m: frames[(m, "in_region")] + frames[(m, "other_regions")] for m in MEASURES}
    order = totals["output"].sort_values(ascending=False).index[:data.top_n]
    out = out.loc[order]
    for m in MEASURES:
        money = (lambda v: v) if m == "jobs" else data.basis.money
        out[f"{label(m, data.lang)} {label('in_region', data.lang)}"] = \
            [_fmt(data, m, money(v)) for v in frames[(m, "in_region")].loc[order]]
        out[f"{label(m, data.lang)} {label('total', data.lang)}"] = \
            [_fmt(data, m, money(v)) for v in totals[m].loc[order]]
    return out.reset_index().rename(columns={"sector_code": _w(data, "code")})


def regions_frame(data: ReportData) -> pd.DataFrame:
    """The project in each of the 17 regions, ranked by in-region output."""
    f = data.regions
    name = f["region"] if data.lang == "ko" else f["region_en"]
    out = pd.DataFrame({_t(data, "rank"): f["rank"],
                        _t(data, "region"): [f"{n} ★" if own else n for n, own in
                                             zip(name, f["is_project_region"])]})
    for m in MEASURES:
        money = (lambda v: v) if m == "jobs" else data.basis.money
        out[f"{label(m, data.lang)} {label('in_region', data.lang)}"] = \
            [_fmt(data, m, money(v)) for v in f[f"{m}_in_region"]]
    out[f"{label('output', data.lang)} {label('total', data.lang)}"] = \
        [_won(data, data.basis.money(v)) for v in f["output_total"]]
    return out


def scenarios_frame(data: ReportData) -> pd.DataFrame:
    """Scenario totals next to the base with differences (one row per scenario)."""
    rows = []
    for name, group in data.scenarios.groupby("scenario", sort=False):
        g = group.set_index("measure")
        shown, description = (name, g["description"].iloc[0]) if name != BASE \
            else (_w(data, "base_scenario"), _w(data, "base_description"))
        row = {_t(data, "scenario"): shown, _t(data, "description"): description}
        for m in MEASURES:
            money = (lambda v: v) if m == "jobs" else data.basis.money
            row[f"{label(m, data.lang)} {label('total', data.lang)}"] = \
                _fmt(data, m, money(g.loc[m, "total"]))
            row[f"{label(m, data.lang)} {_t(data, 'diff')}"] = \
                f"{_fmt(data, m, money(g.loc[m, 'total_diff']))} ({g.loc[m, 'total_diff_pct']:+.1f}%)"
        rows.append(row)
    return pd.DataFrame(rows)


def method_html(data: ReportData) -> str:
    """Method, the model's limits (:data:`impact.limits.LIMITS`) and what the tables are."""
    prov = data.tables.provenance()
    sources = [f"{name}: {m['source']}" for name, m in prov.items()]
    return h.block(
        h.para(_w(data, "method")),
        h.heading(_w(data, "h_limits"), 3), h.bullets(LIMITS_BY_LANG[data.lang]),
        h.heading(_w(data, "h_tables"), 3), h.bullets(sources))


def provenance_html(data: ReportData) -> str:
    """Tables and checksums, package version, parameters and their hash, date."""
    prov = provenance(data)
    tables = pd.DataFrame([{"table": n, "sha256": m["sha256"], "price_year": m["price_year"]}
                           for n, m in prov["tables"].items()])
    facts = {k: prov[k] for k in ("package", "version", "python", "made_at", "budget_file",
                                  "budget_file_sha256", "parameters_sha256")}
    params = {**{f"report.{k}": v for k, v in prov["report_parameters"].items()},
              **{f"project.{k}": v for k, v in prov["project_parameters"].items()}}
    return h.block(h.key_values(facts), h.key_values(params, "parameters"), h.table(tables))


def phase_year_html(data: ReportData) -> str:
    """Job-years vs average annual jobs per phase, then effects year by year."""
    return h.block(h.table(phases_frame(data)), h.table(phase_year_frame(data)))


def sectors_html(data: ReportData) -> str:
    """Top sectors table with its note (sectors the budget buys from)."""
    return h.block(h.table(sectors_frame(data)), h.para(_w(data, "sectors_note")))


def regions_html(data: ReportData) -> str:
    """The 17-region table with its caveat (★ = the project's region)."""
    return h.block(h.para(_w(data, "regions_caveat"), "impact-caveat"),
                   h.table(regions_frame(data)))


def scenarios_html(data: ReportData) -> str:
    """Scenario table (differences from the base)."""
    if len(data.project.scenarios) == 0:
        return h.para(_w(data, "none_scenarios"), "impact-empty")
    return h.table(scenarios_frame(data))
