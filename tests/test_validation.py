"""Bad budgets fail with an error naming the file, line, field and value."""

from __future__ import annotations

import textwrap

import pytest

import impact
from impact.errors import BudgetError

GOOD = """\
id: demo
name: 데모 사업
region: 충북
price_year: 2025
unit: 억원
lines:
  - item: 건물 리모델링
    category: fit_out
    amount: 100
    year: 2026
    phase: construction
  - item: 소프트웨어
    sector: "62"
    amount: 10
    year: 2026
    phase: construction
    in_region_share: 0.3
"""


def write(tmp_path, text, name="budget.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def error_for(tmp_path, text, tables):
    path = write(tmp_path, text)
    with pytest.raises(BudgetError) as info:
        impact.load_project(path, tables=tables)
    return info.value, str(info.value)


def test_good_budget_loads(tmp_path, tables):
    project = impact.load_project(write(tmp_path, GOOD), tables=tables)
    assert project.region == "충북" and len(project.lines) == 2
    assert project.lines["in_region_share"].tolist() == [1.0, 0.3]  # fit_out, software defaults


@pytest.mark.parametrize("old,new,field,value,line", [
    # a top-level field's error cites the field's own line
    ("region: 충북", "region: 충청", "region", "충청", 3),
    ("region: 충북", "region: Atlantis", "region", "Atlantis", 3),
    ('sector: "62"', 'sector: "99"', "lines[2].sector", "99", 12),
    ("unit: 억원", "unit: 만원", "unit", "만원", 5),
    ("amount: 100", "amount: -5", "lines[1].amount", -5, 7),
    ("amount: 100", "amount: .nan", "lines[1].amount", None, 7),
    ("amount: 100", "amount: lots", "lines[1].amount", "lots", 7),
    ("in_region_share: 0.3", "in_region_share: 1.2", "lines[2].in_region_share", 1.2, 12),
    ("in_region_share: 0.3", "in_region_share: -0.1", "lines[2].in_region_share", -0.1, 12),
    ("category: fit_out", "category: spaceships", "lines[1].category", "spaceships", 7),
    ("phase: construction\n  - item", "phase: building\n  - item", "lines[1].phase", "building", 7),
    ("year: 2026\n    phase: construction\n  - item", "year: 1850\n    phase: construction\n  - item",
     "lines[1].year", 1850, 7),
    ("id: demo", "id: ../../etc", "id", "../../etc", 1),
    ("id: demo", "id: Demo Project", "id", "Demo Project", 1),
])
def test_errors_name_file_line_field_value(tmp_path, tables, old, new, field, value, line):
    assert old in GOOD
    err, text = error_for(tmp_path, GOOD.replace(old, new, 1), tables)
    assert err.file.endswith("budget.yaml") and "budget.yaml" in text
    assert err.field == field and field in text
    assert err.line == line
    if value is not None:
        assert err.value == value and repr(value) in text


def test_unknown_line_field(tmp_path, tables):
    err, text = error_for(tmp_path, GOOD.replace("amount: 10\n", "amount: 10\n    colour: red\n"),
                          tables)
    assert err.field == "lines[2].colour" and "unknown field" in text


def test_sector_and_category_together(tmp_path, tables):
    err, _ = error_for(tmp_path, GOOD.replace("category: fit_out", "category: fit_out\n    sector: '50'"),
                       tables)
    assert err.field == "lines[1].sector"


def test_sector_line_needs_in_region_share(tmp_path, tables):
    err, _ = error_for(tmp_path, GOOD.replace("    in_region_share: 0.3\n", ""), tables)
    assert err.field == "lines[2].in_region_share"


def test_not_a_mapping(tmp_path, tables):
    err, text = error_for(tmp_path, "- just\n- a list\n", tables)
    assert "mapping" in text and err.line == 1


def test_not_utf8(tmp_path, tables):
    path = tmp_path / "latin.yaml"
    path.write_bytes(GOOD.encode("utf-8").replace("데모".encode(), b"\xff\xfe"))
    with pytest.raises(BudgetError, match="not UTF-8") as info:
        impact.load_project(path, tables=tables)
    assert info.value.line == 2


def test_yaml_objects_are_not_constructed(tmp_path, tables):
    err, text = error_for(tmp_path, GOOD.replace("name: 데모 사업",
                                                 "name: !!python/object/apply:os.getcwd []"),
                          tables)
    assert "not valid YAML" in text and err.line == 2


def test_duplicate_line_ids(tmp_path, tables):
    text = GOOD.replace("  - item: 건물", "  - id: a\n    item: 건물").replace(
        "  - item: 소프트웨어", "  - id: a\n    item: 소프트웨어")
    err, _ = error_for(tmp_path, text, tables)
    assert err.field == "lines[2].id" and err.value == "a"


def test_unknown_parameter_in_expression(tmp_path, tables):
    err, text = error_for(tmp_path, GOOD.replace("amount: 100", "amount: =size * 2"), tables)
    assert err.field == "lines[1].amount" and "size" in text


def test_english_and_full_region_names(tmp_path, tables):
    for name in ("Chungbuk", "chungbuk", "충청북도"):
        project = impact.load_project(write(tmp_path, GOOD.replace("region: 충북",
                                                                   f"region: {name}")),
                                      tables=tables)
        assert project.region == "충북"


def test_unknown_key_with_a_no_break_space_is_named(tmp_path, tables):
    err, _ = error_for(tmp_path, GOOD.replace("amount: 10\n", "amount: 10\n    \"\\xa0\": 1\n"),
                       tables)
    assert err.field == "lines[2].\xa0" and err.value == "\xa0"


def test_key_with_a_line_break_is_refused_on_one_line(tmp_path, tables):
    err, text = error_for(tmp_path, GOOD.replace("amount: 10\n", "amount: 10\n    \"a\\nb\": 1\n"),
                          tables)
    assert "\n" not in text and err.line == 15
