"""Grade scales: every score gets exactly one grade, monotonically; bad scales are located errors."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from perfrules import schemes
from perfrules._grades import Grade, GradeScale
from perfrules._quantity import Fixed
from perfrules.errors import InvalidInputError

PRESETS = ["90/80/60", "80/70/60"]

#: Scores in [0, 100] with up to 2 decimals, and the bounds themselves and their neighbours.
scores = st.builds(Fixed, st.integers(0, 10_000), st.just(2))


@st.composite
def scales(draw: st.DrawFn) -> GradeScale:
    """A valid scale: distinct decreasing lower bounds ending at 0."""
    bounds = sorted(draw(st.sets(st.integers(1, 10_000), max_size=5)), reverse=True)
    labels = [f"g{i}" for i in range(len(bounds) + 1)]
    return GradeScale(
        tuple(Grade(lab, Fixed(lo, 2)) for lab, lo in zip(labels, [*bounds, 0], strict=True))
    )


def containing(scale: GradeScale, total: Fixed) -> list[Grade]:
    """The grades whose half-open band [lower, next better lower) holds *total* (the best is unbounded)."""
    out = []
    uppers: list[Fixed | None] = [None, *(g.lower for g in scale.grades[:-1])]
    for g, upper in zip(scale.grades, uppers, strict=True):
        if total >= g.lower and (upper is None or total < upper):
            out.append(g)
    return out


class TestPresets:
    @pytest.mark.parametrize(
        ("preset", "total", "label"),
        [
            pytest.param("90/80/60", "94.16", "优", id="seed"),
            pytest.param("90/80/60", "90", "优", id="90-inclusive"),
            pytest.param("90/80/60", "89.99", "良", id="89.99"),
            pytest.param("90/80/60", "80", "良", id="80-inclusive"),
            pytest.param("90/80/60", "79.99", "中", id="79.99"),
            pytest.param("90/80/60", "60", "中", id="60-inclusive"),
            pytest.param("90/80/60", "59.99", "差", id="59.99"),
            pytest.param("90/80/60", "0", "差", id="zero"),
            pytest.param("90/80/60", "100", "优", id="hundred"),
            pytest.param("80/70/60", "94.16", "优", id="vendor-seed"),
            pytest.param("80/70/60", "80", "优", id="vendor-80"),
            pytest.param("80/70/60", "79.99", "良", id="vendor-79.99"),
            pytest.param("80/70/60", "70", "良", id="vendor-70"),
            pytest.param("80/70/60", "69.99", "中", id="vendor-69.99"),
            pytest.param("80/70/60", "59.99", "差", id="vendor-59.99"),
        ],
    )
    def test_bands(self, preset: str, total: str, label: str) -> None:
        """Inclusive lower bounds, half-open bands (RULES.md §1.1)."""
        assert GradeScale.preset(preset).grade(Fixed.parse(total)).label == label

    @pytest.mark.parametrize("preset", PRESETS)
    def test_labels(self, preset: str) -> None:
        """优/良/中/差 with English labels."""
        scale = GradeScale.preset(preset)

        assert scale.labels() == ("优", "良", "中", "差")
        assert [g.label_en for g in scale.grades] == ["excellent", "good", "fair", "poor"]
        assert scale.grade(Fixed(95), lang="en").label == "excellent"
        assert scale.grade(Fixed(95)).localized("en") == "excellent"
        assert scale.grade(Fixed(95)).localized("zh") == "优"

    def test_cap(self) -> None:
        """A cap makes the grade no better than the one named; a worse grade stays."""
        scale = GradeScale.preset("90/80/60")

        assert scale.grade(Fixed(95), cap="良").label == "良"
        assert scale.grade(Fixed(50), cap="良").label == "差"
        assert scale.grade(Fixed(95), cap="good").label == "良"


class TestProperties:
    @given(st.sampled_from(PRESETS).map(GradeScale.preset) | scales(), scores)
    @example(GradeScale.preset("90/80/60"), Fixed(9000, 2))
    @example(GradeScale.preset("90/80/60"), Fixed(8999, 2))
    @example(GradeScale.preset("80/70/60"), Fixed(0, 2))
    @example(GradeScale.preset("80/70/60"), Fixed(10000, 2))
    def test_exactly_one_grade(self, scale: GradeScale, total: Fixed) -> None:
        """Every score in [0, 100] lies in exactly one band, and grade() returns that one."""
        found = containing(scale, total)

        assert len(found) == 1
        assert scale.grade(total) == found[0]

    @given(st.sampled_from(PRESETS).map(GradeScale.preset) | scales(), scores, scores)
    def test_monotone(self, scale: GradeScale, a: Fixed, b: Fixed) -> None:
        """A higher score never gets a worse grade."""
        lo, hi = sorted([a, b])
        rank = scale.labels().index

        assert rank(scale.grade(hi).label) <= rank(scale.grade(lo).label)


class TestInvalid:
    @pytest.mark.parametrize(
        ("data", "message"),
        [
            pytest.param(
                "90/80", "a preset reads like \"90/80/60\", got '90/80'", id="short-preset"
            ),
            pytest.param("90/80/x", "not a number: 'x'", id="preset-not-a-number"),
            pytest.param(
                "60/80/90",
                "[1].lower: lower bounds must decrease: 60 then 80",
                id="preset-increasing",
            ),
            pytest.param([], "a grade scale needs at least one grade", id="empty"),
            pytest.param(5, 'a preset such as "90/80/60" or a list of grades', id="not-a-list"),
            pytest.param(
                [
                    {"label": "A", "lower": "50"},
                    {"label": "B", "lower": "60"},
                    {"label": "C", "lower": "0"},
                ],
                "[1].lower: lower bounds must decrease: 50 then 60",
                id="unordered",
            ),
            pytest.param(
                [{"label": "A", "lower": "90"}, {"label": "B", "lower": "10"}],
                "[1].lower: the lowest grade must start at 0 so every total gets a grade",
                id="gap-below",
            ),
            pytest.param(
                [{"label": "A", "lower": "120"}, {"label": "B", "lower": "0"}],
                "[0].lower: above the maximum 100",
                id="above-100",
            ),
            pytest.param(
                [{"label": "A", "lower": "50"}, {"label": "A", "lower": "0"}],
                "grade labels must be distinct",
                id="duplicate-labels",
            ),
            pytest.param([{"label": "A"}], "[0].lower: missing", id="missing-lower"),
            pytest.param(
                [{"label": "A", "lower": 1.5}],
                "[0].lower: expected a decimal string",
                id="float-lower",
            ),
            pytest.param(
                [{"label": "A", "lower": "0", "colour": "red"}],
                "[0].colour: unknown key",
                id="unknown-key",
            ),
            pytest.param(["优"], "[0]: a grade is a table with label and lower", id="not-a-table"),
        ],
    )
    def test_from_data(self, data: object, message: str) -> None:
        """Each mistake is an InvalidInputError naming its place."""
        with pytest.raises(InvalidInputError) as info:
            GradeScale.from_data(data)

        assert message in str(info.value)

    def test_located_inside_a_scheme(self) -> None:
        """Inside a scheme file the place starts at ``grades``."""
        with pytest.raises(
            InvalidInputError, match=r"grades\[1\]\.lower: lower bounds must decrease: 50 then 60"
        ):
            schemes.from_data(
                {
                    "name": "x",
                    "grades": [
                        {"label": "A", "lower": "50"},
                        {"label": "B", "lower": "60"},
                        {"label": "C", "lower": "0"},
                    ],
                }
            )

    def test_every_problem_at_once(self) -> None:
        """All the problems of one scale are reported together."""
        with pytest.raises(InvalidInputError) as info:
            GradeScale.from_data([{"label": "A", "lower": "120"}, {"label": "A", "lower": "5"}])

        assert len(info.value.errors) == 3
