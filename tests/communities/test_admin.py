import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from communities.models import (
    Community,
    District,
    Group,
    Membership,
    Organisation,
    Person,
    Programme,
    Region,
    User,
)
from tests.editing import opened
from tests.factories import (
    CommunityFactory,
    DistrictFactory,
    EthnicShareFactory,
    GroupFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    ProgrammeFactory,
    RegionFactory,
)

pytestmark = pytest.mark.django_db


def inline_management(prefix: str, total: int = 0, initial: int = 0) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:communities_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def admin_client_root(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def every_model(programme_a, org_a, superuser):
    community = CommunityFactory(name="Bazar-Korgon")
    EthnicShareFactory(community=community, ethnicity="uzbek", percent=55)
    group = GroupFactory(name="Bazar-Korgon CSWG", partner=org_a, communities=[community])
    person = PersonFactory(full_name="Aigul Toktosunova", organisation=org_a)
    membership = MembershipFactory(person=person, group=group)
    return {
        Region: community.district.region,
        District: community.district,
        Community: community,
        Organisation: org_a,
        Programme: programme_a,
        Group: group,
        Person: person,
        Membership: membership,
        User: superuser,
    }


MODELS = [Region, District, Community, Organisation, Programme, Group, Person, Membership, User]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_changelist_and_pages_render_for_an_administrator(admin_client_root, every_model, model):
    obj = every_model[model]
    changelist = admin_client_root.get(admin_url(model, "changelist"))
    assert changelist.status_code == 200
    assert str(obj) in changelist.text or obj.pk in {
        r.pk for r in changelist.context["cl"].result_list
    }

    add = admin_client_root.get(admin_url(model, "add"))
    assert add.status_code == 200
    assert "<form" in add.text

    change = admin_client_root.get(admin_url(model, "change", obj.pk))
    assert change.status_code == 200
    assert change.context["original"] == obj

    history = admin_client_root.get(admin_url(model, "history", obj.pk))
    assert history.status_code == 200


def test_region_district_organisation_can_be_added(admin_client_root):
    response = admin_client_root.post(
        admin_url(Region, "add"), {"country": "TJ", "name": "Sughd"}, follow=True
    )
    assert response.status_code == 200
    region = Region.objects.get(name="Sughd")
    assert region.country == "TJ"

    admin_client_root.post(admin_url(District, "add"), {"region": region.pk, "name": "Isfara"})
    assert District.objects.get(name="Isfara").region == region

    admin_client_root.post(
        admin_url(Organisation, "add"),
        {"name": "Saferworld", "short_name": "", "kind": "international_ngo", "country": ""},
    )
    assert Organisation.objects.get(name="Saferworld").kind == "international_ngo"


def community_data(district, **overrides) -> dict:
    data = {
        "name": "Somonion",
        "district": district.pk,
        "kind": "village",
        "population": "3200",
        "status": "active",
        "latitude": "39.95000",
        "longitude": "70.60000",
        "on_border": "on",
        "assessment_date": "2013-05-10",
        "assessment_notes": "Water shared with the neighbouring village.",
        **inline_management("ethnic_shares", total=2),
        "ethnic_shares-0-ethnicity": "tajik",
        "ethnic_shares-0-percent": "90",
        "ethnic_shares-1-ethnicity": "kyrgyz",
        "ethnic_shares-1-percent": "8",
    }
    data.update(overrides)
    return data


def test_community_is_added_with_its_ethnic_make_up(admin_client_root, programme_a):
    district = DistrictFactory(name="Isfara", region=RegionFactory(country="TJ", name="Sughd"))
    response = admin_client_root.post(
        admin_url(Community, "add"), community_data(district, programmes=[programme_a.pk])
    )
    assert response.status_code == 302
    community = Community.objects.get(name="Somonion")
    assert community.population == 3200
    assert {s.ethnicity: s.percent for s in community.ethnic_shares.all()} == {
        "tajik": 90,
        "kyrgyz": 8,
    }
    assert list(community.programmes.all()) == [programme_a]


def test_ethnic_shares_over_100_percent_are_refused_and_nothing_is_saved(admin_client_root):
    district = DistrictFactory()
    data = community_data(district, **{"ethnic_shares-1-percent": "20"})
    response = admin_client_root.post(admin_url(Community, "add"), data)
    assert response.status_code == 200
    assert "they cannot exceed 100%" in response.text
    assert "110" in response.text
    assert not Community.objects.filter(name="Somonion").exists()


def test_facing_communities_need_the_border_box(admin_client_root):
    district = DistrictFactory()
    across = CommunityFactory(name="Ak-Sai")
    data = community_data(
        district, on_border="", facing_communities=[across.pk], **inline_management("ethnic_shares")
    )
    response = admin_client_root.post(admin_url(Community, "add"), data)
    assert response.status_code == 200
    assert "Tick this when the community faces others across a border." in response.text


def test_programme_is_added_with_donors_and_partners(admin_client_root, org_a, donor_org):
    community = CommunityFactory()
    admin_client_root.post(
        admin_url(Programme, "add"),
        {
            "name": "Border communities",
            "donors": [donor_org.pk],
            "implementing_partners": [org_a.pk],
            "start": "2015-01-01",
            "end": "2014-01-01",
            "communities": [community.pk],
            "currency": "GBP",
        },
    )
    assert not Programme.objects.filter(name="Border communities").exists()
    response = admin_client_root.post(
        admin_url(Programme, "add"),
        {
            "name": "Border communities",
            "donors": [donor_org.pk],
            "implementing_partners": [org_a.pk],
            "start": "2015-01-01",
            "end": "2017-12-31",
            "communities": [community.pk],
            "currency": "GBP",
        },
    )
    assert response.status_code == 302
    programme = Programme.objects.get(name="Border communities")
    assert list(programme.donors.all()) == [donor_org]
    assert list(programme.communities.all()) == [community]


def group_data(community, partner, programme, **overrides) -> dict:
    data = {
        "name": "Vorukh CSWG",
        "kind": "cswg",
        "communities": [community.pk],
        "partner": partner.pk,
        "programme": programme.pk,
        "status": "active",
        "established": "2013-04-01",
        **inline_management("memberships"),
    }
    data.update(overrides)
    return data


def test_group_is_added_with_members_inline(admin_client_root, org_a, programme_a):
    community = CommunityFactory(name="Vorukh")
    person = PersonFactory(organisation=org_a)
    data = group_data(
        community,
        org_a,
        programme_a,
        **inline_management("memberships", total=1),
        **{
            "memberships-0-person": person.pk,
            "memberships-0-role": "chair",
            "memberships-0-sector": "womens_council",
            "memberships-0-start": "2013-04-01",
        },
    )
    response = admin_client_root.post(admin_url(Group, "add"), data)
    assert response.status_code == 302
    group = Group.objects.get(name="Vorukh CSWG")
    membership = group.memberships.get()
    assert (membership.person, membership.role) == (person, "chair")


def test_a_second_open_membership_is_refused_next_to_the_field(admin_client_root, org_a):
    membership = MembershipFactory(person=PersonFactory(organisation=org_a))
    response = admin_client_root.post(
        admin_url(Membership, "add"),
        {
            "person": membership.person.pk,
            "group": membership.group.pk,
            "role": "member",
            "sector": "community",
            "start": "2015-01-01",
        },
    )
    assert response.status_code == 200
    assert "already has an open membership in this group" in response.text
    assert Membership.objects.count() == 1


def test_a_cswg_needs_exactly_one_community_and_a_joint_group_two(
    admin_client_root, org_a, programme_a
):
    one, two = CommunityFactory(), CommunityFactory()
    response = admin_client_root.post(
        admin_url(Group, "add"),
        group_data(one, org_a, programme_a, communities=[one.pk, two.pk]),
    )
    assert "Choose exactly one community" in response.text
    response = admin_client_root.post(
        admin_url(Group, "add"),
        group_data(one, org_a, programme_a, kind="joint", name="Road crossing group"),
    )
    assert "covers at least two communities" in response.text
    assert not Group.objects.exists()


def test_person_is_added_with_consent_recorded(admin_client_root, org_a, superuser):
    response = admin_client_root.post(
        admin_url(Person, "add"),
        {
            "full_name": "Dilnoza Rahimova",
            "gender": "female",
            "age_band": "",
            "birth_year": "2001",
            "ethnicity": "uzbek",
            "phone": "",
            "organisation": org_a.pk,
            "consent_date": "2015-03-02",
            "consent_basis": "written",
            "consent_recorded_by": superuser.pk,
        },
    )
    assert response.status_code == 302
    person = Person.objects.get(full_name="Dilnoza Rahimova")
    assert person.consent_recorded_by == superuser
    assert person.age_band  # derived from the birth year


def test_user_added_as_partner_gets_the_back_office(admin_client_root, org_a):
    response = admin_client_root.post(
        admin_url(User, "add"),
        {
            "username": "programme.officer",
            "role": "partner",
            "organisation": org_a.pk,
            "password1": "a-long-unusual-pass-42",
            "password2": "a-long-unusual-pass-42",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="programme.officer")
    assert user.is_staff
    assert user.has_perm("communities.change_group")
    assert not user.has_perm("communities.change_programme")


def test_group_page_shows_its_make_up(admin_client_root, org_a):
    group = GroupFactory(partner=org_a, kind="lcpc")
    MembershipFactory(group=group, person=PersonFactory(gender="female", age_band="18-28"))
    MembershipFactory(group=group, person=PersonFactory(gender="male"), sector="local_authority")
    MembershipFactory(
        group=group, person=PersonFactory(gender="male"), sector="neighbourhood_inspector"
    )
    response = admin_client_root.get(admin_url(Group, "change", group.pk))
    make_up = {
        row.split("</th><td>")[0]: row.split("</th><td>")[1].split("</td>")[0]
        for row in response.text.split('<table class="make-up">')[1]
        .split("</table>")[0]
        .split("<tr><th>")[1:]
    }
    assert make_up == {
        "Members": "3",
        "Women": "1 (33%)",
        "Youth (14-28)": "1 (33%)",
        "Ethnic groups represented": "1",
        "Police take part": "yes",
        "Local authority takes part": "yes",
    }


# Partner staff see their own organisation only ----------------------------------------


@pytest.fixture
def two_organisations_groups(org_a, org_b):
    mine = GroupFactory(name="Mirmahmudov LCPC", kind="lcpc", partner=org_a)
    theirs = GroupFactory(name="Khoja Alo CSWG", partner=org_b)
    return mine, theirs


def test_partner_lists_only_their_organisations_groups(client, partner_a, two_organisations_groups):
    client.force_login(partner_a)
    response = client.get(admin_url(Group, "changelist"))
    names = [group.name for group in response.context["cl"].result_list]
    assert names == ["Mirmahmudov LCPC"]


def test_partner_cannot_open_another_organisations_group(
    client, partner_a, two_organisations_groups
):
    _mine, theirs = two_organisations_groups
    client.force_login(partner_a)
    response = client.get(admin_url(Group, "change", theirs.pk))
    assert response.status_code == 404
    assert theirs.name not in response.text
    assert client.get(admin_url(Group, "merge", theirs.pk)).status_code == 404


def test_partner_cannot_see_other_organisations_people(client, partner_a, org_b):
    PersonFactory(full_name="Someone Else", organisation=org_b)
    client.force_login(partner_a)
    response = client.get(admin_url(Person, "changelist"))
    assert response.context["cl"].result_count == 0


def test_partner_may_file_groups_under_their_own_organisation_only(
    client, partner_a, org_b, programme_a
):
    client.force_login(partner_a)
    community = CommunityFactory()
    programme_a.communities.add(community)
    response = client.post(
        admin_url(Group, "add"), group_data(community, org_b, programme_a, name="Stray group")
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert not Group.objects.filter(name="Stray group").exists()


def test_partner_adds_a_community_to_one_of_their_programmes(client, partner_a, programme_a):
    client.force_login(partner_a)
    district = DistrictFactory()
    response = client.post(admin_url(Community, "add"), community_data(district))
    assert response.status_code == 200
    assert "must cover the community" in response.text
    response = client.post(
        admin_url(Community, "add"), community_data(district, programmes=[programme_a.pk])
    )
    assert response.status_code == 302
    assert Community.objects.visible_to(partner_a).filter(name="Somonion").exists()


def test_donors_and_facilitators_have_no_back_office(client, donor_a, facilitator_a):
    for user in (donor_a, facilitator_a):
        client.force_login(user)
        response = client.get(admin_url(Group, "changelist"))
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))


# Merge action ----------------------------------------------------------------------------


@pytest.fixture
def mady(org_a):
    cswg = GroupFactory(name="Mady CSWG", partner=org_a)
    lcpc = GroupFactory(name="Mady LCPC", kind="lcpc", partner=org_a)
    members = [
        MembershipFactory(group=cswg, person=PersonFactory(organisation=org_a)) for _ in range(3)
    ]
    return cswg, lcpc, members


def test_merge_page_merges_the_whole_cswg(client, partner_a, mady):
    cswg, lcpc, members = mady
    client.force_login(partner_a)
    url = admin_url(Group, "merge", cswg.pk)
    page = client.get(url)
    assert page.status_code == 200
    assert list(page.context["form"].fields["target"].queryset) == [lcpc]
    response = client.post(url, {"target": lcpc.pk, "on": "2014-06-01", "mode": "whole"})
    assert response.status_code == 302
    cswg.refresh_from_db()
    assert (cswg.status, cswg.merged_into, cswg.merged_on) == (
        "merged",
        lcpc,
        datetime.date(2014, 6, 1),
    )
    assert lcpc.memberships.filter(placed_from__in=members).count() == 3


def test_merge_page_places_chosen_members_and_explains_refusals(client, partner_a, mady):
    cswg, lcpc, members = mady
    client.force_login(partner_a)
    url = admin_url(Group, "merge", cswg.pk)
    response = client.post(url, {"target": lcpc.pk, "on": "2014-06-01", "mode": "some"})
    assert "Choose at least one member to place." in response.text
    response = client.post(url, {"target": lcpc.pk, "on": "2013-01-01", "mode": "whole"})
    assert "The merge date is before" in response.text
    assert not lcpc.memberships.exists()

    chosen = members[0].person
    client.post(url, {"target": lcpc.pk, "on": "2014-06-01", "mode": "some", "people": [chosen.pk]})
    assert [m.person for m in lcpc.memberships.all()] == [chosen]
    cswg.refresh_from_db()
    assert cswg.status == "active"


def test_merge_action_sends_one_cswg_to_the_merge_page(admin_client_root, mady):
    cswg, lcpc, _members = mady
    response = admin_client_root.post(
        admin_url(Group, "changelist"),
        {"action": "merge_selected", "_selected_action": [cswg.pk]},
    )
    assert response.status_code == 302
    assert response.url == admin_url(Group, "merge", cswg.pk)
    response = admin_client_root.post(
        admin_url(Group, "changelist"),
        {"action": "merge_selected", "_selected_action": [cswg.pk, lcpc.pk]},
        follow=True,
    )
    assert "Choose exactly one CSWG to merge." in response.text


# Query budgets -----------------------------------------------------------------------------


def make_groups(org, count):
    for _ in range(count):
        group = GroupFactory(partner=org, programme=ProgrammeFactory(implementing_partners=[org]))
        group.programme.communities.add(*group.communities.all())
        MembershipFactory(group=group, person=PersonFactory(organisation=org))


@pytest.mark.parametrize(
    "model", [Group, Community, Person, Membership, Programme], ids=lambda m: m.__name__
)
def test_changelists_do_not_grow_queries_with_rows(
    client, partner_a, org_a, model, django_assert_max_num_queries
):
    client.force_login(partner_a)
    make_groups(org_a, 2)
    url = admin_url(model, "changelist")
    with CaptureQueriesContext(connection) as small:
        response = client.get(url)
    assert response.context["cl"].result_count >= 2
    make_groups(org_a, 20)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.context["cl"].result_count >= 22


def test_organisations_admin_filters_by_kind(admin_client_root):
    OrganisationFactory(name="Osh city police", kind="police")
    response = admin_client_root.get(admin_url(Organisation, "changelist") + "?kind=police")
    assert [o.name for o in response.context["cl"].result_list] == ["Osh city police"]


def test_membership_is_added_and_ended(admin_client_root, org_a):
    person = PersonFactory(organisation=org_a)
    group = GroupFactory(partner=org_a)
    data = {
        "person": person.pk,
        "group": group.pk,
        "role": "secretary",
        "sector": "youth_committee",
        "start": "2015-01-01",
    }
    assert admin_client_root.post(admin_url(Membership, "add"), data).status_code == 302
    membership = Membership.objects.get(person=person, group=group)
    assert membership.role == "secretary"

    response = admin_client_root.post(
        admin_url(Membership, "change", membership.pk), {**data, "end": "2014-12-31"}
    )
    assert "The end cannot be before the start." in response.text
    admin_client_root.post(
        admin_url(Membership, "change", membership.pk), {**data, "end": "2016-06-30"}
    )
    membership.refresh_from_db()
    assert membership.end == datetime.date(2016, 6, 30)
    assert membership.history.count() == 2


def test_group_change_page_saves_and_keeps_history(admin_client_root, org_a, programme_a):
    community = CommunityFactory()
    group = GroupFactory(name="Yrys LCPC", kind="lcpc", partner=org_a, communities=[community])
    membership = MembershipFactory(group=group, person=PersonFactory(organisation=org_a))
    data = group_data(
        community,
        org_a,
        programme_a,
        name="Yrys LCPC",
        kind="lcpc",
        officially_recognised="on",
        premises_provided="on",
        **inline_management("memberships", total=1, initial=1),
        **{
            "memberships-0-id": membership.pk,
            "memberships-0-group": group.pk,
            "memberships-0-person": membership.person.pk,
            "memberships-0-role": "chair",
            "memberships-0-sector": "local_authority",
            "memberships-0-start": "2014-01-01",
        },
    )
    response = admin_client_root.post(admin_url(Group, "change", group.pk), data | opened(group))
    assert response.status_code == 302
    group.refresh_from_db()
    membership.refresh_from_db()
    assert (group.officially_recognised, group.premises_provided) == (True, True)
    assert (membership.role, membership.sector) == ("chair", "local_authority")
    assert group.history.first().history_user.username == "root"


def test_community_change_page_saves(admin_client_root, programme_a):
    community = CommunityFactory(name="Masaliev")
    programme_a.communities.add(community)
    data = community_data(
        community.district,
        name="Masaliev",
        status="graduated",
        on_border="",
        programmes=[programme_a.pk],
        **inline_management("ethnic_shares"),
    )
    response = admin_client_root.post(admin_url(Community, "change", community.pk), data)
    assert response.status_code == 302
    community.refresh_from_db()
    assert community.status == "graduated"


def test_history_pages_of_another_organisations_person_are_404(client, partner_a, org_b):
    person = PersonFactory(full_name="Gulnara Secret", phone="+996 000 111", organisation=org_b)
    person.full_name = "Gulnara Secretova"
    person.save()
    version = person.history.first()
    client.force_login(partner_a)
    assert client.get(admin_url(Person, "history", person.pk)).status_code == 404
    url = reverse("admin:communities_person_simple_history", args=[person.pk, version.history_id])
    assert client.get(url).status_code == 404
