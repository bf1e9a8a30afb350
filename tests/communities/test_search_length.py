"""A search longer than any name: refused beside the field on the site, nothing found in the
back office; before, SQLite refused the query ("LIKE or GLOB pattern too complex": a 503)."""

import pytest
from django.urls import reverse

from communities.filters import SEARCH_MAX_LENGTH
from cswg_portal.admin import SEARCH_MAX_LENGTH as ADMIN_SEARCH_MAX_LENGTH
from tests.factories import CommunityFactory, GroupFactory

HUGE = "x" * 100_000


@pytest.fixture
def community(facilitator_a, org_a, programme_a):
    community = CommunityFactory(name="Somonion")
    GroupFactory(
        partner=org_a, programme=programme_a, communities=[community], facilitators=[facilitator_a]
    )
    return community


def test_a_search_too_long_is_refused_next_to_the_field(client, facilitator_a, community):
    client.force_login(facilitator_a)

    response = client.get(reverse("communities:community-list"), {"q": HUGE})

    assert response.status_code == 200
    assert response.context["filter"].form.errors["q"] == [
        f"Ensure this value has at most {SEARCH_MAX_LENGTH} characters (it has {len(HUGE)})."
    ]
    assert 'class="invalid-feedback' in response.text


def test_a_search_of_the_longest_length_still_searches(client, facilitator_a, community):
    client.force_login(facilitator_a)

    found = client.get(reverse("communities:community-list"), {"q": "Somonion"})
    longest = client.get(reverse("communities:community-list"), {"q": "y" * SEARCH_MAX_LENGTH})

    assert list(found.context["page_obj"]) == [community]
    assert list(longest.context["page_obj"]) == []
    assert not longest.context["filter"].form.errors


@pytest.mark.parametrize("changelist", ["communities_community", "communities_user"])
def test_a_back_office_search_too_long_finds_nothing(client, superuser, community, changelist):
    client.force_login(superuser)
    url = reverse(f"admin:{changelist}_changelist")

    response = client.get(url, {"q": HUGE})
    just_long_enough = client.get(url, {"q": "y" * ADMIN_SEARCH_MAX_LENGTH})

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == []
    assert just_long_enough.status_code == 200


def test_a_back_office_search_still_finds_by_name(client, superuser, community):
    client.force_login(superuser)

    response = client.get(reverse("admin:communities_community_changelist"), {"q": "Somonion"})

    assert list(response.context["cl"].result_list) == [community]
