"""Budget lines become flows: the one place where that happens.

A flow is one budget line x year x sector: what the line spends on that sector's
products in that year, at 2020 producer prices, and where the purchase is made —
from producers in the project's region, from producers in other Korean regions, or
abroad.  Every consumer (the estimate, the 17-region comparison, the uncertainty draws
and the assumptions check) reads these flows, so they all see the same mapping, the
same price factors, the same shares and the same produced-in-region mask.

- Sectors: a line gives its own BOK sector, or a category that maps to one or more
  sectors with shares (``tables/categories.csv``).  With ``alternatives=True`` the
  flows also hold each line's ``alt_sectors`` candidates, with the band of a uniform
  draw that selects each (``lo <= u < hi``); at ``u = 1`` the line's own mapping holds.
- Prices: ``amount_2020 = amount x 100 / index(price_year)`` with the line's series.  A
  line at purchaser prices (``price_basis: purchaser``) is split into its product's
  producer value and the trade and transport margins (sectors 52 and 53-56), with the
  national table's margin columns, when the table has them.
- Sourcing: ``in_region_share`` is bought in the region (when the region produces the
  sector in 2020; otherwise that share is bought in other regions), ``import_share``
  abroad, the rest in other Korean regions.
- Suppliers: other-region purchases are made in the regions that produce the sector,
  weighted by 2020 GRDP (the project's region left out), or by the line's
  ``supplied_from`` weights.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from . import iomath
from .columns import positions
from .prices import index_values
from .tables import Tables

_YEAR_SPAN = 100_000  # (series, year) pairs are packed as series * _YEAR_SPAN + year


# -- calendar ------------------------------------------------------------------------
def year_counts(lines: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per line: first year, number of years (``recurs_until``/``spread_until``), spread?"""
    year = lines["year"].to_numpy(np.int64)
    recurs = lines["recurs_until"].to_numpy(dtype=float, na_value=np.nan)
    spread_until = lines["spread_until"].to_numpy(dtype=float, na_value=np.nan)
    spread = ~np.isnan(spread_until)
    until = np.where(~np.isnan(recurs), recurs, np.where(spread, spread_until, year))
    return year, until.astype(np.int64) - year + 1, spread


def expand_years(year, count) -> np.ndarray:
    """Year of each row when line i is repeated ``count[i]`` times from ``year[i]`` on."""
    count = np.asarray(count, dtype=np.int64)
    starts = np.repeat(np.cumsum(count) - count, count)
    offset = np.arange(count.sum()) - starts
    return np.repeat(np.asarray(year, np.int64), count) + offset


def line_years(lines: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One entry per line and year: ``(line, year, fraction)``, the fraction of the line's
    amount spent that year (``1/years`` when spread, 1 when recurring or one-off)."""
    year, count, spread = year_counts(lines)
    rows = np.repeat(np.arange(len(lines)), count)
    fraction = np.where(spread, 1.0 / count, 1.0)
    return rows, expand_years(year, count), fraction[rows]


# -- prices --------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class LinePrices:
    """Per line, the factor to 2020 prices; ``pair`` indexes ``used`` (one row per
    distinct series and price year, with its index and status)."""

    factor: np.ndarray
    pair: np.ndarray
    used: pd.DataFrame


def line_prices(lines: pd.DataFrame, tables: Tables) -> LinePrices:
    """Look up each distinct (series, price year) once and gather back to the lines."""
    series_code, series = pd.factorize(lines["deflator"].to_numpy())
    key = series_code.astype(np.int64) * _YEAR_SPAN + lines["price_year"].to_numpy(np.int64)
    pair_code, pair_key = pd.factorize(key)
    series = np.asarray(series, dtype=object)
    pairs = pd.DataFrame({"series": series[pair_key // _YEAR_SPAN],
                          "year": pair_key % _YEAR_SPAN})
    used = index_values(tables, pairs)
    used_key = (pd.Index(series).get_indexer(used["series"]).astype(np.int64) * _YEAR_SPAN
                + used["year"].to_numpy(np.int64))
    order = pd.Index(used_key).get_indexer(pair_key)  # row of ``used`` for each pair
    index = np.where(order >= 0, used["index_2020_100"].to_numpy(float)[order], np.nan)
    used = used.iloc[order].reset_index(drop=True)
    return LinePrices(factor=iomath.to_base_prices(1.0, index[pair_code]), pair=pair_code,
                      used=used)


# -- sectors -------------------------------------------------------------------------
@functools.lru_cache(maxsize=8)
def _category_rows(tables: Tables):
    """Final-demand categories as arrays ``(names, count, start, sector, share)``: category
    ``i`` maps to ``sector[start[i]:start[i] + count[i]]`` (indices into
    ``tables.sector_codes``, in table order) with those shares."""
    codes = tables.sector_index
    cats = tables.categories.loc[tables.categories["sector_code"] != "",
                                 ["category", "sector_code", "sector_share"]]
    names = pd.Index(pd.unique(cats["category"].to_numpy()))
    cat_id = names.get_indexer(cats["category"])
    order = np.argsort(cat_id, kind="stable")
    count = np.bincount(cat_id, minlength=len(names))
    return (names, count, np.cumsum(count) - count,
            codes.get_indexer(cats["sector_code"])[order],
            cats["sector_share"].to_numpy(float)[order])


@dataclass(frozen=True, eq=False)
class LineSectors:
    """Rows (line, sector, share) for every final-demand line, grouped by line in line
    order; with alternatives, a line's ``alt_sectors`` follow its own rows with the band
    ``[lo, hi)`` of the uniform draw that selects them (own rows: ``[sum of alt weights,
    inf)``).  ``alt`` is the alternative's code, ``''`` for a line's own mapping."""

    line: np.ndarray
    sector: np.ndarray
    share: np.ndarray
    lo: np.ndarray
    hi: np.ndarray
    alt: np.ndarray
    component: np.ndarray | None = None  # "" product, "trade"/"transport" margin rows


# -- purchaser prices ----------------------------------------------------------------
TRADE_SECTOR = "52"                              # 도소매 서비스
TRANSPORT_SECTORS = ("53", "54", "55", "56")     # 육상·수상·항공 운송, 운송 서비스


@functools.lru_cache(maxsize=8)
def margin_split(tables: Tables):
    """Per product, how a purchase at purchaser prices splits: ``(producer, trade,
    transport)`` shares (n,) from the national table's margin columns, and the weights
    over :data:`TRANSPORT_SECTORS` (their 2020 output shares, an assumption: the table
    does not say which transport mode carries each product).  None when the table has no
    margins (BOK's producer-price table shipped here has none)."""
    from .errors import TableError
    national = tables.national
    try:
        shares = national.margin_shares()
    except TableError:
        return None
    index = [tables.sector_codes.index(c) for c in TRANSPORT_SECTORS]
    output = national.total_output_million_won[index]
    return shares["producer"], shares["trade"], shares["transport"], output / output.sum()


def with_margins(sectors: LineSectors, purchaser: np.ndarray, tables: Tables) -> LineSectors:
    """Sector rows of purchaser-price lines split into the product's producer value and
    its trade and transport margins, bought from sectors 52 and 53-56 (in line order)."""
    split = margin_split(tables)
    component = np.full(len(sectors.line), "", dtype=object)
    if split is None or not purchaser[sectors.line].any():
        return LineSectors(sectors.line, sectors.sector, sectors.share, sectors.lo,
                           sectors.hi, sectors.alt, component)
    producer, trade, transport, weights = split
    codes = tables.sector_codes
    extra = [(TRADE_SECTOR, trade, 1.0, "trade")] + [
        (c, transport, w, "transport") for c, w in zip(TRANSPORT_SECTORS, weights)]
    pieces = [(np.arange(len(sectors.line)), sectors.sector,
               np.where(purchaser[sectors.line], producer[sectors.sector], 1.0), component)]
    rows = np.flatnonzero(purchaser[sectors.line])
    for code, share, weight, name in extra:
        part = share[sectors.sector[rows]] * weight
        keep = part > 0  # a product without this margin gets no row for it
        pieces.append((rows[keep], np.full(keep.sum(), codes.index(code)), part[keep],
                       np.full(keep.sum(), name, dtype=object)))
    row = np.concatenate([p[0] for p in pieces])
    order = np.argsort(sectors.line[row], kind="stable")
    row = row[order]
    pick = lambda k: np.concatenate([p[k] for p in pieces])[order]  # noqa: E731
    return LineSectors(line=sectors.line[row], sector=pick(1),
                       share=sectors.share[row] * pick(2), lo=sectors.lo[row],
                       hi=sectors.hi[row], alt=sectors.alt[row], component=pick(3))


def line_sectors(lines: pd.DataFrame, tables: Tables, alternatives: bool = False) -> LineSectors:
    """Map each final-demand line to its sectors (own code, or its category's rows)."""
    codes = tables.sector_index
    active = lines["exclude"].to_numpy() == ""
    own_code = lines["sector_code"].to_numpy()
    direct = active & (own_code != "")
    names, cat_count, cat_start, cat_sector, cat_share = _category_rows(tables)
    line_cat = np.full(len(lines), -1, dtype=np.intp)
    by_cat = active & ~direct
    line_cat[by_cat] = positions(names, lines["category"].to_numpy()[by_cat])
    counts = np.zeros(len(lines), dtype=np.int64)
    counts[direct] = 1
    found = line_cat >= 0
    counts[found] = cat_count[line_cat[found]]
    line = np.repeat(np.arange(len(lines)), counts)
    k = np.arange(len(line)) - np.repeat(np.cumsum(counts) - counts, counts)
    sector = np.empty(len(line), dtype=np.intp)
    share = np.ones(len(line))
    own = direct[line]
    sector[own] = positions(codes, own_code[line[own]])
    pos = cat_start[line_cat[line[~own]]] + k[~own]
    sector[~own], share[~own] = cat_sector[pos], cat_share[pos]
    lo, hi = np.zeros(len(line)), np.full(len(line), np.inf)
    alt = np.full(len(line), "", dtype=object)
    if not alternatives or "alt_sectors" not in lines:
        return LineSectors(line, sector, share, lo, hi, alt)
    alts = [(i, c, w) for i, (d, a) in enumerate(zip(lines["alt_sectors"], active)) if a
            for c, w in d.items()]
    if not alts:
        return LineSectors(line, sector, share, lo, hi, alt)
    a_line = np.array([i for i, _, _ in alts], dtype=np.intp)
    a_code = np.array([c for _, c, _ in alts], dtype=object)
    a_weight = np.array([w for _, _, w in alts], dtype=float)
    a_hi = pd.Series(a_weight).groupby(a_line).cumsum().to_numpy()
    alt_total = np.bincount(a_line, weights=a_weight, minlength=len(lines))
    lo = alt_total[line]
    rows = np.concatenate([np.arange(len(line)), len(line) + np.arange(len(alts))])
    order = np.argsort(np.concatenate([line, a_line]), kind="stable")
    rows = rows[order]
    cat = lambda own_v, alt_v: np.concatenate([own_v, alt_v])[rows]  # noqa: E731
    return LineSectors(line=cat(line, a_line), sector=cat(sector, codes.get_indexer(a_code)),
                       share=cat(share, np.ones(len(alts))), lo=cat(lo, a_hi - a_weight),
                       hi=cat(hi, a_hi), alt=cat(alt, a_code))


def primary_sector(lines: pd.DataFrame, tables: Tables) -> pd.Series:
    """Each line's own sector code, or its category's first sector ('' for exclusions)."""
    mapped = line_sectors(lines.assign(exclude=""), tables)
    first = pd.Series(mapped.sector, index=mapped.line).groupby(level=0).first()
    codes = np.asarray(tables.sector_codes, dtype=object)
    out = pd.Series("", index=lines.index, dtype=object)
    out.iloc[first.index.to_numpy()] = codes[first.to_numpy()]
    return out


# -- suppliers -----------------------------------------------------------------------
def supplied_from_key(weights: dict) -> str:
    """Canonical text of ``supplied_from`` weights (``'경기:0.6,서울:0.4'``; '' for default)."""
    return ",".join(f"{name}:{float(w)!r}" for name, w in sorted(weights.items()))


def supplier_profiles(lines: pd.DataFrame, region: int, tables: Tables):
    """Supplier weights over the 17 regions: profile 0 the default (2020 GRDP of every
    other region), one more per distinct ``supplied_from``; and each line's profile."""
    default = tables.grdp_million_won.astype(float).copy()
    default[region] = 0.0
    keys = lines["supplied_from"].to_numpy(dtype=object) if "supplied_from" in lines \
        else np.full(len(lines), "", dtype=object)
    code, distinct = pd.factorize(keys)
    profiles = [default]
    lookup = np.zeros(len(distinct), dtype=np.intp)
    names = tables.region_names
    for i, key in enumerate(distinct):
        if key == "":
            continue
        weights = np.zeros(len(names))
        for part in key.split(","):
            name, w = part.split(":")
            weights[names.index(name)] = float(w)
        lookup[i] = len(profiles)
        profiles.append(weights)
    return np.vstack(profiles), lookup[code]


# -- flows ---------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class Flows:
    """A project's flows: one entry per line x year x sector (x alternative sector).

    Arrays have one entry per flow: ``line`` (row of ``lines``), ``year``, ``sector``
    (index into ``tables.sector_codes``), ``spend_per_amount_2020`` (백만원 at 2020
    prices per unit of the line's written amount: unit x price factor x the year's
    fraction x the sector's share), ``lo``/``hi``/``alt`` (alternative mappings, see
    :class:`LineSectors`), ``component`` ('' for the product, ``trade``/``transport`` for
    the margins of a purchaser-price line), ``produced`` (the project's region produces the sector),
    ``supplier`` (row of ``profiles``).  ``prices`` holds the per-line price factors.
    """

    lines: pd.DataFrame
    tables: Tables
    region: int
    line: np.ndarray
    year: np.ndarray
    sector: np.ndarray
    spend_per_amount_2020: np.ndarray
    lo: np.ndarray
    hi: np.ndarray
    alt: np.ndarray
    component: np.ndarray
    produced: np.ndarray
    supplier: np.ndarray
    profiles: np.ndarray
    supplier_table: np.ndarray
    prices: LinePrices
    unit_in_million_won: float = 1.0

    def __len__(self) -> int:
        return len(self.line)

    # shares and amounts of the lines, gathered per flow (draws may replace them)
    @property
    def amount(self) -> np.ndarray:
        return self.lines["amount"].to_numpy(float)[self.line]

    @property
    def spend_2020(self) -> np.ndarray:
        """백만원 at 2020 producer prices (own mapping; alternatives carry their spend too)."""
        return self.amount * self.spend_per_amount_2020

    def purchases(self, spend=None, in_region_share=None, import_share=None):
        """``(in_region, other_regions, imports)`` demand per flow (:func:`iomath.split_purchases`).

        By default the lines' own spend and shares; give per-flow arrays (a draws axis
        last) to evaluate other values of them.
        """
        lines = self.lines
        spend = self.spend_2020 if spend is None else spend
        if in_region_share is None:
            in_region_share = lines["in_region_share"].to_numpy(float)[self.line]
        if import_share is None:
            import_share = lines["import_share"].to_numpy(float)[self.line]
        # margins are paid to Korean traders and carriers: never imported
        margin = self.component != ""
        if margin.any():
            import_share = import_share * (~margin if np.ndim(import_share) == 1
                                           else ~margin[:, None])
        produced = self.produced if np.ndim(spend) == 1 else self.produced[:, None]
        return iomath.split_purchases(spend, in_region_share, import_share, produced)

    @property
    def own_multipliers(self) -> np.ndarray:
        """(flows, measures, 2): the project region's multipliers, in-region and other regions."""
        return self.tables.multiplier_array[self.region, self.sector]

    @property
    def supplier_multipliers(self) -> np.ndarray:
        """(flows, measures): nationwide multipliers of the regions supplying other-region
        purchases (each supplier's in-region + other-regions, weighted)."""
        return self.supplier_table[self.supplier, self.sector]

    def effects(self, in_region_demand, other_regions_demand) -> np.ndarray:
        """:func:`iomath.purchase_effects` with these flows' multipliers."""
        return iomath.purchase_effects(in_region_demand, other_regions_demand,
                                       self.own_multipliers, self.supplier_multipliers)

    def placed_in(self, region: int) -> "Flows":
        """The same flows bought by a project in another region (shares as written)."""
        profiles = self.profiles.copy()
        profiles[0] = self.tables.grdp_million_won
        profiles[0, region] = 0.0
        return replace(self, region=region,
                       produced=self.tables.produced_array[region, self.sector],
                       profiles=profiles,
                       supplier_table=supplier_multiplier_table(self.tables, profiles))


def supplier_multiplier_table(tables: Tables, profiles: np.ndarray) -> np.ndarray:
    """(profiles, sectors, measures) supplier multipliers; where a profile's regions make
    none of a sector, the default profile's (row 0) regions supply it."""
    nationwide = tables.multiplier_array.sum(axis=3)  # in-region + other regions of each
    table = np.stack([iomath.supplier_multipliers(w, tables.produced_array, nationwide)
                      for w in profiles])
    missing = np.isnan(table)
    table[missing] = np.broadcast_to(table[0], table.shape)[missing]
    return np.nan_to_num(table)


def unsupplied_rows(profiles: np.ndarray, supplier: np.ndarray, sector: np.ndarray,
                    tables: Tables) -> np.ndarray:
    """Rows whose ``supplied_from`` regions do not produce the sector (default suppliers used)."""
    weights = profiles[supplier]  # (rows, regions)
    made = tables.produced_array[:, sector].T
    return (supplier > 0) & ((weights * made).sum(axis=1) == 0)


def unsupplied(flows: Flows) -> np.ndarray:
    """:func:`unsupplied_rows` for every flow."""
    return unsupplied_rows(flows.profiles, flows.supplier, flows.sector, flows.tables)


def sector_rows(lines: pd.DataFrame, tables: Tables, alternatives: bool = False) -> LineSectors:
    """The rows flows repeat over the years: :func:`line_sectors`, with purchaser-price
    lines split into their margins (:func:`with_margins`)."""
    sectors = line_sectors(lines, tables, alternatives)
    if "price_basis" in lines:
        sectors = with_margins(sectors, (lines["price_basis"] == "purchaser").to_numpy(),
                               tables)
    return sectors


def build_flows(lines: pd.DataFrame, region: str, unit_in_million_won: float, tables: Tables,
                alternatives: bool = False) -> Flows:
    """The flows of validated budget ``lines`` for a project in ``region``."""
    r = tables.region_index(region)
    prices = line_prices(lines, tables)
    year_line, year_of_row, fraction = line_years(lines)
    sectors = sector_rows(lines, tables, alternatives)
    # every (line, year) row times every sector row of its line
    per_line = np.bincount(sectors.line, minlength=len(lines))
    per_row = per_line[year_line]
    row = np.repeat(np.arange(len(year_line)), per_row)
    first = np.cumsum(per_line) - per_line
    k = np.arange(len(row)) - np.repeat(np.cumsum(per_row) - per_row, per_row)
    pos = first[year_line[row]] + k
    line = year_line[row]
    sector = sectors.sector[pos]
    profiles, line_profile = supplier_profiles(lines, r, tables)
    return Flows(lines=lines, tables=tables, region=r, line=line, year=year_of_row[row],
                 sector=sector,
                 spend_per_amount_2020=unit_in_million_won * prices.factor[line]
                 * fraction[row] * sectors.share[pos],
                 lo=sectors.lo[pos], hi=sectors.hi[pos], alt=sectors.alt[pos],
                 component=(np.full(len(sectors.line), "", dtype=object)
                            if sectors.component is None else sectors.component)[pos],
                 produced=tables.produced_array[r, sector], supplier=line_profile[line],
                 profiles=profiles, supplier_table=supplier_multiplier_table(tables, profiles),
                 prices=prices, unit_in_million_won=unit_in_million_won)


def project_flows(project, tables: Tables, alternatives: bool = False) -> Flows:
    """:func:`build_flows` for a :class:`~impact.project.Project`."""
    return build_flows(project.lines, project.region, project.unit_in_million_won, tables,
                       alternatives)
