import pytest
from django.urls import reverse

from communities.models import Community
from tests.factories import (
    CommunityFactory,
    GroupFactory,
    ProgrammeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

HOME = reverse("home")


def community_names(response) -> list[str]:
    return [community.name for community in response.context["page_obj"]]


@pytest.fixture
def two_partners_work(org_a, org_b, programme_a, facilitator_a, facilitator_b):
    """Bazar-Korgon is FTI's, Vorukh is ASTI's, Masaliev is in FTI's programme with no group.

    Each organisation's facilitator works with its group.
    """
    bazar_korgon = CommunityFactory(name="Bazar-Korgon", population=31500)
    vorukh = CommunityFactory(name="Vorukh", kind=Community.Kind.ENCLAVE)
    masaliev = CommunityFactory(name="Masaliev")
    GroupFactory(
        name="Bazar-Korgon CSWG",
        partner=org_a,
        programme=programme_a,
        communities=[bazar_korgon],
        facilitators=[facilitator_a],
    )
    GroupFactory(
        name="Vorukh CSWG", partner=org_b, communities=[vorukh], facilitators=[facilitator_b]
    )
    programme_a.communities.add(masaliev)
    return bazar_korgon, vorukh, masaliev


def test_it_sends_anonymous_visitors_to_the_login_page(client):
    response = client.get(HOME)

    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/"


def test_it_shows_a_donor_the_communities_of_the_programmes_it_funds(
    client, donor_a, two_partners_work
):
    client.force_login(donor_a)

    response = client.get(HOME)

    # The programme's own list, and wherever the groups it funds sit.
    assert community_names(response) == ["Bazar-Korgon", "Masaliev"]
    assert "Vorukh" not in response.content.decode()


def test_it_shows_a_donor_a_community_added_to_its_programme(
    client, donor_a, programme_a, two_partners_work
):
    bazar_korgon, _vorukh, _masaliev = two_partners_work
    programme_a.communities.add(bazar_korgon)
    client.force_login(donor_a)

    response = client.get(HOME)

    assert community_names(response) == ["Bazar-Korgon", "Masaliev"]


def test_it_tells_a_donor_without_programmes_what_to_do(client, donor_org):
    client.force_login(UserFactory(organisation=donor_org, role="donor"))

    html = client.get(HOME).content.decode()

    assert "You are not yet linked to any community." in html
    assert "communities your organisation works in or funds" in html


def fund_communities(donor_org, count: int) -> None:
    programme = ProgrammeFactory(donors=[donor_org])
    programme.communities.set(CommunityFactory.create_batch(count))


def test_it_shows_a_donor_25_communities_a_page(client, donor_a, donor_org):
    fund_communities(donor_org, 30)
    client.force_login(donor_a)

    first = client.get(HOME)
    second = client.get(HOME, {"page": 2})

    assert len(first.context["page_obj"]) == 25
    assert len(second.context["page_obj"]) == 5
    assert set(community_names(first)).isdisjoint(community_names(second))
    assert "Communities 26-30 of 30." in second.content.decode()


@pytest.mark.parametrize(("page", "expected_number"), [("999", 2), ("abc", 1), ("0", 2), ("", 1)])
def test_it_survives_a_bad_page_number(client, donor_a, donor_org, page, expected_number):
    fund_communities(donor_org, 30)
    client.force_login(donor_a)

    response = client.get(HOME, {"page": page})

    assert response.status_code == 200
    assert response.context["page_obj"].number == expected_number


def test_a_donors_queries_do_not_grow_with_the_number_of_communities(
    client, donor_a, donor_org, django_assert_max_num_queries
):
    def count() -> int:
        with django_assert_max_num_queries(10) as captured:
            assert client.get(HOME).status_code == 200
        return len(captured.captured_queries)

    fund_communities(donor_org, 3)
    client.force_login(donor_a)
    with_three = count()
    fund_communities(donor_org, 27)

    assert count() == with_three
