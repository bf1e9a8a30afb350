"""Filters for the facilitators' lists; every choice comes from what the user may see."""

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from communities.models import Community, Country, Group
from communities.selectors import districts_for_filter, regions_for_filter


def _regions(request) -> QuerySet:
    return regions_for_filter(request.user)


def _districts(request) -> QuerySet:
    return districts_for_filter(request.user)


SEARCH_MAX_LENGTH = 200


class SearchInput(forms.TextInput):
    input_type = "search"


class CommunityFilter(django_filters.FilterSet):
    class Border:
        YES = "yes"
        NO = "no"

    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        # No place has a longer name; SQLite refuses LIKE patterns past 50,000 bytes.
        max_length=SEARCH_MAX_LENGTH,
        widget=SearchInput(attrs={"autocomplete": "off"}),
        help_text=_("Name of the community, its district or region."),
    )
    country = django_filters.ChoiceFilter(
        label=_("Country"),
        field_name="district__region__country",
        choices=Country.choices,
        empty_label=_("Any country"),
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Region"),
        field_name="district__region",
        queryset=_regions,
        empty_label=_("Any region"),
    )
    district = django_filters.ModelChoiceFilter(
        label=_("District"), queryset=_districts, empty_label=_("Any district")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Community.Kind.choices, empty_label=_("Any kind")
    )
    group_kind = django_filters.ChoiceFilter(
        label=_("Group kind"),
        choices=Group.Kind.choices,
        method="with_group_kind",
        empty_label=_("Any group"),
    )
    border = django_filters.ChoiceFilter(
        label=_("Border"),
        choices=[
            (Border.YES, _("On a state border")),
            (Border.NO, _("Not on a border")),
        ],
        method="on_border",
        empty_label=_("Anywhere"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Community.Status.choices, empty_label=_("Any status")
    )

    class Meta:
        model = Community
        fields = ["q", "country", "region", "district", "kind", "group_kind", "border", "status"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value)
            | Q(district__name__icontains=value)
            | Q(district__region__name__icontains=value)
        )

    def with_group_kind(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # Only the groups the user can see count; a subquery keeps each community once.
        groups = Group.objects.visible_to(self.request.user).filter(kind=value)
        return queryset.filter(pk__in=groups.values("communities"))

    def on_border(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(on_border=value == self.Border.YES)
