"""
Derived department indicators (预算完成率 …): exact ratios of the budget, the staff counts and the
facts, against Fraction references; located errors; filled in by the engine (issue #3).
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import perfrules
from perfrules import BudgetLine, Department, Evaluation, Facts, Fixed, Money, batch
from perfrules._derived import DERIVED, canonical, derive, derive_all
from perfrules.errors import InvalidValueError

AMOUNTS = st.integers(0, 10**12).map(Money)
POSITIVE = st.integers(1, 10**12).map(Money)


def ev(budget=(), facts=None, staff=(None, None)) -> Evaluation:
    return Evaluation(2021, Department("某局", staff_authorized=staff[0], staff_actual=staff[1]), budget=budget, facts=facts or Facts())


def half_up_percent(x: Fraction, places: int = 2) -> Fixed:
    """The reference: x in percent, rounded half away from zero."""
    scaled = abs(x) * 100 * 10**places
    units = math.floor(scaled + Fraction(1, 2))
    return Fixed(units if x >= 0 else -units, places)


lines = st.builds(BudgetLine, st.just("b"), POSITIVE, AMOUNTS, st.none() | POSITIVE)


class TestFromTheBudget:
    @given(st.lists(lines, min_size=1, max_size=4))
    def test_completion(self, budget):
        """预算完成率 = Σ 执行数 / Σ 年初预算数 (a line without one: its 全年预算数)."""
        approved = sum((b.initial or b.planned).fen for b in budget)
        d = derive(ev(budget), "预算完成率")

        assert d.value == Fraction(sum(b.executed.fen for b in budget), approved)
        assert d.percent() == half_up_percent(d.value)

    @given(st.lists(lines, min_size=1, max_size=4))
    def test_adjustment(self, budget):
        """预算调整率 = Σ |全年 − 年初| / Σ 年初."""
        approved = sum((b.initial or b.planned).fen for b in budget)
        moved = sum(abs(b.planned.fen - b.initial.fen) for b in budget if b.initial is not None)

        assert derive(ev(budget), "预算调整率").value == Fraction(moved, approved)

    @given(st.lists(lines, min_size=1, max_size=4))
    def test_carryover(self, budget):
        """结转结余率 = Σ max(全年 − 执行, 0) / Σ 全年."""
        left = sum(max(b.planned.fen - b.executed.fen, 0) for b in budget)

        assert derive(ev(budget), "结转结余率").value == Fraction(left, sum(b.planned.fen for b in budget))

    def test_facts_override_the_budget(self):
        """An explicit 结转结余总额 or 预算调整数 wins over the one computed from the lines."""
        budget = (BudgetLine("b", Money(1000), Money(900), Money(800)),)
        facts = Facts(carryover=Money(50), adjustment=Money(300))

        assert derive(ev(budget, facts), "结转结余率").value == Fraction(50, 1000)
        assert derive(ev(budget, facts), "预算调整率").value == Fraction(300, 800)


class TestFromTheFacts:
    @given(st.tuples(AMOUNTS, POSITIVE), st.tuples(AMOUNTS, POSITIVE), st.tuples(AMOUNTS, POSITIVE))
    def test_control_rates(self, op, tp, pr):
        """公用经费控制率, "三公经费"控制率 and 政府采购执行率 are actual / budget."""
        (op_a, op_b), (tp_a, tp_b), (pr_a, pr_b) = op, tp, pr
        facts = Facts(operating_actual=op_a, operating_budget=op_b, three_public_actual=tp_a, three_public_budget=tp_b, procurement_actual=pr_a, procurement_budget=pr_b)
        e = ev(facts=facts)

        assert derive(e, "公用经费控制率").value == Fraction(op_a.fen, op_b.fen)
        assert derive(e, "“三公”经费控制率").value == Fraction(tp_a.fen, tp_b.fen)
        assert derive(e, "政府采购执行率").value == Fraction(pr_a.fen, pr_b.fen)

    @given(AMOUNTS, POSITIVE)
    def test_change_rates_can_be_negative(self, now, last):
        """"三公经费"变动率 = (本年 − 上年) / 上年, rounded half away from zero."""
        d = derive(ev(facts=Facts(three_public_budget=now, three_public_budget_last_year=last)), '"三公经费"变动率')

        assert d.value == Fraction(now.fen - last.fen, last.fen)
        assert d.percent() == half_up_percent(d.value)

    @given(st.integers(0, 500), st.integers(1, 500))
    def test_staff(self, actual, authorized):
        """在职人员控制率 = 实际在职人员数 / 编制数 (also read as 财政供养人员控制率)."""
        e = ev(staff=(authorized, actual))

        assert derive(e, "在职人员控制率").value == Fraction(actual, authorized)
        assert derive(e, "财政供养人员控制率").value == Fraction(actual, authorized)

    def test_carryover_change(self):
        """结转结余变动率 = (本年 − 上年) / 上年: (30 − 40) / 40 = −25%."""
        d = derive(ev(facts=Facts(carryover=Money(30), carryover_last_year=Money(40))), "结转结余变动率")

        assert d.percent() == Fixed(-2500, 2)


class TestErrors:
    @pytest.mark.parametrize(
        ("name", "message"),
        [
            pytest.param('"三公经费"控制率', 'facts.three_public_actual: missing: "三公经费"控制率 needs it', id="facts"),
            pytest.param("在职人员控制率", "department.staff_actual: missing: 在职人员控制率 needs it", id="staff"),
            pytest.param("预算完成率", "budget: no budget lines: 预算完成率 needs them", id="budget"),
            pytest.param("结转结余变动率", "facts.carryover_last_year: missing: 结转结余变动率 needs it", id="last-year"),
        ],
    )
    def test_missing_inputs_are_located(self, name, message):
        """A missing input names its place in the input file."""
        with pytest.raises(InvalidValueError, match="^" + message.replace("(", r"\(").replace(")", r"\)") + "$"):
            derive(ev(), name)

    def test_a_zero_denominator(self):
        """编制数 0: the rate is undefined, said so."""
        with pytest.raises(InvalidValueError, match=r"the denominator of 在职人员控制率 \(实际在职人员数 / 编制数\) is 0"):
            derive(ev(staff=(0, 3)), "在职人员控制率")

    def test_not_a_derived_indicator(self):
        """Asking for an unknown one lists the known ones."""
        with pytest.raises(KeyError, match=r"not a derived indicator: .*满意度.*; known: 预算完成率, 预算调整率"):
            derive(ev(), "满意度")


class TestNames:
    def test_canonical(self):
        """Quotes and spaces do not matter; 财政供养人员控制率 is 在职人员控制率."""
        assert canonical(" “三公”经费控制率 ") == '"三公经费"控制率'
        assert canonical("三公经费变动率") == '"三公经费"变动率'
        assert canonical("财政供养人员控制率") == "在职人员控制率"
        assert canonical("满意度") is None

    def test_the_list(self):
        """The indicators issue #3 names, and 结转结余变动率."""
        assert set(DERIVED) == {"预算完成率", "预算调整率", "结转结余率", "结转结余变动率", "公用经费控制率", '"三公经费"控制率', '"三公经费"变动率', "政府采购执行率", "在职人员控制率"}

    def test_derive_all_skips_what_it_cannot(self):
        """Only the indicators whose inputs are there."""
        got = derive_all(ev((BudgetLine("b", Money(100), Money(90)),)))

        assert set(got) == {"预算完成率", "预算调整率", "结转结余率"}


class TestInTheEngine:
    def test_a_typed_actual_wins(self):
        """An actual value in the input is scored as typed, not derived."""
        e = perfrules.from_data({
            "year": 2021, "department": {"name": "x"},
            "budget": [{"name": "b", "planned": "100万元", "executed": "50万元"}],
            "indicators": [{"name": "预算完成率", "weight": "10", "target": "≥100%", "actual": "100%"}],
        })  # fmt: skip
        line = perfrules.score(e, "mof-2013-department").lines[0]

        assert (line.points, line.derived) == (Fixed(1000, 2), None)

    def test_not_derivable_stays_missing(self):
        """Without the facts the row has no actual value, reported as usual."""
        e = perfrules.from_data({"year": 2021, "department": {"name": "x"}, "indicators": [{"name": "公用经费控制率", "weight": "10", "target": "≤100%"}]})
        result = perfrules.score(e, "mof-2013-department")

        assert result.lines[0].points == Fixed(0, 2)
        assert "actual-missing" in {f.code for f in result.findings}

    def test_the_evaluation_is_left_as_given(self):
        """Result.evaluation is the input; the line carries the derived actual."""
        e = perfrules.from_data({
            "year": 2021, "department": {"name": "x"},
            "budget": [{"name": "b", "planned": "100万元", "executed": "50万元"}],
            "indicators": [{"name": "预算完成率", "weight": "10", "target": "≥100%"}],
        })  # fmt: skip
        result = perfrules.score(e, "mof-2013-department")

        assert result.evaluation is e
        assert result.lines[0].indicator.actual.text == "50.00%"
        assert result.lines[0].points == Fixed(500, 2)  # 10 × 50 / 100


facts = st.builds(
    Facts,
    three_public_budget=st.none() | AMOUNTS,
    three_public_budget_last_year=st.none() | AMOUNTS,
    three_public_actual=st.none() | AMOUNTS,
    operating_budget=st.none() | AMOUNTS,
    operating_actual=st.none() | AMOUNTS,
    procurement_budget=st.none() | AMOUNTS,
    procurement_actual=st.none() | AMOUNTS,
    carryover=st.none() | AMOUNTS,
    carryover_last_year=st.none() | AMOUNTS,
    adjustment=st.none() | AMOUNTS,
)


class TestInput:
    @given(facts)
    def test_facts_round_trip(self, f):
        """[facts] survives to_data then from_data, and is left out when empty."""
        e = ev(facts=f)
        data = perfrules.to_data(e)

        assert perfrules.from_data(data) == e
        assert ("facts" in data) == (f != Facts())

    def test_unknown_fact_is_located(self):
        """A misspelt key names its place."""
        with pytest.raises(perfrules.errors.InvalidInputError, match=r"^facts\.sangong_budget: unknown key$"):
            perfrules.from_data({"year": 2021, "department": {"name": "x"}, "facts": {"sangong_budget": "1"}})


class TestInTheBatch:
    """A folder of evaluation files gets its derived actuals as score() does (batch.columns_of)."""

    @staticmethod
    def department(actual: str | None) -> Evaluation:
        ind = {"level1": "预算执行", "name": "预算完成率", "weight": "10", "target": "≥100%"}
        if actual is not None:
            ind["actual"] = actual
        return perfrules.from_data({
            "year": 2021, "department": {"name": "x"}, "scheme": "mof-2013-department",
            "budget": [{"name": "b", "planned": "300万元", "executed": "200万元"}],
            "indicators": [ind],
        })  # fmt: skip

    def test_derived_actual_in_the_columns(self):
        """预算完成率 with no actual reads 66.67% (200 / 300, half-up) in the batch columns."""
        rows, _ = batch.columns_of([("x", self.department(None))])

        assert rows["actual"].tolist() == ["66.67%"]

    def test_batch_total_equals_score(self):
        """Derived or typed, the batch total is score()'s."""
        for actual in (None, "50%"):
            ev = self.department(actual)
            out = batch.score_table(*batch.columns_of([("x", ev)]))
            expected = perfrules.score(ev)
            assert out.evaluations["total"] == [Decimal(str(expected.total))], actual
            assert out.indicators["points"] == [Decimal(str(expected.lines[0].points))], actual

    def test_unknown_scheme_left_alone(self):
        """With no scheme to say what derives, the actual stays empty and score_table reports it."""
        ev = attrs.evolve(self.department(None), scheme="no-such-scheme")
        rows, _ = batch.columns_of([("x", ev)])

        assert rows["actual"].tolist() == [None]


_FACT_KEYS = [f.name for f in attrs.fields(Facts)]


class TestInATable:
    """A table (Parquet, CSV, DataFrame) whose derived rows are blank gets them as score() does."""

    @given(
        st.lists(lines, min_size=0, max_size=3),
        st.fixed_dictionaries({}, optional=dict.fromkeys(_FACT_KEYS, AMOUNTS)),
        st.tuples(st.none() | st.integers(0, 500), st.none() | st.integers(0, 500)),
        st.lists(st.sampled_from(sorted(DERIVED)), min_size=1, max_size=4, unique=True),
        st.sampled_from(["≥100%", "≤10%", "≤100%", "=100%"]),
    )
    @settings(max_examples=200, deadline=None)  # a table and an evaluation scored per example: CI time
    def test_blank_derived_rows_score_as_in_score(self, budget, facts, staff, names, target):
        """Rows, totals and grades of the table equal score()'s of the same evaluation."""
        e = Evaluation(
            2021, Department("某局", staff_authorized=staff[0], staff_actual=staff[1]),
            scheme="mof-2013-department", budget=budget, facts=Facts(**facts),
            indicators=[perfrules.Indicator(name=n, weight=Fixed(10), target=perfrules.parse_value(target), level1="预算执行") for n in names],
        )  # fmt: skip
        rows = {
            "evaluation": ["e"] * len(names), "name": names, "level1": ["预算执行"] * len(names),
            "weight": ["10"] * len(names), "target": [target] * len(names), "actual": [None] * len(names),
        }  # fmt: skip
        bud = {
            "evaluation": ["e"] * len(budget),
            "planned": [str(b.planned.yuan) for b in budget],
            "executed": [str(b.executed.yuan) for b in budget],
            "initial": [None if b.initial is None else str(b.initial.yuan) for b in budget],
        }
        fact_row = {"evaluation": ["e"], **{k: [str(v.yuan)] for k, v in facts.items()}}
        for key, count in zip(("staff_authorized", "staff_actual"), staff, strict=True):
            fact_row[key] = [count]
        out = batch.score_table(rows, bud, facts=fact_row, scheme="mof-2013-department")
        expected = perfrules.score(e)

        assert out.indicators["points"] == [Decimal(str(line.points)) for line in expected.lines]
        assert out.indicators["status"] == [line.status.name.lower().replace("_", "-") if line.status else "ok" for line in expected.lines]
        if budget:
            assert out.evaluations["total"] == [Decimal(str(expected.total))]

    def test_a_table_with_nothing_to_derive_is_not_touched(self):
        """No blank derived row: the actual column is the one given (no note, nothing read)."""
        rows = {"evaluation": ["e"], "name": ["预算完成率"], "weight": ["10"], "target": ["≥100%"], "actual": ["90%"]}
        out = batch.score_table(rows, {"evaluation": ["e"], "planned": ["1"], "executed": ["1"]}, scheme="mof-2013-department")

        assert out.indicators["points"] == [Decimal("9.00")]
        assert not any("derived" in note for note in out.notes)

    def test_facts_on_two_rows_are_not_used(self):
        """An evaluation whose facts are on two rows: nothing is guessed, a note says so."""
        rows = {"evaluation": ["e"], "name": ["“三公”经费控制率"], "weight": ["10"], "target": ["≤100%"], "actual": [None]}
        facts = {"evaluation": ["e", "e"], "three_public_budget": ["10", "10"], "three_public_actual": ["5", "6"]}
        out = batch.score_table(rows, None, facts=facts, scheme="mof-2013-department")

        assert out.indicators["status"] == ["no-actual"]
        assert any("more than one row" in note for note in out.notes)

    def test_derived_in_a_parquet_file_through_the_cli(self, tmp_path):
        """perfrules batch FILE --budget B --facts F: 66.67% and 80.00% derived, and the note."""
        import pyarrow as pa
        import pyarrow.parquet as pq
        from click.testing import CliRunner

        from perfrules.cli import main

        rows = pa.table({
            "evaluation": ["x", "x"], "name": ["预算完成率", "“三公”经费控制率"], "weight": ["10", "10"],
            "target": ["≥100%", "≤90%"], "actual": pa.array([None, None], pa.string()),
        })  # fmt: skip
        pq.write_table(rows, tmp_path / "rows.parquet")
        pq.write_table(pa.table({"evaluation": ["x"], "planned": ["300万元"], "executed": ["200万元"]}), tmp_path / "budget.parquet")
        pq.write_table(pa.table({"evaluation": ["x"], "three_public_budget": ["50"], "three_public_actual": ["40"]}), tmp_path / "facts.parquet")
        r = CliRunner().invoke(main, [
            "batch", str(tmp_path / "rows.parquet"), "--budget", str(tmp_path / "budget.parquet"),
            "--facts", str(tmp_path / "facts.parquet"), "--scheme", "mof-2013-department",
            "-o", str(tmp_path / "out.csv"), "--rows", str(tmp_path / "rows.csv"),
        ])  # fmt: skip

        assert r.exit_code == 0, r.output
        assert "2 derived indicator value(s)" in r.output
        # 200 / 300 = 66.67% of ≥100%: 6.67; 40 / 50 = 80% within ≤90%: full 10
        assert (tmp_path / "rows.csv").read_text(encoding="utf-8").splitlines()[1:] == ['"x",6.67,"proportional","ok"', '"x",10.00,"reverse","ok"']

    def test_facts_with_a_folder_is_bad_input(self, tmp_path):
        """A folder's evaluations carry their own [facts]: --facts beside one is refused (exit 2)."""
        from click.testing import CliRunner

        from perfrules.cli import main

        (tmp_path / "f.toml").write_text("", encoding="utf-8")
        r = CliRunner().invoke(main, ["batch", str(tmp_path), "--facts", str(tmp_path / "f.toml"), "-o", str(tmp_path / "o.csv")])

        assert r.exit_code == 2
        assert "--facts is for a Parquet/CSV INPUT" in r.output

    def test_schemes_and_years_from_their_columns(self):
        """Each row's scheme and year come from its columns, as score_table reads them; an unknown scheme derives nothing."""
        rows = {
            "evaluation": ["a", "b", "c"], "name": ["预算完成率"] * 3, "weight": ["10"] * 3,
            "target": ["≥100%"] * 3, "actual": [None] * 3,
            "scheme": ["mof-2013-department", "mof-2013-department", "no-such-scheme"], "year": [2021, 2022, 2021],
        }  # fmt: skip
        budget = {"evaluation": ["a", "b", "c"], "planned": ["300"] * 3, "executed": ["200", "300", "300"]}
        out = batch.score_table(rows, budget)

        assert [str(p) for p in out.indicators["points"]] == ["6.67", "10.00", "None"]
        assert out.indicators["status"] == ["ok", "ok", "unknown-scheme"]
