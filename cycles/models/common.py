"""Pieces every cycles model shares: scoping through the group, head counts, percentages."""

from django.db import models
from django.db.models import F, FloatField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Cast, Coalesce, NullIf, Round
from django.utils.translation import gettext_lazy as _

from communities.models import AgeBand, Ethnicity, Gender, Group

# A percentage such as 42.9; wide enough for a delivery rate far above 100 %.
PERCENT = models.DecimalField(max_digits=9, decimal_places=1)
MONEY_TOTAL = models.DecimalField(max_digits=14, decimal_places=2)
STATED_ETHNICITIES = [choice for choice in Ethnicity.choices if choice[0] != Ethnicity.NOT_STATED]


class GroupScopedQuerySet(models.QuerySet):
    """Rows that belong to a working group are visible exactly when their group is.

    `group_path` is the lookup from the model to its Group.
    """

    group_path = "group"

    def visible_to(self, user) -> "GroupScopedQuerySet":
        groups = Group.objects.visible_to(user).values("pk")
        return self.filter(**{f"{self.group_path}__in": groups})


def percent(part, whole):
    """`part` as a percentage of `whole` to one decimal, computed in SQL; NULL when whole is 0."""
    ratio = Cast(part, FloatField()) * Value(100.0) / NullIf(Cast(whole, FloatField()), Value(0.0))
    # Rounded in SQL: SQLite hands back computed decimals unrounded.
    return Cast(Round(ratio, 1), PERCENT)


def headcount(path: str) -> dict[str, models.Expression]:
    """Annotations for people, women and youth in the count rows reached through `path`.

    Use one count relation per query: summing over two joined relations multiplies rows.
    """
    count = f"{path}__count"
    return {
        "people": Coalesce(Sum(count), 0),
        "women": Coalesce(Sum(count, filter=Q(**{f"{path}__gender": Gender.FEMALE})), 0),
        "youth": Coalesce(Sum(count, filter=Q(**{f"{path}__age_band__in": AgeBand.youth()})), 0),
    }


def headcount_per_row(model: type[models.Model], link: str) -> dict[str, models.Expression]:
    """The annotations of `headcount` as one subquery per row on `model`'s count rows, whose
    foreign key to the annotated row is `link`.

    For a short slice of a long list: `headcount` aggregates every row before the slice.
    """

    def total(condition: Q) -> models.Expression:
        rows = (
            model.objects.filter(condition, **{link: OuterRef("pk")})
            .order_by()
            .values(link)
            .annotate(total=Sum("count"))
            .values("total")
        )
        return Coalesce(Subquery(rows), 0)

    return {
        "people": total(Q()),
        "women": total(Q(gender=Gender.FEMALE)),
        "youth": total(Q(age_band__in=AgeBand.youth())),
    }


def shares() -> dict[str, models.Expression]:
    """The share of women and of youth, to annotate after `headcount`."""
    return {
        "women_share": percent(F("women"), F("people")),
        "youth_share": percent(F("youth"), F("people")),
    }


class GenderAgeCount(models.Model):
    """How many people of one gender and age band: one cell of a gender x age band table."""

    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    age_band = models.CharField(_("age band"), max_length=5, choices=AgeBand.choices)
    count = models.PositiveIntegerField(_("people"))

    class Meta:
        abstract = True
        ordering = ["gender", "age_band"]

    def __str__(self):
        return f"{self.get_gender_display()}, {self.get_age_band_display()}: {self.count}"


class EthnicCount(models.Model):
    """How many people of one ethnic group."""

    ethnicity = models.CharField(_("ethnic group"), max_length=20, choices=Ethnicity.choices)
    count = models.PositiveIntegerField(_("people"))

    class Meta:
        abstract = True
        ordering = ["ethnicity"]

    def __str__(self):
        return f"{self.get_ethnicity_display()}: {self.count}"
