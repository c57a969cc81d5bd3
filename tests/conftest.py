"""Shared fixtures: the shipped tables, the seed projects and a small project built in code."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import impact

ROOT = Path(__file__).resolve().parents[1]
PROJECTS = sorted((ROOT / "projects").glob("*.yaml"))


@pytest.fixture(scope="session")
def tables():
    return impact.load_tables()


@pytest.fixture
def small_lines():
    return pd.DataFrame({
        "item": ["building", "servers", "land", "operations"],
        "category": ["building_construction", "it_hardware", "land_purchase", "operations_staff"],
        "amount": [100.0, 200.0, 50.0, 10.0],
        "year": [2026, 2027, 2025, 2029],
        "recurs_until": [None, None, None, 2033],
        "phase": ["construction", "construction", "construction", "operation"],
    })


@pytest.fixture
def small_project(small_lines, tables):
    return impact.project_from_frame(small_lines, id="small", name="Small", region="경북",
                                     price_year=2025, unit="억원", tables=tables)
