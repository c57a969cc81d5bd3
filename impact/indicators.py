"""More of the indicators Korean studies report, from a result and the shipped tables.

- 수입유발 and 소득유발 (imports and compensation of employees induced) of the project's
  DOMESTIC purchases (bought in the region + bought in other Korean regions, by sector)
  at the national table's ratios: the regional tables carry neither, so these are
  **national ratios**, labelled so wherever they are shown.
- Type II, a labelled sensitivity and never the headline (예비타당성조사 practice is
  Type I): the induced effects of households respending their compensation, from the
  household-closed national model (:meth:`impact.national.NationalTable.
  household_consumption_coefficients` writes the closure down); Type II = our Type I
  figure + induced.
- Direct and indirect parts where the data allow: output from the regional tables
  (:meth:`impact.result.ImpactResult.output_split`); value added, imports and
  compensation at national ratios.  The regional tables carry no direct value-added or
  employment coefficients, so those two are not split in the regional figure.
- The project against the size of its region: in-region value added as a share of the
  region's 2020 GRDP, next to KDI PIMAC's published averages for 예타 projects.

Pure functions of an :class:`~impact.result.ImpactResult` and its tables: money in
백만원 at the result's prices (2020 for the adjusted basis), jobs in persons.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import iomath
from .tables import MEASURES

NATIONAL_RATIOS = "national ratios"

# The closure, in one sentence per language (the details are in NationalTable's docstring).
CLOSURE = {
    "ko": "Type II는 가계를 내생화한 전국 산업연관표(2020)로 계산한 민감도입니다. 피용자보수가 "
          "2020년 민간소비지출 구성대로 다시 지출된다고 보며(민간소비 ÷ 피용자보수 = 0.998, 그중 "
          "국산품 0.903), 세금·저축을 빼지 않아 유발효과의 상한에 가깝습니다. 본 추정(Type I, "
          "예타 방식)을 대신하지 않습니다.",
    "en": "Type II is a sensitivity from the household-closed national 2020 table: compensation "
          "of employees is respent in the 2020 mix of private consumption (consumption ÷ "
          "compensation = 0.998, of it 0.903 on domestic products), with no taxes or saving "
          "deducted, so the induced effects are near their upper end. It never replaces the "
          "headline (Type I, as in 예비타당성조사).",
}

# KDI 공공투자관리센터 (PIMAC): 지역경제 활성화 효과 지수, averages over 예타 projects, in %.
PIMAC_AVERAGES = (
    {"key": "all_2008_2015", "percent": 0.3210,
     "ko": "예타 사업 평균 (2008–2015, 281개 사업)",
     "en": "예타 projects, average (2008–2015, 281 projects)"},
    {"key": "building_other", "percent": 0.1133,
     "ko": "건축 및 기타", "en": "Buildings and other"},
    {"key": "port_airport", "percent": 1.0214,
     "ko": "항만·공항", "en": "Ports and airports"},
    {"key": "public_institutions_2015_2019", "percent": 0.1760,
     "ko": "공공기관 사업 (2015–2019)", "en": "Public-institution projects (2015–2019)"},
)
PIMAC_CAVEAT = {
    "ko": "KDI 공공투자관리센터(PIMAC)가 발표한 예비타당성조사 사업의 지역경제 활성화 효과 지수 "
          "평균입니다. PIMAC의 정확한 산식(대상 효과, 연도 처리, 지역 범위)은 재현하지 않았으므로 "
          "규모를 가늠하는 참고로만 비교하십시오.",
    "en": "Averages of KDI PIMAC's regional-economy index (지역경제 활성화 효과 지수) for "
          "예비타당성조사 projects. PIMAC's exact formula (which effect, how years are "
          "treated, which area) is not reproduced here: compare for scale only.",
}


def domestic_demand_by_sector(result) -> np.ndarray:
    """Final demand bought in Korea (in the region + in other regions) per sector, (n,),
    aligned with ``tables.sector_codes``; 백만원 at the result's prices.  Imports are
    left out: they induce nothing in Korea."""
    f = result.flows
    codes = list(result.tables.sector_codes)
    demand = f["in_region_demand_2020"].to_numpy(float) + \
        f["other_regions_demand_2020"].to_numpy(float)
    position = pd.Index(codes).get_indexer(f["sector_code"])
    return np.bincount(position, weights=demand, minlength=len(codes))


def national_jobs_multipliers(tables) -> np.ndarray:
    """Jobs per 백만원 of final demand for each sector, (n,), nationwide: each region's
    in-region + other-regions jobs multiplier (``tables.multiplier_array`` is per
    백만원 for every measure, jobs too), averaged over the regions that produce the
    sector with their 2020 GRDP as weights (:func:`impact.iomath.supplier_multipliers`).
    The national table has no employment row, so this average stands in for it."""
    nationwide = tables.multiplier_array.sum(axis=3)  # (regions, sectors, measures)
    average = iomath.supplier_multipliers(tables.grdp_million_won, tables.produced_array,
                                          nationwide)
    return np.nan_to_num(average[:, MEASURES.index("jobs")])


def induced_jobs(tables, demand_by_sector) -> float:
    """Jobs of the induced effects: the employment multipliers applied to the household
    consumption the demand induces, ``e · (C_ind d)`` with ``C_ind`` =
    ``tables.national.induced_consumption`` (its Type I effects are the induced effects)
    and ``e`` = :func:`national_jobs_multipliers` (persons per 백만원)."""
    consumption = tables.national.induced_consumption @ np.asarray(demand_by_sector, float)
    return float(national_jobs_multipliers(tables) @ consumption)


def type_comparison(result) -> pd.DataFrame:
    """Type I, induced and Type II side by side, nationwide (전국).

    Rows output, value_added, jobs (``type1`` = this estimate's nationwide figure from the
    regional tables) and compensation, imports (``type1`` at national ratios: multiplier
    × domestic demand).  ``induced`` = national induced multipliers × domestic demand
    (jobs: :func:`induced_jobs`); ``type2`` = ``type1`` + ``induced``.  Imports induced by
    household respending are not computed (NaN): the closure's consumption leaks abroad
    too, but the national table gives no consistent split of it.  Columns ``basis`` say
    where each figure comes from.  Money 백만원, jobs persons.
    """
    tables = result.tables
    national = tables.national
    d = domestic_demand_by_sector(result)
    totals = result.totals()["total"]
    induced = {k: float(v @ d) for k, v in national.induced_multipliers().items()}
    induced["jobs"] = induced_jobs(tables, d)
    rows = []
    for m in MEASURES:
        rows.append({"measure": m, "type1": float(totals[m]), "induced": induced[m],
                     "type1_basis": "regional tables (this estimate)",
                     "induced_basis": NATIONAL_RATIOS})
    rows.append({"measure": "compensation", "type1": float(national.compensation_multipliers @ d),
                 "induced": induced["compensation"], "type1_basis": NATIONAL_RATIOS,
                 "induced_basis": NATIONAL_RATIOS})
    rows.append({"measure": "imports", "type1": float(national.import_multipliers @ d),
                 "induced": np.nan, "type1_basis": NATIONAL_RATIOS,
                 "induced_basis": "not computed"})
    frame = pd.DataFrame(rows).set_index("measure")
    frame["type2"] = frame["type1"] + frame["induced"]
    return frame[["type1", "induced", "type2", "type1_basis", "induced_basis"]]


def direct_indirect(result) -> pd.DataFrame:
    """Direct and indirect parts of the nationwide Type I effects where the data allow.

    ``output``: from the regional tables (the purchases themselves are direct,
    :meth:`ImpactResult.output_split`).  ``value_added``, ``imports``, ``compensation``:
    at national ratios, direct = the sector's own coefficient × domestic demand, indirect
    = the rest of its multiplier (:meth:`NationalTable.direct_and_indirect`).  ``jobs``
    has no split (NaN): the regional tables carry no direct value-added or employment
    coefficients, and the national table has no employment row.
    """
    d = domestic_demand_by_sector(result)
    parts = result.tables.national.direct_and_indirect()
    split = result.output_split().loc["total"]
    rows = [{"measure": "output", "direct": float(split["direct"]),
             "indirect": float(split["indirect"]), "basis": "regional tables (this estimate)"}]
    for m in ("value_added", "compensation", "imports"):
        rows.append({"measure": m, "direct": float(parts[m]["direct"] @ d),
                     "indirect": float(parts[m]["indirect"] @ d), "basis": NATIONAL_RATIOS})
    rows.append({"measure": "jobs", "direct": np.nan, "indirect": np.nan,
                 "basis": "not available (no direct employment coefficients)"})
    frame = pd.DataFrame(rows).set_index("measure")
    frame.insert(2, "total", frame["direct"] + frame["indirect"])
    return frame


def grdp_share(result) -> pd.DataFrame:
    """In-region value added as a share of the region's 2020 GRDP, per year and in total.

    Rows: each year, then ``"total"`` (all years' value added over one year's GRDP).
    Columns ``value_added_in_region`` (백만원 at the result's prices), ``grdp_2020``
    (백만원, KOSIS 시장가격) and ``percent`` (100 × value added ÷ GRDP).  For the
    adjusted basis both are at 2020 prices.
    """
    tables = result.tables
    grdp = float(tables.grdp_million_won[tables.region_index(result.region)])
    by_year = result.flows.groupby("year")["value_added_in_region"].sum()
    frame = pd.DataFrame({"value_added_in_region": by_year.to_numpy(float)},
                         index=pd.Index([int(y) for y in by_year.index], dtype=object,
                                        name="year"))
    frame.loc["total"] = frame["value_added_in_region"].sum()
    frame["grdp_2020"] = grdp
    frame["percent"] = 100.0 * frame["value_added_in_region"] / grdp
    return frame


def pimac_frame(lang: str = "ko") -> pd.DataFrame:
    """PIMAC's published averages (%), labelled in ``lang``."""
    return pd.DataFrame([{"key": a["key"], "label": a[lang], "percent": a["percent"]}
                         for a in PIMAC_AVERAGES])
