"""visible_to(user): what each member of the standard cast may see of communities data.

Partner staff see their organisation's groups, people and programmes; facilitators only the
groups they are assigned to, with those groups' communities, programmes and members.
"""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser

from communities.models import Community, Group, Membership, Person, Programme, User
from tests.factories import (
    CommunityFactory,
    GroupFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    ProgrammeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

MODELS = {
    "community": Community,
    "programme": Programme,
    "group": Group,
    "person": Person,
    "membership": Membership,
}


@pytest.fixture
def world(org_a, org_b, programme_a, facilitator_a, facilitator_b):
    """Org A works in three communities, one of them reachable two ways; org B in one.

    facilitator_a works with the Mirmahmudov LCPC only, facilitator_b with the Vorukh CSWG.
    """
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
    world = SimpleNamespace(
        programme_a=programme_a,
        programme_b=programme_b,
        group_a=GroupFactory(
            name="Mirmahmudov LCPC",
            kind=Group.Kind.LCPC,
            partner=org_a,
            programme=programme_a,
            communities=[both],
            facilitators=[facilitator_a],
        ),
        # A group org A supports outside any programme: its community is org A's through it.
        group_a_outside=GroupFactory(
            name="Yrys LCPC", partner=org_a, programme=None, communities=[group_only]
        ),
        group_b=GroupFactory(
            name="Vorukh CSWG",
            partner=org_b,
            programme=programme_b,
            communities=[b_community],
            facilitators=[facilitator_b],
        ),
        person_a=PersonFactory(full_name="Aida Osmonova", organisation=org_a),
        person_a_outside=PersonFactory(full_name="Bakyt Toktogulov", organisation=org_a),
        person_b=PersonFactory(full_name="Farrukh Nazarov", organisation=org_b),
    )
    MembershipFactory(person=world.person_a, group=world.group_a)
    MembershipFactory(person=world.person_a_outside, group=world.group_a_outside)
    MembershipFactory(person=world.person_b, group=world.group_b)
    return world


@pytest.fixture
def unassigned_a(org_a):
    """A facilitator of org A who works with none of its groups yet."""
    return UserFactory(username="unassigned_a", organisation=org_a, role=User.Role.FACILITATOR)


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


AIDA = "Aida Osmonova - Mirmahmudov LCPC (Member)"
BAKYT = "Bakyt Toktogulov - Yrys LCPC (Member)"
FARRUKH = "Farrukh Nazarov - Vorukh CSWG (Member)"
ALL = {
    "community": ["Mirmahmudov", "Tash-Bulak", "Vorukh", "Yrys"],
    "programme": ["Ferghana Valley community security", "Isfara cross-border programme"],
    "group": ["Mirmahmudov LCPC", "Vorukh CSWG", "Yrys LCPC"],
    "person": ["Aida Osmonova", "Bakyt Toktogulov", "Farrukh Nazarov"],
    "membership": [AIDA, BAKYT, FARRUKH],
}
ORG_A = {
    "community": ["Mirmahmudov", "Tash-Bulak", "Yrys"],
    "programme": ["Ferghana Valley community security"],
    "group": ["Mirmahmudov LCPC", "Yrys LCPC"],
    "person": ["Aida Osmonova", "Bakyt Toktogulov"],
    "membership": [AIDA, BAKYT],
}
# Only the Mirmahmudov LCPC: not Yrys (another group of org A), nor the programme's Tash-Bulak.
FACILITATOR_A = {
    "community": ["Mirmahmudov"],
    "programme": ["Ferghana Valley community security"],
    "group": ["Mirmahmudov LCPC"],
    "person": ["Aida Osmonova"],
    "membership": [AIDA],
}
ORG_B = {
    "community": ["Vorukh"],
    "programme": ["Isfara cross-border programme"],
    "group": ["Vorukh CSWG"],
    "person": ["Farrukh Nazarov"],
    "membership": [FARRUKH],
}
DONOR_A = {
    "community": ["Mirmahmudov", "Tash-Bulak"],
    "programme": ["Ferghana Valley community security"],
    "group": ["Mirmahmudov LCPC"],
    "person": [],
    "membership": [],
}
NOTHING = {"community": [], "programme": [], "group": [], "person": [], "membership": []}

EXPECTED = {
    "facilitator_a": FACILITATOR_A,
    "partner_a": ORG_A,
    "facilitator_b": ORG_B,
    "partner_b": ORG_B,
    "unassigned_a": NOTHING,
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
        "membership": [],
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


def test_a_community_reachable_many_ways_is_listed_once(
    world, facilitator_a, partner_a, donor_a, org_a
):
    both = Community.objects.get(name="Mirmahmudov")
    second_programme = ProgrammeFactory(
        donors=[donor_a.organisation], implementing_partners=[org_a], communities=[both]
    )
    GroupFactory(
        partner=org_a, programme=second_programme, communities=[both], facilitators=[facilitator_a]
    )

    for user in (facilitator_a, partner_a, donor_a):
        assert visible("community", user).count("Mirmahmudov") == 1
        assert Community.objects.visible_to(user).filter(name="Mirmahmudov").count() == 1
    assert visible("programme", facilitator_a) == sorted(
        ["Ferghana Valley community security", second_programme.name]
    )
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
        facilitators=[facilitator_a],
    )

    assert visible("community", facilitator_a) == ["Mirmahmudov", "Vorukh"]
    assert visible("group", facilitator_a) == [
        "Kyrgyz-Tajik road crossing group",
        "Mirmahmudov LCPC",
    ]
    assert visible("person", facilitator_a) == ["Aida Osmonova"]
    assert visible("group", facilitator_b) == ["Vorukh CSWG"]
    assert visible("person", facilitator_b) == ["Farrukh Nazarov"]


def test_a_facilitator_not_assigned_to_a_group_of_their_organisation_does_not_see_it(
    world, unassigned_a
):
    for name in MODELS:
        assert visible(name, unassigned_a) == []

    world.group_a_outside.facilitators.add(unassigned_a)

    assert visible("group", unassigned_a) == ["Yrys LCPC"]
    assert visible("community", unassigned_a) == ["Yrys"]
    assert visible("programme", unassigned_a) == []
    assert visible("person", unassigned_a) == ["Bakyt Toktogulov"]
    assert visible("membership", unassigned_a) == [BAKYT]


def test_a_facilitator_sees_former_members_of_their_group_but_not_their_other_groups(
    world, facilitator_a
):
    MembershipFactory(person=world.person_a_outside, group=world.group_a, end="2015-01-01")

    assert visible("person", facilitator_a) == ["Aida Osmonova", "Bakyt Toktogulov"]
    # Bakyt's seat in the Yrys LCPC stays out of sight: that group is not facilitator_a's.
    assert BAKYT not in visible("membership", facilitator_a)


def test_a_facilitator_moved_to_another_organisation_loses_the_old_groups(
    world, facilitator_a, org_b
):
    facilitator_a.organisation = org_b
    facilitator_a.save()

    assert visible("group", facilitator_a) == []
    assert visible("person", facilitator_a) == []


def test_an_inactive_facilitator_sees_nothing_of_their_groups(world, facilitator_a):
    facilitator_a.is_active = False
    facilitator_a.save()

    assert {name: visible(name, facilitator_a) for name in MODELS} == NOTHING
