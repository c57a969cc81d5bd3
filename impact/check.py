"""Assumptions check: a linter for budgets.

Each rule reads the validated lines (whole columns at once) and returns findings with
a severity (``error``: the estimate is wrong as written; ``warning``: probably wrong or
outside what the model supports, look at it; ``info``: worth a sentence in the
report), the line, the field and one sentence of why.

What a budget file can show and what it cannot: keyword rules read the ``item`` text
(Korean and English), so they catch what a line says it is, not what it is; a line
whose text hides a land purchase or a revenue figure passes.  "Large relative to the
region" compares yearly in-region final demand with the region's 2020 GRDP
(:data:`LARGE_SHARE_OF_GRDP`).  Rules that depend on sectors and sourcing read the
project's flows (:mod:`impact.flows`), so they see exactly what the estimate counts.  Multipliers summed across regions are detectable only where they show: a
line whose item names multipliers or effects (effects entered as spending), and
results of several regions combined (:func:`check_combination`); sums made outside
this package cannot be seen.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from .flows import primary_sector, project_flows, unsupplied
from .messages import Message, in_language
from .project import Project
from .sourcing import import_basis_in
from .tables import Tables, load_tables

SEVERITIES = ("error", "warning", "info")
IT_HARDWARE_SECTOR = "34"
IT_HARDWARE_SHARE_LIMIT = 0.20
LARGE_SHARE_OF_GRDP = 0.01  # in-region final demand in a year, as a share of 2020 GRDP

NOT_FINAL_DEMAND = {  # kind: (what it is, in English, in Korean; the item-text pattern)
    "land": ("a land or existing-asset purchase", "토지·기존 자산 매입", r"토지|부지|용지|매입|\bland\b|site acquisition"
             r"|real estate|acquisition of (?:land|buildings?)"),
    "loan": ("a loan", "융자·대출", r"융자|대출|여신|\bloans?\b|\blending\b|credit line"),
    "transfer": ("a transfer or subsidy", "이전지출·보조금", r"보조금|지원금|출연금|장려금|이전지출|\btransfers?\b"
                 r"|\bsubsid(?:y|ies)\b|\bgrants?\b"),
    "reserve": ("a reserve or contingency", "예비비·적립금", r"예비비|적립금|충당금|\breserves?\b|contingenc"),
    "commitment": ("a fund commitment", "펀드 출자 약정", r"약정|출자|\bcommit(?:ment|ted)\b|fund size"),
}
SPENDING_WORDS = (r"공사|설비|장비|구입|구매|개발|연구|하드웨어|소프트웨어|서비스|인건비|유지보수"
                  r"|교육|설계|조성|equipment|works|construction|hardware|software|services"
                  r"|\bR&D\b|wages|fit-?out")
EFFECT_WORDS = (r"유발|파급|승수|계수|multiplier|induced|spill-?over|ripple"
                r"|(?:output|value[- ]added|employment) effect")
REVENUE_WORDS = (r"매출|수익|판매|임대료 수입|수입(?!\s*(?:장비|부품|품|산|재|원자재|자재|차|대체))"
                 r"|revenue|\bsales\b|turnover|\bincome\b")


@dataclass(frozen=True)
class Finding:
    """One finding: severity, rule, where (file, YAML line, line id, field) and why."""

    severity: str
    rule: str
    message: str
    line_id: str = ""
    field: str = ""
    file: str | None = None
    source_line: int | None = None

    def __str__(self) -> str:
        return self.text("en")

    def text(self, lang: str = "en") -> str:
        """``file:line: severity: [rule] line ID field: message``, the message in ``lang``
        (the severity, rule and field stay as they are: they are what scripts match)."""
        where = self.file or "<input>"
        if self.source_line is not None:
            where += f":{self.source_line}"
        line = f" line {self.line_id}" if self.line_id else ""
        field = f" {self.field}" if self.field else ""
        message = in_language(self.message, lang)
        return f"{where}: {self.severity}: [{self.rule}]{line}{field}: {message}"


def _matches(text: pd.Series, pattern: str) -> pd.Series:
    return text.str.contains(pattern, flags=re.IGNORECASE, regex=True, na=False)


def _findings(project: Project, mask, severity: str, rule: str, field: str, messages) -> list:
    """Findings for the lines where ``mask`` is true (``messages``: one per line or one)."""
    lines = project.lines
    mask = np.asarray(mask, bool)
    texts = np.empty(len(lines), dtype=object)  # object: each keeps its Korean wording
    texts[:] = [messages] * len(lines) if isinstance(messages, str) else list(messages)
    hit = lines[mask]
    return [Finding(severity, rule, msg, line_id=lid, field=field, file=project.source_file,
                    source_line=int(src))
            for lid, src, msg in zip(hit["line_id"], hit["source_line"], texts[mask])]


def rule_not_final_demand(project: Project, tables: Tables) -> list:
    """Land, loans, transfers, reserves or commitments entered as spending (item text)."""
    lines = project.lines
    active = lines["exclude"] == ""
    spending = _matches(lines["item"], SPENDING_WORDS)
    out = []
    for kind, (what, what_ko, pattern) in NOT_FINAL_DEMAND.items():
        hit = active & _matches(lines["item"], pattern)
        out += _findings(project, hit & ~spending, "error", f"not_final_demand.{kind}", "item",
                         Message(f"the item reads as {what}, which is not final demand (it "
                                 "buys no current production); exclude it with a reason and "
                                 "enter only what is actually bought with it",
                                 f"항목이 {what_ko} 항목으로 읽힙니다. 현재의 생산물을 사지 않으므로 "
                                 "최종수요가 아닙니다. 이유를 적어 제외(exclude)하고 그 돈으로 "
                                 "실제 사는 것만 입력하세요"))
        out += _findings(project, hit & spending, "info", f"not_final_demand.{kind}", "item",
                         Message(f"the item mentions {what} and what is bought; it is counted "
                                 "as spending, so make sure the amount is only that spending "
                                 "(for loans, only the additional investment) and not the "
                                 "financing itself",
                                 f"항목에 {what_ko} 내용과 구매 내용이 함께 있습니다. 지출로 "
                                 "계산하므로 금액이 그 지출만인지(융자는 추가 투자분만) 확인하고 "
                                 "자금 조달액 자체는 넣지 마세요"))
    return out


def rule_it_hardware_share(project: Project, tables: Tables) -> list:
    """IT hardware (sector 34) with an in-region share above :data:`IT_HARDWARE_SHARE_LIMIT`."""
    lines = project.lines
    it = (lines["exclude"] == "") & (primary_sector(lines, tables) == IT_HARDWARE_SECTOR)
    high = lines["in_region_share"].where(lines["in_region_share_high"].isna(),
                                          lines["in_region_share_high"])
    messages = [Message(f"IT hardware (servers, GPUs; sector 34) is mostly imported or made "
                        f"in a few clusters, but this line buys up to {s:.0%} in "
                        f"{project.region} (rule: above {IT_HARDWARE_SHARE_LIMIT:.0%}); give "
                        "the local supplier as the reason or lower it",
                        f"IT 하드웨어(서버·GPU, 34 부문)는 대부분 수입되거나 몇몇 지역에서 "
                        f"만들어지는데, 이 항목은 {project.region}에서 최대 {s:.0%}를 삽니다"
                        f"(기준: {IT_HARDWARE_SHARE_LIMIT:.0%} 초과). 지역 공급업체를 근거로 "
                        "적거나 비중을 낮추세요") for s in high]
    return _findings(project, it & (high > IT_HARDWARE_SHARE_LIMIT), "warning",
                     "it_hardware_share", "in_region_share", messages)


def rule_not_produced(project: Project, tables: Tables) -> list:
    """Lines (or their alternative mappings) in a sector the region did not produce in 2020."""
    flows = project_flows(project, tables, alternatives=True)
    n = len(project.lines)
    own = flows.alt == ""
    own_missing = np.bincount(flows.line[own & ~flows.produced], minlength=n) > 0
    alt_missing = np.bincount(flows.line[~own & ~flows.produced], minlength=n) > 0
    en = (f"not produced in {project.region} in 2020: its in-region share is treated as "
          "bought from other regions, so the line has no effect through "
          f"{project.region}'s multipliers")
    ko = (f"2020년 {project.region}에서 생산되지 않습니다. 지역내 구매 비중을 다른 지역에서 "
          f"사는 것으로 처리하므로 이 항목은 {project.region} 승수를 통한 효과가 없습니다")
    return (_findings(project, own_missing, "warning", "not_produced", "sector",
                      Message("sector " + en, "이 부문은 " + ko))
            + _findings(project, alt_missing, "warning", "not_produced", "alt_sectors",
                        Message("an alternative sector " + en, "대체 부문(alt_sectors)이 " + ko)))


def rule_suppliers(project: Project, tables: Tables) -> list:
    """``supplied_from`` regions that did not produce the line's sector in 2020."""
    flows = project_flows(project, tables)
    bad = np.bincount(flows.line[unsupplied(flows)], minlength=len(project.lines)) > 0
    return _findings(project, bad, "warning", "supplier_not_producing", "supplied_from",
                     Message("the named supplier region(s) did not produce this sector in "
                             "2020; the other regions that did, weighted by GRDP, supply it "
                             "instead",
                             "적은 공급 지역이 2020년에 이 부문을 생산하지 않았습니다. 생산한 "
                             "다른 지역들이 지역내총생산(GRDP) 비중대로 대신 공급합니다"))


def rule_import_default(project: Project, tables: Tables) -> list:
    """Lines whose import share is a default (category or national table): say which."""
    lines = project.lines
    used = (lines["exclude"] == "") & (lines["import_share_basis"] != "line") \
        & (lines["import_share"] > 0)
    messages = [Message(f"import share {s:.0%} from the {b}; give import_share on the line if "
                        "the purchase is sourced otherwise",
                        f"수입 비중 {s:.0%}: {import_basis_in(b, 'ko')}. 달리 조달한다면 "
                        "항목에 import_share를 적으세요")
                for s, b in zip(lines["import_share"], lines["import_share_basis"])]
    return _findings(project, used, "info", "import_share_default", "import_share", messages)


def rule_large_project(project: Project, tables: Tables) -> list:
    """Yearly in-region final demand above :data:`LARGE_SHARE_OF_GRDP` of the region's GRDP."""
    flows = project_flows(project, tables)
    in_region, _, _ = flows.purchases()
    by_year = pd.Series(in_region).groupby(flows.year).sum()
    grdp = float(tables.grdp_million_won[tables.region_index(project.region)])
    big = by_year[by_year > LARGE_SHARE_OF_GRDP * grdp]
    return [Finding("warning", "large_project", Message(
        f"in-region final demand of about {v / 100:,.0f}억원 (2020 prices) in {y} is "
        f"{v / grdp:.1%} of {project.region}'s 2020 GRDP ({grdp / 100:,.0f}억원), above the "
        f"rule of {LARGE_SHARE_OF_GRDP:.0%} a year: at that scale fixed coefficients and "
        "unconstrained supply are doubtful (prices, wages and imports would respond)",
        f"{y}년 지역내 최종수요 약 {v / 100:,.0f}억원(2020년 가격)은 {project.region} 2020년 "
        f"지역내총생산({grdp / 100:,.0f}억원)의 {v / grdp:.1%}로, 연 {LARGE_SHARE_OF_GRDP:.0%} "
        "기준을 넘습니다. 이 규모에서는 고정계수와 제약 없는 공급이라는 가정이 의심스럽습니다"
        "(가격·임금·수입이 반응할 것입니다)"),
        file=project.source_file) for y, v in big.items()]


def rule_effects_as_spending(project: Project, tables: Tables) -> list:
    """A line whose item names multipliers or effects: results entered as budget."""
    lines = project.lines
    hit = (lines["exclude"] == "") & _matches(lines["item"], EFFECT_WORDS)
    return _findings(project, hit, "error", "effects_as_spending", "item",
                     Message("the item reads as a multiplier or an induced effect; effects are "
                             "the model's results, not spending, and adding another region's "
                             "effects sums multipliers across regions; enter only what the "
                             "project buys",
                             "항목이 승수나 유발효과로 읽힙니다. 효과는 모형의 결과이지 지출이 "
                             "아니며, 다른 지역의 효과를 더하면 지역 간 승수를 합하게 됩니다. "
                             "사업이 사는 것만 입력하세요"))


def rule_revenue(project: Project, tables: Tables) -> list:
    """Operating revenue (매출, 수입, revenue, sales) entered as final demand."""
    lines = project.lines
    hit = (lines["exclude"] == "") & (lines["phase"] == "operation") \
        & _matches(lines["item"], REVENUE_WORDS)
    return _findings(project, hit, "error", "revenue_as_demand", "item",
                     Message("operating revenue is the project's own output paid for by its "
                             "customers, not the project's spending; counting it as final "
                             "demand double counts; enter what the operation buys (staff, "
                             "power, maintenance, services)",
                             "운영 수입(매출)은 고객이 사는 사업 자체의 산출이지 사업의 지출이 "
                             "아니므로, 최종수요로 넣으면 이중계산입니다. 운영에 사는 것(인력, "
                             "전력, 유지보수, 서비스)을 입력하세요"))


RULES = (rule_not_final_demand, rule_it_hardware_share, rule_not_produced, rule_suppliers,
         rule_import_default, rule_large_project, rule_effects_as_spending, rule_revenue)


def check_project(project: Project, tables: Tables | None = None) -> list[Finding]:
    """Run every rule on ``project``; findings ordered by severity, then by line."""
    tables = tables or load_tables()
    found = [f for rule in RULES for f in rule(project, tables)]
    return sorted(found, key=lambda f: (SEVERITIES.index(f.severity), f.source_line or 0))


def check_combination(results) -> list[Finding]:
    """Findings for effects of several results meant to be added up.

    Adding results of different regions adds in-region effects measured with
    different regions' multipliers (and one project's other-region effects overlap
    another's region): an error.
    """
    regions = sorted({r.region for r in results})
    if len(regions) < 2:
        return []
    names = ", ".join(f"{r.name} ({r.region})" for r in results)
    return [Finding("error", "multipliers_across_regions", Message(
        f"results for {', '.join(regions)} cannot be summed: each region's in-region effects "
        "come from its own multipliers and each project's other-region effects include the "
        f"other projects' regions; show them side by side ({names})",
        f"{', '.join(regions)}의 결과는 합할 수 없습니다. 각 지역의 지역내 효과는 그 지역의 "
        "승수로 계산되고, 각 사업의 타지역 효과에는 다른 사업의 지역이 들어 있습니다. 나란히 "
        f"보여 주세요({names})"))]


def findings_frame(findings: list[Finding]) -> pd.DataFrame:
    """Findings as a frame: severity, rule, line_id, field, message, file, source_line."""
    columns = ["severity", "rule", "line_id", "field", "message", "file", "source_line"]
    return pd.DataFrame([asdict(f) for f in findings], columns=columns)


def run_check(paths, fmt: str = "table", tables: Tables | None = None, out=None,
              lang: str = "ko") -> int:
    """``impact check FILE...``: print findings, their messages in ``lang``; 1 if any is
    an error, else 0.

    Input errors (a file that does not load) raise :class:`~impact.errors.ImpactError`
    for the command line to report in one line with status 2.
    """
    import json
    import sys

    from .project import load_project

    out = out or sys.stdout
    tables = tables or load_tables()
    found = [f for path in paths for f in check_project(load_project(path, tables=tables),
                                                       tables)]
    if fmt == "json":
        json.dump([asdict(f) | {"message": in_language(f.message, lang)} for f in found],
                  out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        for f in found:
            print(f.text(lang), file=out)
        n = {s: sum(f.severity == s for f in found) for s in SEVERITIES}
        print(f"파일 {len(paths)}개 점검: 오류 {n['error']}건, 경고 {n['warning']}건, "
              f"참고 {n['info']}건" if lang == "ko" else
              f"{len(paths)} file(s) checked: {n['error']} error(s), "
              f"{n['warning']} warning(s), {n['info']} note(s)", file=out)
    return 1 if any(f.severity == "error" for f in found) else 0
