"""Results as one flat CSV table: the effects AND the budget lines they come from.

``record`` says what a row is: ``effect`` (a measure x scope total) or ``line`` (a budget
line, ``value`` = its amount in 백만원 at 2020 prices, with its assumptions: in-region
share, deflator, price year, exclusion).  Money is 백만원 at 2020 prices, jobs persons.
The CLI writes it with a UTF-8 byte-order mark so that Excel reads the Hangul.
"""

from __future__ import annotations

import pandas as pd

CSV_COLUMNS = ["record", "id", "region", "measure", "scope", "value", "unit", "price_year",
               "line_id", "item", "category", "sector_code", "phase", "year", "until",
               "amount_as_written_million_won", "line_price_year", "deflator",
               "index_2020_100", "in_region_share", "excluded_because"]


def _effect_rows(result) -> pd.DataFrame:
    long = result.totals().reset_index().melt(id_vars="measure", var_name="scope")
    return long.assign(record="effect", id=result.project.id, region=result.region,
                       price_year=result.price_year,
                       unit=long["measure"].map({"jobs": "persons"}).fillna("백만원"))


def _line_rows(result) -> pd.DataFrame:
    lines = result.lines
    until = lines["spread_until"].astype("Int64").fillna(lines["recurs_until"].astype("Int64"))
    return pd.DataFrame({
        "record": "line", "id": result.project.id, "region": result.region,
        "measure": "input", "scope": "", "value": lines["amount_2020"].to_numpy(),
        "unit": "백만원", "price_year": result.price_year, "line_id": lines["line_id"],
        "item": lines["item"], "category": lines["category"],
        "sector_code": lines["sector_code"], "phase": lines["phase"], "year": lines["year"].astype("Int64"),
        "until": until, "amount_as_written_million_won": lines["amount_as_written"],
        "line_price_year": lines["price_year"].astype("Int64"), "deflator": lines["deflator"],
        "index_2020_100": lines["index_2020_100"],
        "in_region_share": lines["in_region_share"], "excluded_because": lines["exclude"]})


def results_frame(results) -> pd.DataFrame:
    """Effects then lines of every result, in :data:`CSV_COLUMNS` order."""
    parts = []
    for r in results:
        parts += [_effect_rows(r), _line_rows(r)]
    return pd.concat(parts, ignore_index=True).reindex(columns=CSV_COLUMNS)


def results_csv(results) -> str:
    """:func:`results_frame` as CSV text (no BOM; the writer adds it)."""
    return results_frame(results).to_csv(index=False, lineterminator="\n")
