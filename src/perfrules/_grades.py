"""
Grade scales: ordered bands with inclusive lower bounds.

>>> scale = GradeScale.preset("90/80/60")
>>> scale.grade(Fixed.parse("94.16")).label, scale.grade(Fixed.parse("89.99")).label
('优', '良')
>>> scale.grade(Fixed.parse("89.99"), lang="en").label
'good'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import attrs

from perfrules._quantity import Fixed
from perfrules.errors import InvalidInputError, InvalidValueError

__all__ = ["Grade", "GradeScale"]

def _grades_tuple(value: Iterable[Grade]) -> tuple[Grade, ...]:
    return tuple(value)


_EN = {"优": "excellent", "良": "good", "中": "fair", "差": "poor"}


@attrs.frozen
class Grade:
    """One grade: its label (zh), English label and inclusive lower bound."""

    label: str
    lower: Fixed
    label_en: str = ""

    def localized(self, lang: str) -> str:
        """The label in *lang* (``zh`` or ``en``)."""
        return (self.label_en or self.label) if lang.startswith("en") else self.label


@attrs.frozen
class GradeScale:
    """
    Grades from best to worst; a total gets the first grade whose lower bound it reaches.

    The lowest grade starts at 0, bounds strictly decrease and none exceeds ``maximum``.
    """

    grades: tuple[Grade, ...] = attrs.field(converter=_grades_tuple)
    maximum: Fixed = attrs.field(factory=lambda: Fixed(100))

    def __attrs_post_init__(self) -> None:
        errors = list(self._problems())
        if errors:
            raise InvalidInputError(errors)

    def _problems(self) -> list[InvalidValueError]:
        out = []
        if not self.grades:
            return [InvalidValueError("a grade scale needs at least one grade", ("grades",))]
        for i, (a, b) in enumerate(zip(self.grades, self.grades[1:], strict=False)):
            if not b.lower < a.lower:
                out.append(InvalidValueError(f"lower bounds must decrease: {a.lower} then {b.lower}", ("grades", i + 1, "lower")))
        if self.grades[-1].lower != Fixed(0):
            out.append(InvalidValueError("the lowest grade must start at 0 so every total gets a grade", ("grades", len(self.grades) - 1, "lower")))
        if self.grades[0].lower > self.maximum:
            out.append(InvalidValueError(f"above the maximum {self.maximum}", ("grades", 0, "lower")))
        labels = [g.label for g in self.grades]
        if len(set(labels)) != len(labels):
            out.append(InvalidValueError("grade labels must be distinct", ("grades",)))
        return out

    @classmethod
    def preset(cls, name: str) -> GradeScale:
        """
        ``"90/80/60"`` (财预〔2020〕10号) or any ``"a/b/c"`` for 优/良/中/差.
        """
        parts = name.split("/")
        if len(parts) != 3:
            raise InvalidValueError(f'a preset reads like "90/80/60", got {name!r}')
        bounds = [Fixed.parse(p) for p in parts]
        labels = ("优", "良", "中", "差")
        grades = [Grade(lab, lo, _EN[lab]) for lab, lo in zip(labels, [*bounds, Fixed(0)], strict=True)]
        return cls(tuple(grades))

    @classmethod
    def from_data(cls, data: object) -> GradeScale:
        """
        From a scheme file: a preset string or a list of ``{label, lower, label_en}`` tables.

        Raises:
            InvalidInputError: with the place of each mistake.
        """
        if isinstance(data, str):
            try:
                return cls.preset(data)
            except InvalidValueError as e:
                raise InvalidInputError([e]) from None
        if not isinstance(data, Sequence):
            raise InvalidInputError([InvalidValueError('a preset such as "90/80/60" or a list of grades')])
        grades, errors = [], []
        for i, item in enumerate(data):
            if not isinstance(item, Mapping):
                errors.append(InvalidValueError("a grade is a table with label and lower", (i,)))
                continue
            unknown = set(item) - {"label", "lower", "label_en"}
            errors += [InvalidValueError("unknown key", (i, k)) for k in sorted(unknown)]
            try:
                grades.append(Grade(str(item["label"]), Fixed.parse(item["lower"]), str(item.get("label_en", _EN.get(str(item["label"]), "")))))
            except KeyError as e:
                errors.append(InvalidValueError("missing", (i, str(e.args[0]))))
            except InvalidValueError as e:
                errors.append(e.at(i, "lower"))
        if errors:
            raise InvalidInputError(errors)
        try:
            return cls(tuple(grades))
        except InvalidInputError as e:
            raise InvalidInputError(InvalidValueError(x.reason, x.path[1:]) for x in e.errors) from None

    def grade(self, total: Fixed, *, lang: str = "zh", cap: str | None = None) -> Grade:
        """
        The grade of *total*; with *cap*, never better than that grade.

        ``lang`` is accepted for symmetry with :meth:`Grade.localized`; the returned
        :class:`Grade` carries both labels.
        """
        index = next((i for i, g in enumerate(self.grades) if total >= g.lower), len(self.grades) - 1)
        if cap is not None:
            caps = [i for i, g in enumerate(self.grades) if cap in (g.label, g.label_en)]
            if caps:
                index = max(index, caps[0])
        g = self.grades[index]
        return Grade(g.localized(lang), g.lower, g.label_en) if lang.startswith("en") else g

    def labels(self) -> tuple[str, ...]:
        """The labels from best to worst."""
        return tuple(g.label for g in self.grades)
