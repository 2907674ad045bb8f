"""Strategies and helpers for the report-text tests: unit names, labels, project names, amounts in 万元, the JSON contract."""

from __future__ import annotations

from hypothesis import strategies as st

from perfrules import Money, ReportFacts, parse_report

#: The last word of a unit's name.
UNITS = st.sampled_from(
    ["局", "中心", "委员会", "办公室", "街道办事处", "人民政府", "医院", "学校"]
)
#: A unit's name before its last word.
NAME = st.text(alphabet="东南西北江河山湖城乡安平新和民康", min_size=2, max_size=8)
#: The labels of a form's unit field.
LABELS = st.sampled_from(
    [
        "单位名称",
        "部门名称",
        "部门(单位)名称",
        "单位(部门)名称",
        "预算部门、单位名称",
        "实施单位",
        "实施单位(盖章)",
        "填报单位",
        "部门(单位)全称",
        "实施单位(公章)",
    ]
)
#: Amounts in yuan.
YUAN = st.integers(1, 10**9)


def wan(hundredths: int) -> str:
    """An amount in hundredths of 万元 as written: two decimals and thousands separators."""
    units, cents = divmod(hundredths, 100)
    return f"{units:,}.{cents:02d}"


def wan_money(hundredths: int) -> Money:
    """Hundredths of 万元 (100 元 each) in fen."""
    return Money(hundredths * 100 * 100)


#: Names that hold no unit word (局, 乡, 中心…) and no project word (项目, 资金…).
PLAIN = st.text(
    alphabet="东南西北江河山湖城安平新和民康春节慰问宣传运维保障种植推广", min_size=2, max_size=8
)
FUNDS = st.sampled_from(["项目", "资金", "补助资金", "专项经费", "工作经费", "建设项目"])

#: The keys of the JSON contract of `perfrules parse --json`.
CONTRACT = [
    "department",
    "year",
    "kind",
    "budget_yuan",
    "executed_yuan",
    "execution_rate_stated",
    "execution_rate_computed",
    "self_score",
    "grade",
    "problems",
    "measures",
    "findings",
]


def codes(facts: ReportFacts) -> list[str]:
    """The codes of a report's findings, in order."""
    return [f.code for f in facts.findings]


def report(body: str, *, title: str = "某某局2022年部门整体支出绩效自评报告") -> ReportFacts:
    """The facts of *body* under a department report's title."""
    return parse_report(title + "\n" + body)
