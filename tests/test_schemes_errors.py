"""
Malformed schemes: every mistake is reported with its place in the scheme file (issue #3).
"""

from __future__ import annotations

import pickle
import re
from typing import Any

import pytest

from perfrules import schemes
from perfrules.errors import InvalidInputError


def scheme(**keys: Any) -> dict[str, Any]:
    return {"name": "x", **keys}


MALFORMED = [
    pytest.param({"title": "t"}, "name: missing: every scheme needs a name", id="no-name"),
    pytest.param(
        scheme(colour="red"),
        "colour: unknown key; known keys: base, base_year, edition, execution, framework",
        id="unknown-top",
    ),
    pytest.param(
        scheme(status="draft"),
        "status: expected one of official, provisional, got 'draft'",
        id="status",
    ),
    pytest.param(
        scheme(not_applicable="drop"),
        "not_applicable: expected one of rescale, zero, got 'drop'",
        id="not-applicable",
    ),
    pytest.param(
        scheme(from_year="2020"),
        "from_year: expected a whole number, got '2020'",
        id="from-year-str",
    ),
    pytest.param(
        scheme(from_year=2022, to_year=2021),
        "to_year: the edition ends (2021) before it starts (from_year 2022)",
        id="years-reversed",
    ),
    pytest.param(
        scheme(framework={"name": "a"}),
        "framework: expected a list of groups ([[framework]])",
        id="framework-not-list",
    ),
    pytest.param(
        scheme(framework=[{"weight": "10"}]), "framework[0].name: missing", id="framework-no-name"
    ),
    pytest.param(
        scheme(framework=[{"name": "产出", "weight": "ten"}]),
        "framework[0].weight: not a number: 'ten'",
        id="framework-weight",
    ),
    pytest.param(
        scheme(framework=[{"name": "产出", "weight": "10", "wieght": "1"}]),
        "framework[0].wieght: unknown key; known keys: aliases, groups, name, weight",
        id="framework-unknown",
    ),
    pytest.param(
        scheme(framework=[{"name": "产出", "weight": "-5"}]),
        "framework[0].weight: must not be negative, got -5",
        id="framework-negative",
    ),
    pytest.param(
        scheme(
            framework=[
                {
                    "name": "a",
                    "weight": "10",
                    "groups": [{"name": "b", "weight": "10", "groups": []}],
                }
            ]
        ),
        "framework[0].groups[0].groups: unknown key; known keys: aliases, name, weight",
        id="level3-groups",
    ),
    pytest.param(
        scheme(execution={"weight": "abc"}),
        "execution.weight: not a number: 'abc'",
        id="execution-weight",
    ),
    pytest.param(
        scheme(execution={"cap": "yes"}),
        "execution.cap: expected true or false, got 'yes'",
        id="execution-cap",
    ),
    pytest.param(
        scheme(execution={"colour": 1}),
        "execution.colour: unknown key; known keys: cap, rate_places, round_rate, weight",
        id="execution-unknown",
    ),
    pytest.param(
        scheme(rounding={"places": 9}),
        "rounding.places: expected a whole number from 0 to 6, got 9",
        id="rounding-places",
    ),
    pytest.param(
        scheme(rounding={"places": 1, "total_places": 2}),
        "rounding.total_places: cannot exceed places (1): the total is rounded from the rows",
        id="rounding-total",
    ),
    pytest.param(
        scheme(weights={"severity": "fatal"}),
        "weights.severity: expected one of error, warning, info, got 'fatal'",
        id="severity",
    ),
    pytest.param(
        scheme(weights={"total": 100.0}),
        'weights.total: expected a decimal string such as "12.5", got float 100.0 (floats are not exact; quote the number)',
        id="weights-total-float",
    ),
    pytest.param(
        scheme(grades="90/80"),
        "grades: a preset reads like \"90/80/60\", got '90/80'",
        id="grades-preset",
    ),
    pytest.param(
        scheme(
            grades=[
                {"label": "优", "lower": "80"},
                {"label": "良", "lower": "90"},
                {"label": "差", "lower": "0"},
            ]
        ),
        "grades[1].lower: lower bounds must decrease: 80 then 90",
        id="grades-order",
    ),
    pytest.param(
        scheme(grades=[{"label": "优", "lower": "90"}, {"label": "差", "lower": "10"}]),
        "grades[1].lower: the lowest grade must start at 0 so every total gets a grade",
        id="grades-last",
    ),
    pytest.param(
        scheme(rules={"≥": {"kind": "propotional"}}),
        "rules.\"≥\".kind: unknown rule kind 'propotional'; known kinds: bands, deduction, equal, proportional, qualitative, reverse, threshold",
        id="rules-kind",
    ),
    pytest.param(
        scheme(rules={"≠": "proportional"}),
        'rules."≠": unknown direction; use one of ≥, ≤, =, 定性',
        id="rules-direction",
    ),
    pytest.param(
        scheme(
            indicators={
                "三公经费控制率": {"rule": {"kind": "deduction", "points": "1", "per": "0"}}
            }
        ),
        'indicators."三公经费控制率".rule.per: must be positive',
        id="per-zero",
    ),
    pytest.param(
        scheme(
            indicators={
                "三公经费控制率": {"rule": {"kind": "deduction", "points": "1", "per_unit": "1"}}
            }
        ),
        "indicators.\"三公经费控制率\".rule.per_unit: unknown parameter for rule kind 'deduction'; known: points, per, limit, when, partial",
        id="per-unit",
    ),
    pytest.param(
        scheme(indicators={"x": {"rule": {"kind": "deduction", "points": "-1"}}}),
        "indicators.x.rule.points: must not be negative",
        id="points-negative",
    ),
    pytest.param(
        scheme(indicators={"x": {"rule": {"kind": "deduction", "points": "1", "when": "over"}}}),
        "indicators.x.rule.when: expected one of above, below, got 'over'",
        id="when",
    ),
    pytest.param(
        scheme(indicators={"x": {"rul": "threshold"}}),
        "indicators.x.rul: unknown key; known keys: definition, derive, direction, level1, level2, rule, weight",
        id="indicator-unknown-key",
    ),
    pytest.param(
        scheme(
            indicators={
                "x": {"rule": {"kind": "bands", "bands": [{"points": "5", "range": "[80, 90"}]}}
            }
        ),
        "indicators.x.rule.bands[0].range: not an interval: '[80, 90'; write it like \"[80, 90)\"",
        id="band-range",
    ),
    pytest.param(
        scheme(indicators={"x": {"rule": {"kind": "bands", "bands": []}}}),
        "indicators.x.rule.bands: must be a non-empty list of bands",
        id="bands-empty",
    ),
    pytest.param(
        scheme(indicators={"x": {"rule": {"kind": "bands", "bands": [{"range": "[0, 1)"}]}}}),
        "indicators.x.rule.bands[0].points: missing",
        id="band-points-missing",
    ),
    pytest.param(
        scheme(named_rules={"r": {"kind": "reverse", "variant": "cubic"}}),
        "named_rules.r.variant: expected one of ratio, linear, got 'cubic'",
        id="named-variant",
    ),
    pytest.param(
        scheme(rules={"定性": {"kind": "qualitative", "high": "50", "low": "70"}}),
        'rules."定性".high: need 0 ≤ low ≤ high ≤ 100 (percent of the weight)',
        id="qual-bounds",
    ),
    pytest.param(
        scheme(base="no-such-scheme"),
        "base: unknown scheme 'no-such-scheme'; known schemes: guangzhou-department, hunan-yueyang-department",
        id="base-unknown",
    ),
    pytest.param(scheme(base_year=2020), "base_year: base_year needs a base", id="base-year-alone"),
    pytest.param(
        scheme(thresholds={"over_achievement": "1.3x"}),
        "thresholds.over_achievement: not a number: '1.3x'",
        id="thresholds",
    ),
    pytest.param(
        scheme(indicators={"x": {"derive": "快乐指数"}}),
        'indicators.x.derive: not a derived indicator; known: 预算完成率, 预算调整率, 结转结余率, 结转结余变动率, 公用经费控制率, "三公经费"控制率, "三公经费"变动率, 政府采购执行率, 在职人员控制率',
        id="derive",
    ),
    pytest.param(
        scheme(indicators={"x": {"direction": "大于"}}),
        "indicators.x.direction: unknown direction '大于'; use one of ≥ ≤ = 定性 (or >= <= 正向 反向 等于)",
        id="direction",
    ),
    pytest.param(
        scheme(indicators={"x": {"weight": 5.5}}),
        'indicators.x.weight: expected a decimal string such as "12.5", got float 5.5 (floats are not exact; quote the number)',
        id="spec-weight",
    ),
    pytest.param(scheme(kind=3), "kind: expected a string, got 3", id="kind-int"),
    pytest.param([1, 2], "expected a table at the top, got list", id="top-not-table"),
]


@pytest.mark.parametrize(("data", "message"), MALFORMED)
def test_malformed_scheme_is_located(data, message):
    """The error names the place (``indicators."三公经费控制率".rule.per``) and the fix."""
    with pytest.raises(InvalidInputError, match="^" + re.escape(message)) as info:
        schemes.from_data(data)

    assert len(info.value.errors) == 1
    assert str(pickle.loads(pickle.dumps(info.value))) == str(info.value)


def test_the_table_is_large_enough():
    """Issue #3 asks for at least 20 cases."""
    assert len(MALFORMED) >= 20


def test_every_mistake_at_once():
    """Three mistakes in three places: three located errors, in one exception."""
    data = scheme(
        status="draft",
        rounding={"places": 9},
        indicators={"a": {"rule": {"kind": "deduction", "points": "1", "per": "0"}}},
    )
    with pytest.raises(InvalidInputError) as info:
        schemes.from_data(data)

    assert sorted(e.location or "" for e in info.value.errors) == [
        "indicators.a.rule.per",
        "rounding.places",
        "status",
    ]


def test_a_file_with_bad_toml(tmp_path):
    """A TOML syntax error names the file."""
    path = tmp_path / "bad.toml"
    path.write_text('name = "x"\nrules = {', encoding="utf-8")
    with pytest.raises(InvalidInputError, match=r"^bad\.toml: not valid TOML"):
        schemes.load(path)


def test_a_missing_file(tmp_path):
    """An unreadable file is bad input too, not an OSError."""
    with pytest.raises(InvalidInputError, match="cannot read"):
        schemes.load(tmp_path / "nope.toml")


def test_an_overlay_reports_in_its_own_terms():
    """A mistake in an overlay is located in the overlay."""
    with pytest.raises(
        InvalidInputError, match=r'^rules\."≤"\.variant: expected one of ratio, linear'
    ):
        schemes.from_data(
            {
                "name": "y",
                "base": "mof-2020-project",
                "rules": {"≤": {"kind": "reverse", "variant": "steep"}},
            }
        )
