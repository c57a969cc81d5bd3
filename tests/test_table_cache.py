"""The per-user table cache serves exactly what a fresh read of the same files gives, and
never serves tables for files that changed."""

from __future__ import annotations

import hashlib
import json
import shutil

import numpy as np
import pandas as pd
import pytest

from impact import table_cache
from impact.errors import TableError
from impact.tables import _load_tables, default_tables_dir


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("IMPACT_CACHE_DIR", str(folder))
    _load_tables.cache_clear()
    yield folder
    _load_tables.cache_clear()


def copy_tables(tmp_path):
    target = tmp_path / "tables"
    shutil.copytree(default_tables_dir(), target)
    return target


def same(a, b):
    for name in ("multipliers", "sectors", "regions", "price_indices", "national_headlines",
                 "categories", "grdp", "national_io"):
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name))
    np.testing.assert_array_equal(a.multiplier_array, b.multiplier_array)
    np.testing.assert_array_equal(a.produced_array, b.produced_array)
    np.testing.assert_array_equal(a.national.import_share_of_final_demand,
                                  b.national.import_share_of_final_demand)
    np.testing.assert_array_equal(a.national.output_multipliers, b.national.output_multipliers)
    assert a.manifests == b.manifests and a.directory == b.directory


def test_a_cached_load_equals_a_fresh_read(cache, tmp_path):
    directory = copy_tables(tmp_path).resolve()
    fresh = _load_tables(directory)
    assert len(list(cache.glob("tables-*.pickle"))) == 1
    _load_tables.cache_clear()
    cached = _load_tables(directory)
    assert cached is not fresh
    same(cached, fresh)
    # BOK's 생산유발계수 of computers (34) in the national table, as a fresh read gives it
    assert cached.national.output_multipliers[cached.sector_codes.index("34")] == \
        pytest.approx(fresh.national.output_multipliers[fresh.sector_codes.index("34")])


def test_a_changed_table_is_never_served_from_the_cache(cache, tmp_path):
    directory = copy_tables(tmp_path).resolve()
    before = _load_tables(directory)
    _load_tables.cache_clear()
    # edit a multiplier and its manifest's checksum, as scripts/build_tables.py would
    path = directory / "multipliers_bok2020.csv"
    frame = pd.read_csv(path, dtype={"sector_code": str}, keep_default_na=False)
    frame.loc[0, "output_in_region"] = float(frame.loc[0, "output_in_region"]) + 1.0
    frame.to_csv(path, index=False)
    manifest = json.loads((directory / "multipliers_bok2020.json").read_text())
    manifest["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
    (directory / "multipliers_bok2020.json").write_text(json.dumps(manifest))
    after = _load_tables(directory)
    assert after.multiplier_array[0, 0, 0, 0] == pytest.approx(
        before.multiplier_array[0, 0, 0, 0] + 1.0)
    assert len(list(cache.glob("tables-*.pickle"))) == 1  # the older entry is replaced


def test_a_tampered_table_fails_its_checksum_even_when_cached(cache, tmp_path):
    directory = copy_tables(tmp_path).resolve()
    _load_tables(directory)
    _load_tables.cache_clear()
    path = directory / "national_io.csv"
    path.write_bytes(path.read_bytes()[:-100])
    with pytest.raises(TableError, match="checksum mismatch"):
        _load_tables(directory)


def test_a_broken_cache_entry_is_rebuilt_and_an_unwritable_cache_is_skipped(cache, tmp_path):
    directory = copy_tables(tmp_path).resolve()
    fresh = _load_tables(directory)
    _load_tables.cache_clear()
    (entry,) = cache.glob("tables-*.pickle")
    entry.write_bytes(b"not a pickle")
    same(_load_tables(directory), fresh)
    _load_tables.cache_clear()
    shutil.rmtree(cache)
    cache.write_text("a file where the folder should be")
    same(_load_tables(directory), fresh)


def test_the_cache_can_be_turned_off(monkeypatch, tmp_path):
    monkeypatch.setenv("IMPACT_CACHE_DIR", "off")
    assert table_cache.cache_dir() is None
    monkeypatch.delenv("IMPACT_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert table_cache.cache_dir() == tmp_path / "impact"
