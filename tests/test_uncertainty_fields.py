"""The budget fields for uncertainty (in_region_share_range, alt_sectors) and their errors."""

from __future__ import annotations

import math

import pytest

import impact

from .test_validation import GOOD, error_for, write

# GOOD's second line (YAML line 12) buys software: sector 62, in_region_share 0.3
SHARE = "    in_region_share: 0.3\n"


def with_fields(text: str) -> str:
    assert SHARE in GOOD
    return GOOD.replace(SHARE, SHARE + text)


def test_fields_load_into_lines(tmp_path, tables):
    text = with_fields("    in_region_share_range: [0.1, 0.5]\n"
                       "    alt_sectors: {\"73\": 0.2, \"71\": 0.1}\n")
    project = impact.load_project(write(tmp_path, text), tables=tables)
    row = project.lines.iloc[1]
    assert (row["in_region_share_low"], row["in_region_share_high"]) == (0.1, 0.5)
    assert row["alt_sectors"] == {"73": 0.2, "71": 0.1}
    first = project.lines.iloc[0]
    assert first["alt_sectors"] == {} and math.isnan(first["in_region_share_low"])


def test_category_default_share_must_lie_in_range(tmp_path, tables):
    text = GOOD.replace("    category: fit_out\n",
                        "    category: fit_out\n    in_region_share_range: [0.8, 1.0]\n")
    project = impact.load_project(write(tmp_path, text), tables=tables)
    assert project.lines.iloc[0]["in_region_share_low"] == 0.8  # fit-out default 1.0 inside
    err, _ = error_for(tmp_path, text.replace("[0.8, 1.0]", "[0.2, 0.5]"), tables)
    assert err.field == "lines[1].in_region_share_range" and err.line == 7


@pytest.mark.parametrize("extra,message,value", [
    ("    in_region_share_range: 0.4\n", "two numbers", 0.4),
    ("    in_region_share_range: [0.1]\n", "two numbers", [0.1]),
    ("    in_region_share_range: [0.1, high]\n", "two numbers", [0.1, "high"]),
    ("    in_region_share_range: [0.5, 0.2]\n", "low <= high", [0.5, 0.2]),
    ("    in_region_share_range: [0.2, 1.5]\n", "low <= high", [0.2, 1.5]),
    ("    in_region_share_range: [0.4, 0.6]\n", "must contain", [0.4, 0.6]),
    ("    alt_sectors: 62\n", "mapping", 62),
    ('    alt_sectors: {"99": 0.2}\n', "unknown sector", {"99": 0.2}),
    ('    alt_sectors: {"71": 0}\n', "between 0 and 1", {"71": 0}),
    ('    alt_sectors: {"71": 1.5}\n', "between 0 and 1", {"71": 1.5}),
    ('    alt_sectors: {"71": 0.6, "72": 0.5}\n', "less than 1", {"71": 0.6, "72": 0.5}),
    ('    alt_sectors: {"62": 0.3}\n', "own sector", {"62": 0.3}),
])
def test_bad_fields_name_file_line_field_value(tmp_path, tables, extra, message, value):
    err, text = error_for(tmp_path, with_fields(extra), tables)
    field = "lines[2]." + extra.split(":")[0].strip()
    assert err.file.endswith("budget.yaml") and err.line == 12
    assert err.field == field and field in text
    assert message in err.message and err.value == value


def test_range_not_with_an_expression_share(tmp_path, tables):
    text = "parameters:\n  s: {value: 0.3, low: 0.1, high: 0.5}\n" + with_fields(
        "    in_region_share_range: [0.1, 0.5]\n").replace("in_region_share: 0.3",
                                                          "in_region_share: =s")
    err, _ = error_for(tmp_path, text, tables)
    assert err.field == "lines[2].in_region_share_range" and "expression" in err.message


def test_alt_sectors_need_a_mapped_line(tmp_path, tables):
    text = GOOD + ("  - item: 부지\n    category: land_purchase\n    amount: 5\n    year: 2025\n"
                   "    phase: construction\n    alt_sectors: {\"50\": 0.2}\n")
    err, _ = error_for(tmp_path, text, tables)
    assert err.field == "lines[3].alt_sectors" and "excluded" in err.message


def test_huge_numbers_are_refused_not_crashed_on(tmp_path, tables):
    err, _ = error_for(tmp_path, with_fields(f"    in_region_share_range: [0.1, {10**400}]\n"),
                       tables)
    assert err.field == "lines[2].in_region_share_range" and "low <= high" in err.message
    err, _ = error_for(tmp_path, with_fields(f'    alt_sectors: {{"71": {10**400}}}\n'), tables)
    assert err.field == "lines[2].alt_sectors"
