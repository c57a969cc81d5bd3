"""The shipped tables: complete, faithful to the BOK source, and refused when tampered with."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import impact
from impact.errors import TableError
from impact.tables import MEASURES, SCOPES, TABLE_NAMES

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


def test_complete_grid(tables):
    assert tables.multiplier_array.shape == (17, 83, len(MEASURES), len(SCOPES))
    assert np.isfinite(tables.multiplier_array).all()
    assert len(tables.multipliers) == 17 * 83
    # 40 (region, sector) pairs are not produced in 2020 (data README)
    assert (~tables.produced_array).sum() == 40


def test_every_table_has_a_manifest_with_source_and_checksum(tables):
    for name in TABLE_NAMES:
        manifest = tables.manifests[name]
        assert manifest["source"] and len(manifest["sha256"]) == 64
    mult = tables.manifests["multipliers_bok2020"]
    assert mult["price_year"] == 2020 and mult["base_year"] == 2020
    assert "83" in mult["classification"] and "producer" in mult["prices"]
    assert "Bank of Korea" in mult["source"]


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/data not beside the checkout")
def test_matches_reference_data(tables):
    long = pd.read_csv(SHARED / "bok2020_regional_multipliers.csv", dtype={"sector_code": str})
    measure_index = {"output": 0, "value_added": 1, "employment": 2}
    r = long["region"].map({n: i for i, n in enumerate(tables.region_names)}).to_numpy()
    s = long["sector_code"].map({c: i for i, c in enumerate(tables.sector_codes)}).to_numpy()
    m = long["measure"].map(measure_index).to_numpy()
    k = long["scope"].map({"in_region": 0, "other_regions": 1}).to_numpy()
    # one unit inside: per 백만원 of final demand (jobs: BOK's persons per 10억원 / 1,000)
    expected = long["value"].to_numpy() / np.where(long["measure"] == "employment", 1000, 1)
    np.testing.assert_array_equal(tables.multiplier_array[r, s, m, k], expected)


def _copy_tables(tmp_path):
    target = tmp_path / "tables"
    shutil.copytree(impact.load_tables().directory, target)
    return target


def test_tampered_table_is_refused(tmp_path):
    target = _copy_tables(tmp_path)
    path = target / "multipliers_bok2020.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("1.1615185547998408", "2.1615185547998408", 1), encoding="utf-8")
    with pytest.raises(TableError, match="checksum mismatch") as info:
        impact.load_tables(target)
    assert "multipliers_bok2020.csv" in str(info.value)


def test_truncated_table_is_refused(tmp_path):
    target = _copy_tables(tmp_path)
    path = target / "multipliers_bok2020.csv"
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(TableError, match="checksum"):
        impact.load_tables(target)


def test_missing_region_row_is_refused_even_with_a_matching_checksum(tmp_path):
    import hashlib
    import json

    target = _copy_tables(tmp_path)
    path = target / "multipliers_bok2020.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:1] + lines[2:]), encoding="utf-8")
    manifest_path = target / "multipliers_bok2020.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(TableError, match="missing") as info:
        impact.load_tables(target)
    assert "서울" in str(info.value)


def test_missing_file_is_refused(tmp_path):
    target = _copy_tables(tmp_path)
    (target / "price_indices.csv").unlink()
    with pytest.raises(TableError, match="missing"):
        impact.load_tables(target)


def test_categories_point_at_real_sectors_and_series(tables):
    cats = tables.categories
    spending = cats[cats["sector_code"] != ""]
    assert spending["sector_code"].isin(tables.sector_codes).all()
    assert spending["deflator"].isin(set(tables.price_indices["series"])).all()
    assert spending["in_region_share"].between(0, 1).all()
    shares = spending.groupby("category")["sector_share"].sum()
    np.testing.assert_allclose(shares, 1.0)
    # IT hardware (servers, GPUs) is mostly imported: its default must say so.
    it = cats.set_index("category").loc["it_hardware"]
    assert it["in_region_share"] <= 0.1 and "import" in it["rationale"]
    not_final = cats[cats["sector_code"] == ""]
    assert {"land_purchase", "loan", "transfer", "reserve", "fund_commitment"} <= set(
        not_final["category"])
    assert (not_final["exclude_reason"] != "").all()


def test_price_index_status_is_kept(tables):
    statuses = set(tables.price_indices["status"])
    assert {"read", "computed", "estimated", "base"} <= statuses


# A table edited and its manifest checksum updated to match (a careless rebuild, a bad
# merge) passes the checksum; the content checks must still refuse it, naming the file.
def _edit_with_matching_checksum(target, name, edit):
    import hashlib
    import json

    path = target / f"{name}.csv"
    path.write_bytes(edit(path.read_bytes()))
    manifest_path = target / f"{name}.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")


def _drop_line(number):
    return lambda data: b"".join(data.splitlines(keepends=True)[:number]
                                 + data.splitlines(keepends=True)[number + 1:])


def _repeat_line(number):
    lines = lambda data: data.splitlines(keepends=True)  # noqa: E731
    return lambda data: b"".join(lines(data)[:number + 1] + lines(data)[number:])


@pytest.mark.parametrize("name,edit,message", [
    ("multipliers_bok2020", lambda d: d.replace(b"1.1615185547998408", b"-1.1615185547998408", 1),
     "negative"),
    ("multipliers_bok2020", lambda d: d.replace(b"1.1615185547998408", b"nan", 1), "not a number"),
    ("multipliers_bok2020", lambda d: d.replace(b"1.1615185547998408", b"", 1), "missing"),
    ("multipliers_bok2020", lambda d: b"".join(d.splitlines(keepends=True)[:2]
                                               + d.splitlines(keepends=True)[1:2]
                                               + d.splitlines(keepends=True)[3:]),
     "duplicate"),
    ("multipliers_bok2020", lambda d: d.replace(b",True", b",Yes", 1), "True or False"),
    ("multipliers_bok2020", lambda d: d.replace(b"output_in_region,output_other_regions",
                                                b"output_other_regions,output_in_region", 1),
     "columns differ"),
    ("multipliers_bok2020", lambda d: d.replace("서울".encode(), b"\xff\xfe", 1), "cannot read"),
    ("regions", lambda d: b'region,"name\n1,2,3\n', "cannot read"),
    ("regions", lambda d: b"", "cannot read"),
    ("regions", _drop_line(17), "17 regions"),
    ("categories", lambda d: d.replace(b"Building construction,50,", b"Building construction,99,", 1),
     "unknown sector code"),
    ("categories", lambda d: d.replace(b"Building construction,50,1.0,1.0,",
                                       b"Building construction,50,1.0,1.8,", 1), "between 0 and 1"),
    ("categories", lambda d: d.replace(b"Building construction,50,1.0,1.0,,",
                                       b"Building construction,50,1.0,0.8,0.5,", 1),
     "1 - in_region_share"),
    ("categories", lambda d: d.replace(b"producer,construction_building",
                                       b"producer,construction_nope", 1),
     "unknown price series"),
    ("categories", lambda d: d.replace(b"1.0,,producer,", b"1.0,,retail,", 1), "producer or purchaser"),
    ("price_indices", _drop_line(3), "year missing"),
    ("price_indices", _repeat_line(3), "duplicate"),
    ("price_indices", lambda d: d.replace(b"gdp_deflator,2012,90.34,", b"gdp_deflator,2012,-5,", 1),
     "positive"),
])
def test_edited_table_with_matching_checksum_is_refused(tmp_path, name, edit, message):
    target = _copy_tables(tmp_path)
    before = (target / f"{name}.csv").read_bytes()
    _edit_with_matching_checksum(target, name, edit)
    assert (target / f"{name}.csv").read_bytes() != before
    with pytest.raises(TableError) as info:
        impact.load_tables(target)
    assert message in str(info.value) and f"{name}.csv" in str(info.value)


@pytest.mark.parametrize("content", ["[]", '"text"', "3"])
def test_manifest_that_is_not_an_object_is_refused(tmp_path, content):
    target = _copy_tables(tmp_path)
    (target / "sectors.json").write_text(content, encoding="utf-8")
    with pytest.raises(TableError, match="not a JSON object") as info:
        impact.load_tables(target)
    assert "sectors.json" in str(info.value)


@pytest.mark.parametrize("name,edit,message", [
    ("grdp_2020", lambda d: d.replace(b"472863219", b"472863218", 1), "differs from GRDP"),
    ("grdp_2020", _drop_line(2), "regions differ"),
    ("grdp_2020", lambda d: d.replace(b"472863219,429322596", b"-472863219,429322596", 1),
     "positive"),
    ("national_io", lambda d: d.replace(b"total,01,01,1036392", b"total,01,01,1036399", 1),
     "total = domestic + imports does not hold"),
    ("national_io", lambda d: d.replace(b"total,01,01,1036392", b"total,01,01,x", 1),
     "not a number"),
    ("national_io", _drop_line(1), "missing"),
])
def test_edited_grdp_or_national_table_is_refused(tmp_path, name, edit, message):
    target = _copy_tables(tmp_path)
    _edit_with_matching_checksum(target, name, edit)
    with pytest.raises(TableError) as info:
        impact.load_tables(target).national  # the national table is checked when first used
    assert message in str(info.value) and f"{name}.csv" in str(info.value)


@pytest.mark.parametrize("region, lang, full, shown", [
    ("경북", "ko", False, "경북"), ("경북", "ko", True, "경상북도"), ("경북", "en", False, "Gyeongbuk"),
    ("서울", "en", True, "Seoul"), ("제주", "ko", True, "제주특별자치도"),
    ("Atlantis", "en", False, "Atlantis"),  # none of the 17: as given
])
def test_region_label(tables, region, lang, full, shown):
    assert tables.region_label(region, lang, full) == shown
