"""Build the project's ``tables/`` from the reference data in ``../shared/data``.

Run from the repository root::

    python scripts/build_tables.py [--shared ../shared/data]

It rewrites the derived CSVs in the project's own schema, and writes a manifest
(``<table>.json``) beside every CSV in ``tables/`` with its source, base and price
year, units, classification and sha256.  ``tables/categories.csv`` is edited by
hand; this script only refreshes its manifest.  The package never reads
``../shared`` at run time: it reads ``tables/`` and checks these manifests.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
TABLES = ROOT / "tables"

BOK_SOURCE = (
    "Bank of Korea (한국은행), 2020 regional input-output tables (2020년 지역산업연관표), "
    "published July 2025; inter-regional model"
)
MEASURES = {"output": "output", "value_added": "value_added", "employment": "jobs"}
SCOPES = ("in_region", "other_regions")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_csv(frame: pd.DataFrame, name: str) -> Path:
    path = TABLES / f"{name}.csv"
    frame.to_csv(path, index=False, lineterminator="\n")
    return path


def write_manifest(path: Path, meta: dict) -> None:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    meta = {
        "table": path.stem,
        "file": path.name,
        **meta,
        "rows": len(frame),
        "columns_in_order": list(frame.columns),
        "sha256": sha256(path),
    }
    path.with_suffix(".json").write_text(
        json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )


def build_multipliers(shared: Path) -> None:
    long = pd.read_csv(shared / "bok2020_regional_multipliers.csv", dtype={"sector_code": str})
    long["column"] = long["measure"].map(MEASURES) + "_" + long["scope"]
    wide = long.pivot(index=["region", "sector_code"], columns="column", values="value")
    columns = [f"{m}_{s}" for m in MEASURES.values() for s in SCOPES]
    wide = wide[columns].reset_index()
    # A sector the region does not produce: output in-region exactly 1 and every other value 0.
    others = [c for c in columns if c != "output_in_region"]
    not_produced = (wide["output_in_region"] == 1.0) & (wide[others] == 0).all(axis=1)
    wide["produced_in_region"] = ~not_produced
    regions = pd.read_csv(shared / "regions_17.csv")
    wide["region"] = pd.Categorical(wide["region"], categories=regions["region"], ordered=True)
    wide = wide.sort_values(["region", "sector_code"]).reset_index(drop=True)
    wide["region"] = wide["region"].astype(str)
    path = write_csv(wide, "multipliers_bok2020")
    write_manifest(path, {
        "title": "BOK 2020 regional multipliers, 17 regions x 83 sectors",
        "source": BOK_SOURCE,
        "source_detail": (
            "Output and value-added multipliers from the KOSIS regional induced-coefficient "
            "workbooks (생산유발계수, 부가가치유발계수); employment from the BOK 2020 regional "
            "employment table (취업유발계수, 부속표 고용표). The in-region/other-regions split sums "
            "the region's own row block of the inter-regional Leontief inverse (other regions = "
            "national column total - in-region), as extracted in the public repository "
            "z0nam/korea-rio-mcp."
        ),
        "attribution": "Figures are Bank of Korea statistics. Cite: 한국은행, 2020년 지역산업연관표 (2025).",
        "base_year": 2020,
        "price_year": 2020,
        "prices": "producer prices (생산자가격)",
        "basis": "per unit of final demand for domestic products of the sector, met by producers in the region",
        "model": "Type I (households exogenous), inter-regional",
        "classification": "BOK 통합중분류, 83 sectors (codes '01'..'83')",
        "regions": "17 시도, short Korean names as in regions.csv",
        "units": {
            "output_in_region": "won per won (생산유발계수)",
            "output_other_regions": "won per won",
            "value_added_in_region": "won per won (부가가치유발계수)",
            "value_added_other_regions": "won per won",
            "jobs_in_region": "persons per 1bn won (취업유발계수, 명/10억원)",
            "jobs_other_regions": "persons per 1bn won",
        },
        "notes": [
            "in_region: effect inside the region where final demand occurs; other_regions: sum over the other 16 regions.",
            "jobs are 취업자 (all workers incl. self-employed and unpaid family workers), 36-hour FTE basis; 고용유발계수 (wage employees only) is not included.",
            "produced_in_region is false for the 40 (region, sector) pairs the region does not produce in 2020 (output in-region 1.0, all else 0).",
        ],
    })


def build_reference(shared: Path) -> None:
    sectors = pd.read_csv(shared / "sectors_83.csv", dtype={"sector_code": str})
    write_manifest(write_csv(sectors, "sectors"), {
        "title": "BOK 통합중분류 83 sectors",
        "source": BOK_SOURCE + "; English names and groups are this project's translation",
        "classification": "BOK 통합중분류, 83 sectors",
        "notes": ["Source names of sectors 12 and 13 carry a trailing space; trimmed here."],
    })
    regions = with_region_aliases(pd.read_csv(shared / "regions_17.csv",
                                              dtype={"admin_code": str}))
    write_manifest(write_csv(regions, "regions"), {
        "title": "17 시도",
        "source": "Statistics Korea administrative codes; 권역 as in the BOK regional book",
        "notes": ["aliases: other names people write for the region (former and informal "
                  "Korean names, romanised full names, English forms), ';'-separated; this "
                  "project's list, read by impact.project.resolve_region."],
    })
    prices = pd.read_csv(shared / "price_indices_2020base.csv")
    prices = prices.rename(columns={"value": "index_2020_100"})
    prices = with_construction_back_to_2015(prices)
    write_manifest(write_csv(prices, "price_indices"), {
        "title": "Annual price indices, 2020 = 100",
        "source": (
            "gdp_deflator: Bank of Korea national accounts; construction_*: KICT 건설공사비지수 "
            "(KOSIS DT_39701_A003); ppi_total: BOK 생산자물가지수; cpi_total: Statistics Korea "
            "소비자물가지수"
        ),
        "base_year": 2020,
        "units": {"index_2020_100": "index, 2020 = 100"},
        "notes": [
            "amount_2020 = amount_y x 100 / index_y",
            "status: read (as published), computed (derived from published levels or growth), "
            "estimated (linked from an older base, about +-1.5%), base (2020).",
            "No series goes past 2025; later years are projected by impact.prices and labelled so.",
            "construction_building and construction_civil before 2020 are construction_total's "
            "index (linked at 2020 = 100 for all three): the published split starts in 2020; "
            "status estimated, as construction_total's values there.",
        ],
    })
    headlines = pd.read_csv(shared / "bok_national_headlines.csv")
    write_manifest(write_csv(headlines, "national_headlines"), {
        "title": "BOK national headline multipliers, 2015-2023 tables",
        "source": "Bank of Korea input-output table releases (see the source column)",
        "notes": ["Final-demand-weighted averages; a simple mean of sector multipliers will not reproduce them."],
    })


GRDP_ITEMS = {
    "지역내총생산(시장가격)": "grdp_2020_million_won",
    "총부가가치(기초가격)": "gva_basic_prices_2020_million_won",
    "순생산물세": "net_product_taxes_2020_million_won",
    "서비스업": "services_gva_2020_million_won",
}


def build_grdp(shared: Path) -> None:
    long = pd.read_csv(shared / "kosis_grdp_2020_by_region.csv")
    regions = pd.read_csv(shared / "regions_17.csv")["region"].tolist()
    national = long[long["region"] == "전국"].set_index("item")["value"]
    long = long[long["region"] != "전국"]
    wide = long.pivot(index=["region", "region_full"], columns="item", values="value")
    wide = wide[list(GRDP_ITEMS)].rename(columns=GRDP_ITEMS).reset_index()
    wide = wide.set_index("region").loc[regions].reset_index()  # the order of regions.csv
    sums = wide[list(GRDP_ITEMS.values())].sum()
    for item, column in GRDP_ITEMS.items():  # the 17 regions add up to 전국 exactly
        assert sums[column] == national[item], (item, sums[column], national[item])
    path = write_csv(wide, "grdp_2020")
    write_manifest(path, {
        "title": "Gross regional domestic product (지역내총생산) of the 17 시도, 2020",
        "source": "Statistics Korea (통계청) KOSIS, 시도별 경제활동별 지역내총생산 (2020 base)",
        "attribution": "Figures are Statistics Korea (KOSIS) regional accounts. Cite: 통계청, "
                       "지역소득 (시도별 경제활동별 지역내총생산), KOSIS.",
        "base_year": 2020,
        "price_year": 2020,
        "prices": "nominal 2020 = real (2020 is the reference year)",
        "units": {column: "백만원 (million won), 2020 prices" for column in GRDP_ITEMS.values()},
        "national_total_million_won": {GRDP_ITEMS[k]: int(v) for k, v in national.items()
                                       if k in GRDP_ITEMS},
        "notes": [
            "grdp = 지역내총생산(시장가격) = gva_basic_prices (총부가가치, 기초가격) + "
            "net_product_taxes (순생산물세); services_gva is 서비스업 value added.",
            "The 17 regions sum exactly to 전국 (national_total_million_won).",
            "region_full uses the source's names (강원특별자치도, 전북특별자치도).",
        ],
    })


def build_national(workbook: Path) -> None:
    from impact.bok_workbook import import_workbook
    import_workbook(workbook, TABLES)


REGION_ALIASES = {
    "서울": "서울시;Seoul Special City;Seoul Metropolitan City",
    "부산": "부산시;Busan Metropolitan City",
    "대구": "대구시;Daegu Metropolitan City",
    "인천": "인천시;Incheon Metropolitan City",
    "광주": "광주시;Gwangju Metropolitan City",
    "대전": "대전시;Daejeon Metropolitan City",
    "울산": "울산시;Ulsan Metropolitan City",
    "세종": "세종시;Sejong City;Sejong Special Self-Governing City",
    "경기": "Gyeonggi-do;Gyeonggi Province",
    "강원": "강원도;Gangwon-do;Gangwon State;Gangwon Province",
    "충북": "Chungcheongbuk-do;North Chungcheong;North Chungcheong Province",
    "충남": "Chungcheongnam-do;South Chungcheong;South Chungcheong Province",
    "전북": "전라북도;Jeollabuk-do;Jeonbuk State;North Jeolla;North Jeolla Province",
    "전남": "Jeollanam-do;South Jeolla;South Jeolla Province",
    "경북": "Gyeongsangbuk-do;North Gyeongsang;North Gyeongsang Province",
    "경남": "Gyeongsangnam-do;South Gyeongsang;South Gyeongsang Province",
    "제주": "제주도;Jeju-do;Jeju Province;Jeju Special Self-Governing Province",
}


def with_region_aliases(regions: pd.DataFrame) -> pd.DataFrame:
    """Add ``aliases``: the other names a budget may give (전라북도, Chungcheongbuk-do...)."""
    missing = set(regions["region"]) - set(REGION_ALIASES)
    if missing:
        raise SystemExit(f"no aliases written for {sorted(missing)}")
    return regions.assign(aliases=regions["region"].map(REGION_ALIASES))


def with_construction_back_to_2015(prices: pd.DataFrame) -> pd.DataFrame:
    """Extend construction_building and construction_civil back to construction_total's
    first year.

    The KICT split by building/civil starts in 2020 (the 2020 = 100 base); the shared data
    has the total from 2015, linked from the old 2015 = 100 index.  All three are 100 in
    2020, so before 2020 each sub-index is taken equal to the total: it assumes building
    and civil costs moved with the total in 2015-2019 (they track each other within a few
    points after 2020).  Status ``estimated``, with the source saying so, so a 2019
    building budget is converted and the report shows the value's status.
    """
    total = prices[prices["series"] == "construction_total"]
    rows = []
    for series in ("construction_building", "construction_civil"):
        first = prices.loc[prices["series"] == series, "year"].min()
        earlier = total[total["year"] < first]
        rows.append(earlier.assign(
            series=series, status="estimated",
            source=f"construction_total's index (no {series.split('_')[1]} split before "
                   f"{first}); linked at 2020 = 100"))
    out = pd.concat([prices, *rows], ignore_index=True)
    order = {s: i for i, s in enumerate(dict.fromkeys(prices["series"]))}
    return out.sort_values(["series", "year"], key=lambda c: c.map(order) if c.name == "series"
                           else c, kind="stable").reset_index(drop=True)


def build_categories_manifest() -> None:
    write_manifest(TABLES / "categories.csv", {
        "title": "Budget categories: default sector mapping, in-region and import shares, deflator",
        "source": "This project (hand-written assumptions; see the rationale column)",
        "classification": "sector_code in BOK 통합중분류 83",
        "units": {"sector_share": "share of the line's amount (0-1)", "in_region_share": "0-1",
                  "price_basis": "producer or purchaser (the amount includes trade and "
                                 "transport margins; goods bought from dealers)",
                  "import_share": "0-1; empty: the national table's import share of final "
                                  "demand for the sector"},
        "notes": [
            "A category with an empty sector_code is not final demand: lines in it are excluded with exclude_reason.",
            "Every default is an assumption; a budget line overrides it with its own in_region_share, import_share, sector or deflator.",
            "Rule for in_region_share: output is recorded where it is produced. Construction and on-site services are produced where they are performed (share 1: their materials from elsewhere are already in the region's multiplier); goods where their factory is; services such as design, software or consulting where the firm works.",
        ],
    })


def build_employment_trend() -> None:
    """The default employment-trend fit (OLS, impact.linefit), derived from the national
    headlines and the GDP deflator, so that reports need not fit it again."""
    import sys
    sys.path.insert(0, str(ROOT))
    from impact.jobs_trend import trend_table
    from impact.tables import load_tables
    write_manifest(write_csv(trend_table(load_tables(TABLES)), "employment_trend"), {
        "title": "Employment-multiplier trend: the default fit (impact.jobs_trend)",
        "source": "Derived: OLS (impact.linefit) of the log national employment multiplier in "
                  "2020 prices on the year, from national_headlines and price_indices",
        "notes": ["Rows log_multiplier_2020_prices are the fit's inputs: the fit is used only "
                  "when the tables give exactly these; otherwise it is fitted afresh."],
    })


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args()
    build_multipliers(args.shared)
    build_reference(args.shared)
    build_grdp(args.shared)
    build_national(args.shared / "raw" / "bok2020_io_table_83_producer_prices.xlsx")
    build_categories_manifest()
    build_employment_trend()
    print(f"tables written to {TABLES}")


if __name__ == "__main__":
    main()
