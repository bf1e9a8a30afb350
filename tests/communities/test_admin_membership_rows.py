"""The group's back-office page names each member without a query per membership row."""

import pytest
from django import forms
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from communities.models import Membership, Person
from cswg_portal.admin import KnownAutocompleteSelect
from tests.factories import GroupFactory, MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db


def change_page(client, group):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("admin:communities_group_change", args=[group.pk]))
    return response, len(queries)


def test_the_page_takes_as_many_queries_for_two_members_as_for_eight(client, partner_a, org_a):
    client.force_login(partner_a)
    small, large = GroupFactory(partner=org_a), GroupFactory(partner=org_a)
    for group, size in ((small, 2), (large, 8)):
        for number in range(size):
            MembershipFactory(
                group=group, person=PersonFactory(organisation=org_a, full_name=f"Member {number}")
            )
    change_page(client, small)

    small_page, small_count = change_page(client, small)
    large_page, large_count = change_page(client, large)

    assert small_count == large_count
    for number in range(8):
        assert f"selected>Member {number}</option>" in large_page.text
    assert "Member 2" not in small_page.text


def test_a_choice_other_than_the_saved_one_is_looked_up_in_scope(org_a, org_b):
    mine, theirs = PersonFactory(organisation=org_a), PersonFactory(organisation=org_b)
    widget = KnownAutocompleteSelect(Membership._meta.get_field("person"), admin.site)
    field = forms.ModelChoiceField(
        queryset=Person.objects.filter(organisation=org_a), widget=widget
    )
    widget = field.widget
    widget.known = mine

    with CaptureQueriesContext(connection) as queries:
        known = widget.optgroups("person", [str(mine.pk)])
    assert len(queries) == 0
    assert [option["label"] for option in known[0][1]] == [mine.full_name]

    with CaptureQueriesContext(connection) as queries:
        other = widget.optgroups("person", [str(theirs.pk)])
    assert len(queries) == 1
    assert other[0][1] == []
