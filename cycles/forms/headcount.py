"""Head counts typed as a grid: people by gender and age band, and by ethnic group.

Used for the attendance of consultations and for the people an activity reached. A blank
cell means nobody; the page shows a running total (static/js/portal.js).
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from communities.models import AgeBand, Ethnicity, Gender

# Far above any meeting, low enough that a slip of the finger (an extra digit) is caught.
MAX_CELL = 10_000


def _count_field(label: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=MAX_CELL,
        widget=forms.NumberInput(
            attrs={"min": 0, "max": MAX_CELL, "inputmode": "numeric", "class": "headcount-cell"}
        ),
    )


class HeadcountForm(forms.Form):
    """One number per gender and age band; `cells()` gives what the services take."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for band, band_label in AgeBand.choices:
            for gender, gender_label in Gender.choices:
                self.fields[self.field_name(gender, band)] = _count_field(
                    f"{gender_label}, {band_label}"
                )

    @staticmethod
    def field_name(gender: str, band: str) -> str:
        return f"{gender}_{band}".replace("-", "_").replace("+", "plus")

    @classmethod
    def initial_from(cls, cells: dict[tuple[str, str], int]) -> dict[str, int]:
        """Initial data from {(gender, band): count}."""
        return {cls.field_name(gender, band): count for (gender, band), count in cells.items()}

    def cells(self) -> dict[tuple[str, str], int]:
        """{(gender, age band): count} of the cleaned data, blanks and zeros left out."""
        return {
            (gender, band): self.cleaned_data[self.field_name(gender, band)]
            for band in AgeBand.values
            for gender in Gender.values
            if self.cleaned_data.get(self.field_name(gender, band))
        }

    def total(self) -> int:
        return sum(self.cells().values())

    def typed_total(self) -> int:
        """The sum of what is in the cells now (typed or initial), whether valid or not."""
        total = 0
        for name in self.fields:
            value = self[name].value()
            try:
                total += max(int(value), 0)
            except (TypeError, ValueError):
                continue
        return total

    def genders(self) -> list[str]:
        return [label for _value, label in Gender.choices]

    def rows(self) -> list[tuple[str, list[forms.BoundField]]]:
        """(age band label, [the band's field for each gender]) in table order."""
        return [
            (band_label, [self[self.field_name(gender, band)] for gender in Gender.values])
            for band, band_label in AgeBand.choices
        ]


class EthnicCountForm(forms.Form):
    """One number per ethnic group; `counts()` gives what the services take."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for value, label in Ethnicity.choices:
            self.fields[value] = _count_field(str(label))

    def counts(self) -> dict[str, int]:
        return {
            value: self.cleaned_data[value]
            for value in Ethnicity.values
            if self.cleaned_data.get(value)
        }

    def total(self) -> int:
        return sum(self.counts().values())


HEADCOUNT_HELP = _("Leave a cell blank when nobody of that group came.")
