"""The national table: read from BOK's workbook, faithful to it, and the figures BOK publishes."""

from __future__ import annotations

import io
import json
import shutil
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import impact
from impact import bok_workbook
from impact.cli import main
from impact.errors import TableError

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
WORKBOOK = SHARED / "raw" / "bok2020_io_table_83_producer_prices.xlsx"
needs_shared = pytest.mark.skipif(not WORKBOOK.is_file(),
                                  reason="../shared/data not beside the checkout")


def _values_only_stylesheet(from_tree):
    """openpyxl's stylesheet reader keeping only what a cell's value depends on: the
    number formats and the cell formats (``numFmts``, ``cellXfs``: which cells are dates).
    BOK's style sheet also holds 33,160 named styles, fonts, fills and borders; reading
    them took about 10 of the 11 s of CPU that opening the workbook cost, for nothing a
    value depends on (the long table read either way is the same, frame for frame)."""
    def lean(cls, node):
        for child in list(node):
            if child.tag.rsplit("}", 1)[-1] not in ("numFmts", "cellXfs"):
                node.remove(child)
        return from_tree.__func__(cls, node)
    return classmethod(lean)


@pytest.fixture(scope="module")
def book():
    """BOK's workbook, opened once for the module by the importer's own opener, its
    style sheet read for values only (see _values_only_stylesheet)."""
    if not WORKBOOK.is_file():
        pytest.skip("../shared/data not beside the checkout")
    from openpyxl.styles.stylesheet import Stylesheet
    with pytest.MonkeyPatch.context() as patch, warnings.catch_warnings():
        patch.setattr(Stylesheet, "from_tree", _values_only_stylesheet(Stylesheet.from_tree))
        warnings.filterwarnings("ignore", "Workbook contains no default style")
        opened = bok_workbook.open_workbook(WORKBOOK)
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def imported(tmp_path_factory, book):
    """The shipped tables with national_io rebuilt from the workbook, as the documented
    command does (the command itself runs on hand-made workbooks below)."""
    target = tmp_path_factory.mktemp("tables") / "tables"
    shutil.copytree(impact.load_tables().directory, target)
    (target / "national_io.csv").unlink()
    (target / "national_io.json").unlink()
    bok_workbook.import_workbook(WORKBOOK, target, workbook=book)
    return target


@needs_shared
def test_import_bok_reproduces_the_long_csv_cell_for_cell(imported):
    ours = pd.read_csv(imported / "national_io.csv", dtype={"row_code": str, "col_code": str})
    theirs = pd.read_csv(SHARED / "bok2020_national_io_83.csv",
                         dtype={"row_code": str, "col_code": str})
    keys = ["table", "row_code", "col_code"]
    merged = ours.merge(theirs, on=keys, how="outer", indicator=True, suffixes=("", "_csv"))
    assert (merged["_merge"] == "both").all(), merged[merged["_merge"] != "both"].head()
    np.testing.assert_array_equal(merged["value"], merged["value_csv"])
    manifest = json.loads((imported / "national_io.json").read_text(encoding="utf-8"))
    assert manifest["price_year"] == 2020 and "백만원" in manifest["units"]["value"]
    assert "Bank of Korea" in manifest["source"]


@needs_shared
def test_shipped_national_table_is_the_workbooks(imported, tables):
    shipped = tables.directory / "national_io.csv"
    assert (imported / "national_io.csv").read_bytes() == shipped.read_bytes()
    # and the rebuilt folder loads, checksum and all
    assert impact.load_tables(imported).national.price_year == 2020


def test_import_shares_of_final_demand_are_the_issues(tables):
    national = tables.national
    share = dict(zip(tables.sector_codes, national.import_share_of_final_demand))
    # Issue 8 §2: computers 0.34, precision instruments 0.40, special machinery 0.26, building 0
    assert [round(share[c], 2) for c in ("34", "36", "39", "50")] == [0.34, 0.40, 0.26, 0.0]
    for values in (national.import_share_of_final_demand,
                   national.import_share_of_domestic_final_demand):
        assert values.shape == (83,) and ((values >= 0) & (values <= 1)).all()


def test_domestic_final_demand_share_leaves_exports_out(tables):
    """By hand from the 2020 table: computers (34) imported 9111+9112+9121+9122+9132 over
    the same columns of the total table."""
    frame = tables.national_io
    cols = ["9111", "9112", "9121", "9122", "9132"]
    pick = frame[(frame["row_code"] == "34") & frame["col_code"].isin(cols)]
    by_table = pick.groupby("table")["value"].sum()
    expected = by_table["imports"] / by_table["total"]
    got = tables.national.import_share_of_domestic_final_demand[tables.sector_codes.index("34")]
    assert got == pytest.approx(expected, rel=1e-12) and 0.7 < got < 0.8


def test_grdp_is_shipped_in_region_order(tables):
    grdp = tables.grdp_million_won
    assert grdp.shape == (17,)
    assert grdp.sum() == 2_062_489_906  # 전국, data README
    assert grdp[tables.region_index("충북")] == 75_771_650
    manifest = tables.manifests["grdp_2020"]
    assert "KOSIS" in manifest["source"] and manifest["price_year"] == 2020


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/data not beside the checkout")
def test_grdp_matches_kosis_file(tables):
    kosis = pd.read_csv(SHARED / "kosis_grdp_2020_by_region.csv")
    kosis = kosis[kosis["item"] == "지역내총생산(시장가격)"].set_index("region")["value"]
    np.testing.assert_array_equal(tables.grdp_million_won, kosis.loc[tables.region_names])


# --- a hand-made workbook in BOK's layout: 2 products ------------------------------------

def _write_workbook(path, edit=None):
    """A 2-product table in BOK's layout whose identities hold (numbers chosen by hand)."""
    from openpyxl import Workbook

    products = ["01", "02"]
    zd = np.array([[10, 20], [30, 5]])
    zm = np.array([[2, 1], [3, 4]])
    fd_d = {"9111": [50, 40]}
    fd_m = {"9111": [5, 6]}
    fd_codes = list(bok_workbook.FINAL_DEMAND_CODES)

    def block(z, fd):
        rows = {}
        for i, p in enumerate(products):
            f = [fd.get(c, [0, 0])[i] for c in fd_codes]
            rows[p] = list(z[i]) + [z[i].sum()] + f + [sum(f), z[i].sum() + sum(f)]
        rows["9590"] = [sum(rows[p][k] for p in products) for k in range(len(rows["01"]))]
        return rows

    dom, imp = block(zd, fd_d), block(zm, fd_m)
    tot = {r: [a + b for a, b in zip(dom[r], imp[r])] for r in dom}
    x = [dom[p][-1] for p in products]
    m = [imp[p][-1] for p in products]
    for i, p in enumerate(products):
        tot[p] += [x[i], m[i], 0, m[i], 0, 0, x[i] + m[i]]
    tot["9590"] += [sum(x), sum(m), 0, sum(m), 0, 0, sum(x) + sum(m)]
    va = [x[j] - tot["9590"][j] for j in range(2)]          # 35, 45
    comp = [20, 25]
    va_rows = {"9610": comp, "9621": [va[0] - 20, va[1] - 25], "9622": [0, 0],
               "9630": [0, 0], "9690": va, "9790": x}
    for code, row in va_rows.items():
        tot[code] = row + [sum(row)]
    demand = products + ["9090", *fd_codes, "9190", "9290"]
    supply = ["9310", "9321", "9322", "9329", "9331", "9332", "9390"]
    book = Workbook()
    book.remove(book.active)
    for key, rows, cols in (("total", tot, demand + supply), ("imports", imp, demand),
                            ("domestic", dom, demand)):
        sheet = book.create_sheet(bok_workbook.SHEETS[key] + "(생산자가격)")
        for line in ("투입산출표(2020년 가격)", "2020년", "생산자가격", "단위 : 백만원"):
            sheet.append([line])
        sheet.append(["상품", None, *cols])
        sheet.append([None, None, *["name"] * len(cols)])
        for code, row in rows.items():
            sheet.append([code, "name", *row])
    if edit:
        edit(book)
    book.save(path)
    return path


def test_a_hand_made_workbook_is_read(tmp_path):
    frame, meta = bok_workbook.read_workbook(_write_workbook(tmp_path / "t.xlsx"))
    assert meta["price_year"] == 2020 and meta["products"] == 2
    cell = frame.set_index(["table", "row_code", "col_code"])["value"]
    assert cell["total", "01", "02"] == 21 and cell["imports", "02", "9111"] == 6
    assert cell["total", "9610", "02"] == 25 and cell["total", "02", "9310"] == 75
    assert ("total", "9610", "9111") not in cell.index  # blank under final demand: left out


@pytest.mark.parametrize("edit,message,where", [
    (lambda b: b.worksheets[2].cell(7, 3, "ten"), "not a number", "C7"),
    (lambda b: b.worksheets[0].cell(7, 4, 999), "total = domestic + imports", "01 x 02"),
    (lambda b: b.worksheets[0].cell(3, 1, "구매자가격"), "not a producer-price table", "A1"),
    (lambda b: b.worksheets[0].cell(4, 1, "단위 : 십억원"), "unit is not 백만원", "A1"),
    (lambda b: setattr(b.worksheets[1], "title", "수입"), "no sheet named A표_수입거래표", "sheet"),
])
def test_a_broken_workbook_is_refused_naming_sheet_and_cell(tmp_path, edit, message, where):
    path = _write_workbook(tmp_path / "t.xlsx", edit)
    with pytest.raises(TableError) as info:
        bok_workbook.read_workbook(path)
    assert message in str(info.value) and where in str(info.value) and "t.xlsx" in str(info.value)


def test_import_never_leaves_a_half_written_table(tmp_path):
    out = tmp_path / "out"
    good = _write_workbook(tmp_path / "good.xlsx")
    assert main(["tables", "import-bok", str(good), "--out", str(out)]) == 0
    frame, _ = bok_workbook.read_workbook(good)
    assert (out / "national_io.csv").read_bytes() == bok_workbook.to_csv_bytes(frame)
    before = (out / "national_io.csv").read_bytes(), (out / "national_io.json").read_bytes()
    bad = _write_workbook(tmp_path / "bad.xlsx", lambda b: b.worksheets[2].cell(7, 3, "x"))
    assert main(["tables", "import-bok", str(bad), "--out", str(out)]) == 2
    assert ((out / "national_io.csv").read_bytes(), (out / "national_io.json").read_bytes()) \
        == before
    assert sorted(p.name for p in out.iterdir()) == ["national_io.csv", "national_io.json"]


# --- the national multipliers against BOK's published figures -----------------------------

def test_final_demand_weighted_multipliers_are_boks_published_averages(tables):
    """BOK 2020 input-output release: output 1.804, value added 0.806, import 0.194."""
    from impact import iomath

    national = tables.national
    L = national.leontief_domestic
    weights = national.final_demand(source="domestic")
    average = lambda m: float(m @ weights / weights.sum())  # noqa: E731
    assert round(average(iomath.output_multipliers(L)), 3) == 1.804
    assert round(average(iomath.calc_M(national.value_added_coefficients, L)), 3) == 0.806
    assert round(average(iomath.calc_M(national.import_input_coefficients, L)), 3) == 0.194


@pytest.fixture(scope="module")
def bok_sheets(book):
    """BOK's own result sheets, read straight from the workbook (83 x 83 each)."""
    sheets = {}
    for name in ("생산유발계수", "수입유발계수", "부가가치유발계수"):
        rows = list(book[name].iter_rows(min_row=5, values_only=True))
        assert rows[0][2] == "01" and rows[0][84] == "83" and rows[2][0] == "01"
        assert rows[84][0] == "83"
        sheets[name] = np.array([r[2:85] for r in rows[2:85]], dtype=float)
    return sheets


@needs_shared
def test_leontief_inverse_is_boks_sheet(tables, bok_sheets):
    """(I − Ad)⁻¹ from the shipped table against BOK's 생산유발계수 sheet."""
    np.testing.assert_allclose(tables.national.leontief_domestic, bok_sheets["생산유발계수"],
                               rtol=0, atol=1e-12)


@needs_shared
def test_import_and_value_added_inverses_are_boks_sheets(tables, bok_sheets):
    """Am L (수입유발계수) and v̂ L (부가가치유발계수): the column sums are our multipliers."""
    national = tables.national
    L = national.leontief_domestic
    np.testing.assert_allclose(national.import_coefficients @ L, bok_sheets["수입유발계수"],
                               rtol=0, atol=1e-12)
    np.testing.assert_allclose(national.value_added_coefficients[:, None] * L,
                               bok_sheets["부가가치유발계수"], rtol=0, atol=1e-12)
    np.testing.assert_allclose(national.import_multipliers, bok_sheets["수입유발계수"].sum(0),
                               rtol=0, atol=1e-12)
    np.testing.assert_allclose(national.value_added_multipliers,
                               bok_sheets["부가가치유발계수"].sum(0), rtol=0, atol=1e-12)


def test_pymrio_computes_the_same_a_l_and_multipliers(tables):
    pymrio = pytest.importorskip("pymrio")
    from impact import iomath

    national = tables.national
    Z, x = national.intermediate_domestic_million_won, national.total_output_million_won
    A_ref = pymrio.calc_A(Z, x)
    L_ref = pymrio.calc_L(A_ref)
    np.testing.assert_allclose(iomath.calc_A(Z, x), A_ref, rtol=0, atol=1e-10)
    np.testing.assert_allclose(iomath.calc_L(A_ref), L_ref, rtol=0, atol=1e-10)
    S = np.vstack([national.value_added_million_won / x, national.compensation_million_won / x,
                   national.intermediate_imports_million_won.sum(0) / x])
    M_ref = pymrio.calc_M(S, L_ref)
    ours = np.vstack([national.value_added_multipliers, national.compensation_multipliers,
                      national.import_multipliers])
    np.testing.assert_allclose(ours, M_ref, rtol=0, atol=1e-10)
    np.testing.assert_allclose(national.output_multipliers, L_ref.sum(0), rtol=0, atol=1e-10)


def test_value_added_and_imports_add_to_one_per_unit_of_final_demand(tables):
    """Each won of final demand ends as domestic value added or imported inputs:
    (v + 1ᵀAm) L = 1ᵀ(I − Ad) L = 1ᵀ, sector by sector."""
    national = tables.national
    np.testing.assert_allclose(national.value_added_multipliers + national.import_multipliers,
                               1.0, rtol=0, atol=1e-12)
    assert (national.compensation_multipliers < national.value_added_multipliers).all()


@pytest.mark.parametrize("A", [[[0.5, 0.6], [0.6, 0.5]], [[1.0]], [[0.5, 0.5], [0.5, 0.5]]])
def test_a_non_productive_a_is_refused(A):
    from impact import iomath

    with pytest.raises(ValueError, match="not productive"):
        iomath.calc_L(np.array(A))


def test_zero_output_sector_has_zero_coefficients():
    from impact import iomath

    A = iomath.calc_A(np.array([[1.0, 0.0], [2.0, 0.0]]), np.array([4.0, 0.0]))
    np.testing.assert_array_equal(A, [[0.25, 0.0], [0.5, 0.0]])


def test_type2_closure_by_hand():
    """One sector plus households: A* = [[a, c], [w, 0]] with a = 0.2, w = 0.4, c = 0.5.
    det(I − A*) = (1 − a) − c w = 0.6, so L* = [[1, c], [w, 1 − a]] / 0.6: Type II output
    1/0.6, Type I 1/0.8, induced 1/0.6 − 1.25 = 0.41667; compensation w/0.6 = 0.6667."""
    from impact import iomath

    closed = iomath.calc_A_closed(np.array([[0.2]]), [0.4], [0.5])
    np.testing.assert_array_equal(closed, [[0.2, 0.5], [0.4, 0.0]])
    L_star = iomath.calc_L(closed)
    np.testing.assert_allclose(L_star, np.array([[1.0, 0.5], [0.4, 0.8]]) / 0.6, atol=1e-15)
    type2 = iomath.output_multipliers(iomath.type2_inverse(L_star, 1))
    type1 = iomath.output_multipliers(iomath.calc_L(np.array([[0.2]])))
    np.testing.assert_allclose(type2, [1 / 0.6])
    np.testing.assert_allclose(iomath.induced_part(type2, type1), [1 / 0.6 - 1.25])
    np.testing.assert_allclose(iomath.calc_M([0.4], iomath.type2_inverse(L_star, 1)), [0.4 / 0.6])


def test_national_closure_respends_compensation_in_the_consumption_mix(tables):
    """c = domestic 민간소비지출 ÷ all 피용자보수, by hand from the long table; the induced
    output is the Type I effect of the induced consumption (partitioned inverse)."""
    national = tables.national
    frame = tables.national_io
    consumption = frame[(frame["table"] == "domestic") & (frame["col_code"] == "9111")
                        & (frame["row_code"].str.len() == 2)].set_index("row_code")["value"]
    compensation = frame[(frame["table"] == "total") & (frame["row_code"] == "9610")
                         & (frame["col_code"].str.len() == 2)]["value"].sum()
    c = consumption.loc[list(tables.sector_codes)].to_numpy() / compensation
    np.testing.assert_allclose(national.household_consumption_coefficients, c, rtol=1e-14)
    assert round(c.sum(), 3) == 0.903
    L = national.leontief_domestic
    np.testing.assert_allclose(L @ national.induced_consumption, national.type2_inverse - L,
                               atol=1e-12)
    induced = national.induced_multipliers()
    for measure in ("output", "value_added", "compensation"):
        assert (induced[measure] > 0).all()
    np.testing.assert_allclose(
        induced["output"], national.type2_multipliers()["output"] - national.output_multipliers)


def test_margin_split_adds_up_to_the_purchaser_value():
    """A 3-product hand case in the purchaser-table convention: goods carry positive
    margins, the trade and transport rows their negative offsets."""
    from impact import iomath

    purchaser = np.array([130.0, 50.0, 20.0])
    trade, transport = np.array([20.0, -20.0, 0.0]), np.array([10.0, 0.0, -10.0])
    producer, t, r = iomath.margin_shares(purchaser, trade, transport)
    np.testing.assert_allclose(producer * purchaser + (t + r) * purchaser, purchaser)
    np.testing.assert_allclose(t * purchaser, [20.0, 0.0, 0.0])
    np.testing.assert_allclose(r * purchaser, [10.0, 0.0, 0.0])
    np.testing.assert_allclose(producer, [100 / 130, 1.0, 1.0])


def test_margins_of_the_national_table(tables):
    """The shipped producer-price table has zero margin columns: refused, not 'no margins'."""
    national = tables.national
    frame = tables.national_io
    margins = frame[(frame["table"] == "total") & frame["col_code"].isin(["9331", "9332"])]
    assert len(margins) == 2 * 84 and (margins["value"] == 0).all()
    with pytest.raises(TableError, match="9331"):
        national.margin_shares()
    # With margins (a purchaser-price table), producer + margins = purchaser value per product.
    import dataclasses

    n = len(tables.sector_codes)
    trade = np.zeros(n)
    transport = np.zeros(n)
    trade[tables.sector_codes.index("34")] = 1_000.0
    trade[tables.sector_codes.index("52")] = -1_000.0
    transport[tables.sector_codes.index("34")] = 200.0
    transport[tables.sector_codes.index("53")] = -200.0
    with_margins = dataclasses.replace(national, trade_margin_million_won=trade,
                                       transport_margin_million_won=transport)
    shares = with_margins.margin_shares()
    purchaser = national.total_output_million_won + national.imports_million_won \
        + np.clip(trade, 0, None) + np.clip(transport, 0, None)
    np.testing.assert_allclose((shares["producer"] + shares["trade"] + shares["transport"]), 1)
    np.testing.assert_allclose(shares["trade"] * purchaser, np.clip(trade, 0, None))
    np.testing.assert_allclose(shares["transport"] * purchaser, np.clip(transport, 0, None))


def test_multipliers_command_national_and_region(capsys, tables):
    assert main(["multipliers", "--national", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["price_year"] == 2020 and len(out["sectors"]) == 83
    row = next(s for s in out["sectors"] if s["sector_code"] == "34")
    assert round(row["import_share_of_final_demand"], 2) == 0.34
    assert main(["multipliers", "--region", "충북", "--format", "csv"]) == 0
    frame = pd.read_csv(io.StringIO(capsys.readouterr().out), dtype={"sector_code": str})
    mine = tables.multipliers[tables.multipliers["region"] == "충북"]
    np.testing.assert_allclose(frame["jobs_in_region"], mine["jobs_in_region"], rtol=1e-6)
    assert main(["multipliers", "--region", "충청"]) == 2
    assert "충청" in capsys.readouterr().err


def test_direct_and_indirect_parts_by_hand():
    """One sector, a = 0.2, value added v = 0.8: L = 1.25, value-added multiplier 1.0 of
    which 0.8 direct and 0.2 indirect; output 1.25 = 1 direct + 0.25 indirect."""
    from impact import iomath

    L = iomath.calc_L(np.array([[0.2]]))
    M = iomath.calc_M([0.8], L)
    np.testing.assert_allclose([iomath.direct_part([0.8]), iomath.indirect_part(M, [0.8])],
                               [[0.8], [0.2]])
    np.testing.assert_allclose(iomath.indirect_part(iomath.output_multipliers(L), [1.0]), [0.25])


def test_national_direct_and_indirect_parts_add_up(tables):
    national = tables.national
    parts = national.direct_and_indirect()
    frame = tables.national_io
    total = frame[frame["table"] == "total"].set_index(["row_code", "col_code"])["value"]
    j = tables.sector_codes.index("50")  # building construction, by hand from the table
    assert parts["value_added"]["direct"][j] == pytest.approx(
        total["9690", "50"] / total["50", "9310"], rel=1e-12)
    for measure, m in (("output", national.output_multipliers),
                       ("value_added", national.value_added_multipliers),
                       ("imports", national.import_multipliers),
                       ("compensation", national.compensation_multipliers)):
        np.testing.assert_allclose(parts[measure]["direct"] + parts[measure]["indirect"], m)
        assert (parts[measure]["indirect"] >= -1e-12).all()
