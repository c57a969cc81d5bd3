"""The conventional figure and the bridge from it to ours, step by step.

Most published Korean regional studies take every final-demand line at its amount as
written, treat all of it as bought from producers in the project's region, and multiply
by the region's coefficients.  Ours converts prices, removes imports and moves purchases
made in other regions out of the region (adding their effects there).  The bridge
evaluates the same flows under each cumulative set of assumptions; each step is the
difference between two neighbouring cases, so the steps add up exactly to the
difference between the two figures.

Cases (each through :func:`impact.iomath.purchase_effects`):

0. conventional: amount as written, all bought in the region, the region's multipliers;
1. at 2020 prices (each line's price index);
1b. purchaser-price lines split into producer value and margins (only when the national
   table has margins and a line is at purchaser prices);
2. imports removed: the import share is bought abroad, the rest still in the region;
3. other-region purchases moved out of the region (their effects not yet counted), and
   sectors the region does not produce bought elsewhere;
4. ours: the effects of the other-region purchases added, through their suppliers.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .flows import Flows, build_flows
from .tables import MEASURES

STEPS = ("conventional", "price_conversion", "purchaser_to_producer", "imports_removed",
         "other_region_purchases_moved_out", "other_region_effects_added")
STEP_LABELS = {
    "ko": {"conventional": "통상 방식 (예산 그대로, 전액 지역내 구매)",
           "price_conversion": "2020년 가격으로 환산",
           "purchaser_to_producer": "구매자가격을 생산자가격과 유통·운송 마진으로 분리",
           "imports_removed": "수입분 제외",
           "other_region_purchases_moved_out": "타지역 구매분을 지역 밖으로",
           "other_region_effects_added": "타지역 구매의 효과를 해당 지역에 추가",
           "adjusted": "본 추정"},
    "en": {"conventional": "Conventional (budget as written, all bought in the region)",
           "price_conversion": "Converted to 2020 prices",
           "purchaser_to_producer": "Purchaser prices split into producer value and margins",
           "imports_removed": "Imports removed",
           "other_region_purchases_moved_out": "Purchases from other regions moved out",
           "other_region_effects_added": "Their effects in the supplying regions added",
           "adjusted": "This estimate"},
}
# One sentence per step, in plain words, with the step's figures: fields {amount} (the
# money the step moves, see :func:`step_amounts`), {output_in_region}, {output_total},
# {jobs_in_region}, {jobs_total} (the step's signed change), formatted by the caller.
STEP_SENTENCES = {
    "ko": {"conventional": "통상 방식은 최종수요 예산 {amount}을 작성 금액 그대로 모두 이 지역에서 "
                           "샀다고 보고 지역 승수를 곱합니다: 생산유발 지역내 {output_in_region}, "
                           "전국 {output_total}, 취업유발 전국 {jobs_total}.",
           "price_conversion": "예산은 작성 연도의 가격이므로 산업연관표의 가격(2020년)으로 "
                               "환산했습니다 ({amount}). 2020년 이후 물가가 올라 같은 금액의 실질 "
                               "구매량이 줄어듭니다: 전국 생산유발 {output_total}.",
           "purchaser_to_producer": "판매상에게 산 물품의 금액에는 도소매·운송 마진이 들어 "
                                    "있으므로, 물품 부문에는 생산자가격만 두고 마진 {amount}은 "
                                    "도소매·운송 부문의 구매로 옮겼습니다: 전국 생산유발 "
                                    "{output_total}.",
           "imports_removed": "해외에서 수입하는 {amount}(GPU·서버 등)은 국내 생산을 유발하지 "
                              "않으므로 뺐습니다: 전국 생산유발 {output_total}, 취업유발 "
                              "{jobs_total}.",
           "other_region_purchases_moved_out": "다른 지역 생산자에게서 사는 {amount}은 이 "
                                               "지역의 승수로 계산하지 않습니다: 지역내 "
                                               "생산유발 {output_in_region}.",
           "other_region_effects_added": "그 구매는 공급하는 지역의 승수로 계산해 타지역 효과에 "
                                         "더했습니다: 전국 생산유발 {output_total}, 취업유발 "
                                         "{jobs_total}. 지역내 효과는 바뀌지 않습니다.",
           "adjusted": "본 추정: 생산유발 지역내 {output_in_region}, 전국 {output_total}; "
                       "취업유발 지역내 {jobs_in_region}, 전국 {jobs_total}."},
    "en": {"conventional": "The conventional figure takes the {amount} of final demand as "
                           "written, all bought in the region, times the region's multipliers: "
                           "output {output_in_region} in the region, {output_total} "
                           "nationwide, {jobs_total} jobs nationwide.",
           "price_conversion": "Budgets are in their own years' prices; the tables are in 2020 "
                               "prices, so amounts are deflated ({amount}; prices have risen "
                               "since 2020): nationwide output {output_total}.",
           "purchaser_to_producer": "Goods bought from dealers include trade and transport "
                                    "margins: only the producer value goes to the goods' "
                                    "sector, the {amount} of margins to trade and transport: "
                                    "nationwide output {output_total}.",
           "imports_removed": "The {amount} bought abroad (GPUs, servers…) produces nothing in "
                              "Korea and is removed: nationwide output {output_total}, jobs "
                              "{jobs_total}.",
           "other_region_purchases_moved_out": "The {amount} bought from producers in other "
                                               "regions does not act through this region's "
                                               "multipliers: output in the region "
                                               "{output_in_region}.",
           "other_region_effects_added": "Those purchases act through the supplying regions' "
                                         "multipliers and are added as other-region effects: "
                                         "nationwide output {output_total}, jobs {jobs_total}; "
                                         "the region's own figure does not change.",
           "adjusted": "This estimate: output {output_in_region} in the region, {output_total} "
                       "nationwide; jobs {jobs_in_region} in the region, {jobs_total} "
                       "nationwide."},
}


def step_amounts(flows: Flows) -> dict[str, float]:
    """The money (백만원) each step moves: final demand as written (``conventional``),
    its change on conversion to 2020 prices, the margins split off purchaser-price lines,
    the imports, the purchases made in other
    regions (moved out, and their effects added back) and final demand at 2020 prices."""
    own = flows.alt == ""
    spend_2020 = flows.spend_2020 * own
    written = spend_2020 / flows.prices.factor[flows.line]
    _, other, imports = flows.purchases(spend_2020)
    margins = spend_2020 * (flows.component != "")
    return {"conventional": float(written.sum()),
            "price_conversion": float(spend_2020.sum() - written.sum()),
            "purchaser_to_producer": float(margins.sum()),
            "imports_removed": float(imports.sum()),
            "other_region_purchases_moved_out": float(other.sum()),
            "other_region_effects_added": float(other.sum()),
            "adjusted": float(spend_2020.sum())}


def at_prices(frame: pd.DataFrame, factor: float) -> pd.DataFrame:
    """The bridge with the money of every case after the conventional one re-expressed
    (× ``factor``, 2020 prices → a report's prices); the steps are differenced again, so
    they still add up from the conventional figure (as written) to ours."""
    if factor == 1.0:
        return frame.copy()
    out = frame.copy()
    money = out["measure"] != "jobs"
    for measure, rows in out[money].groupby("measure", sort=False):
        index = rows.index[:-1]  # the steps; the last row is the adjusted figure
        for scope in ("in_region", "total"):
            cases = rows.loc[index, scope].cumsum().to_numpy(dtype=float, copy=True)
            cases[1:] = cases[1:] * factor
            out.loc[index, scope] = np.diff(cases, prepend=0.0)
            out.loc[rows.index[-1], scope] = cases[-1]
    return out


def _case_effects(flows: Flows, spend, in_region_share, import_share, produced,
                  with_other_effects: bool) -> np.ndarray:
    """Totals (measures, [in_region, total]) of one case over all flows."""
    from . import iomath
    d_in, d_other, _ = iomath.split_purchases(spend, in_region_share, import_share, produced)
    if not with_other_effects:
        d_other = np.zeros_like(d_other)
    per_flow = flows.effects(d_in, d_other)  # (flows, measures, 3)
    sums = per_flow.sum(axis=0)
    return np.stack([sums[:, 0], sums.sum(axis=1)], axis=1)


def bridge_cases(flows: Flows) -> dict[str, np.ndarray]:
    """Effects (measures x [in_region, total]) of each cumulative case, by step name.

    The first two cases take every amount in its own product's sector (as budgets are
    written); when purchaser-price lines were split into margins, the next case does so.
    """
    lines = flows.lines
    whole = flows
    if (flows.component != "").any():
        whole = build_flows(lines.assign(price_basis="producer"),
                            flows.tables.region_names[flows.region],
                            flows.unit_in_million_won, flows.tables)
    own = flows.alt == ""
    spend_2020 = flows.spend_2020 * own
    in_share = lines["in_region_share"].to_numpy(float)[flows.line]
    imp = lines["import_share"].to_numpy(float)[flows.line] * (flows.component == "")
    every, none = np.ones(len(flows), bool), np.zeros(len(flows))
    whole_2020 = whole.spend_2020 * (whole.alt == "")
    whole_all, whole_none = np.ones(len(whole), bool), np.zeros(len(whole))
    cases = {
        "conventional": _case_effects(whole, whole_2020 / whole.prices.factor[whole.line], 1.0,
                                      whole_none, whole_all, False),
        "price_conversion": _case_effects(whole, whole_2020, 1.0, whole_none, whole_all, False),
    }
    if whole is not flows:
        cases["purchaser_to_producer"] = _case_effects(flows, spend_2020, 1.0, none, every,
                                                       False)
    return cases | {
        "imports_removed": _case_effects(flows, spend_2020, 1.0 - imp, imp, every, False),
        "other_region_purchases_moved_out": _case_effects(flows, spend_2020, in_share, imp,
                                                          flows.produced, False),
        "other_region_effects_added": _case_effects(flows, spend_2020, in_share, imp,
                                                    flows.produced, True),
    }


def bridge_frame(flows: Flows) -> pd.DataFrame:
    """The bridge as a tidy frame: one row per step and measure.

    Columns ``step``, ``measure``, ``in_region``, ``total`` (the step's signed change;
    for ``conventional`` the conventional figure itself) and ``kind`` (``figure`` or
    ``change``); a last ``adjusted`` row per measure holds our figure (the sum of all).
    Money in 백만원 (the conventional figure in the budget's own prices, the rest at 2020
    prices), jobs in persons.
    """
    cases = bridge_cases(flows)
    rows, previous = [], None
    for step in (s for s in STEPS if s in cases):
        value = cases[step] if previous is None else cases[step] - previous
        previous = cases[step]
        for m, measure in enumerate(MEASURES):
            rows.append({"step": step, "measure": measure, "in_region": value[m, 0],
                         "total": value[m, 1],
                         "kind": "figure" if step == "conventional" else "change"})
    for m, measure in enumerate(MEASURES):
        rows.append({"step": "adjusted", "measure": measure, "in_region": previous[m, 0],
                     "total": previous[m, 1], "kind": "figure"})
    return pd.DataFrame(rows)
