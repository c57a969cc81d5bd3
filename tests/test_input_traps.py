"""Inputs that used to change the numbers without a word (issue 10 §4), each refused or
read one documented way; expected figures are computed by hand from the shipped tables."""

from __future__ import annotations

import contextlib
import io
import re
import zipfile

import pandas as pd
import pytest

import impact
from impact import cli
from impact.errors import BudgetError
from impact.yamlio import read_yaml_mapping
from tests.test_validation import GOOD, write

# two lines: L01 building works by category (line 7), L02 software by sector (line 12)
BUDGET = GOOD.replace("item: 건물 리모델링", "item: 연구동 신축").replace(
    "category: fit_out", "category: building_construction")
NAME = "데모 사업"


def load(tmp_path, text, tables):
    return impact.load_project(write(tmp_path, text), tables=tables)


def refuse(tmp_path, text, tables) -> BudgetError:
    with pytest.raises(BudgetError) as info:
        load(tmp_path, text, tables)
    assert "\n" not in str(info.value)
    return info.value


def index(tables, series, year):
    return tables.price_indices.set_index(["series", "year"]).loc[(series, year)]


# -- sector codes are two-digit text -----------------------------------------------------

@pytest.mark.parametrize("written,value,quoted", [
    ("010", 8, '"08"'),      # YAML 1.1 reads 010 as octal 8
    ("5", 5, '"05"'),
    ("62", 62, '"62"'),     # unambiguous, but still a number: the same rule for every code
    ('"5"', "5", '"05"'),
])
def test_sector_must_be_quoted_two_digits(tmp_path, tables, written, value, quoted):
    err = refuse(tmp_path, BUDGET.replace('sector: "62"', f"sector: {written}"), tables)
    assert err.field == "lines[2].sector" and err.line == 12
    assert err.value == value and f"sector: {quoted}" in err.message
    if written == "010":
        assert "octal" in err.message


def test_alt_sector_keys_follow_the_same_rule(tmp_path, tables):
    text = BUDGET.replace("    in_region_share: 0.3\n",
                          "    in_region_share: 0.3\n    alt_sectors: {71: 0.2}\n")
    err = refuse(tmp_path, text, tables)
    assert err.field == "lines[2].alt_sectors" and '{"71": weight}' in err.message


# -- a sector line is deflated as its sector's categories are ----------------------------

def test_sector_line_takes_its_sectors_deflator(tmp_path, tables):
    as_category = load(tmp_path, BUDGET, tables)
    as_sector = load(tmp_path, BUDGET.replace(
        "    category: building_construction\n",
        '    sector: "50"\n    in_region_share: 1.0\n'), tables)
    line = as_sector.lines.iloc[0]
    assert (line["deflator"], line["deflator_source"]) == ("construction_building", "sector")
    assert as_category.lines.iloc[0]["deflator_source"] == "category"
    # 100억원 at 2025 prices -> 2020 prices with the building index, by hand
    expected = 100 * 100 * 100 / index(tables, "construction_building", 2025)["index_2020_100"]
    flows = impact.estimate(as_sector, tables=tables).flows
    assert flows.loc[flows["line_id"] == "L01", "spend_2020"].sum() == pytest.approx(expected)
    pd.testing.assert_frame_equal(impact.estimate(as_sector, tables=tables).totals(),
                                  impact.estimate(as_category, tables=tables).totals())


def test_a_named_deflator_still_wins(tmp_path, tables):
    project = load(tmp_path, BUDGET.replace(
        "    category: building_construction\n",
        '    sector: "50"\n    in_region_share: 0.8\n    deflator: gdp_deflator\n'), tables)
    assert tuple(project.lines.iloc[0][["deflator", "deflator_source"]]) == ("gdp_deflator",
                                                                             "line")


def test_sector_without_a_category_uses_the_gdp_deflator(tables):
    from impact.budget import sector_deflators
    defaults = sector_deflators(tables)
    assert defaults["50"] == "construction_building" and defaults["51"] == "construction_civil"
    assert defaults["01"] == "gdp_deflator"  # no category maps to crops


# -- construction prices before 2020 -----------------------------------------------------

def test_a_2019_building_budget_is_converted_with_a_labelled_estimate(tmp_path, tables):
    project = load(tmp_path, BUDGET.replace("price_year: 2025", "price_year: 2019"), tables)
    used = index(tables, "construction_building", 2019)
    total = index(tables, "construction_total", 2019)
    assert used["status"] == "estimated" and "construction_total" in used["source"]
    assert used["index_2020_100"] == total["index_2020_100"] == 97.2  # shared data, 2019
    flows = impact.estimate(project, tables=tables).flows
    assert flows.loc[flows["line_id"] == "L01", "spend_2020"].sum() == pytest.approx(
        100 * 100 * 100 / 97.2)


# -- the unit --------------------------------------------------------------------------

def test_project_from_frame_requires_the_unit(small_lines, tables):
    with pytest.raises(BudgetError) as info:
        impact.project_from_frame(small_lines, id="u", name="U", region="경북",
                                  price_year=2025, tables=tables)
    assert info.value.field == "unit" and "억원" in info.value.message


@pytest.mark.parametrize("written", ["억", "억 원", "억원"])
def test_eok_means_eok_won(tmp_path, tables, written):
    project = load(tmp_path, BUDGET.replace("unit: 억원", f"unit: {written}"), tables)
    assert project.unit == "억원"


# -- what Koreans type ---------------------------------------------------------------------

@pytest.mark.parametrize("label", ["건물 건설", "건물건설", "Building construction"])
def test_category_labels(tmp_path, tables, label):
    project = load(tmp_path, BUDGET.replace("category: building_construction",
                                            f"category: {label}"), tables)
    assert project.lines.iloc[0]["category"] == "building_construction"
    assert project.lines.iloc[0]["in_region_share"] == 1.0  # the category default


def test_unknown_category_suggests_the_label(tmp_path, tables):
    err = refuse(tmp_path, BUDGET.replace("category: building_construction",
                                          "category: 건물 건축"), tables)
    assert err.field == "lines[1].category" and "건물 건설" in err.message


@pytest.mark.parametrize("region", ["충청북도", "Chungcheongbuk-do", "north chungcheong",
                                    "Chungbuk", "충북"])
def test_region_names(tmp_path, tables, region):
    assert load(tmp_path, BUDGET.replace("region: 충북", f"region: {region}"),
                tables).region == "충북"


@pytest.mark.parametrize("old,new,field,hint", [
    ("    amount: 10\n", "    amout: 10\n", "lines[2].amout", "did you mean 'amount'"),
    ("    amount: 10\n", "    금액: 10\n", "lines[2].금액", "did you mean 'amount' (금액)"),
    ("region: 충북", "regoin: 충북", "regoin", "did you mean 'region'"),
])
def test_unknown_fields_say_what_was_meant(tmp_path, tables, old, new, field, hint):
    err = refuse(tmp_path, BUDGET.replace(old, new), tables)
    assert err.field == field and hint in err.message


@pytest.mark.parametrize("written,fix", [
    ('"1,200"', "write 1200 without thousands separators"),
    ('"1200"', "write 1200 without quotes"),
])
def test_amount_typed_as_text_is_refused_with_the_fix(tmp_path, tables, written, fix):
    err = refuse(tmp_path, BUDGET.replace("amount: 100", f"amount: {written}"), tables)
    assert err.field == "lines[1].amount" and fix in err.message
    assert err.value == written.strip('"')


def test_price_year_error_cites_its_own_line(tmp_path, tables):
    err = refuse(tmp_path, BUDGET.replace("price_year: 2025", "price_year: 1850"), tables)
    assert (err.field, err.line) == ("price_year", 4)


# -- an Excel file where YAML is expected --------------------------------------------------

def test_workbook_named_yaml_says_how_to_read_it(tmp_path, tables):
    path = tmp_path / "budget.yaml"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(BudgetError) as info:
        impact.load_project(path, tables=tables)
    assert "zip" in info.value.message and ".xlsx" in info.value.message


def test_yaml_reader_given_a_workbook_says_how_to_read_it(tmp_path):
    path = tmp_path / "budget.xlsx"
    path.write_bytes(b"PK\x03\x04")
    with pytest.raises(BudgetError) as info:
        read_yaml_mapping(path)
    assert "impact.load_project" in info.value.message


# -- the command line ------------------------------------------------------------------------

def run(argv):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = cli.main(argv)
        except SystemExit as exc:  # argparse
            status = exc.code
    return status, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("bad_first", [True, False])
def test_estimate_reports_every_file(tmp_path, bad_first):
    good = write(tmp_path, BUDGET, "good.yaml")
    bad = write(tmp_path, BUDGET.replace("amount: 100", "amount: -1"), "bad.yaml")
    status, out, err = run(["estimate", *map(str, [bad, good] if bad_first else [good, bad])])
    assert status == 2
    assert NAME in out  # the good file's summary
    errors = [line for line in err.splitlines() if line.startswith("impact: error: ")]
    assert len(errors) == 1 and str(bad) in errors[0] and "lines[1].amount" in errors[0]


def test_estimate_warns_about_the_checks_errors(tmp_path):
    land = write(tmp_path, BUDGET.replace("item: 연구동 신축", "item: 부지 매입"))
    status, out, err = run(["estimate", str(land)])
    assert status == 0 and NAME in out
    warnings = [line for line in err.splitlines() if line.startswith("impact: warning: ")]
    assert warnings and "land" in warnings[0] and "error" in warnings[0]
    status, _, err = run(["estimate", str(write(tmp_path, BUDGET, "clean.yaml"))])
    assert status == 0 and err == ""


def test_estimate_words_its_warnings_in_the_chosen_language(tmp_path):
    """Korean by default, as ``impact check``; the prefix, severity, rule and field stay
    as they are in both languages, for scripts."""
    land = write(tmp_path, BUDGET.replace("item: 연구동 신축", "item: 부지 매입"))
    worded = {}
    for lang in ([], ["--lang", "ko"], ["--lang", "en"]):
        _, _, err = run(["estimate", str(land), *lang])
        [warning] = [line for line in err.splitlines() if line.startswith("impact: warning: ")]
        assert ": error: [not_final_demand.land] line L01 item: " in warning
        worded[tuple(lang)] = warning
    assert worded[()] == worded[("--lang", "ko")]
    assert "최종수요가 아닙니다" in worded[()] and "입력한 대로 추정함" in worded[()]
    english = worded[("--lang", "en")]
    assert "is not final demand" in english and "estimated as written" in english
    assert not re.search("[가-힣]", english.split(" item: ", 1)[1])  # the wording: no Hangul


@pytest.mark.parametrize("option,value,says", [
    ("--draws", "0", "at least 1"), ("--jobs", "0", "at least 1"),
    ("--price-year", "1990", "between 2010"), ("--seed", "-1", "not be negative"),
])
def test_option_errors_are_option_errors(tmp_path, option, value, says):
    good = write(tmp_path, BUDGET)
    status, out, err = run(["report", str(good), option, value, "--out", str(tmp_path / "r")])
    assert status == 2 and out == ""
    assert f"argument {option}: " in err and says in err and "impact: error" not in err
    assert not (tmp_path / "r").exists()


# -- a NaN written in a line --------------------------------------------------------------
@pytest.mark.parametrize("field, written", [("sector", '"62"'), ("in_region_share", "0.3"),
                                            ("amount", "10")])
def test_a_written_nan_is_refused_naming_its_field(tmp_path, tables, field, written):
    """YAML's .nan is a cell left empty once the lines are a frame: the sector's became
    "needs a sector or a category" on another field, and an in-region share's the
    category's default, without a word (found by tests/test_fuzz.py)."""
    text = BUDGET.replace(f"    {field}: {written}\n", f"    {field}: .nan\n", 1)
    assert text != BUDGET
    err = refuse(tmp_path, text, tables)
    assert err.field == f"lines[2].{field}" and err.line == 12
    assert "NaN is not a value" in err.message and "(got nan)" in str(err)


@pytest.mark.parametrize("line_id, field", [("L01", "in_region_share"), ("L01", "amount"),
                                            ("L02", "sector")])
def test_a_written_nan_in_a_scenario_is_refused_when_the_file_loads(tmp_path, tables,
                                                                    line_id, field):
    """The same in a scenario's line override: L01's in-region share became its category's
    default in that scenario, without a word; an amount was refused only once the
    scenario was applied, naming the line instead of the scenario."""
    text = BUDGET + f"scenarios:\n  local:\n    lines:\n      {line_id}: {{{field}: .nan}}\n"
    err = refuse(tmp_path, text, tables)
    assert err.field == f"scenarios.local.lines.{line_id}.{field}" and err.line == 21, str(err)
    assert "NaN is not a value" in err.message and "keep the line's own value" in err.message
    assert "(got nan)" in str(err)
