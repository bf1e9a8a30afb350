"""The communities list, the community and group pages, and adding, editing, ending members."""

import datetime

import pytest
from django.urls import reverse

from communities.models import Community, Country, Group, Membership
from cycles.models import Cycle
from tests.cycles.factories import CycleFactory
from tests.factories import (
    CommunityFactory,
    DistrictFactory,
    EthnicShareFactory,
    GroupFactory,
    MembershipFactory,
    PersonFactory,
    RegionFactory,
)

pytestmark = pytest.mark.django_db

LIST = reverse("communities:community-list")
TODAY = datetime.date.today()


def url(name: str, obj) -> str:
    return reverse(f"communities:{name}", args=[obj.pk])


def listed(response) -> list[str]:
    return [community.name for community in response.context["page_obj"]]


@pytest.fixture
def signed_in(client, facilitator_a):
    client.force_login(facilitator_a)
    return client


@pytest.fixture
def valley(org_a, org_b, facilitator_a, facilitator_b):
    """FTI's groups in Osh and Batken (facilitator A works with them) and ASTI's in Sughd."""
    nookat = DistrictFactory(name="Nookat", region=RegionFactory(name="Osh"))
    batken = DistrictFactory(name="Batken", region=RegionFactory(name="Batken"))
    isfara = DistrictFactory(
        name="Isfara", region=RegionFactory(name="Sughd", country=Country.TAJIKISTAN)
    )
    mirmahmudov = CommunityFactory(name="Mirmahmudov", district=nookat)
    aksai = CommunityFactory(
        name="Aksai",
        district=batken,
        on_border=True,
        kind=Community.Kind.VILLAGE,
        status=Community.Status.GRADUATED,
    )
    kulundu = CommunityFactory(name="Kulundu", district=batken, kind=Community.Kind.MUNICIPALITY)
    vorukh = CommunityFactory(
        name="Vorukh", district=isfara, on_border=True, kind=Community.Kind.ENCLAVE
    )
    aksai.facing_communities.add(vorukh)
    GroupFactory(
        name="Mirmahmudov CSWG",
        partner=org_a,
        communities=[mirmahmudov],
        facilitators=[facilitator_a],
    )
    lcpc = GroupFactory(
        name="Aksai LCPC",
        kind=Group.Kind.LCPC,
        partner=org_a,
        communities=[aksai],
        facilitators=[facilitator_a],
    )
    GroupFactory(
        name="Kulundu CSWG", partner=org_a, communities=[kulundu], facilitators=[facilitator_a]
    )
    GroupFactory(
        name="Vorukh CSWG", partner=org_b, communities=[vorukh], facilitators=[facilitator_b]
    )
    CycleFactory(group=lcpc, step=Cycle.Step.PLANNING, started_on=datetime.date(2015, 3, 1))
    return {"mirmahmudov": mirmahmudov, "aksai": aksai, "vorukh": vorukh, "lcpc": lcpc}


# The communities list --------------------------------------------------------------------------


def test_it_lists_only_the_communities_the_user_works_in(signed_in, valley):
    response = signed_in.get(LIST)

    assert listed(response) == ["Aksai", "Kulundu", "Mirmahmudov"]
    assert "Vorukh" not in response.text
    # The open cycle's step of each group, with a link to the cycle.
    cycle = valley["lcpc"].cycles.get()
    assert reverse("cycles:cycle-detail", args=[cycle.pk]) in response.text
    assert "step 3" in response.text


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"country": "KG"}, ["Aksai", "Kulundu", "Mirmahmudov"]),
        ({"country": "TJ"}, []),
        ({"kind": "municipality"}, ["Kulundu"]),
        ({"group_kind": "lcpc"}, ["Aksai"]),
        ({"border": "yes"}, ["Aksai"]),
        ({"border": "no"}, ["Kulundu", "Mirmahmudov"]),
        ({"status": "graduated"}, ["Aksai"]),
        ({"q": "mirmah"}, ["Mirmahmudov"]),
        ({"q": "nooka"}, ["Mirmahmudov"]),
        ({"q": "BATKEN"}, ["Aksai", "Kulundu"]),
        ({"q": "Vorukh"}, []),
    ],
)
def test_each_filter_narrows_the_list(signed_in, valley, query, expected):
    assert listed(signed_in.get(LIST, query)) == expected


def test_region_and_district_filters_offer_only_places_the_user_works_in(signed_in, valley):
    batken = valley["aksai"].district

    response = signed_in.get(LIST, {"district": batken.pk})

    assert listed(response) == ["Aksai", "Kulundu"]
    form = response.context["filter"].form
    assert [region.name for region in form.fields["region"].queryset] == ["Batken", "Osh"]
    assert "Isfara" not in [district.name for district in form.fields["district"].queryset]
    assert listed(signed_in.get(LIST, {"region": batken.region_id})) == ["Aksai", "Kulundu"]


def test_a_district_of_another_organisation_is_a_field_error_not_a_leak(signed_in, valley):
    response = signed_in.get(LIST, {"district": valley["vorukh"].district_id})

    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert "Vorukh" not in listed(response)


def test_htmx_gets_only_the_results(signed_in, valley):
    response = signed_in.get(LIST, {"kind": "municipality"}, headers={"HX-Request": "true"})

    assert [template.name for template in response.templates][0] == (
        "communities/_community_results.html"
    )
    assert "<html" not in response.text
    assert "Kulundu" in response.text
    assert "HX-Request" in response["Vary"]


def test_no_match_says_so(signed_in, valley):
    response = signed_in.get(LIST, {"q": "nowhere"})

    assert "No community matches these filters." in response.text


def test_the_list_is_paginated_and_keeps_the_filters(signed_in, org_a, facilitator_a):
    for number in range(30):
        GroupFactory(
            partner=org_a,
            communities=[CommunityFactory(name=f"Mahalla {number:02d}")],
            facilitators=[facilitator_a],
        )

    first = signed_in.get(LIST, {"kind": "village"})
    second = signed_in.get(LIST, {"kind": "village", "page": 2})

    assert len(listed(first)) == 25
    assert listed(second) == [f"Mahalla {number}" for number in range(25, 30)]
    assert "kind=village&amp;page=2" in first.text


def test_the_list_queries_do_not_grow_with_the_rows(
    signed_in, org_a, facilitator_a, django_assert_max_num_queries
):
    def add(count: int) -> None:
        for _number in range(count):
            group = GroupFactory(partner=org_a, facilitators=[facilitator_a])
            CycleFactory(group=group)

    def queries() -> int:
        with django_assert_max_num_queries(12) as captured:
            assert signed_in.get(LIST, {"kind": "village"}).status_code == 200
        return len(captured.captured_queries)

    add(2)
    with_two = queries()
    add(10)
    assert queries() == with_two


def test_donors_get_403(client, donor_a):
    client.force_login(donor_a)
    assert client.get(LIST).status_code == 403


# The community page ----------------------------------------------------------------------------


def test_the_community_page_shows_context_groups_cycles_and_make_up(signed_in, valley):
    aksai = valley["aksai"]
    aksai.population = 12345
    aksai.assessment_notes = "Water disputes across the border"
    aksai.save()
    EthnicShareFactory(community=aksai, ethnicity="kyrgyz", percent=98)

    response = signed_in.get(url("community-detail", aksai))

    text = response.text
    assert "<h1" in text and "Aksai" in text
    assert "12,345" in text
    assert "Water disputes across the border" in text
    assert "98%" in text
    assert valley["lcpc"].get_absolute_url() in text
    assert "1 Mar 2015" in text
    # Coordinates as text, and the map's settings for map.js.
    assert f"Latitude {aksai.latitude}" in text
    assert 'data-tile-url="https://tile.openstreetmap.org/{z}/{x}/{y}.png"' in text
    assert "js/map.js" in text
    # Vorukh faces it, but is another organisation's: not named.
    assert "Vorukh" not in text


def test_a_community_without_coordinates_has_no_map(signed_in, org_a, facilitator_a):
    community = CommunityFactory(latitude=None, longitude=None)
    GroupFactory(partner=org_a, communities=[community], facilitators=[facilitator_a])

    response = signed_in.get(url("community-detail", community))

    assert "No location recorded." in response.text
    assert "community-map" not in response.text
    assert "leaflet" not in response.text


def test_the_tile_host_is_allowed_as_an_image_source(signed_in, valley):
    response = signed_in.get(url("community-detail", valley["aksai"]))

    assert "https://tile.openstreetmap.org" in response["Content-Security-Policy"]


def test_another_organisations_community_is_404(signed_in, valley):
    assert signed_in.get(url("community-detail", valley["vorukh"])).status_code == 404


def test_the_community_page_queries_are_bounded(
    signed_in, valley, org_a, facilitator_a, django_assert_max_num_queries
):
    aksai = valley["aksai"]

    def queries() -> int:
        with django_assert_max_num_queries(10) as captured:
            assert signed_in.get(url("community-detail", aksai)).status_code == 200
        return len(captured.captured_queries)

    GroupFactory(partner=org_a, communities=[aksai], facilitators=[facilitator_a])
    before = queries()
    for ethnicity in ["kyrgyz", "uzbek", "tajik"]:
        group = GroupFactory(partner=org_a, communities=[aksai], facilitators=[facilitator_a])
        CycleFactory(group=group)
        CycleFactory(group=group, step=5, closed_on=TODAY, started_on=TODAY)
        EthnicShareFactory(community=aksai, ethnicity=ethnicity, percent=10)
        aksai.facing_communities.add(CommunityFactory(on_border=True, name=f"Facing {ethnicity}"))
    assert queries() == before


# The group page --------------------------------------------------------------------------------


@pytest.fixture
def group(org_a, facilitator_a):
    return GroupFactory(name="Bazar-Korgon CSWG", partner=org_a, facilitators=[facilitator_a])


@pytest.fixture
def person(org_a):
    return PersonFactory(full_name="Gulnara Asanova", organisation=org_a)


def test_the_group_page_shows_members_make_up_and_cycles(signed_in, group, org_a):
    chair = MembershipFactory(
        group=group,
        person=PersonFactory(full_name="Zarina Chair", organisation=org_a),
        role=Membership.Role.CHAIR,
        sector=Membership.Sector.LOCAL_AUTHORITY,
    )
    MembershipFactory(
        group=group,
        person=PersonFactory(full_name="Azamat Inspector", gender="male", organisation=org_a),
        sector=Membership.Sector.NEIGHBOURHOOD_INSPECTOR,
    )
    MembershipFactory(
        group=group,
        person=PersonFactory(full_name="Former Member", organisation=org_a),
        end=datetime.date(2015, 1, 1),
    )
    closed = CycleFactory(
        group=group,
        number=1,
        step=5,
        started_on=datetime.date(2014, 1, 1),
        closed_on=datetime.date(2014, 12, 1),
    )

    response = signed_in.get(url("group-detail", group))

    assert [m.person.full_name for m in response.context["current"]] == [
        "Zarina Chair",
        "Azamat Inspector",
    ]
    assert [m.person.full_name for m in response.context["ended"]] == ["Former Member"]
    text = response.text
    assert "<details" in text and "1 former membership" in text
    assert "Neighbourhood police inspector" in text
    made_up = response.context["group"]
    assert (made_up.members, made_up.women, made_up.has_police, made_up.has_local_authority) == (
        2,
        1,
        True,
        True,
    )
    assert "1 (50%)" in text
    assert closed.get_absolute_url() in text
    # No cycle open: offer to start one.
    assert reverse("cycles:cycle-start", args=[group.pk]) in text
    assert reverse("cycles:consultation-add", args=[group.pk]) in text
    assert url("membership-end", chair) in text


def test_with_an_open_cycle_it_links_to_it_instead_of_starting_one(signed_in, group):
    cycle = CycleFactory(group=group, step=Cycle.Step.PRIORITISATION)

    response = signed_in.get(url("group-detail", group))

    assert cycle.get_absolute_url() in response.text
    assert reverse("cycles:cycle-start", args=[group.pk]) not in response.text


def test_another_organisations_group_is_404(signed_in, facilitator_b, org_b):
    theirs = GroupFactory(partner=org_b, facilitators=[facilitator_b])
    assert signed_in.get(url("group-detail", theirs)).status_code == 404


def test_the_group_page_queries_do_not_grow_with_members(
    signed_in, group, org_a, django_assert_max_num_queries
):
    def queries() -> int:
        with django_assert_max_num_queries(12) as captured:
            assert signed_in.get(url("group-detail", group)).status_code == 200
        return len(captured.captured_queries)

    def add(count: int) -> None:
        for _number in range(count):
            MembershipFactory(group=group, person=PersonFactory(organisation=org_a))
        CycleFactory(group=group, step=5, closed_on=TODAY, started_on=TODAY)

    add(2)
    before = queries()
    add(8)
    assert queries() == before


# Adding a member -------------------------------------------------------------------------------


def add_data(person, **overrides) -> dict:
    return {
        "person": person.pk,
        "role": "secretary",
        "sector": "womens_council",
        "start": "2015-04-01",
    } | overrides


def test_a_facilitator_adds_a_member(signed_in, group, org_a, facilitator_a):
    # A facilitator sees the people of the groups they work with.
    someone = PersonFactory(full_name="Gulnara Asanova", organisation=org_a)
    MembershipFactory(
        person=someone,
        group=GroupFactory(partner=org_a, facilitators=[facilitator_a]),
    )

    response = signed_in.post(url("membership-add", group), add_data(someone))

    assert response.status_code == 302
    assert response["Location"] == group.get_absolute_url()
    membership = Membership.objects.get(group=group)
    assert (membership.person, membership.role, membership.sector, membership.start) == (
        someone,
        "secretary",
        "womens_council",
        datetime.date(2015, 4, 1),
    )
    assert membership.end is None
    page = signed_in.get(response["Location"])
    assert "Gulnara Asanova is now a member of Bazar-Korgon CSWG." in page.text


@pytest.fixture
def partner_signed_in(client, partner_a):
    client.force_login(partner_a)
    return client


def test_the_choice_leaves_out_anonymised_people_and_current_members(
    partner_signed_in, group, org_a, org_b, person, partner_a
):
    PersonFactory(
        full_name="Anonymised person 7",
        organisation=org_a,
        anonymised_on=TODAY,
        anonymised_by=partner_a,
    )
    MembershipFactory(group=group, person=PersonFactory(full_name="Already In", organisation=org_a))
    PersonFactory(full_name="Someone of ASTI", organisation=org_b)

    form = partner_signed_in.get(url("membership-add", group)).context["form"]

    assert [str(p) for p in form.fields["person"].queryset] == ["Gulnara Asanova"]


def test_an_invalid_member_is_refused_beside_the_fields(partner_signed_in, group, person):
    response = partner_signed_in.post(
        url("membership-add", group), add_data(person, sector="", start="2015-13-45")
    )

    assert response.status_code == 200
    assert "This field is required." in response.text
    assert "Enter a valid date." in response.text
    assert 'value="2015-13-45"' in response.text
    assert f'<option value="{person.pk}" selected>' in response.text
    assert not Membership.objects.exists()


def test_a_person_of_another_organisation_cannot_be_posted(partner_signed_in, group, org_b):
    outsider = PersonFactory(organisation=org_b)

    response = partner_signed_in.post(url("membership-add", group), add_data(outsider))

    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert not Membership.objects.exists()


def test_an_overlapping_membership_is_refused(partner_signed_in, group, person):
    MembershipFactory(
        group=group, person=person, start=datetime.date(2014, 1, 1), end=datetime.date(2015, 6, 1)
    )

    response = partner_signed_in.post(url("membership-add", group), add_data(person))

    assert response.status_code == 200
    assert "a new membership can start the day after at the earliest" in response.text
    assert Membership.objects.count() == 1

    response = partner_signed_in.post(
        url("membership-add", group), add_data(person, start="2015-06-02")
    )
    assert response.status_code == 302
    assert Membership.objects.count() == 2


def test_the_service_refuses_an_anonymised_person(group, person, partner_a):
    from django.core.exceptions import ValidationError

    from communities import services

    person.anonymised_on = TODAY
    person.anonymised_by = partner_a
    person.save()
    with pytest.raises(ValidationError) as error:
        services.add_member(group, person, role="member", sector="community", start=TODAY)
    assert error.value.message_dict == {
        "person": ["An anonymised person cannot become a member of a group."]
    }


def test_another_organisations_group_takes_no_member(client, facilitator_b, group, person):
    client.force_login(facilitator_b)

    response = client.post(url("membership-add", group), add_data(person))

    assert response.status_code == 404
    assert not Membership.objects.exists()


def test_donors_cannot_add_members(client, donor_a, group, person):
    client.force_login(donor_a)

    assert client.post(url("membership-add", group), add_data(person)).status_code == 403
    assert not Membership.objects.exists()


# Editing and ending a membership ---------------------------------------------------------------


@pytest.fixture
def membership(group, person):
    return MembershipFactory(group=group, person=person, start=datetime.date(2014, 1, 1))


def test_a_membership_is_edited(signed_in, membership):
    response = signed_in.post(
        url("membership-edit", membership),
        {"role": "chair", "sector": "elders_court", "start": "2013-05-01"},
    )

    assert response.status_code == 302
    membership.refresh_from_db()
    assert (membership.role, membership.sector, membership.start) == (
        "chair",
        "elders_court",
        datetime.date(2013, 5, 1),
    )


def test_an_edit_cannot_start_after_the_end(signed_in, membership):
    membership.end = datetime.date(2015, 1, 1)
    membership.save()

    response = signed_in.post(
        url("membership-edit", membership),
        {"role": "chair", "sector": "elders_court", "start": "2016-01-01"},
    )

    assert response.status_code == 200
    assert "it cannot start after that" in response.text
    assert 'value="2016-01-01"' in response.text
    membership.refresh_from_db()
    assert (membership.role, membership.start) == ("member", datetime.date(2014, 1, 1))


def test_an_edit_with_a_wrong_role_is_a_field_error(signed_in, membership):
    response = signed_in.post(
        url("membership-edit", membership),
        {"role": "king", "sector": "elders_court", "start": "2013-05-01"},
    )

    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    membership.refresh_from_db()
    assert membership.role == "member"


def test_a_membership_is_ended(signed_in, membership, group):
    confirmation = signed_in.get(url("membership-end", membership))
    assert "End the membership" in confirmation.text
    membership.refresh_from_db()
    assert membership.end is None

    response = signed_in.post(url("membership-end", membership), {"end": "2016-02-29"})

    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.end == datetime.date(2016, 2, 29)
    page = signed_in.get(group.get_absolute_url())
    assert [m.pk for m in page.context["ended"]] == [membership.pk]


def test_a_membership_cannot_end_before_it_started(signed_in, membership):
    response = signed_in.post(url("membership-end", membership), {"end": "2013-12-31"})

    assert response.status_code == 200
    assert "it cannot end before that" in response.text
    assert 'value="2013-12-31"' in response.text
    membership.refresh_from_db()
    assert membership.end is None


def test_an_ended_membership_cannot_end_again(signed_in, membership):
    membership.end = datetime.date(2015, 1, 1)
    membership.save()

    response = signed_in.post(url("membership-end", membership), {"end": "2016-01-01"})

    assert response.status_code == 200
    membership.refresh_from_db()
    assert membership.end == datetime.date(2015, 1, 1)


@pytest.mark.parametrize("name", ["membership-edit", "membership-end"])
def test_another_organisation_cannot_touch_a_membership(client, facilitator_b, membership, name):
    client.force_login(facilitator_b)

    response = client.post(
        url(name, membership),
        {"role": "chair", "sector": "school", "start": "2013-01-01", "end": "2016-01-01"},
    )

    assert response.status_code == 404
    membership.refresh_from_db()
    assert (membership.role, membership.end) == ("member", None)


@pytest.mark.parametrize("name", ["membership-edit", "membership-end"])
def test_donors_cannot_touch_a_membership(client, donor_a, membership, name):
    client.force_login(donor_a)
    assert client.post(url(name, membership), {"end": "2016-01-01"}).status_code == 403
    membership.refresh_from_db()
    assert membership.end is None


def test_huge_ids_and_dates_are_field_errors_not_500s(signed_in, group):
    big = "9" * 30

    listing = signed_in.get(LIST, {"region": big, "district": big, "page": big})
    added = signed_in.post(
        url("membership-add", group),
        {"person": big, "role": "member", "sector": "school", "start": "99999-01-01"},
    )

    assert listing.status_code == 200
    assert "Select a valid choice" in listing.text
    assert added.status_code == 200
    assert "Select a valid choice" in added.text
    assert "Enter a valid date." in added.text
    assert not Membership.objects.exists()


def test_an_edit_overlapping_another_membership_is_refused_beside_the_start(
    signed_in, membership, person, group
):
    membership.end = datetime.date(2015, 1, 1)
    membership.save()
    # Entered in the back office over the same months: the edit must say so, not fail.
    MembershipFactory(group=group, person=person, start=datetime.date(2014, 6, 1))

    response = signed_in.post(
        url("membership-edit", membership),
        {"role": "member", "sector": "community", "start": "2013-01-01"},
    )

    assert response.status_code == 200
    # Beside the start field (the one to change), not above the form.
    assert 'id="error_1_id_start"><strong>Gulnara Asanova is already a member of this group' in (
        response.text
    )
    membership.refresh_from_db()
    assert membership.start == datetime.date(2014, 1, 1)
