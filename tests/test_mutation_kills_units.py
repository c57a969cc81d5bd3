"""Money and job formats at their edges (impact/units.py), written out by hand:
1억원 = 100 백만원, 1조원 = 10,000억원 = 1,000,000 백만원, KRW 1bn = 1,000 백만원."""

from __future__ import annotations

from impact import units


def test_zero_and_small_positive_amounts_have_no_minus_sign():
    assert units.format_won(0.0) == "0.0억원"
    assert units.format_won(0.4) == "0.0억원"        # 40만원 rounds to 0.0억원, not negative
    assert units.format_won(-0.4) == "-0.0억원"
    assert units.format_won_lang(0.0, "en") == "KRW 0.0bn"
    assert units.format_won_lang(0.4, "en") == "KRW 0.0bn"


def test_trillions_keep_a_small_remainder_in_eok():
    assert units.format_won(1_000_040.0) == "1조 0.4억원"   # 10,000.4억원
    assert units.format_won(1_000_004.0) == "1조원"         # 10,000.04억원 rounds to 1조
    assert units.format_won(1_000_040.0, digits=0) == "1조원"


def test_korean_default_and_digits_pass_through():
    assert units.format_won_lang(5_000.0) == "50.0억원"
    assert units.format_won_lang(5_000.0, "ko", digits=2) == "50.00억원"
    assert units.format_won_lang(5_000.0, "en", digits=2) == "KRW 5.00bn"


def test_one_trillion_won_is_shown_in_trillions():
    assert units.format_won_lang(1_000_000.0, "en") == "KRW 1.00tn"
    assert units.format_won_lang(999_949.0, "en") == "KRW 999.9bn"
    assert units.format_won(1_000_000.0) == "1조원"


def test_unknown_keys_are_shown_as_written():
    assert units.label("unknown") == "unknown"
    assert units.label("unknown", "en") == "unknown"
