"""
The catalogue of findings: every code perfrules can report, its severity and its message in
zh and en. Messages are ``str.format`` templates; the docs' findings page is generated from here.

>>> f = finding("declared-total", location="declared.total", declared="96", computed="94.16")
>>> f.severity.value, f.message
('error', '自评总分 96 与按规则计算的 94.16 不一致')
"""

from __future__ import annotations

import keyword
import string
from collections.abc import Callable
from typing import Any, NamedTuple

from perfrules._fast import maker
from perfrules._model import Finding, Severity
from perfrules._quantity import Fixed

__all__ = ["CATALOGUE", "Entry", "finding", "register_code"]


class Entry(NamedTuple):
    """One kind of finding."""

    severity: Severity
    zh: str
    en: str
    doc: str


E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

CATALOGUE: dict[str, Entry] = {
    "weights-total": Entry(W, "权重合计 {total} 不等于 {expected}", "weights sum to {total}, not {expected}", "Σ indicator weights plus the execution weight differs from the scheme's total."),
    "weights-group": Entry(W, "一级指标“{group}”权重合计 {total}，方案规定 {expected}", "level-1 group {group!r} weighs {total}, the scheme says {expected}", "A level-1 group's Σ weights differs from the framework."),
    "group-unknown": Entry(INFO, "一级指标“{group}”不在方案框架中", "level-1 group {group!r} is not in the scheme's framework", "An indicator's level1 is not a group (nor an alias) of the scheme."),
    "actual-missing": Entry(E, "缺少实际完成值，得 0 分", "no actual value: scores 0", "An applicable indicator has no actual value."),
    "actual-not-number": Entry(E, "目标值为数值而实际完成值“{actual}”不是数值，得 0 分", "numeric target but the actual {actual!r} is not a number: scores 0", "A numeric rule met a text actual."),
    "unit-mismatch": Entry(E, "实际值单位“{actual}”与目标值单位“{target}”无法换算，得 0 分", "actual unit {actual!r} does not convert to target unit {target!r}: scores 0", "Target and actual units belong to different families."),
    "qualitative-needs-score": Entry(E, "定性指标实际完成值“{actual}”无法归入达成档次，且未填自评分", "qualitative actual {actual!r} fits no band and no declared score was given", "A qualitative actual perfrules cannot place in a band, without a declared score."),
    "qualitative-band-unknown": Entry(W, "定性指标实际完成值“{actual}”无法归入达成档次，按自评分 {declared} 计", "qualitative actual {actual!r} fits no band; its declared score {declared} is used", "The band is unknown; the declared score (clamped to [0, w]) is used."),
    "qualitative-out-of-band": Entry(E, "定性指标自评分 {declared} 不在“{band}”档 [{low}, {high}] 内，按 {points} 计", "qualitative declared score {declared} is outside the {band_en} band [{low}, {high}]: counted as {points}", "A declared qualitative score lies outside its band; it is clamped into the band."),
    "declared-score": Entry(E, "自评分 {declared} 与按规则计算的 {computed} 不一致", "declared score {declared} differs from the rule's {computed}", "A row's declared score differs from the rule's score."),
    "declared-total": Entry(E, "自评总分 {declared} 与按规则计算的 {computed} 不一致", "declared total {declared} differs from the computed {computed}", "The declared total differs from the computed total."),
    "declared-grade": Entry(E, "自评等级“{declared}”与计算等级“{computed}”不一致", "declared grade {declared!r} differs from the computed {computed!r}", "The declared grade differs from the grade of the computed total."),
    "execution-no-budget": Entry(E, "方案设有预算执行率指标，但没有预算数据", "the scheme scores budget execution but no budget lines were given", "No budget line although the scheme has an execution score."),
    "execution-planned-zero": Entry(E, "全年预算数为 0，无法计算执行率", "the planned budget is 0: no execution rate", "Σ planned is zero or negative."),
    "provisional-scheme": Entry(W, "评分方案“{scheme}”为暂定（未见官方表样），结果仅供参考", "scheme {scheme!r} is provisional (official form not seen): indicative only", "Scoring with a scheme whose status is provisional."),
    "overflow": Entry(E, "数值超出精确整数运算范围", "a value is beyond exact int64 arithmetic", "A value too large for exact int64 arithmetic."),
    # Verification (复核) of declared self-evaluations, issue 5: perfrules.check().
    "group-missing": Entry(INFO, "方案框架中的一级指标“{group}”（{expected} 分）没有任何指标", "the framework's level-1 group {group!r} ({expected} points) has no indicator", "check: a level-1 group of the scheme's framework has no indicator (its weight is elsewhere, or missing)."),
    "declared-execution-score": Entry(E, "预算执行率自评分 {declared} 与按规则计算的 {computed} 不一致", "declared execution score {declared} differs from the rule's {computed}", "check: the declared execution score differs from w × executed / planned under the scheme's execution policy."),
    "declared-rows-total": Entry(E, "各指标自评分合计 {rows} 加预算执行率得分 {execution} 为 {sum}，与自评总分 {declared} 不一致", "the declared row scores sum to {rows}, plus the execution score {execution} to {sum}; the declared total is {declared}", "check: Σ declared row scores + the declared execution score (the computed one when none is declared), rescaled when rows are not applicable, is neither the declared total nor it rounded half-up at the scheme's total places. Checked only when every applicable row declares a score."),
    "declared-total-grade": Entry(E, "自评总分 {total} 按方案应为“{expected}”，自评等级却为“{declared}”", "the declared total {total} is {expected_en!r} under the scheme, but the declared grade is {declared!r}", "check: the declared grade is not the grade of the declared total under the scheme's grade scale."),
    "grade-unknown": Entry(W, "自评等级“{declared}”不是方案的等级（{labels}）", "the declared grade {declared!r} is not a grade of the scheme ({labels})", "check: the declared grade is none of the scheme's labels (zh or en)."),
    "execution-rate": Entry(E, "所述预算执行率 {stated}% 与执行数 {executed} / 预算数 {planned} 元 = {computed}% 不一致", "the stated execution rate {stated}% differs from executed {executed} / planned {planned} yuan = {computed}%", "check: the stated rate differs from Σ executed / Σ planned rounded half-up to the stated rate's decimals."),
    "execution-rate-truncated": Entry(INFO, "所述预算执行率 {stated}% 是执行数 / 预算数 = {exact}% 截断（而非四舍五入）的结果", "the stated execution rate {stated}% is executed / planned = {exact}% truncated (not rounded half-up)", "check (reconciliation): the stated rate is the computed rate truncated to the stated decimals; not an error, since no rule says how a stated rate rounds."),
    "executed-over-planned": Entry(W, "预算项目“{name}”执行数 {executed} 元超过全年预算数 {planned} 元", "budget line {name!r}: executed {executed} yuan exceeds planned {planned} yuan", "check: a budget line's 全年执行数 is above its 全年预算数."),
    "deviation-no-reason": Entry(W, "指标“{name}”未达到年度指标值（目标 {target}，实际 {actual}），未说明偏差原因", "indicator {name!r} misses its target ({target}, actual {actual}) and gives no deviation reason", "check: B < A (≥), B > A (≤), B ≠ A (=), or a qualitative row partly or not achieved, with an empty reason (偏差原因分析)."),
    "over-achievement-no-reason": Entry(W, "指标“{name}”大幅超额完成（{test}），未分析原因", "indicator {name!r} far exceeds its target ({test}) and gives no reason", "check: a ≥ row with B/A at or above the scheme's thresholds.over_achievement percent (A = 0: B at or above over_achievement_zero_target), with an empty reason."),
    "execution-low-no-reason": Entry(W, "预算执行率 {rate}% 低于 {threshold}%，未说明原因", "the execution rate {rate}% is below {threshold}% and no reason is given", "check: Σ executed / Σ planned below the scheme's thresholds.execution_below percent, with an empty declared.execution_reason."),
    "score-truncated": Entry(INFO, "{name}：自评分 {declared} 是规则得分 {exact} 截断到 {places} 位小数的结果", "{name}: the declared {declared} is the rule's {exact} truncated to {places} decimals", "check (reconciliation): a declared score that differs from the rule's score is that score truncated (e.g. to an integer)."),
    "score-rounded-coarse": Entry(INFO, "{name}：自评分 {declared} 是规则得分 {exact} 四舍五入到 {places} 位小数的结果", "{name}: the declared {declared} is the rule's {exact} rounded half-up to {places} decimals", "check (reconciliation): a declared score is the rule's score rounded half-up to fewer decimals than the scheme keeps."),
    "score-rounded-up": Entry(W, "{name}：自评分 {declared} 是规则得分 {exact} 向上进位到 {places} 位小数的结果", "{name}: the declared {declared} is the rule's {exact} rounded up to {places} decimals", "check (reconciliation): a declared score is the rule's score rounded up (ceiling), which inflates it."),
    "full-marks-below-target": Entry(W, "{name}：未达到目标却自评满分 {declared}，按规则应得 {computed}", "{name}: full marks {declared} declared although the target was missed; the rule gives {computed}", "check (reconciliation): full marks declared where the rule deducts."),
    "deduction-although-met": Entry(W, "{name}：已达到目标却自评 {declared} 分（满分 {weight}），且未记录调减分值", "{name}: {declared} declared (of {weight}) although the target was met, and no deduction is recorded", "check (reconciliation): points deducted although the rule gives full marks; record a manual deduction (deduction) if it is meant."),
    # Monitoring (绩效运行监控), issue 7.
    "monitor-no-reason": Entry(W, "指标“{name}”进度滞后或预计不能完成目标，但未填偏差原因", "indicator {name!r} lags or is forecast to miss its target, but no deviation reason is given", "Monitoring: a lagging indicator (yellow or red by progress) or a forecast below target without a reason (经费保障 / 制度保障 / 人员保障 / 硬件条件保障 / 其他)."),
    "monitor-forecast-certain": Entry(W, "指标“{name}”全年预计 {forecast} 达不到目标值 {target}，但完成目标可能性填为“确定能”", "indicator {name!r}: the forecast {forecast} misses the target {target}, yet the likelihood is 确定能 (certain)", "Monitoring: the year-end forecast misses the target while the likelihood says 确定能."),
    "monitor-red": Entry(W, "{kind}“{name}”红灯：进度 {progress}%，应达 {expected}%，落后 {lag} 个百分点", "{kind_en} {name!r} is red: progress {progress}%, expected {expected}%, {lag} points behind", "Monitoring: a red light (lag beyond the scheme's tolerance, a forecast judged 完全不可能, or a qualitative 未达成)."),
    "monitor-milestone-missed": Entry(W, "预算项目“{name}”执行 {rate}%，未达到节点“{milestone}”要求的 {required}%", "budget line {name!r} is at {rate}%, below the {required}% the milestone {milestone!r} requires", "Monitoring: a custom milestone of the scheme (e.g. 50% released before the Spring Festival) is not met."),
    "monitor-unknown-budget": Entry(E, "监控快照中的预算项目“{name}”不在预算表中", "the snapshot names budget line {name!r}, which the budget does not have", "Monitoring: a snapshot row names no budget line of the evaluation; the row is not used."),
    "monitor-unknown-indicator": Entry(E, "监控快照中的指标“{name}”不在指标表中", "the snapshot names indicator {name!r}, which the evaluation does not have", "Monitoring: a snapshot row names no indicator of the evaluation; the row is not used."),
    "monitor-not-reported": Entry(INFO, "监控快照未填报{kind}“{name}”", "the snapshot does not report {kind_en} {name!r}", "Monitoring: a budget line or an indicator has no row in the snapshot; it gets no light."),
    "monitor-section-missing": Entry(INFO, "{at} 的监控快照未填报{section}情况", "the snapshot of {at} has no {section_en} rows", "Monitoring: a snapshot leaves out a whole section (e.g. a budget-only quarterly check); those rows get no light."),
    "monitor-planned-zero": Entry(W, "预算项目“{name}”全年预算数为 0，无法计算执行进度", "budget line {name!r} has a planned amount of 0: no execution progress", "Monitoring: the line's planned amount is 0, so it has no rate, gap or light."),
    "monitor-value-unusable": Entry(W, "指标“{name}”的监控值“{value}”无法与目标值“{target}”比较", "indicator {name!r}: the monitored value {value!r} does not compare with the target {target!r}", "Monitoring: a value or forecast is a text, or in a unit that does not convert, for a numeric target."),
    "monitor-no-snapshot": Entry(W, "{at} 之前没有监控快照", "no monitoring snapshot on or before {at}", "Monitoring: the date precedes every snapshot; only the expected progress is known."),
    "monitor-earlier-snapshot": Entry(INFO, "按 {snapshot} 的监控数据评估 {at} 的进度", "progress at {at} judged on the snapshot of {snapshot}", "Monitoring: no snapshot on the date itself; the latest earlier one is used."),
    # Consistency of the facts a published report text states, issue 5: perfrules.parse_report().
    "report-rate-mismatch": Entry(E, "报告所述预算执行率 {stated}% 与执行数 {executed} 元 / 预算数 {budget} 元 = {computed}% 不一致", "the report's execution rate {stated}% differs from executed {executed} / budget {budget} yuan = {computed}%", "parse: the stated rate is neither the rate of the stated amounts rounded half-up nor truncated to its decimals, allowing for the rounding of amounts written in 万元."),
    "report-grade-mismatch": Entry(E, "报告自评得分 {score} 分应为“{expected}”，报告所述等级却为“{stated}”", "the report's self-score {score} is {expected_en!r}, but it states the grade {stated!r}", "parse: the stated grade is not the grade of the stated self-score (90/80/60 unless another scale is given)."),
    "report-over-budget": Entry(W, "报告所述执行数 {executed} 元超过预算数 {budget} 元", "the report's executed amount {executed} yuan exceeds its budget {budget} yuan", "parse: the executed amount is above the budget (全年预算数)."),
    "report-low-execution-no-problems": Entry(W, "报告预算执行率 {rate}% 低于 {threshold}%，却未列出存在的问题", "the report's execution rate {rate}% is below {threshold}%, yet it lists no problem", "parse: the execution rate is low and the report's 存在的问题 section lists none or says there are none (or, with no such section, the text says so)."),
    "report-masked": Entry(INFO, "报告中的{fact}被遮盖（“{text}”），无法读取", "the report masks its {fact_en} ({text!r}): not read", "parse: a number the facts need is masked in the text (78.*元, ****), so the fact is null."),
    "report-total-unfilled": Entry(W, "报告表格的“{row}”行金额均为 0，其中各行却填有金额：该行未作为预算数和执行数读取", "the report's table leaves its {row!r} row at zero while its 其中 rows carry amounts: the row is not read as the budget and executed amounts", "parse: a table's total row is all zeros while the 其中 rows under it are not, so the amounts come from the prose or stay null (the parts need not add up to the total)."),
    # Excel import (perfrules.read_xlsx), issue 6: what a 自评表 workbook states against itself.
    "xlsx-rate-mismatch": Entry(E, "{cell}：表中执行率 {stated} 与执行数 {executed} 元 / 预算数 {planned} 元 = {computed}% 不一致", "{cell}: the stated execution rate {stated} differs from executed {executed} / planned {planned} yuan = {computed}%", "read_xlsx: a 执行率 cell of the budget block is not the rate, rounded half-up or truncated to its decimals, of any amounts within half the last shown digit of the amounts of its row (or of the rows it is merged over)."),
    "xlsx-more-forms": Entry(W, "{cell}：本表下方还有一张自评表，未读取：只读取了第一张，其余请分表导入", "{cell}: another form follows the one read on this sheet and is not read: put each form on its own sheet", "read_xlsx: the sheet holds more than one 自评表, one under another (as some systems export a unit's project forms); only the first is read, and the next one's header is the finding's cell."),
    "xlsx-total-unfilled": Entry(W, "{cell}：预算表“{row}”行金额均为 0，其余各行却填有金额：该行未作为预算行读取", "{cell}: the budget block leaves its {row!r} row at zero while the other rows carry amounts: the row is not read as a budget line", "read_xlsx: the total row of the budget block (a 年度资金总额 line over 其中 rows, or a 合计 row) is all zeros while the rows it sums carry amounts, as when a form leaves its total unfilled; the 其中 rows are read as the budget lines instead (the 合计 row is never one)."),
}


def register_code(code: str, entry: Entry) -> None:
    """Add a finding code (for checks defined outside the core)."""
    if code in CATALOGUE and CATALOGUE[code] != entry:
        raise ValueError(f"finding code {code!r} is already defined")
    CATALOGUE[code] = entry


def finding(code: str, *, location: str | None = None, severity: Severity | None = None, **params: object) -> Finding:
    """A finding of a catalogued code, its messages filled with *params*."""
    e = CATALOGUE[code]
    compiled = _RENDER.get(code)
    if compiled is None or compiled[0] is not e:  # new, or the catalogue's entry replaced
        compiled = _RENDER[code] = e, _renderer(e), _plain_fields(e)
    _, render, plain = compiled
    # A number is written out once for both messages (str() of a Fixed is Python code), where
    # both write it plainly ({total}, not {total!r}).
    for k, v in params.items():
        if type(v) is Fixed and k in plain:
            params[k] = str(v)
    zh, en = render(**params)
    return _new_finding(code, severity or e.severity, zh, location, en)


_new_finding = maker(Finding)
Render = Callable[..., tuple[str, str]]
_RENDER: dict[str, tuple[Entry, Render, frozenset[str]]] = {}  #: by code


def _fields(e: Entry) -> list[tuple[str, str, str | None]]:
    """(name, format spec, conversion) of every replacement field of both templates."""
    return [(f, spec or "", conv) for t in (e.zh, e.en) for _, f, spec, conv in string.Formatter().parse(t) if f is not None]


def _plain_fields(e: Entry) -> frozenset[str]:
    """The fields both templates of *e* write with no conversion and no format spec."""
    fields = _fields(e)
    return frozenset(n for n, _, _ in fields) - {n for n, spec, conv in fields if spec or conv}


def _renderer(e: Entry) -> Render:
    """
    Both messages of *e* from its parameters: the templates compiled once to f-strings, which
    ``str.format`` would parse on every call; ``str.format`` itself for a template an f-string
    cannot say the same way (a field like ``{a.b}``, ``{0}`` or a nested spec).

    >>> _renderer(Entry(Severity.INFO, "{n}：{x!r} {{ok}}", "{n:>3}", ""))(n=7, x="a", extra=0)
    ("7：'a' {ok}", '  7')
    """
    fields = _fields(e)
    names = sorted({n for n, _, _ in fields})

    def formatted(**p: object) -> tuple[str, str]:
        return e.zh.format(**p), e.en.format(**p)

    if any(not n.isidentifier() or keyword.iskeyword(n) or "{" in spec for n, spec, _ in fields):
        return formatted

    def fstring(template: str) -> str:
        out = []
        for literal, name, spec, conv in string.Formatter().parse(template):
            out.append(literal.replace("{", "{{").replace("}", "}}"))
            if name is not None:
                out.append("{" + name + (f"!{conv}" if conv else "") + (f":{spec}" if spec else "") + "}")
        return "f" + repr("".join(out))

    source = f"def render({''.join(n + ', ' for n in names)}**_):\n    return {fstring(e.zh)}, {fstring(e.en)}\n"
    scope: dict[str, Any] = {}
    try:
        code = compile(source, "<perfrules finding messages>", "exec")
    except SyntaxError:  # a conversion str.format rejects too ({x!z}): let it say so, when called
        return formatted
    exec(code, scope)  # noqa: S102 -- built from the catalogue's templates
    fn: Render = scope["render"]
    return fn
