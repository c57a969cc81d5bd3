"""The shipped tables: BOK 2020 regional multipliers and the reference tables beside them.

Every CSV in ``tables/`` has a manifest (``<table>.json``) with its source, units and
sha256.  :func:`load_tables` refuses a table whose checksum does not match or whose
content is incomplete, so a tampered or truncated file never reaches an estimate.
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from . import table_cache
from .errors import TableError
from .units import jobs_per_million_won

MEASURES = ("output", "value_added", "jobs")
SCOPES = ("in_region", "other_regions")
MULTIPLIER_COLUMNS = tuple(f"{m}_{s}" for m in MEASURES for s in SCOPES)
TABLE_NAMES = ("multipliers_bok2020", "sectors", "regions", "price_indices",
               "national_headlines", "categories", "grdp_2020", "national_io")
GRDP_COLUMNS = ("grdp_2020_million_won", "gva_basic_prices_2020_million_won",
                "net_product_taxes_2020_million_won", "services_gva_2020_million_won")


def default_tables_dir() -> Path:
    """Where the shipped tables are: inside the installed package, or in the source tree."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "tables", here.parent / "tables"):
        if (candidate / "multipliers_bok2020.json").is_file():
            return candidate
    raise TableError("shipped tables not found (looked in impact/tables and ./tables)",
                     file=here.parent / "tables")


@dataclass(frozen=True, eq=False)
class Tables:
    """The multipliers and reference tables, checked and ready for vectorised lookup.

    ``multiplier_array[r, s, m, k]`` is the multiplier for region ``regions[r]``,
    sector ``sectors[s]``, measure ``MEASURES[m]`` and scope ``SCOPES[k]``, in one unit
    for every measure: per 백만원 of final demand (output and value added in 백만원, jobs
    in persons; the table's jobs per 10억원 are divided by 1,000 once, here).
    """

    directory: Path
    multipliers: pd.DataFrame
    sectors: pd.DataFrame
    regions: pd.DataFrame
    price_indices: pd.DataFrame
    national_headlines: pd.DataFrame
    categories: pd.DataFrame
    manifests: dict = field(repr=False)
    multiplier_array: np.ndarray = field(repr=False)
    produced_array: np.ndarray = field(repr=False)
    grdp: pd.DataFrame = field(repr=False)
    national_io: pd.DataFrame = field(repr=False)

    @property
    def grdp_million_won(self) -> np.ndarray:
        """GRDP 2020 (지역내총생산, 시장가격) per region, 백만원, aligned with ``region_names``."""
        return self.grdp["grdp_2020_million_won"].to_numpy(dtype=float)

    @property
    def national(self):
        """The national input-output table (:class:`impact.national.NationalTable`), cached."""
        from .national import load_national
        return load_national(self)

    @functools.cached_property
    def category_rows(self) -> pd.DataFrame:
        """``categories`` with one row per category, indexed by its key: a category split
        over several sectors has a row per sector, and its own defaults (share, deflator,
        exclude reason, ...) on the first."""
        return self.categories.drop_duplicates("category").set_index("category")

    @functools.cached_property
    def price_series_start(self) -> pd.Series:
        """The first year of each price series in ``price_indices``, indexed by series."""
        return self.price_indices.groupby("series")["year"].min()

    @property
    def region_names(self) -> list[str]:
        return self.regions["region"].tolist()

    @property
    def sector_codes(self) -> list[str]:
        return self.sectors["sector_code"].tolist()

    @functools.cached_property
    def sector_index(self) -> pd.Index:
        """``sector_codes`` as an index, for looking codes up by position."""
        return pd.Index(self.sector_codes)

    def region_index(self, region: str) -> int:
        return self.region_names.index(region)

    def find_region(self, name) -> str | None:
        """The short name (경북) of a region written short, in full (경상북도) or in
        English (Gyeongbuk, case-insensitive); None when it is none of the 17."""
        if not isinstance(name, str):
            return None
        key = name.strip()
        regions = self.regions
        for column in ("region", "name_ko_full"):
            hit = regions.loc[regions[column] == key, "region"]
            if len(hit):
                return hit.iloc[0]
        hit = regions.loc[regions["name_en"].str.lower() == key.lower(), "region"]
        return hit.iloc[0] if len(hit) else None

    def region_label(self, region: str, lang: str = "ko", full: bool = False) -> str:
        """A region's name for a page in ``lang``: 경북 (경상북도 with ``full``) in Korean,
        Gyeongbuk in English; the name as given where it is none of the 17."""
        if lang == "ko" and not full:
            return region
        column = "name_ko_full" if lang == "ko" else "name_en"
        return str(self.regions.set_index("region")[column].get(region, region))

    def sector_label(self, code: str, lang: str = "ko") -> str:
        row = self.sectors.set_index("sector_code").loc[code]
        return row["name_ko"] if lang == "ko" else row["name_en"]

    def provenance(self) -> dict:
        """Source, price year and checksum of each table, for reports."""
        return {name: {"source": m.get("source"), "sha256": m["sha256"],
                       "price_year": m.get("price_year")}
                for name, m in self.manifests.items()}


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _checked_manifest(directory: Path, name: str) -> tuple[bytes, dict, str]:
    """``(manifest bytes, manifest, csv sha256)`` of a table, its checksum verified."""
    manifest_path = directory / f"{name}.json"
    csv_path = directory / f"{name}.csv"
    for path in (manifest_path, csv_path):
        if not path.is_file():
            raise TableError("table file is missing", file=path)
    raw = manifest_path.read_bytes()
    try:
        manifest = json.loads(raw.decode("utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise TableError(f"manifest is not valid JSON ({exc})", file=manifest_path) from None
    if not isinstance(manifest, dict):
        raise TableError("manifest is not a JSON object", file=manifest_path,
                         value=type(manifest).__name__)
    actual = _sha256(csv_path)
    if actual != manifest.get("sha256"):
        raise TableError(
            "checksum mismatch: the table was changed or truncated after it was built; "
            "rebuild it with scripts/build_tables.py or restore it",
            file=csv_path, field="sha256", value=actual)
    return raw, manifest, actual


def _read_csv(directory: Path, name: str, manifest: dict) -> pd.DataFrame:
    csv_path = directory / f"{name}.csv"
    try:
        frame = pd.read_csv(csv_path, dtype={"sector_code": str, "admin_code": str,
                                             "row_code": str, "col_code": str},
                            keep_default_na=False,
                            na_values={"value": [""], "index_2020_100": [""]})
    except ValueError as exc:  # not UTF-8, not CSV, empty (pandas errors are ValueErrors)
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise TableError(f"cannot read the table ({message})", file=csv_path) from None
    if list(frame.columns) != manifest.get("columns_in_order"):
        raise TableError("columns differ from the manifest", file=csv_path,
                         field="columns", value=list(frame.columns))
    return frame


def _multiplier_array(mult: pd.DataFrame, regions: list[str], sectors: list[str],
                      path: Path) -> tuple[np.ndarray, np.ndarray]:
    expected = pd.MultiIndex.from_product([regions, sectors], names=["region", "sector_code"])
    indexed = mult.set_index(["region", "sector_code"])
    if indexed.index.has_duplicates:
        dup = indexed.index[indexed.index.duplicated()][0]
        raise TableError("duplicate region/sector row", file=path, field="region,sector_code",
                         value=dup)
    missing = expected.difference(indexed.index)
    if len(missing):
        raise TableError(f"{len(missing)} region/sector rows missing", file=path,
                         field="region,sector_code", value=missing[0])
    extra = indexed.index.difference(expected)
    if len(extra):
        raise TableError("unknown region/sector row", file=path, field="region,sector_code",
                         value=extra[0])
    indexed = indexed.reindex(expected)
    values = indexed[list(MULTIPLIER_COLUMNS)].apply(pd.to_numeric, errors="coerce")
    bad = values.isna() | ~np.isfinite(values) | (values < 0)
    if bad.to_numpy().any():
        row, col = np.argwhere(bad.to_numpy())[0]
        raise TableError("multiplier missing, negative or not a number", file=path,
                         field=f"{values.index[row]}/{values.columns[col]}",
                         value=indexed[list(MULTIPLIER_COLUMNS)].iat[row, col])
    array = values.to_numpy(dtype=float, copy=True).reshape(len(regions), len(sectors), len(MEASURES),
                                                 len(SCOPES))
    jobs = MEASURES.index("jobs")
    array[:, :, jobs, :] = jobs_per_million_won(array[:, :, jobs, :])
    produced_text = indexed["produced_in_region"].astype(str)
    unreadable = ~produced_text.isin(["True", "False"])
    if unreadable.any():
        raise TableError("produced_in_region must be True or False", file=path,
                         field=f"{produced_text.index[unreadable.argmax()]}/produced_in_region",
                         value=produced_text[unreadable].iloc[0])
    produced = produced_text.eq("True").to_numpy()
    return array, produced.reshape(len(regions), len(sectors))


def _plain(value):
    return value.item() if isinstance(value, np.generic) else value


def _check_references(categories: pd.DataFrame, prices: pd.DataFrame, sectors: list[str],
                      directory: Path) -> None:
    """Categories point at real sectors and price series with shares in 0-1; each price
    series is positive, one value per year, with no missing year."""
    path = directory / "categories.csv"
    spending = categories[categories["sector_code"] != ""]
    checks = [
        (~spending["sector_code"].isin(sectors), "sector_code", "unknown sector code"),
        (~spending["deflator"].isin(set(prices["series"])), "deflator", "unknown price series"),
    ] + [(~spending[c].between(0, 1), c, "must be a number between 0 and 1")
         for c in ("sector_share", "in_region_share")] \
        + [(~spending["price_basis"].isin(["producer", "purchaser"]), "price_basis",
            "must be producer or purchaser")] \
        + [(~spending["import_share"].isna() & ~spending["import_share"].between(
            0, 1 - spending["in_region_share"]), "import_share",
            "must be empty or a number between 0 and 1 - in_region_share")]
    for bad, column, message in checks:
        if bad.any():
            row = spending[bad].iloc[0]
            raise TableError(message, file=path, field=f"{row['category']}/{column}",
                             value=_plain(row[column]))
    path = directory / "price_indices.csv"
    values = pd.to_numeric(prices["index_2020_100"], errors="coerce")
    bad = ~(values > 0) | ~np.isfinite(values)
    if bad.any():
        row = prices[bad].iloc[0]
        raise TableError("index must be a positive number", file=path,
                         field=f"{row['series']}/{row['year']}",
                         value=_plain(row["index_2020_100"]))
    duplicated = prices.duplicated(["series", "year"])
    if duplicated.any():
        row = prices[duplicated].iloc[0]
        raise TableError("duplicate series/year row", file=path, field="series,year",
                         value=(row["series"], int(row["year"])))
    for series, years in prices.groupby("series")["year"]:
        expected = set(range(int(years.min()), int(years.max()) + 1))
        missing = sorted(expected - set(years.astype(int)))
        if missing:
            raise TableError("year missing inside the series", file=path,
                             field=f"{series}/year", value=missing[0])


def _grdp(frame: pd.DataFrame, regions: list[str], path: Path) -> pd.DataFrame:
    """GRDP rows in the order of ``regions``; values positive and GVA + taxes = GRDP."""
    if frame["region"].tolist() != regions:
        raise TableError("regions differ from regions.csv (names or order)", file=path,
                         field="region", value=frame["region"].tolist())
    values = frame[list(GRDP_COLUMNS)].apply(pd.to_numeric, errors="coerce")
    bad = ~(values > 0) | ~np.isfinite(values)
    if bad.to_numpy().any():
        row, col = np.argwhere(bad.to_numpy())[0]
        raise TableError("must be a positive number", file=path,
                         field=f"{regions[row]}/{GRDP_COLUMNS[col]}",
                         value=_plain(frame[GRDP_COLUMNS[col]].iat[row]))
    gap = values[GRDP_COLUMNS[1]] + values[GRDP_COLUMNS[2]] - values[GRDP_COLUMNS[0]]
    if (gap.abs() > 0.5).any():
        row = int(gap.abs().argmax())
        raise TableError("gross value added + net product taxes differs from GRDP", file=path,
                         field=f"{regions[row]}/{GRDP_COLUMNS[0]}", value=float(gap.iat[row]))
    return frame.assign(**{c: values[c].astype(float) for c in GRDP_COLUMNS})


def load_tables(directory: str | Path | None = None) -> Tables:
    """Load and check the shipped tables (cached for the default directory).

    Raises :class:`~impact.errors.TableError` naming the file when a table is missing,
    fails its sha256, or lacks a region, sector, measure or scope.
    """
    return _load_tables(Path(directory).resolve() if directory else default_tables_dir())


@functools.lru_cache(maxsize=4)
def _load_tables(directory: Path) -> Tables:
    checked = {name: _checked_manifest(directory, name) for name in TABLE_NAMES}
    key = table_cache.cache_key(directory, {n: c[0] for n, c in checked.items()},
                                {n: c[2] for n, c in checked.items()})
    cached = table_cache.read(key)
    if cached is not None:
        from .national import remember_national
        tables, national = cached
        remember_national(tables, national)
        return tables
    tables = _build_tables(directory, {n: c[1] for n, c in checked.items()})
    table_cache.write(key, (tables, tables.national))
    return tables


def _build_tables(directory: Path, manifests: dict) -> Tables:
    """The tables of ``directory`` read and checked (their checksums already verified)."""
    frames = {name: _read_csv(directory, name, manifests[name]) for name in TABLE_NAMES}
    regions = frames["regions"]["region"].tolist()
    sectors = frames["sectors"]["sector_code"].tolist()
    if len(regions) != 17 or len(sectors) != 83:
        raise TableError("expected 17 regions and 83 sectors",
                         file=directory / ("regions.csv" if len(regions) != 17 else "sectors.csv"),
                         value=(len(regions), len(sectors)))
    array, produced = _multiplier_array(frames["multipliers_bok2020"], regions, sectors,
                                        directory / "multipliers_bok2020.csv")
    categories = frames["categories"]
    for column in ("sector_share", "in_region_share", "import_share"):
        categories[column] = pd.to_numeric(categories[column].replace("", np.nan),
                                           errors="coerce")
    _check_references(categories, frames["price_indices"], sectors, directory)
    grdp = _grdp(frames["grdp_2020"], regions, directory / "grdp_2020.csv")
    return Tables(directory=directory, multipliers=frames["multipliers_bok2020"],
                  sectors=frames["sectors"], regions=frames["regions"],
                  price_indices=frames["price_indices"],
                  national_headlines=frames["national_headlines"], categories=categories,
                  manifests=manifests, multiplier_array=array, produced_array=produced,
                  grdp=grdp, national_io=frames["national_io"])
