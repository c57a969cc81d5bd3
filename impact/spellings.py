"""What people type, and what it means: units, category labels, sector codes, field names.

Every spelling accepted here maps to exactly one canonical value; anything else is refused
with a message that shows the accepted form (a number never changes because of how it was
typed).  Used by the budget validator for YAML, workbooks and frames alike.
"""

from __future__ import annotations

import difflib
import functools
import re

import numpy as np

from .tables import Tables

UNITS_IN_MILLION_WON = {"원": 1e-6, "천원": 1e-3, "백만원": 1.0, "억원": 100.0, "조원": 1e6}
# a unit without 원, as written in Korean budgets (e.g. "단위: 억")
UNIT_ALIASES = {"천": "천원", "백만": "백만원", "억": "억원", "조": "조원"}

# Korean names of the budget-line fields (workbook headers; hints for YAML keys)
LINE_FIELD_KO = {
    "id": "번호", "item": "항목", "amount": "금액", "category": "분류", "sector": "부문",
    "year": "연도", "spread_until": "분할 종료연도", "recurs_until": "반복 종료연도",
    "phase": "단계", "in_region_share": "지역내 구매비중",
    "in_region_share_range": "지역내 구매비중 범위", "import_share": "수입비중",
    "import_share_range": "수입비중 범위", "supplied_from": "공급지역", "deflator": "가격지수",
    "price_year": "가격 기준연도", "exclude": "제외 사유", "note": "비고",
    "alt_sectors": "대체 부문", "price_basis": "가격 형태",
}
PROJECT_FIELD_KO = {
    "id": "사업 ID", "name": "사업명", "name_en": "영문 사업명", "region": "지역",
    "price_year": "가격 기준연도", "unit": "단위", "description": "설명", "sources": "출처",
}
THOUSANDS = re.compile(r"^\s*[+-]?\d{1,3}(,\d{3})+(\.\d+)?\s*$")
PLAIN_NUMBER = re.compile(r"^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$")


def squeeze(text: str) -> str:
    """Lower case without any whitespace: the key labels are compared on."""
    return "".join(text.split()).casefold()


def resolve_unit(value) -> str | None:
    """``억원``, ``억`` or ``억 원`` -> ``억원``; None for anything else."""
    if not isinstance(value, str):
        return None
    key = "".join(value.split())
    key = UNIT_ALIASES.get(key, key)
    return key if key in UNITS_IN_MILLION_WON else None


def did_you_mean(key, known, labels: dict | None = None) -> str:
    """``"; did you mean 'amount' (금액)?"`` for a close known name (or a Korean label)."""
    if not isinstance(key, str):
        return ""
    labels = labels or {}
    by_label = {squeeze(label): name for name, label in labels.items()}
    if squeeze(key) in by_label:
        name = by_label[squeeze(key)]
        return f"; did you mean {name!r} ({labels[name]})?"
    close = difflib.get_close_matches(key.strip().lower(), list(known), n=1, cutoff=0.6)
    if not close:  # a mistyped Korean name: 금엑 -> 금액
        near = difflib.get_close_matches(squeeze(key), list(by_label), n=1, cutoff=0.5)
        close = [by_label[near[0]]] if near else []
    if close:
        name = close[0]
        return f"; did you mean {name!r}" + (f" ({labels[name]})" if name in labels else "") + "?"
    return ""


def unknown_field_message(key, known, labels: dict | None = None) -> str:
    return f"unknown field{did_you_mean(key, known, labels)} known fields: {', '.join(known)}"


@functools.lru_cache(maxsize=8)
def category_spellings(tables: Tables) -> dict[str, str]:
    """Category key, Korean label or English label (case and spaces ignored) -> key."""
    cats = tables.category_rows.reset_index()
    out = {}
    for column in ("label_en", "label_ko", "category"):  # keys win over labels
        out.update({squeeze(str(v)): k for v, k in zip(cats[column], cats["category"]) if v})
    return out


def resolve_categories(values, tables: Tables):
    """Each written category as its key (NaN where unknown or not text); the keys pass as is."""
    import pandas as pd
    values = pd.Series(values)
    keys = set(tables.categories["category"])
    exact = values.isin(keys) | values.isna()
    if exact.all():
        return values
    spelled = category_spellings(tables)
    other = values[~exact].map(lambda v: spelled.get(squeeze(v)) if isinstance(v, str) else None)
    return values.where(exact, other)


def category_problem(value, tables: Tables) -> str:
    cats = tables.category_rows.reset_index()
    hint = did_you_mean(value, list(cats["category"]),
                        dict(zip(cats["category"], cats["label_ko"])))
    return (f"unknown category{hint} known: {', '.join(cats['category'])} "
            "(or their Korean labels, see tables/categories.csv)")


def sector_problem(value, written: str = 'sector: "{}"') -> str:
    """Why ``value`` is not a sector code, with the quoted form to write instead
    (``written`` shows where the code goes, e.g. ``'alt_sectors: {{"{}": 0.3}}'``)."""
    if isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_)):
        if 1 <= value <= 83:
            return ("sector codes are two-digit text in quotes: write "
                    + written.format(f"{int(value):02d}") + " if that is the code meant (a bare "
                    "number is read as a number, and YAML reads 010 as octal 8)")
        return 'unknown sector code; write it as two-digit text in quotes, "01".."83"'
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        digits = value.strip()
        if len(digits) == 1:
            return "sector codes have two digits: write " + written.format("0" + digits)
        if digits != value and digits.zfill(2) == digits:
            return "write the code without spaces: " + written.format(digits)
        return 'unknown sector code; use two digits "01".."83" (BOK 통합중분류)'
    return 'unknown sector code; use two digits in quotes, "01".."83" (BOK 통합중분류)'


def number_problem(value, base: str = "must be a number") -> str:
    """``"1,200"`` and ``"1200"`` are text: say how to write the number."""
    if isinstance(value, str):
        if THOUSANDS.match(value):
            plain = value.strip().replace(",", "")
            return (f"{base}: write {plain} without thousands separators (the text "
                    f"{value.strip()!r} is not read as a number)")
        if PLAIN_NUMBER.match(value):
            return f"{base}: write {value.strip()} without quotes (quoted, it is text)"
    return base
