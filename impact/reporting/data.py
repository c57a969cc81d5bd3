"""Everything a report shows, computed once: the estimate, comparisons, price basis, provenance.

The report notebook calls :func:`prepare` with its papermill parameters and passes the
resulting :class:`ReportData` to the section functions in :mod:`impact.reporting.sections`.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import platform
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .. import __version__
from ..check import Finding, check_project
from ..estimate import estimate
from ..jobs_trend import fit_employment_trend, reporting_year_effects
from ..prices import BASE_YEAR, index_values
from ..ids import ID_PATTERN
from ..project import Project, load_project
from ..result import ImpactResult
from ..scenarios import compare_regions, compare_scenarios
from ..tables import Tables, load_tables
from ..uncertainty import Simulation, simulate

DEFAULT_DRAWS = 10_000
DEFAULT_SEED = 2020


@dataclass(frozen=True)
class MoneyBasis:
    """The prices money is shown in: 2020 (the tables' prices) or a reporting year.

    ``factor`` turns 백만원 at 2020 prices into 백만원 at ``year`` prices with the
    ``series`` index (:func:`impact.prices.to_prices_of`); ``status`` is that index's
    status (``read``, ``computed``, ``estimated`` or ``projected``; ``base`` for 2020).
    """

    year: int = BASE_YEAR
    series: str = "gdp_deflator"
    factor: float = 1.0
    status: str = "base"
    index: float = 100.0

    def money(self, million_won_2020):
        """Re-express 2020-price 백만원 in this basis (scalars, arrays or frames)."""
        return million_won_2020 * self.factor

    def label(self, lang: str = "ko") -> str:
        if self.year == BASE_YEAR and self.status == "base":
            return "2020년 불변가격" if lang == "ko" else "2020 prices"
        note = f"{self.series} {self.index:.2f}, {self.status}"
        return (f"{self.year}년 가격 ({note})" if lang == "ko"
                else f"{self.year} prices ({note})")


def money_basis(tables: Tables, year: int | None = None,
                series: str = "gdp_deflator") -> MoneyBasis:
    """The basis for ``year`` (``None``: 2020 prices, no conversion)."""
    if year is None:
        return MoneyBasis(series=series)
    idx = index_values(tables, pd.DataFrame({"series": [series], "year": [int(year)]}))
    value = float(idx["index_2020_100"].iloc[0])
    return MoneyBasis(year=int(year), series=series, factor=value / 100.0,
                      status=str(idx["status"].iloc[0]), index=value)


@dataclass(frozen=True, eq=False)
class ReportData:
    """The inputs of one report: project, estimate, comparisons, price basis, parameters."""

    project: Project
    result: ImpactResult
    tables: Tables
    basis: MoneyBasis
    regions: pd.DataFrame
    scenarios: pd.DataFrame
    parameters: dict
    simulation: Simulation
    findings: tuple[Finding, ...]
    reporting_year_effects: pd.DataFrame
    employment_trend: dict
    lang: str = "ko"
    top_n: int = 10
    made_at: str = field(default_factory=lambda: _dt.datetime.now(_dt.timezone.utc)
                         .replace(microsecond=0).isoformat())


def prepare(project_file: str | Path | Project, report_price_year: int | None = None,
            price_series: str = "gdp_deflator", lang: str = "ko", top_n: int = 10,
            tables: Tables | None = None, draws: int = DEFAULT_DRAWS,
            seed: int = DEFAULT_SEED, reporting_year: int | None = None,
            scenario: str | None = None) -> ReportData:
    """Load (or take) and estimate a project and everything its report shows.

    ``project_file`` is a budget file or a :class:`~impact.project.Project` (e.g. one
    edited in a notebook); ``scenario`` applies one of its named scenarios first.
    ``draws`` and ``seed`` drive the uncertainty bands (the seed is in the provenance);
    ``reporting_year`` is the year jobs are adjusted to (default: ``report_price_year``,
    else the latest price year in the budget).
    """
    if lang not in ("ko", "en"):
        raise ValueError(f"lang must be 'ko' or 'en' (got {lang!r})")
    tables = tables or load_tables()
    in_memory = isinstance(project_file, Project)
    project = project_file if in_memory else load_project(project_file, tables=tables)
    if scenario:
        project = project.with_scenario(scenario, tables=tables)
    if not ID_PATTERN.match(project.id):  # the loader refuses these; never write outside
        raise ValueError(f"unsafe project id {project.id!r}")
    if reporting_year is None:
        reporting_year = report_price_year or int(project.lines["price_year"].max())
    parameters = {"project_file": (f"<in memory, from {project.source_file}>" if in_memory
                                   else str(project_file)), "scenario": scenario,
                  "report_price_year": report_price_year,
                  "price_series": price_series, "lang": lang, "top_n": top_n,
                  "draws": draws, "seed": seed, "reporting_year": reporting_year}
    result = estimate(project, tables=tables)
    trend = fit_employment_trend(tables)
    return ReportData(project=project, result=result,
                      tables=tables, basis=money_basis(tables, report_price_year, price_series),
                      regions=compare_regions(project, tables),
                      scenarios=compare_scenarios(project, tables=tables),
                      parameters=parameters,
                      simulation=simulate(project, draws=draws, seed=seed, tables=tables,
                                          reporting_year=reporting_year, trend=trend),
                      findings=tuple(check_project(project, tables)),
                      reporting_year_effects=reporting_year_effects(result, reporting_year,
                                                                    trend, tables),
                      employment_trend=trend.describe(), lang=lang, top_n=top_n)


def _file_sha256(path) -> str | None:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except (OSError, TypeError):
        return None


def _budget_sha256(data: ReportData) -> str | None:
    """The budget file's sha256, or for a project given in memory that of its YAML form."""
    if not str(data.parameters["project_file"]).startswith("<in memory"):
        return _file_sha256(data.project.source_file)
    from ..project_out import project_to_mapping
    text = json.dumps(project_to_mapping(data.project), sort_keys=True, ensure_ascii=False,
                      default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def provenance(data: ReportData) -> dict:
    """Tables with checksums, package version, parameters and their hash, date."""
    hashed = {"report": data.parameters,
              "project_parameters": data.project.parameter_values(),
              "budget_file_sha256": _budget_sha256(data)}
    canonical = json.dumps(hashed, sort_keys=True, ensure_ascii=False, default=str)
    return {"package": "impact", "version": __version__,
            "python": platform.python_version(), "made_at": data.made_at,
            "budget_file": data.project.source_file,
            "budget_file_sha256": hashed["budget_file_sha256"],
            "report_parameters": data.parameters,
            "project_parameters": hashed["project_parameters"],
            "parameters_sha256": hashlib.sha256(canonical.encode("utf-8")).hexdigest(),
            "tables": data.tables.provenance()}


def headline(data: ReportData) -> dict:
    """The numbers the index shows for this report (money in 백만원 at the basis prices)."""
    r, b = data.result, data.basis
    t = r.totals()
    prov = provenance(data)
    source = data.project.source_file
    return {"id": data.project.id, "name": data.project.name,
            "source_file": str(Path(source).resolve()) if source else None,
            "name_en": data.project.name_en, "region": r.region,
            "price_basis": b.label(data.lang), "price_year": b.year,
            "input_total": b.money(float(r.input_summary()["total"])),
            "input_as_written": float(r.input_summary()["as_written"]),
            "input_price_years": sorted(int(y) for y in set(data.project.lines["price_year"])),
            "input_total_2020": float(r.input_summary()["total"]),
            "output_total": b.money(float(t.loc["output", "total"])),
            "output_in_region": b.money(float(t.loc["output", "in_region"])),
            "value_added_total": b.money(float(t.loc["value_added", "total"])),
            "value_added_in_region": b.money(float(t.loc["value_added", "in_region"])),
            "jobs_total": float(t.loc["jobs", "total"]),
            "jobs_in_region": float(t.loc["jobs", "in_region"]),
            "excluded_lines": int(len(r.excluded())),
            "made_at": data.made_at, "version": __version__,
            "parameters_sha256": prov["parameters_sha256"]}
