"""Money and job formatting for reports: 억원/조원 and 명, with Korean and English labels."""

from __future__ import annotations

import math

MILLION_WON_PER_EOK = 100.0      # 1억원 = 100 백만원
MILLION_WON_PER_JO = 1_000_000.0  # 1조원 = 1,000,000 백만원
MILLION_WON_PER_BILLION_WON = 1_000.0  # 10억원 = 1,000 백만원 (jobs multipliers are per 10억원)


def jobs_per_million_won(persons_per_billion_won):
    """Jobs per 백만원 (the library's money unit) from jobs per 10억원 (as BOK publishes
    its employment multipliers); numbers or arrays."""
    return persons_per_billion_won / MILLION_WON_PER_BILLION_WON


def jobs_per_billion_won(persons_per_million_won):
    """Jobs per 10억원, as reports show them, from jobs per 백만원 (:func:`jobs_per_million_won`
    the other way)."""
    return persons_per_million_won * MILLION_WON_PER_BILLION_WON


LABELS = {
    "ko": {"output": "생산유발", "value_added": "부가가치유발", "jobs": "취업유발",
           "in_region": "지역내", "other_regions": "타지역", "total": "전국",
           "construction": "건설", "operation": "운영", "direct": "직접", "indirect": "간접",
           "in_region_share": "지역내 비중"},
    "en": {"output": "Output", "value_added": "Value added", "jobs": "Jobs",
           "in_region": "In region", "other_regions": "Other regions", "total": "Nationwide",
           "construction": "Construction", "operation": "Operation", "direct": "Direct",
           "indirect": "Indirect", "in_region_share": "In-region share"},
}


def label(key: str, lang: str = "ko") -> str:
    """Korean (default) or English label for a measure, scope or phase key."""
    return LABELS[lang].get(key, key)


def bilingual(key: str) -> str:
    return f"{LABELS['ko'].get(key, key)} {LABELS['en'].get(key, key)}"


def eok(million_won: float) -> float:
    return million_won / MILLION_WON_PER_EOK


def format_won(million_won: float, digits: int = 1) -> str:
    """``1234560.0`` 백만원 -> ``'1조 2,345.6억원'``; below 1조, ``'5,432.1억원'``."""
    if million_won is None or not math.isfinite(million_won):
        return "-"
    sign = "-" if million_won < 0 else ""
    value = abs(million_won)
    eok_total = round(value / MILLION_WON_PER_EOK, digits)
    jo, rest = divmod(eok_total, 10_000)
    if jo >= 1:
        rest_text = f" {rest:,.{digits}f}억원" if round(rest, digits) else "원"
        return f"{sign}{int(jo):,}조{rest_text}"
    return f"{sign}{eok_total:,.{digits}f}억원"


def format_jobs(persons: float) -> str:
    if persons is None or not math.isfinite(persons):
        return "-"
    return f"{persons:,.0f}명"


def format_won_lang(million_won: float, lang: str = "ko", digits: int = 1) -> str:
    """:func:`format_won` in Korean; in English ``'KRW 40.7bn'`` / ``'KRW 1.28tn'``.

    1bn won = 1,000 백만원 = 10억원; 1tn won = 1조원.
    """
    if lang == "ko":
        return format_won(million_won, digits)
    if million_won is None or not math.isfinite(million_won):
        return "-"
    sign = "-" if million_won < 0 else ""
    value = abs(million_won)
    if value >= MILLION_WON_PER_JO:
        return f"{sign}KRW {value / MILLION_WON_PER_JO:,.2f}tn"
    return f"{sign}KRW {value / MILLION_WON_PER_BILLION_WON:,.{digits}f}bn"


def format_jobs_lang(persons: float, lang: str = "ko") -> str:
    """:func:`format_jobs` in Korean (``'1,234명'``); in English ``'1,234'``."""
    if lang == "ko":
        return format_jobs(persons)
    if persons is None or not math.isfinite(persons):
        return "-"
    return f"{persons:,.0f}"
