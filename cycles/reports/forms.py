"""The report page's GET form: which period, and which places or group within the programme."""

import datetime

from django import forms
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from communities.models import Community, Country, District, Group, Programme, Region
from cycles.reports.scope import Period

# A custom period longer than this would make a report nobody can read (and a slow one).
MAX_CUSTOM_DAYS = 5 * 366
FIRST_YEAR = 2000


def last_complete_quarter(today: datetime.date | None = None) -> Period:
    today = today or timezone.localdate()
    current = (today.month - 1) // 3 + 1
    if current == 1:
        return Period.quarter(today.year - 1, 4)
    return Period.quarter(today.year, current - 1)


def period_data(period: Period) -> dict[str, str]:
    """The form's period fields for a period, as a query string would carry them."""
    data = {"kind": period.kind, "year": str(period.start.year)}
    if period.kind == "quarter":
        data["quarter"] = str((period.start.month - 1) // 3 + 1)
    if period.kind == "custom":
        data |= {"start": period.start.isoformat(), "end": period.end.isoformat()}
    return data


def _by_label(choice: tuple) -> tuple:
    """Options in the order of their labels (case aside), then of their ids."""
    return choice[1].casefold(), choice[0]


class QuickSelect(forms.Select):
    """A <select> written out in Python rather than with one template per option.

    The filters of a large programme's report list hundreds of communities and groups; the
    template-rendered options took most of the page's time (over 1 s at 2,000 communities).
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = "".join(
            f'<option value="{escape(option["value"])}"'
            f"{' selected' if option['selected'] else ''}>{escape(option['label'])}</option>"
            for _group, choices, _index in widget["optgroups"]
            for option in choices
        )
        return format_html(
            '<select name="{}"{}>{}</select>',
            widget["name"],
            flatatt(widget["attrs"]),
            mark_safe(options),  # every value and label escaped above
        )


class ReportForm(forms.Form):
    """Period (quarter, year or custom dates) and filters scoped to what the viewer sees.

    `programme=None` is the report over every programme the viewer sees.
    """

    KINDS = [("quarter", _("Quarter")), ("year", _("Year")), ("custom", _("Custom dates"))]
    QUARTERS = [(str(n), _("Q%(quarter)d") % {"quarter": n}) for n in (1, 2, 3, 4)]

    kind = forms.ChoiceField(label=_("Period"), choices=KINDS, initial="quarter")
    year = forms.IntegerField(label=_("Year"), min_value=FIRST_YEAR, required=False)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"), choices=QUARTERS, coerce=int, required=False
    )
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.none(), required=False, widget=QuickSelect
    )
    district = forms.ModelChoiceField(
        label=_("District"), queryset=District.objects.none(), required=False, widget=QuickSelect
    )
    community = forms.ModelChoiceField(
        label=_("Community"), queryset=Community.objects.none(), required=False, widget=QuickSelect
    )
    group = forms.ModelChoiceField(
        label=_("Group"), queryset=Group.objects.none(), required=False, widget=QuickSelect
    )

    def __init__(self, *args, user, programme: Programme | None, **kwargs):
        super().__init__(*args, **kwargs)
        groups = Group.objects.visible_to(user)
        if programme is not None:
            groups = groups.filter(programme=programme)
        communities = Community.objects.filter(groups__in=groups.values("pk")).distinct()
        districts = District.objects.filter(communities__in=communities.values("pk")).distinct()
        regions = Region.objects.filter(districts__in=districts.values("pk")).distinct()
        # The querysets check a value sent; the options are only what they show (a large
        # programme lists thousands), and the places' come from one query.
        self.fields["group"].queryset = groups.only("pk", "name").order_by("name")
        self.fields["community"].queryset = communities
        self.fields["district"].queryset = districts
        self.fields["region"].queryset = regions
        self._place_choices(communities)
        self.fields["country"].choices = [("", _("All countries")), *Country.choices]
        self.last_year = timezone.localdate().year + 1
        self.fields["year"].widget.attrs["max"] = self.last_year
        for name in ("region", "district", "community", "group"):
            self.fields[name].empty_label = _("All")

    def _place_choices(self, communities) -> None:
        """The community, district and region options, from one query of the communities."""
        found: dict[str, set] = {"community": set(), "district": set(), "region": set()}
        rows = communities.order_by().values_list(
            "pk",
            "name",
            "district_id",
            "district__name",
            "district__region_id",
            "district__region__name",
            "district__region__country",
        )
        for pk, name, district, district_name, region, region_name, country in rows:
            found["community"].add((pk, name))
            found["district"].add((district, district_name))
            found["region"].add((region, f"{region_name} ({Country(country).label})", country))
        for name in ("community", "district"):
            self.fields[name].choices = [("", _("All")), *sorted(found[name], key=_by_label)]
        regions = sorted(found["region"], key=lambda choice: (choice[2], _by_label(choice)))
        self.fields["region"].choices = [("", _("All")), *(choice[:2] for choice in regions)]

    def clean_year(self):
        year = self.cleaned_data.get("year")
        if year is not None and year > self.last_year:
            raise forms.ValidationError(_("Give a year up to %(year)d.") % {"year": self.last_year})
        return year

    def _clean_day(self, name: str):
        day = self.cleaned_data.get(name)
        if day is not None and not FIRST_YEAR <= day.year <= self.last_year:
            raise forms.ValidationError(
                _("Give a day between %(first)d and %(last)d.")
                % {"first": FIRST_YEAR, "last": self.last_year}
            )
        return day

    def clean_start(self):
        return self._clean_day("start")

    def clean_end(self):
        return self._clean_day("end")

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind in ("quarter", "year") and not data.get("year") and "year" not in self.errors:
            self.add_error("year", _("Give the year."))
        if kind == "quarter" and not data.get("quarter") and "quarter" not in self.errors:
            self.add_error("quarter", _("Choose the quarter."))
        if kind == "custom":
            start, end = data.get("start"), data.get("end")
            if not start and "start" not in self.errors:
                self.add_error("start", _("Give the first day."))
            if not end and "end" not in self.errors:
                self.add_error("end", _("Give the last day."))
            if start and end and end < start:
                self.add_error("end", _("The last day cannot be before the first."))
            elif start and end and (end - start).days > MAX_CUSTOM_DAYS:
                self.add_error("end", _("A period can be at most five years long."))
        return data

    def period(self) -> Period:
        data = self.cleaned_data
        if data["kind"] == "quarter":
            return Period.quarter(data["year"], data["quarter"])
        if data["kind"] == "year":
            return Period.year(data["year"])
        return Period.custom(data["start"], data["end"])

    def filters(self) -> dict[str, object]:
        """The place and group filters as `ReportScope` takes them (ids)."""
        data = self.cleaned_data
        found = {"country": data.get("country") or ""}
        for name in ("region", "district", "community", "group"):
            found[name] = data[name].pk if data.get(name) else None
        return found

    def filter_labels(self) -> list[tuple[str, str]]:
        """The filters that are set, as (label, value) to print above the report."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        labels = []
        if data.get("country"):
            labels.append((str(self.fields["country"].label), str(Country(data["country"]).label)))
        for name in ("region", "district", "community", "group"):
            if data.get(name):
                labels.append((str(self.fields[name].label), str(data[name])))
        return labels
