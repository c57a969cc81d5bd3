"""Price-index lookup: the first published year is the series' own, a year missing inside
a series is refused instead of becoming a NaN index (and NaN amounts), and money
re-expressed at another year's prices by hand from tables/price_indices.csv."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from impact.errors import BudgetError
from impact.prices import index_values, to_prices_of


def _pairs(series: str, *years: int) -> pd.DataFrame:
    return pd.DataFrame({"series": series, "year": list(years)})


def test_the_first_published_year_is_read_and_the_year_before_refused(tables):
    p = tables.price_indices
    gdp = p[p["series"] == "gdp_deflator"].sort_values("year")
    first = int(gdp["year"].iloc[0])
    got = index_values(tables, _pairs("gdp_deflator", first))
    assert got["index_2020_100"].iat[0] == float(gdp["index_2020_100"].iloc[0])
    assert got["status"].iat[0] == gdp["status"].iloc[0]
    with pytest.raises(BudgetError, match=f"starts in {first}") as info:
        index_values(tables, _pairs("gdp_deflator", first - 1))
    assert info.value.field == "price_year" and info.value.value == first - 1


def test_a_year_missing_inside_a_series_is_refused(tables):
    p = tables.price_indices
    gap = p[~((p["series"] == "gdp_deflator") & (p["year"] == 2018))]
    holed = dataclasses.replace(tables, price_indices=gap.reset_index(drop=True))
    with pytest.raises(BudgetError, match="price series gdp_deflator has no value for 2018") \
            as info:
        index_values(holed, _pairs("gdp_deflator", 2017, 2018))
    assert info.value.field == "price_year" and info.value.value == 2018
    got = index_values(holed, _pairs("gdp_deflator", 2017, 2019))  # either side: read
    assert got["index_2020_100"].notna().all() and list(got["year"]) == [2017, 2019]


def test_to_prices_of_by_hand(tables):
    """tables/price_indices.csv: GDP deflator 2024 = 111.4, construction total 2023 =
    127.9; 250 (2020 prices) is 250 × 111.4 / 100 = 278.5 at 2024 prices."""
    assert to_prices_of(tables, 250.0, 2024) == pytest.approx(278.5)
    assert to_prices_of(tables, 10.0, 2023, "construction_total") == pytest.approx(12.79)
    assert to_prices_of(tables, 100.0, 2020) == pytest.approx(100.0)  # the base year
