"""Assigning facilitators to a group in the back office: only the partner's own facilitators."""

import pytest
from django.urls import reverse

from communities.models import Group, User
from tests.editing import opened
from tests.factories import CommunityFactory, GroupFactory, UserFactory

pytestmark = pytest.mark.django_db


def group_url(view, *args):
    return reverse(f"admin:communities_group_{view}", args=args)


@pytest.fixture
def group(org_a, programme_a):
    return GroupFactory(name="Mirmahmudov LCPC", kind="lcpc", partner=org_a, programme=programme_a)


@pytest.fixture
def inactive_facilitator_a(org_a):
    return UserFactory(
        username="gone_a", organisation=org_a, role=User.Role.FACILITATOR, is_active=False
    )


def data(group, **overrides):
    return {
        **(opened(group) if group.pk else {}),
        "name": group.name,
        "kind": group.kind,
        "communities": [c.pk for c in group.communities.all()] if group.pk else [],
        "partner": group.partner_id,
        "programme": group.programme_id,
        "status": "active",
        "established": "2013-03-01",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        **overrides,
    }


def offered(response) -> list[str]:
    field = response.context["adminform"].form.fields["facilitators"]
    return sorted(user.username for user in field.queryset)


def test_the_group_page_offers_the_partners_active_facilitators_as_checkboxes(
    client, partner_a, facilitator_a, facilitator_b, inactive_facilitator_a, group
):
    client.force_login(partner_a)

    response = client.get(group_url("change", group.pk))

    assert offered(response) == ["facilitator_a"]
    html = response.content.decode()
    assert f'type="checkbox" name="facilitators" value="{facilitator_a.pk}"' in html
    assert f'name="facilitators" value="{facilitator_b.pk}"' not in html


def test_a_partner_assigns_a_facilitator_who_then_sees_the_group(
    client, partner_a, facilitator_a, group
):
    assert not Group.objects.visible_to(facilitator_a).exists()
    client.force_login(partner_a)

    response = client.post(
        group_url("change", group.pk), data(group, facilitators=[facilitator_a.pk])
    )

    assert response.status_code == 302
    assert list(group.facilitators.all()) == [facilitator_a]
    assert list(Group.objects.visible_to(facilitator_a)) == [group]
    # Who was assigned, and by whom, stays in the group's history.
    latest = group.history.first()
    assert latest.history_user == partner_a
    assert [row.user for row in latest.facilitators.all()] == [facilitator_a]


def test_another_organisations_facilitator_cannot_be_assigned(
    client, partner_a, facilitator_b, group
):
    client.force_login(partner_a)

    response = client.post(
        group_url("change", group.pk), data(group, facilitators=[facilitator_b.pk])
    )

    assert response.status_code == 200
    assert "facilitators" in response.context["adminform"].form.errors
    assert not group.facilitators.exists()


def test_an_administrator_cannot_assign_a_facilitator_of_another_partner(
    client, superuser, facilitator_a, facilitator_b, org_a, programme_a
):
    client.force_login(superuser)
    community = CommunityFactory()
    new_group = Group(name="Yrys CSWG", kind="cswg", partner=org_a, programme=programme_a)

    response = client.post(
        group_url("add"),
        {
            **data(new_group, communities=[community.pk]),
            "facilitators": [facilitator_a.pk, facilitator_b.pk],
        },
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["facilitators"]
    assert "Only facilitators of FTI can be assigned" in errors[0]
    assert facilitator_b.get_full_name() in errors[0]
    assert not Group.objects.filter(name="Yrys CSWG").exists()


def test_removing_a_facilitator_hides_the_group_from_them(client, partner_a, facilitator_a, group):
    group.facilitators.add(facilitator_a)
    client.force_login(partner_a)

    response = client.post(group_url("change", group.pk), data(group))

    assert response.status_code == 302
    assert not Group.objects.visible_to(facilitator_a).exists()
