"""The national input-output table as arrays, and the national multipliers from it.

``tables/national_io.csv`` (read from BOK's workbook by :mod:`impact.bok_workbook`, checked by
its manifest's sha256 in :func:`impact.tables.load_tables`) becomes a :class:`NationalTable`:
every array is aligned with the 83 sector codes of ``tables.sector_codes``; money is 백만원 at
the table's prices (2020 for the shipped table).  :func:`load_national` builds it once per
``Tables`` object; ``tables.national`` is the same object.

The formulas are in :mod:`impact.iomath`; this module only picks the table's rows and columns.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import iomath
from .bok_workbook import (FINAL_DEMAND_CODES, NATIONAL_TABLE, VALUE_ADDED_CODES,
                          check_identities, wide_tables)
from .errors import TableError

# Where margins go (tables/sectors.csv): 도소매마진 to 52 도소매 및 상품중개서비스; 화물운임 to
# the freight sectors 53 육상, 54 수상, 55 항공운송 and 56 창고 및 운송보조서비스.
TRADE_SECTOR = "52"
TRANSPORT_SECTORS = ("53", "54", "55", "56")

# Final demand a budget can stand for: consumption and fixed investment (and valuables),
# not exports (bought abroad) nor inventory change (not a purchase).
DOMESTIC_USE_CODES = ("9111", "9112", "9121", "9122", "9132")


@dataclass(frozen=True, eq=False)
class NationalTable:
    """The national table's blocks, each an array aligned with ``sector_codes`` (n = 83).

    Money in 백만원 at ``price_year`` prices.  ``*_domestic`` blocks are the 국산거래표 (made
    in Korea), ``*_imports`` the 수입거래표; rows are supplying products, columns using
    sectors or final-demand items (``final_demand_codes``).
    """

    sector_codes: tuple[str, ...]
    price_year: int
    frame: pd.DataFrame = field(repr=False)
    total_output_million_won: np.ndarray = field(repr=False)                # (n,) 9310
    intermediate_domestic_million_won: np.ndarray = field(repr=False)       # (n, n)
    intermediate_imports_million_won: np.ndarray = field(repr=False)        # (n, n)
    final_demand_domestic_million_won: np.ndarray = field(repr=False)  # (n, 7) by FD code
    final_demand_imports_million_won: np.ndarray = field(repr=False)   # (n, 7)
    value_added_rows_million_won: np.ndarray = field(repr=False)       # (4, n) 9610..9630
    value_added_million_won: np.ndarray = field(repr=False)            # (n,) 9690
    imports_million_won: np.ndarray = field(repr=False)                # (n,) 9329
    trade_margin_million_won: np.ndarray = field(repr=False)           # (n,) 9331
    transport_margin_million_won: np.ndarray = field(repr=False)       # (n,) 9332

    final_demand_codes = FINAL_DEMAND_CODES    # columns of the final-demand blocks
    value_added_codes = VALUE_ADDED_CODES      # rows of value_added_rows_million_won

    # -- coefficients (per unit of output) -------------------------------------------
    @property
    def compensation_million_won(self) -> np.ndarray:
        """피용자보수 (row 9610) of each sector, (n,)."""
        return self.value_added_rows_million_won[self.value_added_codes.index("9610")]

    @property
    def domestic_coefficients(self) -> np.ndarray:
        """Ad = Zd x̂⁻¹ (국산투입계수), (n, n)."""
        return _cached(self, "Ad", lambda: iomath.calc_A(
            self.intermediate_domestic_million_won, self.total_output_million_won))

    @property
    def import_coefficients(self) -> np.ndarray:
        """Am = Zm x̂⁻¹ (수입투입계수), (n, n)."""
        return iomath.calc_A(self.intermediate_imports_million_won,
                             self.total_output_million_won)

    @property
    def value_added_coefficients(self) -> np.ndarray:
        """v = 9690 x̂⁻¹ (부가가치율), (n,)."""
        return iomath.calc_A(self.value_added_million_won, self.total_output_million_won)

    @property
    def import_input_coefficients(self) -> np.ndarray:
        """Imported intermediate inputs per unit of output, column sums of Am, (n,)."""
        return self.import_coefficients.sum(axis=0)

    @property
    def compensation_coefficients(self) -> np.ndarray:
        """w = 9610 x̂⁻¹ (피용자보수 per unit of output), (n,)."""
        return iomath.calc_A(self.compensation_million_won, self.total_output_million_won)

    @property
    def leontief_domestic(self) -> np.ndarray:
        """L = (I − Ad)⁻¹ (국산 생산유발계수), (n, n)."""
        return _cached(self, "L", lambda: iomath.calc_L(self.domestic_coefficients))

    # -- Type I multipliers, per unit of final demand for each product (n,) ------------
    @property
    def output_multipliers(self) -> np.ndarray:
        """생산유발계수 column sums, 1ᵀL: output (won) per won of final demand."""
        return iomath.output_multipliers(self.leontief_domestic)

    @property
    def value_added_multipliers(self) -> np.ndarray:
        """부가가치유발계수 v L: value added (won) per won of final demand."""
        return iomath.calc_M(self.value_added_coefficients, self.leontief_domestic)

    @property
    def import_multipliers(self) -> np.ndarray:
        """수입유발계수 (1ᵀAm) L: imported intermediate inputs (won) per won of final demand."""
        return iomath.calc_M(self.import_input_coefficients, self.leontief_domestic)

    @property
    def compensation_multipliers(self) -> np.ndarray:
        """소득유발계수 w L (피용자보수 row 9610): compensation (won) per won of final demand."""
        return iomath.calc_M(self.compensation_coefficients, self.leontief_domestic)

    def direct_and_indirect(self) -> dict[str, dict[str, np.ndarray]]:
        """Type I multipliers split per unit of final demand, each (n,): ``direct`` is the
        sector's own coefficient (output 1, value added v, imports 1ᵀAm, compensation w),
        ``indirect`` the rest of the multiplier (the supply chain)."""
        parts = {"output": (np.ones(len(self.sector_codes)), self.output_multipliers),
                 "value_added": (self.value_added_coefficients, self.value_added_multipliers),
                 "imports": (self.import_input_coefficients, self.import_multipliers),
                 "compensation": (self.compensation_coefficients,
                                  self.compensation_multipliers)}
        return {k: {"direct": iomath.direct_part(s), "indirect": iomath.indirect_part(M, s)}
                for k, (s, M) in parts.items()}

    # -- Type II: households closed (a labelled sensitivity, never the headline) -------
    @property
    def household_consumption_coefficients(self) -> np.ndarray:
        """The closure's column c = Cd ÷ W, (n,): domestic products bought in households'
        consumption (민간소비지출 9111 of the 국산거래표) per won of compensation of
        employees (피용자보수 9610, all sectors).

        Closure: households are the sector that sells labour for compensation (row
        w = 9610 x̂⁻¹) and spends it in the 2020 mix of private consumption, at the average
        ratio of private consumption to compensation (Σ all 9111 ÷ Σ 9610 = 0.998; of it
        Σc = 0.903 on domestic products, the rest imported).  The textbook (Miller & Blair)
        closure with compensation as household income; no taxes or saving are deducted,
        so the induced effects are at the upper end (other incomes also fund consumption).
        """
        return iomath.household_consumption_coefficients(
            self.final_demand(["9111"], source="domestic"),
            self.compensation_million_won.sum())

    @property
    def closed_inverse(self) -> np.ndarray:
        """L* = (I − A*)⁻¹ with A* = [[Ad, c], [w, 0]], (n + 1, n + 1); last = households."""
        return _cached(self, "L*", lambda: iomath.calc_L(iomath.calc_A_closed(
            self.domestic_coefficients, self.compensation_coefficients,
            self.household_consumption_coefficients)))

    @property
    def type2_inverse(self) -> np.ndarray:
        """The sectors' block L*[:n, :n]: Type II output per unit of final demand, (n, n)."""
        return iomath.type2_inverse(self.closed_inverse, len(self.sector_codes))

    def type2_multipliers(self) -> dict[str, np.ndarray]:
        """Type II output, value-added and compensation multipliers, each (n,)."""
        L2 = self.type2_inverse
        return {"output": iomath.output_multipliers(L2),
                "value_added": iomath.calc_M(self.value_added_coefficients, L2),
                "compensation": iomath.calc_M(self.compensation_coefficients, L2)}

    def induced_multipliers(self) -> dict[str, np.ndarray]:
        """Induced = Type II − Type I per unit of final demand, for output, value added and
        compensation, each (n,)."""
        type1 = {"output": self.output_multipliers,
                 "value_added": self.value_added_multipliers,
                 "compensation": self.compensation_multipliers}
        return {k: iomath.induced_part(v, type1[k]) for k, v in self.type2_multipliers().items()}

    @property
    def induced_consumption(self) -> np.ndarray:
        """Household consumption of domestic product i induced per won of final demand for
        j: c_i · L*[n, j], (n, n).  Its Type I effects are the induced effects
        (L·this = L*[:n, :n] − L), so the employment multipliers applied to it give the
        induced jobs."""
        n = len(self.sector_codes)
        return np.outer(self.household_consumption_coefficients, self.closed_inverse[n, :n])

    # -- purchaser prices -----------------------------------------------------------------
    def margin_shares(self) -> dict[str, np.ndarray]:
        """Shares of a purchase of each product at purchaser prices, each (n,):
        ``producer`` (to the product's sector), ``trade`` (도소매마진 9331, to sector
        ``TRADE_SECTOR``) and ``transport`` (화물운임 9332, to ``TRANSPORT_SECTORS``);
        purchaser value = output + imports + the product's margins (9310 + 9329 + positive
        9331 and 9332), so producer + trade + transport = 1.

        Raises TableError when the margin columns are all zero, as in BOK's producer-price
        table shipped here: the margins then are not in the table and a purchaser-price
        split from it would silently be "no margins".  A purchaser-price table (구매자가격)
        of the same layout carries them (positive on goods, offset on 52-56).
        """
        trade, transport = self.trade_margin_million_won, self.transport_margin_million_won
        if not (trade.any() or transport.any()):
            raise TableError(
                "the margin columns 도소매마진 (9331) and 화물운임 (9332) are zero for every "
                "product: BOK's producer-price table does not carry the margins, so a "
                "purchaser-price amount cannot be split with it (needs the 구매자가격 table)",
                file=f"{NATIONAL_TABLE}.csv", field="9331,9332")
        purchaser = self.total_output_million_won + self.imports_million_won + \
            np.clip(trade, 0, None) + np.clip(transport, 0, None)
        producer, trade_share, transport_share = iomath.margin_shares(purchaser, trade, transport)
        return {"producer": producer, "trade": trade_share, "transport": transport_share}

    # -- final demand ------------------------------------------------------------------
    def final_demand(self, codes=None, *, source: str = "total") -> np.ndarray:
        """Final demand of each product summed over ``codes`` (default all seven), (n,)."""
        codes = self.final_demand_codes if codes is None else codes
        cols = [self.final_demand_codes.index(c) for c in codes]
        blocks = {"domestic": self.final_demand_domestic_million_won,
                  "imports": self.final_demand_imports_million_won}
        if source == "total":
            return sum(blocks.values())[:, cols].sum(axis=1)
        return blocks[source][:, cols].sum(axis=1)

    @property
    def import_share_of_supply(self) -> np.ndarray:
        """Imports ÷ total supply (9329 ÷ (9310 + 9329)), (n,)."""
        return iomath.share_of(self.imports_million_won,
                               self.total_output_million_won + self.imports_million_won, 0.0)

    @property
    def import_share_of_final_demand(self) -> np.ndarray:
        """Imported final demand ÷ all final demand of the product (최종수요계 9190), (n,).

        The issue's definition: exports and inventory change included in both parts
        (computers 0.338, precision instruments 0.398, special-purpose machinery 0.256,
        building construction 0).  Where final demand is not positive (07, 83) the share
        of supply stands in; 06 (crude oil, 1.17 from a stock draw-down) is clipped to 1.
        """
        return iomath.share_of(self.final_demand(source="imports"), self.final_demand(),
                               self.import_share_of_supply)

    @property
    def import_share_of_domestic_final_demand(self) -> np.ndarray:
        """Imported ÷ all final demand for use in Korea: consumption and fixed investment
        (9111, 9112, 9121, 9122, 9132), without exports and inventory change, (n,).

        This is what a buyer in Korea meets (computers 0.78, not 0.34: Korea's computer
        exports are in the other definition's denominator but not on offer to a buyer).
        """
        return iomath.share_of(self.final_demand(DOMESTIC_USE_CODES, source="imports"),
                               self.final_demand(DOMESTIC_USE_CODES),
                               self.import_share_of_supply)


_CACHE: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _cached(owner, key, build):
    store = _CACHE.setdefault(owner, {})
    if key not in store:
        store[key] = build()
    return store[key]


def _block(wide: pd.DataFrame, rows, cols, path, table: str) -> np.ndarray:
    block = wide.reindex(index=list(rows), columns=list(cols))
    if block.isna().to_numpy().any():
        r, c = block.isna().stack().loc[lambda s: s].index[0]
        raise TableError("cell missing", file=path, field=f"{table}/{r}/{c}")
    return block.to_numpy(dtype=float)


def national_from_frame(frame: pd.DataFrame, sector_codes, price_year: int,
                        path="national_io.csv") -> NationalTable:
    """Arrays of a long national table (``table,row_code,col_code,value``), checked."""
    values = pd.to_numeric(frame["value"], errors="coerce")
    if values.isna().any() or not np.isfinite(values).all():
        row = frame[values.isna() | ~np.isfinite(values)].iloc[0]
        raise TableError("value is not a number", file=path,
                         field=f"{row['table']}/{row['row_code']}/{row['col_code']}",
                         value=row["value"])
    frame = frame.assign(value=values.astype(float))
    wide = wide_tables(frame)
    products = check_identities(frame, path, wide)
    if products != list(sector_codes):
        raise TableError("products differ from sectors.csv", file=path, field="row_code",
                         value=sorted(set(products) ^ set(sector_codes))[:5])
    n = products
    return NationalTable(
        sector_codes=tuple(n), price_year=int(price_year), frame=frame,
        total_output_million_won=_block(wide["total"], n, ["9310"], path, "total")[:, 0],
        intermediate_domestic_million_won=_block(wide["domestic"], n, n, path, "domestic"),
        intermediate_imports_million_won=_block(wide["imports"], n, n, path, "imports"),
        final_demand_domestic_million_won=_block(wide["domestic"], n, FINAL_DEMAND_CODES,
                                                 path, "domestic"),
        final_demand_imports_million_won=_block(wide["imports"], n, FINAL_DEMAND_CODES,
                                                path, "imports"),
        value_added_rows_million_won=_block(wide["total"], VALUE_ADDED_CODES, n, path, "total"),
        value_added_million_won=_block(wide["total"], ["9690"], n, path, "total")[0],
        imports_million_won=_block(wide["total"], n, ["9329"], path, "total")[:, 0],
        trade_margin_million_won=_block(wide["total"], n, ["9331"], path, "total")[:, 0],
        transport_margin_million_won=_block(wide["total"], n, ["9332"], path, "total")[:, 0],
    )


_BY_TABLES: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def load_national(tables) -> NationalTable:
    """The national table of ``tables`` (from ``tables.national_io``), built once and cached."""
    if tables not in _BY_TABLES:
        manifest = tables.manifests[NATIONAL_TABLE]
        _BY_TABLES[tables] = national_from_frame(
            tables.national_io, tables.sector_codes, manifest["price_year"],
            path=tables.directory / f"{NATIONAL_TABLE}.csv")
    return _BY_TABLES[tables]


def remember_national(tables, national: NationalTable) -> None:
    """Use ``national`` as the national table of ``tables`` (one read from the table cache)."""
    _BY_TABLES[tables] = national


def national_multiplier_frame(tables) -> pd.DataFrame:
    """Per sector: national Type I output, value-added, import and compensation multipliers
    (won per won of final demand) and the import shares of final demand (0-1)."""
    national = load_national(tables)
    return pd.DataFrame({
        "sector_code": list(national.sector_codes),
        "name_ko": tables.sectors["name_ko"].to_numpy(),
        "output": national.output_multipliers,
        "value_added": national.value_added_multipliers,
        "imports": national.import_multipliers,
        "compensation": national.compensation_multipliers,
        "import_share_of_final_demand": national.import_share_of_final_demand,
        "import_share_of_domestic_final_demand": national.import_share_of_domestic_final_demand,
    })
