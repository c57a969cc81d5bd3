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
STEP_SENTENCES = {
    "ko": {"price_conversion": "예산은 작성 연도의 가격이므로 2020년 가격(산업연관표의 가격)으로 "
                               "환산했습니다. 2020년 이후 물가가 올라 같은 금액의 실질 구매량이 "
                               "줄어듭니다.",
           "purchaser_to_producer": "판매상에게 산 물품의 금액에는 도소매·운송 마진이 들어 "
                                    "있으므로, 물품 부문에는 생산자가격만 두고 마진은 도소매·"
                                    "운송 부문의 구매로 옮겼습니다.",
           "imports_removed": "해외에서 수입하는 부분(GPU·서버 등)은 국내 생산을 유발하지 않으므로 "
                              "뺐습니다.",
           "other_region_purchases_moved_out": "다른 지역 생산자에게서 사는 부분은 이 지역의 "
                                               "승수로 계산하지 않습니다.",
           "other_region_effects_added": "그 구매는 공급하는 지역의 승수로 계산해 타지역 효과에 "
                                         "더했습니다. 전국 합계는 거의 그대로입니다."},
    "en": {"price_conversion": "Budgets are in their own years' prices; the tables are in 2020 "
                               "prices, so amounts are deflated (prices have risen since 2020).",
           "purchaser_to_producer": "Goods bought from dealers include trade and transport "
                                    "margins: only the producer value goes to the goods' "
                                    "sector, the margins to trade and transport.",
           "imports_removed": "What is bought abroad (GPUs, servers…) produces nothing in "
                              "Korea and is removed.",
           "other_region_purchases_moved_out": "What is bought from producers in other regions "
                                               "does not act through this region's multipliers.",
           "other_region_effects_added": "Those purchases act through the supplying regions' "
                                         "multipliers and are added as other-region effects; "
                                         "the nationwide total barely moves."},
}


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
