"""parse_report() on real titles: which paragraph is the title, the unit and the project it names (issue 5)."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from tests.report_strategies import FUNDS, LABELS, NAME, PLAIN, UNITS

from perfrules import Fixed, parse_report


class TestTitles:
    """Which paragraph is the title, and the unit and the project it names (issue 5)."""

    @settings(max_examples=80)
    @given(
        name=NAME,
        suffix=UNITS,
        fund=PLAIN,
        word=FUNDS,
        year=st.integers(2015, 2030),
        kind=st.sampled_from(["绩效自评报告", "绩效评价报告", "项目绩效自评报告"]),
    )
    def test_unit_then_project_before_the_year(
        self, *, name: str, suffix: str, fund: str, word: str, year: int, kind: str
    ) -> None:
        """`红河州第二人民医院国家基本公共卫生服务项目州级补助资金2023年度绩效自评报告`: the unit, then the project."""
        unit, project = name + suffix, fund + word
        facts = parse_report(f"{unit}{project}{year}年度{kind}\n一、基本情况\n资金执行率100%。")

        assert (facts.department, facts.project, facts.year) == (unit, project, year)

    @settings(max_examples=60)
    @given(name=PLAIN, suffix=UNITS, fund=PLAIN, word=FUNDS, year=st.integers(2015, 2030))
    def test_title_cut_over_two_lines(
        self, *, name: str, suffix: str, fund: str, word: str, year: int
    ) -> None:
        """A title cut over two lines ends there: the report number and the prose after it are not the title."""
        unit, project = name + suffix, fund + word
        facts = parse_report(
            f"{year}年度{unit}{project}\n绩效评价报告\n上会湘报字({year + 1})第0011号\n为进一步规范资金管理,我所对{unit}进行绩效评价。\n一、项目基本情况"
        )

        assert (facts.title, facts.department, facts.project) == (
            f"{year}年度{unit}{project}绩效评价报告",
            unit,
            project,
        )

    @settings(max_examples=60)
    @given(name=PLAIN, suffix=UNITS, fund=PLAIN, word=FUNDS, year=st.integers(2015, 2030))
    def test_project_in_a_closing_bracket(
        self, *, name: str, suffix: str, fund: str, word: str, year: int
    ) -> None:
        """`…项目绩效自评报告(春节慰问经费项目)` names its project; the same title below it is not joined to it."""
        unit, project = name + suffix, fund + word
        facts = parse_report(
            f"{unit}{year}年度项目绩效自评报告({project})\n{unit}{year}项目绩效自评报告\n({project})\n一、自评结论\n绩效评分100分,自评为优。"
        )

        assert (facts.title, facts.department, facts.project) == (
            f"{unit}{year}年度项目绩效自评报告（{project}）",
            unit,
            project,
        )

    def test_header_and_heading_are_no_title(self) -> None:
        """A web header line ending in `自评报告`, and a numbered heading naming the 自评, are no title."""
        facts = parse_report(
            "x\n索引号 12533025MB0T65759N/20231103-00020 发布机构 某县供销社\n公开目录 自评报告 发布日期 2023-04-20\n(三)项目自评步骤及方法\n围绕绩效目标进行评价。"
        )

        assert facts.title is None

    @settings(max_examples=60)
    @given(name=NAME, suffix=UNITS, label=LABELS, gap=st.sampled_from(["    ", " ", ""]))
    def test_label_beside_its_value(self, name: str, suffix: str, label: str, gap: str) -> None:
        """`部门(单位)名称    桂平市审计局`: a cover's label and value on one line, only spaces between them."""
        unit = name + suffix
        facts = parse_report(
            f"桂平市部门整体支出绩效评价自评报告\n2019年度)\n{label}{gap}{unit}{gap}\n评价方式:部门(单位)绩效评价自评\n一、收支概况"
        )

        assert facts.department == unit

    @settings(max_examples=40)
    @given(
        name=NAME,
        suffix=UNITS,
        n=st.sampled_from(["", "1", "2", "三"]),
        sep=st.sampled_from([":", "、", ""]),
    )
    def test_annex_before_the_unit(self, name: str, suffix: str, n: str, sep: str) -> None:
        """`附件2:某局2022年度项目支出部门评价报告和绩效自评表….pdf`: the annex and the extension are no part of the title or the unit, nor the report's name a project."""
        assume(n or sep != "、")  # "附件、" is written by no one
        unit = name + suffix
        facts = parse_report(
            f"附件{n}{sep}{unit}2022年度项目支出部门评价报告和绩效自评表(共15个).pdf\n一、项目基本情况"
        )

        assert (facts.department, facts.project) == (unit, None)
        assert (
            facts.title == f"{unit}2022年度项目支出部门评价报告和绩效自评表（共15个）"
        )  # no annex, no file extension

    def test_project_label_over_a_header_row(self) -> None:
        """`项目名称` at the head of a table's header flattened a cell a line names no project; a form's field does."""
        header = parse_report(
            "2020年项目自评报告\n1.资金到位\n项目名称\n中央、省、市(州)、县级财政资金\n资金计划\n资金到位\n情况"
        )
        form = parse_report(
            "2020年项目支出绩效自评表\n项目名称\n某某创建专项资金项目\n主管部门\n某县财政局"
        )

        assert (header.project, form.project) == (None, "某某创建专项资金项目")

    @settings(max_examples=40)
    @given(name=NAME, suffix=UNITS, fund=PLAIN, person=st.sampled_from(["杨某", "张三丰", "李四"]))
    def test_project_title_and_label_pairs(
        self, name: str, suffix: str, fund: str, person: str
    ) -> None:
        """`某某推广项目绩效目标自评表`: the title names the project, not the unit; `项目实施单位/项目负责人某中心/某人` names the unit."""
        unit = name + suffix
        facts = parse_report(
            f"{fund}项目绩效目标自评表(2022年度)项目总得分99分项目名称{fund}项目实施单位/项目负责人{unit}/{person}自治区主管部门农业农村厅专项实施期2022年"
        )

        assert (facts.department, facts.project, facts.self_score) == (
            unit,
            f"{fund}项目",
            Fixed(99),
        )

    @settings(max_examples=40)
    @given(name=NAME, suffix=UNITS, fund=PLAIN, short=st.sampled_from(["省残联", "市局", "中心"]))
    def test_unit_with_its_short_name(self, name: str, suffix: str, fund: str, short: str) -> None:
        """`湖北残疾人联合会(以下简称“省残联”)` in the prose names the unit when nothing else does."""
        unit = name + suffix
        facts = parse_report(
            f"{fund}补助资金项目2018年度绩效自评报告\n根据有关规定,{unit}(以下简称“{short}”)成立绩效自评工作专班,进行绩效自评。\n一、项目基本情况"
        )

        assert (facts.department, facts.project) == (unit, f"{fund}补助资金项目")

    @settings(max_examples=40)
    @given(name=NAME, suffix=UNITS, fund=PLAIN, n=st.sampled_from(["1、", "2.", "(1)"]))
    def test_document_site_wrapper(self, name: str, suffix: str, fund: str, n: str) -> None:
        """A document site's `《….docx》由会员分享` is no title; its page number before the form's name is no heading."""
        unit = name + suffix
        facts = parse_report(
            f"《某市本级部门项目支出绩效自评表.docx》由会员分享,可在线阅读。\n{n}某市本级部门项目支出绩效自评表(2021年)项目名称{fund}经费主管部门{unit}实施单位{unit}自评得分98"
        )

        assert (facts.title, facts.project, facts.department) == (
            "某市本级部门项目支出绩效自评表（2021年）",
            f"{fund}经费",
            unit,
        )

    @settings(max_examples=40)
    @given(name=NAME, suffix=UNITS, fund=PLAIN, word=FUNDS)
    def test_unit_heading_the_project_field(
        self, name: str, suffix: str, fund: str, word: str
    ) -> None:
        """`项目名称:某医院某某专项资金项目,` under a bare `绩效自评报告`: the unit heads the project's name; the report is a project's."""
        unit = name + suffix
        facts = parse_report(
            f"绩效自评报告\n一、项目概况\n项目名称:{unit}{fund}{word},项目实施地点:某市某路。"
        )

        assert (facts.department, facts.project, facts.kind) == (
            unit,
            unit + fund + word,
            "project",
        )

    @settings(max_examples=40)
    @given(
        name=NAME,
        suffix=UNITS,
        words=st.sampled_from(["财政资金", "省级财政资金", "本级", "专项资金"]),
    )
    def test_title_of_kind_words_only(self, name: str, suffix: str, words: str) -> None:
        """`财政资金项目支出绩效自评报告`: words of the kind name neither the unit nor a project."""
        unit = name + suffix
        facts = parse_report(
            f"{words}项目支出绩效自评报告\n一、项目基本情况\n{unit}是省人民政府直属研究机构。"
        )

        assert (facts.department, facts.project) == (unit, None)

    @settings(max_examples=40)
    @given(
        name=NAME,
        suffix=UNITS,
        n=st.sampled_from(["", "1", "二"]),
        stamp=st.sampled_from(["时间:2024.4.8", "发布时间:2022-04-15 14:54", "日期:2023/5/6"]),
    )
    def test_annex_and_time_stamp_lines(self, name: str, suffix: str, n: str, stamp: str) -> None:
        """`时间:2024.4.8` and `附件1` on their own lines end the line above: the title is the report's alone."""
        unit = name + suffix
        facts = parse_report(
            f"自评估报告参考格式\n{stamp}\n附件{n}\n{unit}2022年度项目绩效自评报告\n一、项目概况"
        )

        assert (facts.title, facts.department) == (f"{unit}2022年度项目绩效自评报告", unit)

    @pytest.mark.parametrize(
        ("title", "department", "project"),
        [
            ("***项目绩效自评报告", None, None),
            ("xx局2022年部门整体支出绩效自评报告", None, None),
            ("某县××局××项目2022年度绩效自评报告", None, None),
        ],
    )
    def test_template_blanks(self, title: str, department: str | None, project: str | None) -> None:
        """A template's blanks (`***`, `xx`, `××`) name no unit and no project."""
        facts = parse_report(f"{title}\n一、项目概况\n说明项目主管部门(单位)在该项目管理中的职能。")

        assert (facts.department, facts.project) == (department, project)

    def test_label_starting_wrapped_prose(self) -> None:
        """A wrapped line of prose that starts with a label's words (`主管部门审核后…`) goes on the line above."""
        facts = parse_report(
            "某局2022年部门整体支出绩效自评报告\n一、基本情况\n资金由县财政局会同\n主管部门审核后下达到位\n并按进度拨付。"
        )

        assert facts.sections[0].text == "资金由县财政局会同主管部门审核后下达到位并按进度拨付。"

    def test_sentence_ending_in_report_goes_on(self) -> None:
        """Prose wrapped after `…自评报告` goes on when the next line starts with punctuation."""
        facts = parse_report(
            "某局2022年部门整体支出绩效自评报告\n一、基本情况\n我局高度重视本次绩效\n评价工作并形成自评报告\n,报送县财政局。"
        )

        assert (
            facts.sections[0].text == "我局高度重视本次绩效评价工作并形成自评报告，报送县财政局。"
        )

    @pytest.mark.parametrize(
        ("head", "unit"),
        [
            pytest.param("某县办公楼维修项目", None, id="office-building"),
            pytest.param(
                "某县人民政府办公室办公楼维修项目", "某县人民政府办公室", id="office-then-building"
            ),
            pytest.param("某乡财政所卫生项目", "某乡财政所", id="last-unit-word"),
            pytest.param("东山镇乡村振兴专项资金", "东山镇", id="rural"),
            pytest.param("某县局科技创新项目", "某县局", id="science"),
        ],
    )
    def test_unit_word_starting_a_common_word(self, head: str, unit: str | None) -> None:
        """A unit word that starts a common word (办公楼, 乡村, 科技) ends no unit."""
        from perfrules._parse._names import split_unit

        assert split_unit(head)[0] == unit

    def test_place_is_no_project(self) -> None:
        """A place before the year (`岳阳市2018年度部门整体支出…`) is neither the unit nor a project."""
        facts = parse_report(
            "岳阳市2018年度部门整体支出绩效评价自评报告\n部门(单位)名称:岳阳市某某中心\n一、基本情况"
        )

        assert (facts.department, facts.project) == ("岳阳市某某中心", None)
