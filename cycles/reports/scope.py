"""What a report covers: a programme (or all the viewer sees), a period, places, a group."""

import dataclasses
import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from communities.models import Community, Currency, Group, Programme

# The currency of a report over several programmes (each programme has its own otherwise).
DEFAULT_CURRENCY = Currency.USD


@dataclass(frozen=True)
class Period:
    """A span of whole days, both ends included."""

    start: datetime.date
    end: datetime.date
    kind: str = "custom"  # "quarter", "year" or "custom": how `previous` steps back

    def __post_init__(self):
        if self.end < self.start:
            raise ValueError("A period cannot end before it starts.")

    @classmethod
    def quarter(cls, year: int, quarter: int) -> "Period":
        if quarter not in (1, 2, 3, 4):
            raise ValueError("A quarter is 1, 2, 3 or 4.")
        first = datetime.date(year, 3 * quarter - 2, 1)
        after = (
            datetime.date(year + 1, 1, 1) if quarter == 4 else first.replace(month=first.month + 3)
        )
        return cls(first, after - datetime.timedelta(days=1), "quarter")

    @classmethod
    def year(cls, year: int) -> "Period":
        return cls(datetime.date(year, 1, 1), datetime.date(year, 12, 31), "year")

    @classmethod
    def custom(cls, start: datetime.date, end: datetime.date) -> "Period":
        """Any span; a calendar quarter or year given by its dates is recognised as one."""
        if start.day == 1 and start.month % 3 == 1:
            quarter = cls.quarter(start.year, (start.month - 1) // 3 + 1)
            if quarter.end == end:
                return quarter
            if start.month == 1 and end == datetime.date(start.year, 12, 31):
                return cls.year(start.year)
        return cls(start, end)

    def previous(self) -> "Period":
        """The quarter or year before; for custom dates, as many days just before."""
        if self.kind == "quarter":
            number = (self.start.month - 1) // 3 + 1
            return Period.quarter(self.start.year - (number == 1), 4 if number == 1 else number - 1)
        if self.kind == "year":
            return Period.year(self.start.year - 1)
        days = (self.end - self.start).days + 1
        end = self.start - datetime.timedelta(days=1)
        return Period(end - datetime.timedelta(days=days - 1), end)

    @property
    def label(self) -> str:
        if self.kind == "quarter":
            return _("Q%(quarter)d %(year)d") % {
                "quarter": (self.start.month - 1) // 3 + 1,
                "year": self.start.year,
            }
        if self.kind == "year":
            return str(self.start.year)
        return f"{self.start:%Y-%m-%d} – {self.end:%Y-%m-%d}"

    def dates(self, field: str) -> Q:
        """`field` (a date) falls in the period."""
        return Q(**{f"{field}__gte": self.start, f"{field}__lte": self.end})

    @property
    def first_moment(self) -> datetime.datetime:
        """The period's first moment in the site's time zone."""
        return timezone.make_aware(datetime.datetime.combine(self.start, datetime.time.min))

    @property
    def moment_after(self) -> datetime.datetime:
        """The first moment after the period, in the site's time zone."""
        day_after = self.end + datetime.timedelta(days=1)
        return timezone.make_aware(datetime.datetime.combine(day_after, datetime.time.min))

    def moments(self, field: str) -> Q:
        """`field` (a date and time) falls in the period."""
        return Q(**{f"{field}__gte": self.first_moment, f"{field}__lt": self.moment_after})


@dataclass(frozen=True)
class ReportScope:
    """Who looks at which programme's report for which period, narrowed to places or a group.

    `programme=None` covers every programme the viewer sees (administrators and partner
    staff); the place filters are ids and nest (a district inside the region, ...).
    """

    viewer: object
    period: Period
    programme: Programme | None = None
    country: str = ""
    region: int | None = None
    district: int | None = None
    community: int | None = None
    group: int | None = None

    def with_period(self, period: Period) -> "ReportScope":
        return dataclasses.replace(self, period=period)

    @property
    def currency(self) -> str:
        return self.programme.currency if self.programme else DEFAULT_CURRENCY

    @property
    def filters(self) -> dict[str, object]:
        """The place and group filters that are set, as an export records them."""
        names = ("country", "region", "district", "community", "group")
        return {name: getattr(self, name) for name in names if getattr(self, name)}

    def place_condition(self, prefix: str = "") -> Q:
        """Communities (reached through `prefix`) that match the place filters."""
        condition = Q()
        if self.country:
            condition &= Q(**{f"{prefix}district__region__country": self.country})
        if self.region:
            condition &= Q(**{f"{prefix}district__region": self.region})
        if self.district:
            condition &= Q(**{f"{prefix}district": self.district})
        if self.community:
            condition &= Q(**{f"{prefix}pk": self.community})
        return condition

    def groups(self) -> QuerySet:
        """The groups the report covers: the viewer's scope, the programme, the filters."""
        groups = Group.objects.visible_to(self.viewer)
        if self.programme is not None:
            groups = groups.filter(programme=self.programme)
        if self.group:
            groups = groups.filter(pk=self.group)
        places = self.place_condition()
        if places:
            groups = groups.filter(
                communities__in=Community.objects.filter(places).values("pk")
            ).distinct()
        return groups

    def group_ids(self) -> QuerySet:
        """The covered groups as a subquery, to filter other models with `group__in=`."""
        return Group.objects.filter(pk__in=self.groups().values("pk")).values("pk")

    def programmes(self) -> QuerySet:
        programmes = Programme.objects.visible_to(self.viewer)
        if self.programme is not None:
            programmes = programmes.filter(pk=self.programme.pk)
        return programmes
