"""visible_to(user): what each member of the standard cast may see of communities data."""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser

from communities.models import Community, Group, Person, Programme, User
from tests.factories import (
    CommunityFactory,
    GroupFactory,
    OrganisationFactory,
    PersonFactory,
    ProgrammeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

MODELS = {"community": Community, "programme": Programme, "group": Group, "person": Person}


@pytest.fixture
def world(org_a, org_b, programme_a):
    """Org A works in three communities, one of them reachable two ways; org B in one."""
    both = CommunityFactory(name="Mirmahmudov")
    programme_only = CommunityFactory(name="Tash-Bulak")
    group_only = CommunityFactory(name="Yrys")
    b_community = CommunityFactory(name="Vorukh")
    programme_a.communities.set([both, programme_only])
    programme_b = ProgrammeFactory(
        name="Isfara cross-border programme",
        donors=[OrganisationFactory(name="Another donor", kind="donor")],
        implementing_partners=[org_b],
        communities=[b_community],
    )
    return SimpleNamespace(
        programme_a=programme_a,
        programme_b=programme_b,
        group_a=GroupFactory(
            name="Mirmahmudov LCPC",
            kind=Group.Kind.LCPC,
            partner=org_a,
            programme=programme_a,
            communities=[both],
        ),
        # A group org A supports outside any programme: its community is org A's through it.
        group_a_outside=GroupFactory(
            name="Yrys LCPC", partner=org_a, programme=None, communities=[group_only]
        ),
        group_b=GroupFactory(
            name="Vorukh CSWG", partner=org_b, programme=programme_b, communities=[b_community]
        ),
        person_a=PersonFactory(full_name="Aida Osmonova", organisation=org_a),
        person_b=PersonFactory(full_name="Farrukh Nazarov", organisation=org_b),
    )


@pytest.fixture
def inactive_a(org_a):
    return UserFactory(username="left_a", organisation=org_a, is_active=False)


@pytest.fixture
def anonymous():
    return AnonymousUser()


def visible(model_name: str, user) -> list[str]:
    names = [str(obj) for obj in MODELS[model_name].objects.visible_to(user)]
    assert len(names) == len(set(names)), f"duplicates in {names}"
    return sorted(names)


ALL = {
    "community": ["Mirmahmudov", "Tash-Bulak", "Vorukh", "Yrys"],
    "programme": ["Ferghana Valley community security", "Isfara cross-border programme"],
    "group": ["Mirmahmudov LCPC", "Vorukh CSWG", "Yrys LCPC"],
    "person": ["Aida Osmonova", "Farrukh Nazarov"],
}
ORG_A = {
    "community": ["Mirmahmudov", "Tash-Bulak", "Yrys"],
    "programme": ["Ferghana Valley community security"],
    "group": ["Mirmahmudov LCPC", "Yrys LCPC"],
    "person": ["Aida Osmonova"],
}
ORG_B = {
    "community": ["Vorukh"],
    "programme": ["Isfara cross-border programme"],
    "group": ["Vorukh CSWG"],
    "person": ["Farrukh Nazarov"],
}
DONOR_A = {
    "community": ["Mirmahmudov", "Tash-Bulak"],
    "programme": ["Ferghana Valley community security"],
    "group": ["Mirmahmudov LCPC"],
    "person": [],
}
NOTHING = {"community": [], "programme": [], "group": [], "person": []}

EXPECTED = {
    "facilitator_a": ORG_A,
    "partner_a": ORG_A,
    "facilitator_b": ORG_B,
    "donor_a": DONOR_A,
    "superuser": ALL,
    "inactive_a": NOTHING,
    "anonymous": NOTHING,
}


@pytest.mark.parametrize("model_name", list(MODELS))
@pytest.mark.parametrize("user_fixture", list(EXPECTED))
def test_each_user_sees_exactly_their_scope(world, request, user_fixture, model_name):
    user = request.getfixturevalue(user_fixture)

    assert visible(model_name, user) == EXPECTED[user_fixture][model_name]


def test_an_administrator_without_superuser_flag_sees_everything(world):
    admin = UserFactory(organisation=None, role=User.Role.ADMIN)

    assert {name: visible(name, admin) for name in MODELS} == ALL


def test_a_donor_never_sees_a_person_even_of_the_programmes_it_funds(world, donor_a):
    assert world.person_a.organisation in world.programme_a.implementing_partners.all()

    assert not Person.objects.visible_to(donor_a).exists()


def test_a_donor_of_another_programme_sees_none_of_programme_a(world):
    other_donor = UserFactory(organisation=world.programme_b.donors.get(), role=User.Role.DONOR)

    assert {name: visible(name, other_donor) for name in MODELS} == {
        "community": ["Vorukh"],
        "programme": ["Isfara cross-border programme"],
        "group": ["Vorukh CSWG"],
        "person": [],
    }


def test_a_donor_sees_the_communities_of_the_groups_it_funds(world, donor_a, org_b):
    # A group in the donor's programme whose community the programme list forgot.
    GroupFactory(
        name="Somonion CSWG",
        partner=org_b,
        programme=world.programme_a,
        communities=[CommunityFactory(name="Somonion")],
    )

    assert "Somonion CSWG" in visible("group", donor_a)
    assert "Somonion" in visible("community", donor_a)


def test_a_community_reachable_many_ways_is_listed_once(world, facilitator_a, donor_a, org_a):
    both = Community.objects.get(name="Mirmahmudov")
    second_programme = ProgrammeFactory(
        donors=[donor_a.organisation], implementing_partners=[org_a], communities=[both]
    )
    GroupFactory(partner=org_a, programme=second_programme, communities=[both])

    assert visible("community", facilitator_a).count("Mirmahmudov") == 1
    assert Community.objects.visible_to(facilitator_a).filter(name="Mirmahmudov").count() == 1
    assert visible("community", donor_a).count("Mirmahmudov") == 1
    assert visible("programme", donor_a) == sorted(
        ["Ferghana Valley community security", second_programme.name]
    )


def test_a_joint_group_opens_its_communities_but_not_the_other_partners_data(
    world, org_a, facilitator_a, facilitator_b
):
    GroupFactory(
        name="Kyrgyz-Tajik road crossing group",
        kind=Group.Kind.JOINT,
        partner=org_a,
        programme=world.programme_a,
        communities=[
            Community.objects.get(name="Mirmahmudov"),
            Community.objects.get(name="Vorukh"),
        ],
    )

    assert visible("community", facilitator_a) == ["Mirmahmudov", "Tash-Bulak", "Vorukh", "Yrys"]
    assert visible("group", facilitator_a) == [
        "Kyrgyz-Tajik road crossing group",
        "Mirmahmudov LCPC",
        "Yrys LCPC",
    ]
    assert visible("person", facilitator_a) == ["Aida Osmonova"]
    assert visible("group", facilitator_b) == ["Vorukh CSWG"]
