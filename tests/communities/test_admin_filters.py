"""List filters on relations offer only what the user may see: no other organisation's
programme, group or cycle is even named in a changelist's filter choices."""

import pytest
from django.contrib import admin
from django.urls import reverse

from communities.models import Group, Membership
from cswg_portal.admin import ScopedRelatedFieldListFilter, ScopedRelatedOnlyFieldListFilter
from cycles.models import Concern
from tests.cycles.factories import ConcernFactory, CycleFactory
from tests.factories import (
    GroupFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    ProgrammeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def both_sides(org_a, org_b, programme_a):
    programme_b = ProgrammeFactory(
        name="Isfara cross-border programme",
        donors=[OrganisationFactory(kind="donor")],
        implementing_partners=[org_b],
    )
    group_a = GroupFactory(name="Mirmahmudov LCPC", partner=org_a, programme=programme_a)
    group_b = GroupFactory(name="Vorukh CSWG", partner=org_b, programme=programme_b)
    MembershipFactory(group=group_a, person=PersonFactory(organisation=org_a))
    MembershipFactory(group=group_b, person=PersonFactory(organisation=org_b))
    return group_a, group_b


def choices(response, title: str) -> list[str]:
    (spec,) = [s for s in response.context["cl"].filter_specs if str(s.title) == title]
    return sorted(label for _pk, label in spec.lookup_choices)


def test_a_partners_group_filters_name_no_other_organisations_programme(
    client, partner_a, both_sides
):
    client.force_login(partner_a)

    response = client.get(reverse("admin:communities_group_changelist"))

    assert choices(response, "programme") == ["Ferghana Valley community security"]
    assert "Isfara cross-border programme" not in response.content.decode()


def test_a_partners_membership_filters_name_no_other_organisations_group(
    client, partner_a, org_a, both_sides
):
    GroupFactory(name="Yrys LCPC", partner=org_a)
    client.force_login(partner_a)

    response = client.get(reverse("admin:communities_membership_changelist"))

    assert choices(response, "group") == ["Mirmahmudov LCPC", "Yrys LCPC"]
    assert "Vorukh CSWG" not in response.content.decode()


def test_a_related_only_filter_drops_a_used_programme_out_of_scope(
    client, partner_a, org_a, both_sides
):
    # Org A supports a group inside org B's programme: the programme is not org A's to see.
    _group_a, group_b = both_sides
    crossing = GroupFactory(name="Crossing CSWG", partner=org_a, programme=group_b.programme)
    ConcernFactory(cycle=CycleFactory(group=crossing, number=1))
    ConcernFactory(cycle=CycleFactory(group=both_sides[0], number=1))
    client.force_login(partner_a)

    response = client.get(reverse("admin:cycles_concern_changelist"))

    assert choices(response, "programme") == ["Ferghana Valley community security"]


def test_an_administrator_is_offered_every_programme(client, superuser, both_sides):
    client.force_login(superuser)

    response = client.get(reverse("admin:communities_group_changelist"))

    assert choices(response, "programme") == [
        "Ferghana Valley community security",
        "Isfara cross-border programme",
    ]


def test_organisations_stay_reference_data_in_filters(client, partner_a, both_sides):
    client.force_login(partner_a)

    response = client.get(reverse("admin:communities_group_changelist"))

    assert "ASTI" in choices(response, "supporting partner")


def test_every_relation_in_list_filter_gets_scoped_choices(rf, partner_a):
    request = rf.get("/")
    request.user = partner_a
    group_filters = admin.site._registry[Group].get_list_filter(request)
    concern_filters = admin.site._registry[Concern].get_list_filter(request)

    assert ("programme", ScopedRelatedFieldListFilter) in group_filters
    assert "kind" in group_filters
    assert (
        "cycle__group__programme",
        ScopedRelatedOnlyFieldListFilter,
    ) in concern_filters
    assert ("group__partner", ScopedRelatedFieldListFilter) in admin.site._registry[
        Membership
    ].get_list_filter(request)
