"""The result of an estimate: tidy frames, totals, a printable summary, +/- between scenarios.

Money is in 백만원 (million won) at 2020 prices (``price_year``); jobs are persons
(person-years: the 2020 employment multipliers relate a year's final demand to a
year's employment, so summing over years gives job-years).
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .limits import LIMITS
from .tables import MEASURES, SCOPES
from .units import LABELS, bilingual, eok, format_jobs, format_won, jobs_per_billion_won

EFFECT_COLUMNS = [f"{m}_{s}" for m in MEASURES for s in SCOPES]
SOURCE_COLUMNS = [f"{m}_other_region_purchases" for m in MEASURES]
MONEY_COLUMNS = ["spend_2020", "in_region_demand_2020", "other_regions_demand_2020",
                 "imports_2020"]
SOURCES = ("in_region_purchases", "other_region_purchases")
UNITS = {"output": "백만원 (2020 prices)", "value_added": "백만원 (2020 prices)",
         "jobs": "persons (job-years)"}


@dataclass(frozen=True, eq=False)
class ImpactResult:
    """Effects of one project (or a sum/difference of projects' effects).

    Attributes
    ----------
    lines : one row per budget line, as validated, with ``amount_2020`` (백만원 at
        2020 prices) and the price index used.
    flows : one row per line x year x sector: ``spend_2020`` and where it is bought,
        ``in_region_demand_2020``, ``other_regions_demand_2020``, ``imports_2020``
        (백만원, 2020 prices); the six effect columns
        ``{output,value_added,jobs}_{in_region,other_regions}`` (other regions: the
        spill-over of in-region purchases plus the effects of other-region purchases) and
        ``{measure}_other_region_purchases``, the latter part alone.
    """

    project: object
    lines: pd.DataFrame = field(repr=False)
    flows: pd.DataFrame = field(repr=False)
    price_indices: pd.DataFrame = field(repr=False)
    tables: object = field(repr=False)
    label: str | None = None
    price_year: int | None = 2020  # None: each line's own price year (conventional basis)
    basis: str = "adjusted"
    flow_model: object = field(default=None, repr=False)  # impact.flows.Flows behind it

    # -- identity ---------------------------------------------------------------------
    @property
    def name(self) -> str:
        if self.label:
            return self.label
        scenario = f" [{self.project.scenario}]" if self.project.scenario else ""
        return f"{self.project.name}{scenario}"

    @property
    def region(self) -> str:
        return self.project.region

    @property
    def warnings(self) -> tuple[str, ...]:
        return tuple(self.project.warnings)

    def __repr__(self) -> str:
        t = self.totals()
        return (f"<ImpactResult {self.name!r} {self.region}: output "
                f"{format_won(t.loc['output', 'total'])}, value added "
                f"{format_won(t.loc['value_added', 'total'])}, jobs "
                f"{format_jobs(t.loc['jobs', 'total'])} (2020 prices)>")

    # -- tables -----------------------------------------------------------------------
    def totals(self) -> pd.DataFrame:
        """Measure x (in_region, other_regions, total); ``total`` is nationwide (전국).

        Money in 백만원 at 2020 prices, jobs in persons (job-years).
        """
        sums = self.flows[EFFECT_COLUMNS].sum().to_numpy().reshape(len(MEASURES), len(SCOPES))
        frame = pd.DataFrame(sums, index=pd.Index(MEASURES, name="measure"),
                             columns=pd.Index(SCOPES, name="scope"))
        frame["total"] = frame.sum(axis=1)
        return frame

    def input_summary(self) -> pd.Series:
        """The budget at 2020 prices (백만원) and where it is bought.

        ``final_demand`` = ``in_region_final_demand`` + ``other_regions_final_demand``
        + ``imported``; ``leakage`` (bought outside the region) = the last two.
        """
        f = self.flows
        total = float(self.lines["amount_2020"].sum())
        excluded = float(self.lines.loc[self.lines["exclude"] != "", "amount_2020"].sum())
        other = float(f["other_regions_demand_2020"].sum())
        imported = float(f["imports_2020"].sum())
        return pd.Series({
            "as_written": float(self.lines["amount_as_written"].sum()),
            "total": total,
            "excluded": excluded,
            "final_demand": float(f["spend_2020"].sum()),
            "in_region_final_demand": float(f["in_region_demand_2020"].sum()),
            "other_regions_final_demand": other,
            "imported": imported,
            "leakage": other + imported,
        }, name="백만원 (2020 prices; as_written in each line's price year)")

    def by_source(self) -> pd.DataFrame:
        """Effects by where the purchases were made: rows (source, measure), columns
        in_region, other_regions, total.  Other-region purchases have no in-region effect
        here (what flows back to the region is not separable)."""
        t = self.totals()
        via_other = self.flows[SOURCE_COLUMNS].sum().to_numpy()
        rows = []
        for m, measure in enumerate(MEASURES):
            own_other = t.loc[measure, "other_regions"] - via_other[m]
            rows.append(("in_region_purchases", measure, t.loc[measure, "in_region"], own_other))
            rows.append(("other_region_purchases", measure, 0.0, via_other[m]))
        frame = pd.DataFrame(rows, columns=["source", "measure", "in_region", "other_regions"])
        frame["total"] = frame["in_region"] + frame["other_regions"]
        return frame.set_index(["source", "measure"]).sort_index(
            level="source", sort_remaining=False)

    def excluded(self) -> pd.DataFrame:
        """Lines that are not final demand, with their reasons and amounts."""
        ex = self.lines[self.lines["exclude"] != ""]
        return ex[["line_id", "item", "amount", "price_year", "amount_2020", "exclude"]] \
            .rename(columns={"exclude": "reason"}).reset_index(drop=True)

    def output_split(self) -> pd.DataFrame:
        """Output split into direct and indirect, by scope.

        Direct output is the final demand itself, where it is produced: in-region
        purchases in the region, other-region purchases in other regions.
        """
        inp = self.input_summary()
        t = self.totals().loc["output"]
        direct = [inp["in_region_final_demand"], inp["other_regions_final_demand"]]
        frame = pd.DataFrame({"direct": direct,
                              "indirect": [t["in_region"] - direct[0],
                                           t["other_regions"] - direct[1]]},
                             index=pd.Index(["in_region", "other_regions"], name="scope"))
        frame.loc["total"] = frame.sum()
        frame["total"] = frame["direct"] + frame["indirect"]
        return frame

    def to_frame(self) -> pd.DataFrame:
        """Tidy long frame: line/sector x year x phase x measure x scope -> value."""
        keys = ["line_id", "phase", "year", "sector_code"]
        long = self.flows.melt(id_vars=keys, value_vars=EFFECT_COLUMNS, var_name="key",
                               value_name="value")
        split = {f"{m}_{s}": (m, s) for m in MEASURES for s in SCOPES}
        long["measure"] = long["key"].map({k: v[0] for k, v in split.items()})
        long["scope"] = long["key"].map({k: v[1] for k, v in split.items()})
        long["unit"] = long["measure"].map(UNITS)
        items = self.lines.set_index("line_id")["item"]
        long.insert(1, "item", long["line_id"].map(items))
        return long.drop(columns="key")[["line_id", "item", "phase", "year", "sector_code",
                                         "measure", "scope", "value", "unit"]]

    def by_phase_year(self) -> pd.DataFrame:
        """Effects and in-region final demand by phase and year (money 백만원, jobs persons)."""
        cols = MONEY_COLUMNS + EFFECT_COLUMNS
        return self.flows.groupby(["phase", "year"], as_index=False)[cols].sum()

    def by_sector(self, measure: str = "output", scope: str = "in_region",
                  top: int | None = 10) -> pd.DataFrame:
        """Effects by the sector the budget bought from (the demand sector), largest first."""
        column = f"{measure}_{scope}"
        frame = self.flows.groupby("sector_code", as_index=False)[column].sum()
        names = self.tables.sectors.set_index("sector_code")
        frame["name_ko"] = frame["sector_code"].map(names["name_ko"])
        frame["name_en"] = frame["sector_code"].map(names["name_en"])
        frame = frame.sort_values(column, ascending=False, ignore_index=True)
        return frame.head(top) if top else frame

    def jobs_by_phase(self) -> pd.DataFrame:
        """Job-years per phase, its years, and average annual jobs (job-years / years)."""
        f = self.flows.assign(jobs_total=self.flows["jobs_in_region"]
                              + self.flows["jobs_other_regions"])
        grouped = f.groupby("phase").agg(
            job_years_in_region=("jobs_in_region", "sum"),
            job_years_total=("jobs_total", "sum"),
            first_year=("year", "min"), last_year=("year", "max"),
            years=("year", "nunique"))
        grouped["average_annual_jobs_in_region"] = grouped["job_years_in_region"] / grouped["years"]
        grouped["average_annual_jobs_total"] = grouped["job_years_total"] / grouped["years"]
        return grouped

    def ratios(self) -> pd.Series:
        """Effects per won of budget at 2020 prices (total budget, excluded lines included),
        nationwide and in the region; jobs per 10억원."""
        inp = self.input_summary()
        total_input = inp["as_written"] if self.basis == "conventional" else inp["total"]
        t = self.totals()
        out = {}
        with np.errstate(divide="ignore", invalid="ignore"):
            for suffix, scope in (("", "total"), ("_in_region", "in_region")):
                out[f"output_per_input{suffix}"] = t.loc["output", scope] / total_input
                out[f"value_added_per_input{suffix}"] = t.loc["value_added", scope] / total_input
                out[f"jobs_per_1bn_won_input{suffix}"] = \
                    jobs_per_billion_won(t.loc["jobs", scope] / total_input)
        return pd.Series(out)

    # -- export -----------------------------------------------------------------------
    def to_dict(self) -> dict:
        """The CLI's JSON object: id, region, price year, input, totals (``total`` is
        nationwide), by_source, excluded, warnings."""
        t = self.totals()
        inp = self.input_summary()
        by_source = self.by_source()
        return {
            "id": self.project.id,
            "name": self.project.name,
            "scenario": self.project.scenario,
            "region": self.region,
            "basis": self.basis,
            "price_year_of_results": self.price_year if self.price_year else "as written",
            "money_unit": "백만원",
            "input": {key: float(inp[key]) for key in (
                "total", "excluded", "final_demand", "leakage", "in_region_final_demand",
                "other_regions_final_demand", "imported")},
            "totals": {m: {s: float(t.loc[m, s]) for s in (*SCOPES, "total")} for m in MEASURES},
            "by_source": {source: {m: {s: float(by_source.loc[(source, m), s])
                                       for s in (*SCOPES, "total")} for m in MEASURES}
                          for source in SOURCES},
            "excluded": [{"line_id": r.line_id, "item": r.item, "amount_2020": r.amount_2020,
                          "reason": r.reason} for r in self.excluded().itertuples()],
            "warnings": list(self.warnings),
            **({"bridge": self.bridge_records()} if self.basis == "adjusted"
               and self.flow_model is not None else {}),
        }

    def bridge(self) -> pd.DataFrame:
        """From the conventional figure to this one, step by step (:mod:`impact.bridge`).

        One row per step and measure with the signed change ``in_region`` and ``total``
        (nationwide); the first rows are the conventional figure, the last ours.  The
        steps add up exactly.
        """
        if self.flow_model is None:
            raise ValueError("a bridge needs one estimate's flows (not a sum of results)")
        from .bridge import bridge_frame
        return bridge_frame(self.flow_model)

    def bridge_records(self) -> list[dict]:
        """The bridge as JSON records: ``{step, output, value_added, jobs}``, each measure
        ``{in_region, total}``."""
        frame = self.bridge()
        out = []
        for step, rows in frame.groupby("step", sort=False):
            rows = rows.set_index("measure")
            out.append({"step": step, **{m: {"in_region": float(rows.loc[m, "in_region"]),
                                              "total": float(rows.loc[m, "total"])}
                                          for m in MEASURES}})
        return out

    def indicators(self) -> pd.DataFrame:
        """Type I, induced and Type II nationwide, with imports and compensation at
        national ratios (:func:`impact.indicators.type_comparison`)."""
        from .indicators import type_comparison
        return type_comparison(self)

    def grdp_share(self) -> pd.DataFrame:
        """In-region value added as a % of the region's 2020 GRDP, per year and in total
        (:func:`impact.indicators.grdp_share`)."""
        from .indicators import grdp_share
        return grdp_share(self)

    def to_excel(self, path, lang: str = "ko"):
        """Write an .xlsx workbook (:func:`impact.reporting.excel_out.write_excel`)."""
        from .reporting.excel_out import write_excel
        return write_excel(self, path, lang=lang)

    def summary(self) -> "Summary":
        """A readable Korean/English summary (억원 and 명); prints as text, shows as HTML."""
        return Summary(self)

    # -- arithmetic between results -----------------------------------------------------
    def _combine(self, other: "ImpactResult", sign: float, op: str) -> "ImpactResult":
        if not isinstance(other, ImpactResult):
            return NotImplemented
        if other.basis != self.basis:
            raise ValueError(f"cannot {op} a {self.basis} and a {other.basis} result")
        if other.region != self.region:
            raise ValueError(
                f"cannot {op} results for {self.region} and {other.region}: their in-region "
                "effects are in different regions; compare them side by side instead")
        lines = pd.concat([self.lines, other.lines.assign(
            amount=sign * other.lines["amount"], amount_2020=sign * other.lines["amount_2020"],
            amount_as_written=sign * other.lines["amount_as_written"])],
            ignore_index=True)
        money = MONEY_COLUMNS + EFFECT_COLUMNS + SOURCE_COLUMNS
        theirs = other.flows.copy()
        theirs[money] = sign * theirs[money]
        flows = pd.concat([self.flows, theirs], ignore_index=True)
        indices = pd.concat([self.price_indices, other.price_indices]).drop_duplicates(
            ["series", "year"], ignore_index=True)
        symbol = "+" if sign > 0 else "-"
        return ImpactResult(project=self.project, lines=lines, flows=flows,
                            price_indices=indices, tables=self.tables,
                            label=f"{self.name} {symbol} {other.name}", basis=self.basis,
                            price_year=self.price_year)

    def __add__(self, other):
        return self._combine(other, 1.0, "add")

    def __sub__(self, other):
        return self._combine(other, -1.0, "subtract")


BRIDGE_WORDS = {"conventional": "통상 방식 Conventional", "price_conversion": "가격 환산 Prices",
                "purchaser_to_producer": "마진 분리 Margins",
                "imports_removed": "수입 제외 Imports",
                "other_region_purchases_moved_out": "타지역 구매 제외 Bought elsewhere",
                "other_region_effects_added": "타지역 효과 추가 Their effects there",
                "adjusted": "본 추정 This estimate"}


class Summary:
    """Headline table of an :class:`ImpactResult`, in 억원 and 명."""

    def __init__(self, result: ImpactResult):
        self.result = result

    def to_frame(self) -> pd.DataFrame:
        """Rows: measures; columns: in-region, other regions, total (억원 or 명), in-region %."""
        t = self.result.totals()
        rows = {}
        for measure in MEASURES:
            scale = (lambda v: v) if measure == "jobs" else eok
            unit = "명" if measure == "jobs" else "억원"
            row = {bilingual(s): scale(t.loc[measure, s]) for s in (*SCOPES, "total")}
            total = t.loc[measure, "total"]
            row["지역내 비중 In-region % of nationwide"] = \
                100 * t.loc[measure, "in_region"] / total if total else np.nan
            rows[f"{bilingual(measure)} ({unit})"] = row
        return pd.DataFrame(rows).T

    def _header_lines(self) -> list[str]:
        r, p = self.result, self.result.project
        inp = r.input_summary()
        years = sorted(set(p.lines["price_year"]))
        ratios = r.ratios()
        prices = ("2020년 불변가격 (2020 prices)" if r.basis == "adjusted" else
                  "예산 작성 가격 그대로 (amounts as written, conventional basis: all bought "
                  "in the region, no price conversion)")
        out = [f"{r.name} ({p.id}) — {p.region}",
               f"가격 기준 Prices: {prices}; budget priced in "
               f"{', '.join(map(str, years))}; BOK 2020 regional IO tables, Type I",
               f"예산 Budget as written: {format_won(inp['as_written'])} "
               f"({', '.join(map(str, years))} prices, all years)",
               f"투입 예산 Input budget (2020 prices): {format_won(inp['total'])}",
               f"  제외 Excluded, not final demand: {format_won(inp['excluded'])}",
               f"  지역내 구매 Bought in {p.region}: {format_won(inp['in_region_final_demand'])}",
               f"  타지역 구매 Bought in other regions: "
               f"{format_won(inp['other_regions_final_demand'])}",
               f"  수입 Imported: {format_won(inp['imported'])}",
               f"효과/투입 Effects per input, 전국 nationwide: output "
               f"{ratios['output_per_input']:.2f}, value added "
               f"{ratios['value_added_per_input']:.2f}, jobs "
               f"{ratios['jobs_per_1bn_won_input']:.1f} per 10억원",
               f"효과/투입 Effects per input, 지역내 in {p.region}: output "
               f"{ratios['output_per_input_in_region']:.2f}, value added "
               f"{ratios['value_added_per_input_in_region']:.2f}, jobs "
               f"{ratios['jobs_per_1bn_won_input_in_region']:.1f} per 10억원"]
        for row in r.jobs_by_phase().itertuples():
            out.append(f"{bilingual(row.Index)}: {row.job_years_total:,.0f} job-years over "
                       f"{row.years} year(s) {row.first_year}–{row.last_year}, "
                       f"average {row.average_annual_jobs_total:,.0f} jobs a year "
                       f"({row.average_annual_jobs_in_region:,.0f} in {p.region})")
        return out

    def bridge_frame(self) -> pd.DataFrame | None:
        """The bridge from the conventional figure in 억원 and 명 (None when not available)."""
        r = self.result
        if r.basis != "adjusted" or r.flow_model is None:
            return None
        b = r.bridge()
        rows = {}
        for step, part in b.groupby("step", sort=False):
            part = part.set_index("measure")
            row = {}
            for m in MEASURES:
                scale = (lambda v: v) if m == "jobs" else eok
                for scope, word in (("in_region", "지역내"), ("total", "전국")):
                    row[f"{LABELS['ko'][m]} {word}"] = scale(part.loc[m, scope])
            rows[BRIDGE_WORDS.get(step, step)] = row
        return pd.DataFrame(rows).T

    def __str__(self) -> str:
        frame = self.to_frame()
        body = frame.to_string(float_format=lambda v: f"{v:,.1f}")
        warnings = [f"경고 Warning: {w}" for w in self.result.warnings]
        bridge = self.bridge_frame()
        extra = [] if bridge is None else [
            "통상 방식과의 차이 Bridge from the conventional figure (억원, 명; each step is a "
            "change, the first row the conventional figure, the last ours):",
            bridge.to_string(float_format=lambda v: f"{v:,.1f}"), ""]
        return "\n".join(self._header_lines() + ["", body, ""] + extra + warnings)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        head = "".join(f"<div>{html.escape(line)}</div>" for line in self._header_lines())
        table = self.to_frame().to_html(float_format=lambda v: f"{v:,.1f}", escape=True)
        warnings = "".join(f"<div>경고 Warning: {html.escape(w)}</div>"
                           for w in self.result.warnings)
        return f"<div class='impact-summary'>{head}{table}{warnings}</div>"
