"""Every word a report shows, in Korean and English: one language per report.

:func:`word` looks a key up in the report's language; the section modules never
write a label of their own.  The English limits are :data:`impact.limits.LIMITS`.
"""

from __future__ import annotations

from ..limits import LIMITS

LIMITS_KO = (
    "Type I 모형: 지급된 임금의 가계소비에 따른 유발효과(소비유발)는 포함하지 않습니다.",
    "고정 계수: 각 지역의 2020년 생산구조·투입구조·생산성이 사업 기간 동안 유지된다고 가정합니다.",
    "공급 제약 없음: 생산자가 가격 상승이나 다른 용도의 인력·투입 전환 없이 추가 수요를 "
    "충족한다고 가정합니다.",
    "다른 지역에서 사는 부분은 공급하는 지역의 승수(2020년 GRDP 가중, 또는 항목이 정한 공급 "
    "지역)로 계산해 타지역 효과로 셉니다. 그 효과 중 사업 지역으로 되돌아오는 부분은 공표된 "
    "표로 분리할 수 없습니다. 수입은 국내에 효과가 없습니다.",
    "수입비중의 기본값은 분류에 정한 값이 없으면 2020년 전국표의 부문별 최종수요 수입비중입니다.",
    "취업유발은 2020년 취업자(모든 취업자, 주 36시간 환산) 기준 10억원당 계수로 계산하며, "
    "연도를 합하면 상시 일자리가 아니라 인·년(job-years)입니다.",
    "부가가치·취업 승수는 합계만 제공되어 직접/간접 구분은 생산유발에만 있습니다.",
)

WORDS = {
    "ko": {
        # headings of the report notebook's sections
        "h_title": "경제적 파급효과 보고서", "h_summary": "요약",
        "h_assumptions": "가정과 제외 항목", "h_check": "가정 점검",
        "h_phase_year": "단계·연도별 효과", "h_reporting_jobs": "보고연도 기준 취업자",
        "h_sectors": "주요 부문", "h_regions": "17개 시도 비교", "h_scenarios": "시나리오 비교",
        "h_bands": "불확실성 범위", "h_method": "방법과 한계", "h_provenance": "출처·재현 정보",
        "h_excluded": "제외 항목", "h_parameters": "매개변수",
        "h_lines": "예산 항목과 가정", "h_prices": "사용한 물가지수", "h_limits": "한계",
        "h_tables": "자료", "h_inputs": "불확실한 가정",
        "h_drivers_output": "전국 생산유발을 움직이는 가정",
        "h_drivers_jobs": "전국 취업유발을 움직이는 가정",
        "i_summary": "투입 예산과 생산유발·부가가치유발·취업유발 (지역내·타지역·전국, 전국 중 "
                     "지역내 비중, 투입 대비). 취업유발은 인·년 (명 × 연수).",
        "i_check": "예산 점검기: 최종수요가 아닌 항목, 높은 IT 장비 역내 비중, 미생산 부문, 규모, "
                   "중복 계산.",
        "i_phase_year": "건설과 운영 단계별 인·년 (합계) 과 연평균 취업자 (인·년 ÷ 연수).",
        "i_reporting_jobs": "2020년 계수 기준 취업자 옆에, 고용계수 추세로 조정한 보고연도 "
                            "취업자 (조정치).",
        "i_bands": "P10/P50/P90 과 민감도 (토네이도): 어떤 가정이 결과를 가장 크게 움직이는가.",
        # the price basis, stated once at the top
        "basis_once": "이 보고서의 모든 금액: {basis}. 차트도 같은 기준입니다.",
        "basis_repriced": "2020년 불변가격 금액을 {series} ({year}년 {index:.2f}, {status})로 "
                          "다시 표시했습니다. 예산은 항목별 디플레이터로 2020년 가격으로 바꾼 뒤 "
                          "이 하나의 지수로 되돌리므로, 작성 금액과 다를 수 있습니다 "
                          "(예: 건설공사비지수로 환산한 항목은 GDP 디플레이터로 되돌리면 작아짐).",
        # columns
        "line": "항목 ID", "category_sector": "분류 / 부문", "years": "기간",
        "amount": "금액", "in_region_share": "지역내 구매비중", "import_share": "수입비중",
        "import_basis": "수입비중 근거", "deflator": "디플레이터",
        "price_year": "가격 연도", "index": "물가지수 (2020=100)", "excluded": "제외 사유",
        "note": "비고", "name": "이름", "value": "값", "unit": "단위", "low": "하한",
        "high": "상한", "series": "지수", "status": "상태", "lower": "하한", "upper": "상한",
        "use": "용도", "use_budget": "예산을 2020년 가격으로", "use_report": "보고 가격",
        "job_years": "인·년 (합계)", "avg_total": "연평균 취업자 (합계)",
        "avg_region": "연평균 취업자 ({region})", "code": "코드", "severity": "심각도",
        "rule": "규칙", "field": "필드", "message": "내용", "basis_2020": "2020년 기준",
        "interval": "구간", "how": "방법", "point": "추정치", "scope": "구분",
        "assumption": "가정", "at_p10": "P10일 때", "at_p90": "P90일 때", "swing": "변동폭",
        "rank_corr": "순위상관", "kind": "종류", "distribution": "분포", "mode": "최빈값",
        "sigma": "표준편차", "table": "표", "measure": "구분", "rank": "순위",
        "adjusted": "{year}년 조정",
        # sentences, including the ones for empty sections
        "none_excluded": "제외 항목이 없습니다: 모든 항목이 최종수요입니다.",
        "none_parameters": "예산 파일에 매개변수가 없습니다.",
        "none_scenarios": "예산 파일에 시나리오가 없습니다.",
        "none_findings": "가정 점검 결과 지적할 사항이 없습니다.",
        "none_uncertain": "예산 파일에 불확실한 입력(범위)이 없습니다: 모든 추출이 추정치와 "
                          "같아 P10 = P50 = P90 이며 민감도(토네이도)도 없습니다. 범위를 보려면 "
                          "매개변수의 low/high 나 항목의 in_region_share_range 를 적으십시오.",
        "no_chart": "이 사업에는 '{name}' 차트가 없습니다.",
        "findings": "지적 {n}건 ({counts}). 키워드 규칙은 항목이 무엇인지가 아니라 무엇이라고 "
                    "적혔는지를 읽습니다; `impact check` 참조.",
        "sectors_note": "부문은 예산이 구매한 부문(최종수요 부문)이며, 효과에는 그 부문이 끌어오는 "
                        "공급망이 포함됩니다.",
        "regions_caveat": "같은 예산을 각 시도의 2020년 승수로 둔 경우입니다. 각 시도의 2020년 "
                          "공급구조를 가정하고, 사업 지역을 위해 정한 지역내 구매비중을 그대로 "
                          "둡니다: 입지 평가가 아니라 참고 자료입니다.",
        "jobs_note": "취업유발 = 인·년 (명 × 연수).",
        "warning": "경고",
        "severity_error": "오류", "severity_warning": "경고", "severity_info": "참고",
        "base_scenario": "기준", "base_description": "예산 파일 그대로",
        "spread": "분할", "recurs": "매년",
        "method": "각 항목을 물가지수로 2020년 가격으로 바꾸고, 한국은행 부문에 대응시킨 뒤, "
                  "어디서 사는지로 나눕니다: 지역내 생산자(지역내 구매비중), 다른 지역, 해외"
                  "(수입비중). 지역내 구매에는 그 지역의 2020년 승수를 곱해 지역내와 타지역 "
                  "효과를 얻고, 다른 지역 구매에는 공급 지역들의 승수(2020년 GRDP 가중)를 "
                  "곱해 타지역 효과에 더합니다. 수입은 효과가 없습니다. 전국 = 지역내 + 타지역.",
        "prices_note": "상태: read = 공표치; computed/estimated = 공표 계열에서 계산; projected = "
                       "마지막 공표 연도 이후 로그선형 추세 (하한/상한: 90% 구간).",
        "reporting_note": "취업은 2020년 취업계수(2020년 산출 10억원당 2020년 취업자)로 "
                          "계산합니다. 2020년 가격으로 나타낸 전국 계수는 {y0}–{y1}년에 연 "
                          "{change:.1f}% 정도 줄었습니다 (연도에 대한 로그의 OLS, {n}개 점). "
                          "조정치는 2020년 계수 취업자 옆에 보이며 대신하지 않습니다; 구간은 "
                          "{interval}% 예측구간입니다.",
        "bands_intro": "{draws:,}회 추출 ({method}, seed {seed}), 예산 파일에 적힌 불확실한 입력 "
                       "{n}개 (매개변수 low/high, 지역내 구매비중 범위, 대체 부문 분류), "
                       "물가지수 불확실성, 고용 추세(조정 취업자만). 입력은 서로 독립으로 "
                       "추출합니다.",
    },
    "en": {
        "h_title": "Economic impact report", "h_summary": "Summary",
        "h_assumptions": "Assumptions and exclusions", "h_check": "Assumptions check",
        "h_phase_year": "Effects by phase and year",
        "h_reporting_jobs": "Jobs in the reporting year", "h_sectors": "Top sectors",
        "h_regions": "The project in each of the 17 regions",
        "h_scenarios": "Scenarios side by side", "h_bands": "Uncertainty bands",
        "h_method": "Method and limits", "h_provenance": "Provenance",
        "h_excluded": "Excluded lines", "h_parameters": "Parameters",
        "h_lines": "Budget lines and their assumptions", "h_prices": "Price indices used",
        "h_limits": "Limits", "h_tables": "Tables", "h_inputs": "Uncertain inputs",
        "h_drivers_output": "Drivers of total output", "h_drivers_jobs": "Drivers of total jobs",
        "i_summary": "Input budget and output, value added and jobs (in region, other "
                     "regions, nationwide, in-region share of nationwide, per input). Jobs are job-years "
                     "(persons × years).",
        "i_check": "The budget linter's findings: lines that are not final demand, high "
                   "in-region shares for IT hardware, sectors the region does not produce, "
                   "size, double counting.",
        "i_phase_year": "Job-years per phase (total) and average annual jobs (job-years ÷ "
                        "years).",
        "i_reporting_jobs": "Jobs adjusted to the reporting year with the employment "
                            "coefficient trend, next to the 2020-coefficient jobs (an "
                            "adjustment).",
        "i_bands": "P10/P50/P90 and the tornado: which assumptions move the result most.",
        "basis_once": "All money in this report: {basis}. The charts use the same basis.",
        "basis_repriced": "Money at 2020 prices re-expressed with {series} ({year}: "
                          "{index:.2f}, {status}). The budget was converted to 2020 prices "
                          "with each line's own deflator and comes back with this single "
                          "index, so it can differ from the budget as written (a line "
                          "converted with the construction index comes back smaller with "
                          "the GDP deflator).",
        "line": "Line", "category_sector": "Category / sector", "years": "Years",
        "amount": "Amount", "in_region_share": "In-region share", "import_share": "Import share",
        "import_basis": "Import share from", "deflator": "Deflator",
        "price_year": "Price year", "index": "Index (2020=100)", "excluded": "Reason excluded",
        "note": "Note", "name": "Name", "value": "Value", "unit": "Unit", "low": "Low",
        "high": "High", "series": "Series", "status": "Status", "lower": "Lower",
        "upper": "Upper", "use": "Use", "use_budget": "budget to 2020 prices",
        "use_report": "reporting prices", "job_years": "Job-years (total)",
        "avg_total": "Average annual jobs (total)", "avg_region": "Average annual jobs ({region})",
        "code": "Code", "severity": "Severity", "rule": "Rule", "field": "Field",
        "message": "Message", "basis_2020": "2020 basis", "interval": "Interval", "how": "How",
        "point": "Point", "scope": "Scope", "assumption": "Assumption", "at_p10": "At P10",
        "at_p90": "At P90", "swing": "Swing", "rank_corr": "Rank correlation", "kind": "Kind",
        "distribution": "Distribution", "mode": "Mode", "sigma": "Sigma", "table": "Table",
        "measure": "Measure", "rank": "Rank",
        "adjusted": "{year} adjusted",
        "none_excluded": "No line is excluded: every line is final demand.",
        "none_parameters": "The budget file defines no parameters.",
        "none_scenarios": "The budget file defines no scenarios.",
        "none_findings": "The assumptions check found nothing to flag.",
        "none_uncertain": "Nothing in the budget file is uncertain (no ranges given): every "
                          "draw equals the estimate, so P10 = P50 = P90 and there is no "
                          "tornado. Give parameters low/high or lines an "
                          "in_region_share_range to see a band.",
        "no_chart": "No '{name}' chart for this project.",
        "findings": "{n} finding(s) ({counts}). Keyword rules read what a line says, not "
                    "what it is; see `impact check`.",
        "sectors_note": "Sectors are those the budget buys from (demand sectors); their "
                        "effects include the supply chains they draw on.",
        "regions_caveat": "The same budget placed in each region with that region's 2020 "
                          "multipliers. Each region's 2020 supply structure is assumed, and "
                          "the budget's in-region shares are kept as written although they "
                          "were chosen for the project's own region: this is context, not a "
                          "site appraisal.",
        "jobs_note": "Jobs = job-years (persons × years).",
        "warning": "Warning",
        "severity_error": "error", "severity_warning": "warning", "severity_info": "info",
        "base_scenario": "base", "base_description": "as in the budget file",
        "spread": "spread", "recurs": "every year",
        "method": "Each line is converted to 2020 prices with its price index, mapped to BOK "
                  "sectors and split by where it is bought: from producers in the region "
                  "(in-region share), in other Korean regions, or abroad (import share). "
                  "In-region purchases are multiplied by the region's 2020 multipliers "
                  "(effects in the region and in other regions); purchases from other regions "
                  "by the multipliers of the regions that supply them (2020 GRDP-weighted "
                  "unless the line names its suppliers); imports have no effect in Korea. "
                  "Nationwide = in-region + other regions.",
        "prices_note": "status: read = published; computed/estimated = derived from published "
                       "series; projected = log-linear trend past the last published year "
                       "(lower/upper: 90% interval).",
        "reporting_note": "Jobs use the 2020 employment multipliers (2020 workers per 1bn won "
                          "of 2020 output). The national multiplier, re-expressed in 2020 "
                          "prices, fell by about {change:.1f}% a year over {y0}–{y1} "
                          "(OLS of its log on the year, {n} points). The adjusted "
                          "figure is shown NEXT TO the 2020-coefficient jobs, never instead of "
                          "them; its interval is a {interval}% prediction interval.",
        "bands_intro": "{draws:,} draws ({method}, seed {seed}) over {n} uncertain inputs "
                       "declared in the budget file (parameter low/high, in-region share "
                       "ranges, alternative sector mappings), price-index uncertainty and "
                       "the employment trend (adjusted jobs only). Inputs are drawn "
                       "independently.",
    },
}
LIMITS_BY_LANG = {"ko": LIMITS_KO, "en": LIMITS}


def word(lang: str, key: str, **values) -> str:
    """The text for ``key`` in ``lang``, with ``values`` filled in."""
    text = WORDS[lang][key]
    return text.format(**values) if values else text


# -- the conventional figure, the bridge, the indicators and the GRDP comparison ---------
WORDS["ko"].update({
    "h_bridge": "통상 방식과의 비교",
    "i_bridge": "대부분의 지역 연구는 예산을 작성 금액 그대로, 전액 지역내에서 산 것으로 보고 "
                "지역 승수를 곱합니다. 아래 표와 차트는 그 수치에서 본 추정까지 단계별 증감입니다 "
                "(단계의 합 = 차이).",
    "step": "단계", "bridge_conventional_row": "통상 방식 (예산 작성 가격)",
    "h_bridge_excluded": "제외한 항목 (일부 연구는 포함)",
    "bridge_excluded": "일부 연구는 토지 매입·이전지출 등도 사업비로 셉니다. 본 추정과 통상 "
                       "방식 모두 이 항목을 제외했습니다: 합계 {amount}.",
    "conventional_line": "통상 방식(예산 그대로, 전액 지역내 구매) 생산유발 전국 {output}, "
                         "지역내 {output_in_region}; 본 추정 전국 {ours}.",
    "h_indicators": "수입·소득유발과 Type II (참고)",
    "i_indicators": "국내 구매분(지역내 + 타지역 구매, 수입 제외)에 전국 산업연관표(2020)의 "
                    "비율을 적용한 참고 지표입니다. 전국 기준.",
    "h_types": "Type I · 소비유발 · Type II (전국, 민감도)", "h_direct": "직접·간접 효과 (전국)",
    "type1": "Type I", "induced": "소비유발", "type2": "Type II (참고)", "source": "근거",
    "direct": "직접", "indirect": "간접", "total_effect": "합계",
    "compensation": "소득유발 (피용자보수)", "imports": "수입유발",
    "basis_regional": "지역산업연관표 (본 추정)", "basis_national": "전국 비율",
    "basis_none": "계산하지 않음", "basis_no_split": "구분 불가",
    "direct_note": "지역산업연관표에는 직접 부가가치·고용계수가 없어 본 추정의 부가가치·취업은 "
                   "직접/간접으로 나누지 않습니다. 생산은 지역표로, 부가가치·소득·수입은 전국 "
                   "비율로 나눴습니다 (직접 = 해당 부문의 계수 × 국내 구매).",
    "jobs_induced_note": "소비유발 취업은 유발된 가계소비에 부문별 취업유발계수(17개 시도의 "
                         "전국(지역내+타지역) 계수를 2020년 GRDP로 가중평균, 백만원당)를 곱한 "
                         "값입니다.",
    "h_grdp": "지역 경제 규모 대비 (GRDP)",
    "grdp_intro": "지역내 부가가치유발을 {region}의 2020년 지역내총생산(GRDP {grdp}, KOSIS)과 "
              "비교합니다 (비중은 2020년 가격 기준).",
    "year": "연도", "va_in_region": "지역내 부가가치유발", "share_of_grdp": "GRDP 대비",
    "all_years": "전체 기간", "pimac": "KDI PIMAC 예타 사업 평균 (지역경제 활성화 효과 지수)",
    "pimac_label": "비교 대상",
})
WORDS["en"].update({
    "h_bridge": "Against the conventional figure",
    "i_bridge": "Most regional studies take the budget as written, all bought in the region, "
                "times the region's multipliers. The table and chart go from that figure to "
                "this estimate step by step (the steps add up to the difference).",
    "step": "Step", "bridge_conventional_row": "Conventional (budget's own prices)",
    "h_bridge_excluded": "Lines left out (some studies count them)",
    "bridge_excluded": "Some studies count land purchases, transfers and the like as project "
                       "spending. Both this estimate and the conventional figure leave them "
                       "out: {amount} in all.",
    "conventional_line": "Conventional figure (budget as written, all bought in the region): "
                         "nationwide output {output}, {output_in_region} in the region; this "
                         "estimate {ours} nationwide.",
    "h_indicators": "Imports, income and Type II (for reference)",
    "i_indicators": "Reference figures at the national 2020 table's ratios, applied to the "
                    "purchases made in Korea (in the region and in other regions, imports "
                    "left out). Nationwide.",
    "h_types": "Type I, induced and Type II (nationwide, a sensitivity)",
    "h_direct": "Direct and indirect effects (nationwide)",
    "type1": "Type I", "induced": "Induced", "type2": "Type II (reference)", "source": "Basis",
    "direct": "Direct", "indirect": "Indirect", "total_effect": "Total",
    "compensation": "Income (compensation of employees)", "imports": "Imports induced",
    "basis_regional": "regional tables (this estimate)", "basis_national": "national ratios",
    "basis_none": "not computed", "basis_no_split": "not available",
    "direct_note": "The regional tables carry no direct value-added or employment "
                   "coefficients, so this estimate's value added and jobs are not split. "
                   "Output is split with the regional tables; value added, income and imports "
                   "at national ratios (direct = the sector's own coefficient × purchases "
                   "made in Korea).",
    "jobs_induced_note": "Induced jobs: the household consumption induced, times each "
                         "sector's jobs multiplier (the 17 regions' nationwide, in-region + "
                         "other-regions, multipliers averaged with 2020 GRDP weights, per "
                         "million won).",
    "h_grdp": "Against the size of the region (GRDP)",
    "grdp_intro": "Value added in the region against {region}'s 2020 GRDP ({grdp}, KOSIS), at "
              "2020 prices (the shares).",
    "year": "Year", "va_in_region": "Value added in the region", "share_of_grdp": "Share of GRDP",
    "all_years": "All years", "pimac": "KDI PIMAC averages for 예타 projects (regional-economy "
                                       "index)",
    "pimac_label": "Compared with",
})
