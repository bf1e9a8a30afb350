import pytest
from django.urls import reverse

from communities.models import Community, Country, Group, User
from tests.factories import (
    CommunityFactory,
    DistrictFactory,
    GroupFactory,
    ProgrammeFactory,
    RegionFactory,
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


def test_it_shows_a_facilitator_only_the_communities_of_their_groups(
    client, facilitator_a, two_partners_work
):
    client.force_login(facilitator_a)

    response = client.get(HOME)

    html = response.content.decode()
    assert "Bazar-Korgon" in html
    # In the organisation's programme, but no group of the facilitator's works there.
    assert "Masaliev" not in html
    assert "Vorukh" not in html
    assert community_names(response) == ["Bazar-Korgon"]


def test_it_shows_partner_staff_every_community_of_their_organisation(
    client, partner_a, two_partners_work
):
    client.force_login(partner_a)

    response = client.get(HOME)

    assert community_names(response) == ["Bazar-Korgon", "Masaliev"]


def test_it_shows_a_facilitator_of_the_same_organisation_not_assigned_nothing(
    client, org_a, two_partners_work
):
    colleague = UserFactory(organisation=org_a, role=User.Role.FACILITATOR)
    client.force_login(colleague)

    response = client.get(HOME)

    assert community_names(response) == []
    assert "Bazar-Korgon" not in response.content.decode()


def test_it_shows_the_other_facilitator_only_their_own_community(
    client, facilitator_b, two_partners_work
):
    client.force_login(facilitator_b)

    response = client.get(HOME)

    assert community_names(response) == ["Vorukh"]
    assert "Bazar-Korgon" not in response.content.decode()


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


def test_it_shows_the_superuser_every_community(client, superuser, two_partners_work):
    client.force_login(superuser)

    response = client.get(HOME)

    assert community_names(response) == ["Bazar-Korgon", "Masaliev", "Vorukh"]
    assert "You can see every community." in response.content.decode()


def test_it_counts_only_the_groups_the_user_can_see(
    client, facilitator_a, partner_a, org_a, org_b, two_partners_work
):
    bazar_korgon, _vorukh, _masaliev = two_partners_work
    GroupFactory(partner=org_a, communities=[bazar_korgon], facilitators=[facilitator_a])
    GroupFactory(partner=org_a, communities=[bazar_korgon])
    GroupFactory(partner=org_b, communities=[bazar_korgon])

    client.force_login(facilitator_a)
    response = client.get(HOME)
    counts = {community.name: community.group_count for community in response.context["page_obj"]}
    assert counts == {"Bazar-Korgon": 2}

    client.force_login(partner_a)
    response = client.get(HOME)
    counts = {community.name: community.group_count for community in response.context["page_obj"]}
    assert counts == {"Bazar-Korgon": 3, "Masaliev": 0}


def test_it_leaves_merged_groups_out_of_the_count(client, facilitator_a, org_a, two_partners_work):
    bazar_korgon, _vorukh, _masaliev = two_partners_work
    lcpc = Group.objects.get(name="Bazar-Korgon CSWG")
    GroupFactory(
        partner=org_a,
        communities=[bazar_korgon],
        status=Group.Status.MERGED,
        merged_into=lcpc,
        merged_on="2014-06-01",
        facilitators=[facilitator_a],
    )
    client.force_login(facilitator_a)

    response = client.get(HOME)

    assert response.context["page_obj"][0].group_count == 1


def test_it_describes_each_community(client, facilitator_a, org_a):
    sughd = RegionFactory(country=Country.TAJIKISTAN, name="Sughd")
    vorukh = CommunityFactory(
        name="Vorukh",
        kind=Community.Kind.ENCLAVE,
        district=DistrictFactory(region=sughd, name="Isfara"),
        population=31500,
        status=Community.Status.GRADUATED,
    )
    GroupFactory(partner=org_a, communities=[vorukh], facilitators=[facilitator_a])
    client.force_login(facilitator_a)

    html = client.get(HOME).content.decode()

    assert "Enclave" in html
    assert "Isfara, Sughd," in html
    assert "Tajikistan" in html
    assert "Graduated" in html
    assert "31,500" in html


def test_it_says_who_the_user_is(client, facilitator_a):
    client.force_login(facilitator_a)

    html = client.get(HOME).content.decode()

    assert "You are signed in as Facilitator of Foundation for Tolerance International." in html


def test_it_tells_an_unassigned_facilitator_to_ask_for_a_group(client, facilitator_a):
    client.force_login(facilitator_a)

    response = client.get(HOME)

    assert response.status_code == 200
    assert "You are not yet assigned to a working group." in response.content.decode()
    assert 'class="pagination' not in response.content.decode()


def test_it_tells_a_donor_without_programmes_what_to_do(client, donor_org):
    client.force_login(UserFactory(organisation=donor_org, role="donor"))

    html = client.get(HOME).content.decode()

    assert "You are not yet linked to any community." in html
    assert "communities your organisation works in or funds" in html


def test_it_orders_by_country_then_name(client, superuser):
    sughd = RegionFactory(country=Country.TAJIKISTAN, name="Sughd")
    CommunityFactory(name="Aksu", district=DistrictFactory(region=sughd, name="Isfara"))
    CommunityFactory(name="Zhany-Zher")
    CommunityFactory(name="Mady")
    client.force_login(superuser)

    response = client.get(HOME)

    assert community_names(response) == ["Mady", "Zhany-Zher", "Aksu"]


def make_communities_of(organisation, count: int) -> None:
    programme = ProgrammeFactory(implementing_partners=[organisation])
    programme.communities.set(CommunityFactory.create_batch(count))


def make_groups_for(facilitator, count: int) -> None:
    """`count` groups of the facilitator's organisation, each in its own community."""
    for _n in range(count):
        GroupFactory(partner=facilitator.organisation, programme=None, facilitators=[facilitator])


def test_it_shows_25_communities_a_page(client, partner_a, org_a):
    make_communities_of(org_a, 30)
    client.force_login(partner_a)

    first = client.get(HOME)
    second = client.get(HOME, {"page": 2})

    assert len(first.context["page_obj"]) == 25
    assert len(second.context["page_obj"]) == 5
    assert set(community_names(first)).isdisjoint(community_names(second))
    assert 'href="?page=2"' in first.content.decode()
    assert "Communities 26-30 of 30." in second.content.decode()


@pytest.mark.parametrize(("page", "expected_number"), [("999", 2), ("abc", 1), ("0", 2), ("", 1)])
def test_it_survives_a_bad_page_number(client, partner_a, org_a, page, expected_number):
    make_communities_of(org_a, 30)
    client.force_login(partner_a)

    response = client.get(HOME, {"page": page})

    assert response.status_code == 200
    assert response.context["page_obj"].number == expected_number


def count_home_queries(client, django_assert_max_num_queries) -> int:
    with django_assert_max_num_queries(10) as captured:
        response = client.get(HOME)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_its_queries_do_not_grow_with_the_number_of_communities(
    client, partner_a, org_a, django_assert_max_num_queries
):
    make_communities_of(org_a, 3)
    client.force_login(partner_a)
    with_three = count_home_queries(client, django_assert_max_num_queries)

    make_communities_of(org_a, 27)
    with_thirty = count_home_queries(client, django_assert_max_num_queries)

    assert with_three == with_thirty


def test_a_facilitators_queries_do_not_grow_with_the_number_of_groups(
    client, facilitator_a, django_assert_max_num_queries
):
    make_groups_for(facilitator_a, 3)
    client.force_login(facilitator_a)
    with_three = count_home_queries(client, django_assert_max_num_queries)

    make_groups_for(facilitator_a, 27)
    with_thirty = count_home_queries(client, django_assert_max_num_queries)

    assert with_three == with_thirty
    assert len(client.get(HOME, {"page": 2}).context["page_obj"]) == 5
