"""Broken budget files end in the library's own error, naming file, line, field and value.

Property-based (hypothesis).  Each test starts from one valid budget, breaks one thing
(a field's value, a missing or extra field, the bytes, the YAML itself) and checks that
loading or estimating raises :class:`~impact.errors.BudgetError` that names the file and,
where there is one, the YAML line, the field and the bad value; and that the command line
exits with status 2, prints exactly one line on stderr, no traceback, nothing on stdout and
writes no file.
"""

from __future__ import annotations

import contextlib
import copy
import json
import math
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest import mock

import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import impact
from impact import yamlio
from impact.budget import LINE_FIELDS, PHASES, UNITS_IN_MILLION_WON, YEAR_RANGE
from impact.errors import BudgetError, ImpactError
from impact.project import PROJECT_FIELDS

from .conftest import run_cli

TABLES = impact.load_tables()
FUZZ = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
ANY = object()  # the value is not asserted (e.g. an evaluated expression)
NO_LINE = object()  # the error has no YAML line (whole-file problems)

# --------------------------------------------------------------------------------------
# A valid budget, written to YAML by hand so that every field's line is known.

BASE: dict[str, Any] = {
    "id": "fuzz-demo",
    "name": "퍼즈 사업",
    "name_en": "Fuzz demo",
    "region": "경북",
    "price_year": 2024,
    "unit": "억원",
    "description": "A valid budget that the tests break one thing at a time.",
    "sources": ["test fixture"],
    "parameters": {"share": {"value": 0.5, "low": 0.2, "high": 0.8, "note": "assumption"}},
    "scenarios": {"low": {"description": "less local", "parameters": {"share": 0.2},
                          "lines": {"servers": {"amount": 50}}}},
    "lines": [
        {"id": "building", "item": "연구동 신축", "category": "building_construction",
         "amount": 120, "year": 2025, "spread_until": 2026, "phase": "construction",
         "note": "two-year build"},
        {"id": "servers", "item": "GPU 서버", "category": "it_hardware", "amount": 80,
         "year": 2026, "phase": "construction", "in_region_share": "=share * 0.1"},
        {"id": "software", "item": "소프트웨어", "sector": "62", "amount": 10.5, "year": 2026,
         "phase": "construction", "in_region_share": 0.3, "deflator": "gdp_deflator"},
        {"id": "ops", "item": "운영 인력", "category": "operations_staff", "amount": "=share * 4",
         "year": 2027, "recurs_until": 2030, "phase": "operation", "price_year": 2025},
        {"id": "land", "item": "부지 매입", "category": "land_purchase", "amount": 30,
         "year": 2025, "phase": "construction"},
    ],
}
LINE_IDS = [line["id"] for line in BASE["lines"]]
SECTOR_LINES = [i for i, line in enumerate(BASE["lines"]) if "sector" in line]
CATEGORY_LINES = [i for i, line in enumerate(BASE["lines"]) if "category" in line]


def flow(value) -> str:
    """One value as single-line YAML (flow style; strings double-quoted)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return ".nan"
        if math.isinf(value):
            return ".inf" if value > 0 else "-.inf"
        text = repr(value)
        mantissa, e, exponent = text.partition("e")
        if e and "." not in mantissa:  # YAML 1.1 floats need a dot: 1e+300 -> 1.0e+300
            text = f"{mantissa}.0e{exponent}"
        return text
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{flow(k)}: {flow(v)}" for k, v in value.items()) + "}"
    raise TypeError(type(value))


@dataclass
class Written:
    text: str
    key_line: dict  # top-level key -> its line
    item_line: list  # budget line i (0-based) -> line of its mapping


def to_yaml(doc: dict) -> Written:
    out, key_line, item_line = [], {}, []
    for key, value in doc.items():
        key_line[key] = len(out) + 1
        if key == "lines" and isinstance(value, list) and value:
            out.append(f"{flow(key)}:")
            for item in value:
                item_line.append(len(out) + 1)
                if isinstance(item, dict) and item:
                    for j, (k, v) in enumerate(item.items()):
                        out.append(f"{'  - ' if j == 0 else '    '}{flow(k)}: {flow(v)}")
                else:
                    out.append(f"  - {flow(item)}")
        else:
            out.append(f"{flow(key)}: {flow(value)}")
    return Written("\n".join(out) + "\n", key_line, item_line)


@dataclass
class Expect:
    field: str | None
    line: Any = None  # an int, or NO_LINE
    value: Any = ANY
    message: str | None = None


# --------------------------------------------------------------------------------------
# Checking

def same(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    return a == b


def check_error(err: ImpactError, path: Path, expect: Expect) -> None:
    text = str(err)
    assert isinstance(err, BudgetError), text
    assert "\n" not in text and "\r" not in text, text
    assert err.file == str(path) and text.startswith(str(path)), text
    if expect.line is NO_LINE:
        assert err.line is None, text
    elif expect.line is not None:
        assert err.line == expect.line, text
        assert text.startswith(f"{path}:{expect.line}: "), text
    if expect.field is not None:
        assert err.field == expect.field, text
        assert f": {expect.field}: " in text, text
    if expect.value is not ANY:
        assert same(err.value, expect.value), (text, err.value, expect.value)
        assert "(got " + repr(expect.value)[:40] in text, text
    if expect.message is not None:
        assert expect.message in err.message, text


def load_error(path: Path, scenario: str | None = None) -> BudgetError:
    with pytest.raises(ImpactError) as info:
        project = impact.load_project(path, tables=TABLES)
        impact.estimate(project, tables=TABLES, scenario=scenario)
    return info.value


def assert_cli_refuses(path: Path, expect: Expect, scenario: str | None = None,
                       first: Path | None = None) -> None:
    """``impact estimate [first] path``: status 2, one line naming the file, nothing written."""
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        before = sorted(os.listdir(path.parent))
        argv = ["estimate"] + ([str(first)] if first else []) + [str(path)] \
            + (["--scenario", scenario] if scenario else [])
        status, stdout, stderr = run_cli(argv, work)
        assert status == 2, stderr
        if first is None:
            assert stdout == ""
        else:  # the good file's estimate is printed, the bad one's error beside it
            good_alone = run_cli(["estimate", str(first)]
                                 + (["--scenario", scenario] if scenario else []), work)
            assert good_alone[0] == 0 and stdout == good_alone[1] != ""
            # the good file's own warnings (e.g. purchaser prices kept whole) come first,
            # exactly as when it runs alone; then the one error line
            assert stderr.startswith(good_alone[2]), stderr
            stderr = stderr[len(good_alone[2]):]
        assert stderr.endswith("\n") and stderr.count("\n") == 1, stderr
        assert stderr.startswith("impact: error: ") and "Traceback" not in stderr
        assert str(path) in stderr
        if expect.field:
            assert f": {expect.field}: " in stderr, stderr
        assert os.listdir(work) == [], "the command wrote into the working directory"
        assert sorted(os.listdir(path.parent)) == before, "the command wrote beside the budget"


@contextlib.contextmanager
def budget_file(content: str | bytes):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "budget.yaml"
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
        yield path


def test_base_budget_is_valid():
    """The starting point loads and estimates, so every failure below is the mutation's."""
    written = to_yaml(BASE)
    with budget_file(written.text) as path:
        project = impact.load_project(path, tables=TABLES)
        assert project.lines["line_id"].tolist() == LINE_IDS
        result = impact.estimate(project, tables=TABLES)
        assert result.totals().loc["output", "total"] > 0
        assert impact.estimate(project, tables=TABLES, scenario="low").totals().loc[
            "output", "total"] > 0
        assert run_cli(["estimate", str(path)], path.parent)[0] == 0
    assert written.item_line[0] == written.key_line["lines"] + 1
    assert written.item_line[1] == written.item_line[0] + len(BASE["lines"][0])


# --------------------------------------------------------------------------------------
# Strategies for bad values

PRINTABLE = st.characters(whitelist_categories=("L", "N", "P", "S", "Zs"), max_codepoint=0xFFFF)
text = st.text(PRINTABLE, max_size=20)
blank = st.text(st.sampled_from(" \t"), max_size=3)
small_json = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.floats(allow_nan=True) | text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3),
    max_leaves=6)
containers = st.lists(st.integers(0, 9), max_size=3) | st.dictionaries(
    st.text("abc", min_size=1, max_size=2), st.integers(), max_size=2)
huge_int = st.integers(min_value=2**1024, max_value=2**1100) | st.integers(
    min_value=-2**1100, max_value=-2**1024)
not_a_number = text.filter(lambda s: not s.strip().startswith("=")) | st.booleans() | containers
negative = st.floats(max_value=-1e-9, allow_nan=False) | st.integers(max_value=-1)
bad_year_number = (st.integers(max_value=YEAR_RANGE[0] - 1)
                   | st.integers(min_value=YEAR_RANGE[1] + 1)
                   | st.floats(YEAR_RANGE[0], YEAR_RANGE[1]).filter(lambda y: y != int(y))
                   | st.sampled_from([math.inf, -math.inf]) | huge_int)
bad_year = bad_year_number | not_a_number
# (NaN stands for "not given" in a share column, as in any pandas frame: not a bad share)
bad_share = (st.floats(min_value=1.0, exclude_min=True, allow_nan=False)
             | st.floats(max_value=0.0, exclude_max=True, allow_nan=False)
             | st.integers(min_value=2) | st.integers(max_value=-1)
             | st.sampled_from([math.inf, "=share * 10", "=-share"]) | not_a_number | huge_int)
bad_expression = st.sampled_from([
    "=nobody * 2", "=1/0", "=share / (share - share)", "=__import__('os').system('x')",
    "=share ** 2", "=share(1)", "=[1, 2]", "=share.real", "=1 if share else 2", "= ", "=*",
    "=-share", "=1e308 * 10", "=" + "1" * 400, "=" + "(" * 300 + "1" + ")" * 300,
])
bad_amount = (negative | huge_int | st.sampled_from([math.nan, math.inf, -math.inf])
              | not_a_number | bad_expression)
known_regions = {str(v).strip().lower() for c in ("region", "name_ko_full", "name_en")
                 for v in TABLES.regions[c]}
bad_region = text.filter(lambda s: s.strip().lower() not in known_regions) | st.integers() \
    | containers
bad_sector = (st.integers().filter(lambda n: not 1 <= n <= 83)
              | st.text("0123456789", min_size=1, max_size=4).filter(lambda s: not 1 <= int(s) <= 83)
              | text.filter(lambda s: not (s.strip().isascii() and s.strip().isdigit()
                                           and 1 <= int(s) <= 83))
              | st.sampled_from(["²", "١٢", "６２", "62a", "6 2"]) | st.floats() | st.booleans()
              | containers)
bad_category = text.filter(lambda s: s not in set(TABLES.categories["category"])) \
    | st.integers() | containers
bad_phase = text.filter(lambda s: s.strip().lower() not in PHASES) | st.integers() | containers
bad_deflator = text.filter(lambda s: s not in set(TABLES.price_indices["series"])) \
    | st.integers() | containers
bad_text = blank | st.integers() | st.floats(allow_nan=False) | st.booleans() | containers
name_text = st.text(PRINTABLE, min_size=1, max_size=20)
unknown_key = name_text.filter(lambda s: s not in LINE_FIELDS) | st.integers(0, 99)


@st.composite
def line_mutation(draw):
    """(document, expectation): one field of one budget line broken."""
    doc = copy.deepcopy(BASE)
    kind = draw(st.sampled_from([
        "amount", "in_region_share", "year", "until", "price_year", "early_price_year",
        "category", "sector", "phase", "deflator", "item", "note", "exclude", "id", "duplicate",
        "missing", "unknown"]))
    i = draw(st.integers(0, len(doc["lines"]) - 1))
    line = doc["lines"][i]
    field, value, message = kind, ANY, None
    if kind in ("amount", "in_region_share"):
        value = draw(bad_amount if kind == "amount" else bad_share)
    elif kind in ("year", "price_year"):
        value = draw(bad_year)
    elif kind == "until":
        field = "spread_until" if "recurs_until" not in line else "recurs_until"
        value = draw(bad_year | st.integers(YEAR_RANGE[0], line["year"] - 1))
    elif kind == "early_price_year":
        field = "price_year"
        deflator = (line.get("deflator") or _category_deflator(line.get("category")))
        first = int(TABLES.price_indices.loc[TABLES.price_indices["series"] == deflator,
                                             "year"].min())
        assume(first > YEAR_RANGE[0])
        value = draw(st.integers(YEAR_RANGE[0], first - 1))
        message = "before price series"
    elif kind == "category":
        i = draw(st.sampled_from(CATEGORY_LINES))
        line = doc["lines"][i]
        value = draw(bad_category)
    elif kind == "sector":
        i = draw(st.sampled_from(SECTOR_LINES))
        line = doc["lines"][i]
        value = draw(bad_sector)
    elif kind == "phase":
        value = draw(bad_phase)
    elif kind == "deflator":
        value = draw(bad_deflator)
    elif kind in ("item",):
        value = draw(bad_text)
    elif kind in ("note",):
        value = draw(bad_text.filter(lambda v: not isinstance(v, str)))
    elif kind == "exclude":
        value = draw(bad_text)
    elif kind == "id":  # (not the line the scenario refers to: that is another error)
        i = draw(st.sampled_from([k for k in range(len(LINE_IDS)) if LINE_IDS[k] != "servers"]))
        line = doc["lines"][i]
        value = draw(blank | st.booleans() | containers)
    elif kind == "duplicate":
        i = draw(st.sampled_from([k for k in range(1, len(LINE_IDS)) if LINE_IDS[k] != "servers"]))
        line = doc["lines"][i]
        field, value = "id", draw(st.sampled_from(LINE_IDS[:i]))
    elif kind == "missing":
        field = draw(st.sampled_from(["item", "amount", "year", "phase"]
                                     + (["sector_or_category"] if i != 4 else [])))
        if field == "sector_or_category":
            field = "category"
            line.pop("sector", None)
            line.pop("category", None)
            message = "needs a sector or a category"
        else:
            message = "required field is missing"
            del line[field]
        value = ANY
    elif kind == "unknown":
        field = draw(unknown_key)
        line[field] = draw(small_json)
        field, value = str(field), field
    if kind not in ("missing", "unknown"):
        line[field] = value
    doc["lines"][i] = line
    # a value is shown as written, except expression results and cells that stand for
    # "missing" (null, NaN)
    shown = value
    if isinstance(value, str) and value.strip().startswith("=") or kind == "missing" \
            or (isinstance(value, float) and math.isnan(value)):
        shown = ANY
    return doc, i, Expect(field=f"lines[{i + 1}].{field}", value=shown, message=message)


def _category_deflator(category):
    rows = TABLES.categories[TABLES.categories["category"] == category]
    return rows["deflator"].iloc[0] or "gdp_deflator"


@settings(FUZZ, max_examples=100)
@given(line_mutation())
def test_broken_line_names_file_line_field_value(case):
    doc, i, expect = case
    written = to_yaml(doc)
    expect.line = written.item_line[i]
    with budget_file(written.text) as path:
        check_error(load_error(path), path, expect)


@st.composite
def header_mutation(draw):
    doc = copy.deepcopy(BASE)
    kind = draw(st.sampled_from(["id", "name", "region", "unit", "price_year", "sources",
                                 "description", "name_en", "missing", "unknown", "lines"]))
    field, value, message = kind, ANY, None
    if kind == "id":
        value = draw(st.sampled_from(["", "..", "../x", "/etc/passwd", "a/b", "-x", "Demo",
                                      "a b", "x" * 65, "데모", "a\\b", "C:x"])
                     | st.integers() | st.booleans() | containers)
    elif kind == "name":
        value = draw(bad_text)
    elif kind == "region":
        value = draw(bad_region)
    elif kind == "unit":
        value = draw(text.filter(lambda s: s not in UNITS_IN_MILLION_WON) | st.integers()
                     | st.floats(allow_nan=False) | containers)
    elif kind == "price_year":
        value = draw(bad_year)
    elif kind == "sources":  # (0, "" and {} read as "no sources")
        value = draw(st.integers().filter(bool) | text.filter(bool) | st.dictionaries(text, text, min_size=1)
                     | st.lists(st.integers() | containers, min_size=1, max_size=3))
    elif kind in ("description", "name_en"):
        value = draw(st.integers() | st.floats(allow_nan=False) | st.booleans() | containers)
    elif kind == "missing":
        field = draw(st.sampled_from(["id", "name", "region", "unit", "lines"]))
        del doc[field]
        message = "required field is missing"
    elif kind == "unknown":
        field = draw(name_text.filter(lambda s: s not in PROJECT_FIELDS))
        value = field
        doc[field] = draw(small_json)
    elif kind == "lines":
        value = draw(st.just([]) | st.integers() | text | st.dictionaries(text, text))
        message = "non-empty list"
    if kind not in ("missing", "unknown"):
        doc[field] = value
    return doc, Expect(field=field, value=value, message=message)


def header_line(doc: dict, expect: Expect) -> int:
    """A top-level field's error cites that field's own line; a missing one the mapping's."""
    return to_yaml(doc).key_line.get(expect.field, 1)


@settings(FUZZ, max_examples=80)
@given(header_mutation())
def test_broken_header_names_file_field_value(case):
    doc, expect = case
    expect.line = header_line(doc, expect)
    with budget_file(to_yaml(doc).text) as path:
        check_error(load_error(path), path, expect)


@st.composite
def assumption_mutation(draw):
    """Parameters and scenarios: a broken structure, name or number."""
    doc = copy.deepcopy(BASE)
    kind = draw(st.sampled_from([
        "parameters", "param_name", "param_value", "param_range", "param_field", "scenarios",
        "scenario_spec", "scenario_field", "scenario_params", "scenario_param_name",
        "scenario_param_value", "scenario_lines", "scenario_line_id", "scenario_line_fields"]))
    bad_number = (st.sampled_from([math.nan, math.inf, -math.inf]) | huge_int | not_a_number)
    scen = doc["scenarios"]["low"]
    if kind == "parameters":
        doc["parameters"] = value = draw(st.integers() | text | st.lists(st.integers()))
        field = "parameters"
    elif kind == "param_name":
        value = draw(text.filter(lambda s: not s.isidentifier() or not s.isascii() or len(s) > 64)
                     | st.integers())
        doc["parameters"][value] = {"value": 1}
        field = "parameters"
    elif kind == "param_value":
        key = draw(st.sampled_from(["value", "low", "high"]))
        doc["parameters"]["share"][key] = value = draw(bad_number)
        field = f"parameters.share.{key}"
    elif kind == "param_range":
        low, high = draw(st.sampled_from([(0.6, 0.8), (0.1, 0.4), (0.9, 0.1)]))
        doc["parameters"]["share"].update(low=low, high=high)
        value, field = [low, 0.5, high], "parameters.share"
    elif kind == "param_field":
        key = draw(text.filter(lambda s: s not in ("value", "note", "low", "high", "unit")))
        doc["parameters"]["share"][key] = 1
        value, field = key, f"parameters.share.{key}"
    elif kind == "scenarios":
        doc["scenarios"] = value = draw(st.integers() | text | st.lists(st.integers()))
        field = "scenarios"
    elif kind == "scenario_spec":
        doc["scenarios"]["low"] = value = draw(st.integers() | text | st.lists(st.integers()))
        field = "scenarios.low"
    elif kind == "scenario_field":
        key = draw(text.filter(lambda s: s not in ("description", "parameters", "lines")))
        scen[key] = 1
        value, field = key, f"scenarios.low.{key}"
    elif kind == "scenario_params":
        scen["parameters"] = value = draw(st.integers(1) | text.filter(bool)
                                          | st.lists(st.integers(), min_size=1))
        field = "scenarios.low.parameters"
    elif kind == "scenario_param_name":
        value = draw(text.filter(lambda s: s != "share"))
        scen["parameters"] = {value: 0.3}
        field = "scenarios.low.parameters"
    elif kind == "scenario_param_value":
        scen["parameters"]["share"] = value = draw(bad_number)
        field = "scenarios.low.parameters.share"
    elif kind == "scenario_lines":
        scen["lines"] = value = draw(st.integers(1) | text.filter(bool)
                                     | st.lists(st.integers(), min_size=1))
        field = "scenarios.low.lines"
    elif kind == "scenario_line_id":
        # an unknown id, or the default id of a line that has its own id
        value = draw(text.filter(lambda s: s not in LINE_IDS)
                     | st.sampled_from([f"L{i:02d}" for i in range(1, 6)]))
        scen["lines"] = {value: {"amount": 1}}
        field = "scenarios.low.lines"
    else:  # scenario_line_fields
        key = draw(st.sampled_from(["id"]) | text.filter(lambda s: s not in LINE_FIELDS))
        scen["lines"] = {"servers": {key: 1}}
        value, field = {key: 1}, "scenarios.low.lines.servers"
    return doc, kind, Expect(field=field, value=value)


@FUZZ
@given(assumption_mutation())
def test_broken_parameters_and_scenarios(case):
    doc, kind, expect = case
    written = to_yaml(doc)
    top = "parameters" if kind.startswith("param") else "scenarios"
    # errors inside parameters/scenarios point at the (one-line) mapping that holds them,
    # or at the top-level mapping when there is none
    with budget_file(written.text) as path:
        err = load_error(path)
        check_error(err, path, expect)
        assert err.line in (1, written.key_line[top]), str(err)


@st.composite
def scenario_override(draw):
    """A scenario whose structure is fine but which sets a line field to a bad value:
    refused when the scenario is applied, naming the line it breaks."""
    doc = copy.deepcopy(BASE)
    i = draw(st.integers(0, len(doc["lines"]) - 1))
    field, strategy = draw(st.sampled_from([
        ("amount", bad_amount), ("year", bad_year), ("phase", bad_phase),
        ("deflator", bad_deflator), ("item", bad_text), ("in_region_share", bad_share)]))
    # (a NaN is refused when the file loads: tests/test_input_traps.py)
    value = draw(strategy.filter(lambda v: not (isinstance(v, float) and math.isnan(v))))
    doc["scenarios"]["low"]["lines"] = {LINE_IDS[i]: {field: value}}
    shown = ANY if isinstance(value, str) and value.strip().startswith("=") else value
    return doc, i, Expect(field=f"lines[{i + 1}].{field}", value=shown)


@FUZZ
@given(scenario_override())
def test_broken_scenario_override_fails_when_applied(case):
    doc, i, expect = case
    written = to_yaml(doc)
    expect.line = written.item_line[i]
    with budget_file(written.text) as path:
        project = impact.load_project(path, tables=TABLES)  # the file itself is fine
        with pytest.raises(ImpactError) as info:  # the project as loaded, not loaded again
            impact.estimate(project, tables=TABLES, scenario="low")
        check_error(info.value, path, expect)


# --------------------------------------------------------------------------------------
# Bytes and YAML

@FUZZ
@given(st.integers(0, 10**6), st.binary(min_size=1, max_size=3).filter(
    lambda b: _not_utf8(b)))
def test_non_utf8_bytes_name_their_line(position, junk):
    raw = to_yaml(BASE).text.encode("utf-8")
    # put the bad bytes inside a quoted value so that the rest of the file is untouched
    quotes = [k for k in range(len(raw)) if raw[k:k + 1] == b'"']
    at = quotes[position % len(quotes)] + 1
    data = raw[:at] + junk + raw[at:]
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    assert at <= first_bad < at + len(junk)
    with budget_file(data) as path:
        err = load_error(path)
        check_error(err, path, Expect(field=None, line=data[:first_bad].count(b"\n") + 1,
                                      message="not UTF-8"))
        assert err.value == data[first_bad:first_bad + 4]


def _not_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


@FUZZ
@given(st.binary(max_size=300))
def test_arbitrary_bytes_never_escape_as_other_errors(data):
    with budget_file(data) as path:
        check_error(load_error(path), path, Expect(field=None))


@FUZZ
@given(st.text(max_size=300))
def test_arbitrary_text_never_escapes_as_other_errors(data):
    with budget_file(data.encode("utf-8", "surrogatepass")) as path:
        check_error(load_error(path), path, Expect(field=None))


@FUZZ
@given(st.sampled_from(list(BASE)) | st.tuples(st.integers(0, 4), st.sampled_from(
    list(LINE_FIELDS))), small_json)
def test_any_value_anywhere_loads_or_fails_cleanly(where, value):
    """Replace any one field with any YAML value: it loads and estimates, or fails with
    BudgetError naming the file (and the field, for a line field or header field)."""
    doc = copy.deepcopy(BASE)
    if isinstance(where, tuple):
        doc["lines"][where[0]][where[1]] = value
    else:
        doc[where] = value
    with budget_file(to_yaml(doc).text) as path:
        try:
            project = impact.load_project(path, tables=TABLES)
            impact.estimate(project, tables=TABLES)
            impact.estimate(project, tables=TABLES, scenario="low")
        except ImpactError as err:
            check_error(err, path, Expect(field=None))


@FUZZ
@given(small_json.filter(lambda v: not isinstance(v, dict)))
def test_yaml_that_is_not_a_mapping(value):
    with budget_file(flow(value) + "\n") as path:
        check_error(load_error(path), path,
                    Expect(field=None, line=1, value=type(value).__name__,
                           message="must be a YAML mapping"))


UNSAFE_TAGS = [
    '!!python/object/apply:os.system ["touch pwned"]',
    '!!python/object/new:os.system ["touch pwned"]',
    "!!python/name:os.system",
    "!!python/module:os",
    '!!python/object:builtins.dict {"a": 1}',
    '!<tag:yaml.org,2002:python/object/apply:os.system> ["touch pwned"]',
    "!custom 5",
    "!!int not-a-number",
    "!!float x",
    "!!timestamp 2025-13-45",
    "2025-02-30",
]


@FUZZ
@given(st.sampled_from(list(BASE)) | st.tuples(st.integers(0, 4), st.sampled_from(
    ["item", "amount", "year", "phase", "note"])), st.sampled_from(UNSAFE_TAGS))
def test_unsafe_or_unreadable_tags_are_refused_at_their_line(where, tagged):
    doc = copy.deepcopy(BASE)
    marker = "__TAGGED__"
    if isinstance(where, tuple):
        doc["lines"][where[0]][where[1]] = marker
    else:
        doc[where] = marker
    written = to_yaml(doc)
    text = written.text.replace(json.dumps(marker), tagged)
    line = text[:text.index(tagged)].count("\n") + 1
    with tempfile.TemporaryDirectory() as work, budget_file(text) as path, \
            contextlib.chdir(work):
        check_error(load_error(path), path, Expect(field=None, line=line,
                                                   message="not valid YAML"))
        assert os.listdir(work) == []  # nothing was run


@settings(FUZZ, max_examples=20)
@given(st.integers(1, 5000))
def test_files_over_the_size_limit_are_refused_before_reading(extra):
    text = to_yaml(BASE).text
    limit = len(text.encode("utf-8")) + 100
    with mock.patch.object(yamlio, "MAX_FILE_BYTES", limit):
        with budget_file(text + "#" * (100 + extra) + "\n") as path:
            check_error(load_error(path), path, Expect(field=None, line=NO_LINE,
                                                       message="larger than"))


def test_a_file_just_under_the_size_limit_loads():
    """The other side of the limit above, once: the same file for every example there
    (a project load, about 0.1 s, is most of an example's time)."""
    text = to_yaml(BASE).text
    with mock.patch.object(yamlio, "MAX_FILE_BYTES", len(text.encode("utf-8"))):
        with budget_file(text) as path:  # exactly at the limit is fine
            impact.load_project(path, tables=TABLES)


def test_real_size_limit(tmp_path):
    path = tmp_path / "huge.yaml"
    with path.open("wb") as f:  # sparse: nothing is read, the size alone is refused
        f.truncate(yamlio.MAX_FILE_BYTES + 1)
    err = load_error(path)
    check_error(err, path, Expect(field=None, line=NO_LINE, value=yamlio.MAX_FILE_BYTES + 1,
                                  message="larger than"))


@st.composite
def bomb_shape(draw):
    width = draw(st.integers(4, 12))
    depth = draw(st.integers(math.ceil(7 / math.log10(width)), 16))
    return width, depth


@settings(FUZZ, max_examples=20)
@given(bomb_shape(), st.sampled_from(["description", "sources", "name"]))
def test_alias_bombs_are_refused(shape, field):
    """'Billion laughs': a few hundred bytes of anchors and aliases that expand to width**depth
    (> 10**7) values are refused (validation and error messages would otherwise hang)."""
    width, depth = shape
    header = to_yaml({k: v for k, v in BASE.items() if k != field}).text
    bomb = f"{field}:\n  - &a0 [" + ", ".join(["lol"] * width) + "]\n"
    for level in range(1, depth):
        bomb += f"  - &a{level} [" + ", ".join([f"*a{level - 1}"] * width) + "]\n"
    with budget_file(header + bomb) as path:
        check_error(load_error(path), path, Expect(field=None, message="aliases expand"))


def test_moderate_aliases_are_fine():
    """Anchors used the ordinary way (one note reused) still load."""
    text = to_yaml(BASE).text.replace('"two-year build"', '&n "two-year build"') \
        .replace('"phase": "operation"', '"phase": "operation"\n    "note": *n')
    with budget_file(text) as path:
        project = impact.load_project(path, tables=TABLES)
    assert project.lines.loc[3, "note"] == "two-year build"


# --------------------------------------------------------------------------------------
# The command line

@st.composite
def any_broken_budget(draw):
    which = draw(st.sampled_from(["line", "header", "assumption", "scenario"]))
    if which == "line":
        doc, i, expect = draw(line_mutation())
        return doc, expect, None
    if which == "header":
        doc, expect = draw(header_mutation())
        expect.line = header_line(doc, expect)
        return doc, expect, None
    if which == "assumption":
        doc, _, expect = draw(assumption_mutation())
        return doc, expect, None
    doc, _, expect = draw(scenario_override())
    return doc, expect, "low"


# 30 examples: each error kind is fuzzed by its own test above (60-100 examples); this one
# holds that the command line turns any of them, with or without a good file first, into
# status 2 and one line (four kinds x two, each example running one to three estimates)
@settings(FUZZ, max_examples=30)
@given(any_broken_budget(), st.booleans())
def test_cli_exits_2_with_one_line_and_writes_nothing(case, with_good_file):
    doc, expect, scenario = case
    with budget_file(to_yaml(doc).text) as path:
        good = None
        if with_good_file:  # a good file first: it is still reported, and nothing written
            good = path.parent / "good.yaml"
            good.write_text(to_yaml(BASE).text, encoding="utf-8")
        assert_cli_refuses(path, expect, scenario, first=good)


SUBPROCESS_CASES = {
    "bad line value": (to_yaml(BASE).text.replace('"amount": 80', '"amount": -80'),
                       "lines[2].amount"),
    "unsafe tag": (to_yaml(BASE).text.replace('"퍼즈 사업"',
                                              '!!python/object/apply:os.system ["touch pwned"]'),
                   None),
    "not utf-8": (to_yaml(BASE).text.encode("utf-8").replace("퍼즈".encode(), b"\xff\xfe"), None),
}


def test_cli_subprocess(tmp_path):
    """A real ``impact estimate`` process over the three broken files at once (one
    process: 1.2 s of start-up each): status 2, nothing on stdout, one error line per
    file naming it (and the field where there is one), no traceback, nothing written,
    and the unsafe tag never run (it would have written ``pwned`` in the working folder)."""
    budget_dir, work = tmp_path / "in", tmp_path / "work"
    budget_dir.mkdir()
    work.mkdir()
    paths = {}
    for k, (name, (content, _)) in enumerate(SUBPROCESS_CASES.items()):
        paths[name] = path = budget_dir / f"budget{k}.yaml"
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    argv = [sys.executable, "-m", "impact.cli", "estimate", *map(str, paths.values())]
    proc = subprocess.run(argv, cwd=work, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONWARNINGS": "ignore"})
    assert proc.returncode == 2, proc.stderr
    assert proc.stdout == ""
    lines = proc.stderr.splitlines()
    assert len(lines) == len(paths) and proc.stderr.endswith("\n"), proc.stderr
    assert "Traceback" not in proc.stderr
    for line, (name, path) in zip(lines, paths.items()):
        assert line.startswith(f"impact: error: {path}"), (name, line)
        field = SUBPROCESS_CASES[name][1]
        if field:
            assert f": {field}: " in line
    assert os.listdir(work) == [] and sorted(os.listdir(budget_dir)) == sorted(
        p.name for p in paths.values())


# --------------------------------------------------------------------------------------
# Frames built in code (notebooks, the benchmark)

GOOD_FRAME = pd.DataFrame([{k: v for k, v in line.items() if k != "id"}
                           for line in BASE["lines"]])


@FUZZ
@given(st.integers(0, len(BASE["lines"]) - 1), st.sampled_from([
    ("amount", bad_amount), ("year", bad_year), ("phase", bad_phase),
    ("in_region_share", bad_share), ("deflator", bad_deflator), ("item", bad_text)]),
    st.data())
def test_broken_frames_name_row_field_value(i, field_strategy, data):
    field, strategy = field_strategy
    value = data.draw(strategy)
    frame = GOOD_FRAME.astype(object).copy()
    frame.at[i, field] = value
    with pytest.raises(BudgetError) as info:
        project = impact.project_from_frame(frame, id="frame", name="Frame", region="경북",
                                            price_year=2024, unit="억원", parameters=BASE["parameters"],
                                            tables=TABLES)
        impact.estimate(project, tables=TABLES)
    err = info.value
    assert err.field == f"lines[{i + 1}].{field}" and err.line == i + 1, str(err)
    assert str(err).startswith(f"<input>:{i + 1}: lines[{i + 1}].{field}: ")
    assert "\n" not in str(err)


# --------------------------------------------------------------------------------------
# Regressions for bugs these tests found

BIG = "1" + "0" * 400


@pytest.mark.parametrize("old,new,field", [
    # an unhashable unit raised TypeError
    ('"unit": "억원"', '"unit": ["억원"]', "unit"),
    # integers too large for a float raised OverflowError (amount, year, share, expression)
    ('"amount": 80\n', f'"amount": {BIG}\n', "lines[2].amount"),
    ('"year": 2025\n', f'"year": {BIG}\n', "lines[1].year"),
    ('"in_region_share": 0.3\n', f'"in_region_share": {BIG}\n', "lines[3].in_region_share"),
    ('"amount": 80\n', f'"amount": "={BIG}"\n', "lines[2].amount"),
    # ... and TypeError from np.isfinite in parameters and scenarios
    ('"value": 0.5', f'"value": {BIG}', "parameters.share.value"),
    ('{"share": 0.2}', f'{{"share": {BIG}}}', "scenarios.low.parameters.share"),
    # scenario parameters / lines that were not mappings raised AttributeError
    ('"parameters": {"share": 0.2}', '"parameters": [1, 2]', "scenarios.low.parameters"),
    ('"lines": {"servers": {"amount": 50}}', '"lines": [1]', "scenarios.low.lines"),
    # a default id (L02) of a line that has its own id was accepted, then IndexError
    ('{"servers": {"amount": 50}}', '{"L02": {"amount": 50}}', "scenarios.low.lines"),
    # a list or mapping as a line id became the text "[1, 2]"
    ('"id": "software"\n', '"id": [1, 2]\n', "lines[3].id"),
    # a price year before the price series starts failed in estimate() without file or line
    ('"price_year": 2025\n', '"price_year": 2012\n', "lines[4].price_year"),
    # a date the calendar does not have raised ValueError inside PyYAML
    ('"year": 2026\n', '"year": 2026-02-30\n', None),
    # a non-ASCII digit as a sector code raised ValueError from int()
    ('"sector": "62"\n', '"sector": "²"\n', "lines[3].sector"),
    # a key with a line break made the one-line error two lines
    ('"note": "two-year build"\n', '"note": "two-year build"\n    "col\\nour": 1\n', None),
])
def test_regressions(tmp_path, old, new, field):
    text = to_yaml(BASE).text
    assert old in text
    path = tmp_path / "budget.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    err = load_error(path)
    check_error(err, path, Expect(field=field))
    assert err.line is not None
    assert_cli_refuses(path, Expect(field=field))


def test_price_year_before_series_names_the_project_price_year(tmp_path):
    path = tmp_path / "budget.yaml"
    path.write_text(to_yaml({**BASE, "price_year": 2012}).text, encoding="utf-8")
    err = load_error(path)
    # line 1 (building_construction) is priced by construction_building, from 2020
    check_error(err, path, Expect(field="lines[1].price_year", value=2012,
                                  message="the project's price year"))
