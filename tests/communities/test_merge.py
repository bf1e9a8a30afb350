"""merge_group: a CSWG joins an LCPC, or some of its members are placed into it."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError

from communities.models import Gender, Group, Membership
from communities.services import merge_group
from tests.factories import GroupFactory, MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db

ON = datetime.date(2014, 9, 1)
Sector = Membership.Sector


@pytest.fixture
def cswg(org_a, programme_a):
    return GroupFactory(
        name="Mady district CSWG", kind=Group.Kind.CSWG, partner=org_a, programme=programme_a
    )


@pytest.fixture
def lcpc(org_a, programme_a):
    return GroupFactory(
        name="Mady LCPC", kind=Group.Kind.LCPC, partner=org_a, programme=programme_a
    )


@pytest.fixture
def chair(cswg, org_a):
    return MembershipFactory(
        group=cswg,
        person=PersonFactory(full_name="Aida Osmonova", organisation=org_a),
        role=Membership.Role.CHAIR,
        sector=Sector.WOMENS_COUNCIL,
        start=datetime.date(2013, 6, 1),
    )


@pytest.fixture
def inspector(cswg, org_a):
    return MembershipFactory(
        group=cswg,
        person=PersonFactory(full_name="Bakyt Toktogulov", gender=Gender.MALE, organisation=org_a),
        role=Membership.Role.SECRETARY,
        sector=Sector.NEIGHBOURHOOD_INSPECTOR,
        start=datetime.date(2013, 9, 1),
    )


@pytest.fixture
def former(cswg, org_a):
    return MembershipFactory(
        group=cswg,
        person=PersonFactory(full_name="Charos Yusupova", organisation=org_a),
        sector=Sector.SCHOOL,
        start=datetime.date(2013, 6, 1),
        end=datetime.date(2013, 12, 31),
    )


def refusal(**kwargs) -> str:
    with pytest.raises(ValidationError) as caught:
        merge_group(**kwargs)
    return caught.value.messages[0]


def snapshot() -> list[tuple]:
    """Every membership and group state, to show that a refused merge wrote nothing."""
    return [
        *Membership.objects.order_by("pk").values_list("pk", "person", "group", "start", "end"),
        *Group.objects.order_by("pk").values_list("pk", "status", "merged_into", "merged_on"),
    ]


# Whole-group merge.


def test_merging_marks_the_cswg_merged_into_the_lcpc_on_the_date(cswg, lcpc, chair):
    merge_group(cswg, lcpc, on=ON)

    cswg.refresh_from_db()
    assert (cswg.status, cswg.merged_into, cswg.merged_on) == (Group.Status.MERGED, lcpc, ON)
    assert list(lcpc.merged_groups.all()) == [cswg]


def test_merging_ends_every_open_cswg_membership_on_the_date(cswg, lcpc, chair, inspector):
    merge_group(cswg, lcpc, on=ON)

    assert sorted(cswg.memberships.values_list("person__full_name", "end")) == [
        ("Aida Osmonova", ON),
        ("Bakyt Toktogulov", ON),
    ]


def test_merging_continues_each_membership_in_the_lcpc_as_a_member(cswg, lcpc, chair, inspector):
    result = merge_group(cswg, lcpc, on=ON)

    placed = lcpc.memberships.order_by("person__full_name")
    assert [(m.person, m.role, m.sector, m.start, m.end, m.placed_from) for m in placed] == [
        (chair.person, Membership.Role.MEMBER, Sector.WOMENS_COUNCIL, ON, None, chair),
        (
            inspector.person,
            Membership.Role.MEMBER,
            Sector.NEIGHBOURHOOD_INSPECTOR,
            ON,
            None,
            inspector,
        ),
    ]
    assert sorted(result.placed, key=lambda m: m.pk) == sorted(placed, key=lambda m: m.pk)
    assert result.already_members == []


def test_merging_reports_people_already_in_the_lcpc_without_duplicating_them(
    cswg, lcpc, chair, inspector
):
    existing = MembershipFactory(
        group=lcpc,
        person=inspector.person,
        role=Membership.Role.CHAIR,
        sector=Sector.NEIGHBOURHOOD_INSPECTOR,
        start=datetime.date(2012, 1, 1),
    )

    result = merge_group(cswg, lcpc, on=ON)

    assert result.already_members == [inspector.person]
    assert [m.person for m in result.placed] == [chair.person]
    assert list(lcpc.memberships.filter(person=inspector.person)) == [existing]
    existing.refresh_from_db()
    assert (existing.role, existing.start, existing.end) == (
        Membership.Role.CHAIR,
        datetime.date(2012, 1, 1),
        None,
    )
    inspector.refresh_from_db()
    assert inspector.end == ON


def test_merging_leaves_ended_memberships_untouched(cswg, lcpc, chair, former):
    history_before = former.history.count()

    result = merge_group(cswg, lcpc, on=ON)

    former.refresh_from_db()
    assert former.end == datetime.date(2013, 12, 31)
    assert former.history.count() == history_before
    assert former.person not in [m.person for m in result.placed]
    assert not lcpc.memberships.filter(person=former.person).exists()


def test_a_merged_cswg_has_no_members_after_the_merge_date(cswg, lcpc, chair):
    # A term already set to end later is still running on the merge date: it moves too.
    fixed_term = MembershipFactory(
        group=cswg,
        person=PersonFactory(full_name="Dilnoza Karimova"),
        sector=Sector.YOUTH_COMMITTEE,
        start=datetime.date(2014, 1, 1),
        end=datetime.date(2015, 12, 31),
    )

    merge_group(cswg, lcpc, on=ON)

    day_after = ON + datetime.timedelta(days=1)
    make_up = Group.objects.with_make_up(on=day_after)
    assert make_up.get(pk=cswg.pk).members == 0
    assert make_up.get(pk=lcpc.pk).members == 2
    assert lcpc.memberships.get(person=fixed_term.person).placed_from == fixed_term


def test_merging_keeps_the_history_of_both_groups(cswg, lcpc, chair, inspector):
    group_history_before = cswg.history.count()

    merge_group(cswg, lcpc, on=ON)

    assert cswg.history.count() == group_history_before + 1
    assert cswg.history.earliest().status == Group.Status.ACTIVE
    assert cswg.history.latest().status == Group.Status.MERGED
    for old in (chair, inspector):
        assert Membership.objects.filter(pk=old.pk, group=cswg).exists()
        assert [h.end for h in old.history.order_by("history_date")] == [None, ON]
        assert old.placements.get().group == lcpc


# Placing chosen members only.


def test_placing_some_members_moves_only_them_and_keeps_the_cswg_going(
    cswg, lcpc, chair, inspector
):
    result = merge_group(cswg, lcpc, on=ON, people=[inspector.person])

    assert [m.person for m in result.placed] == [inspector.person]
    placed = lcpc.memberships.get()
    assert (placed.person, placed.role, placed.sector, placed.start, placed.placed_from) == (
        inspector.person,
        Membership.Role.MEMBER,
        Sector.NEIGHBOURHOOD_INSPECTOR,
        ON,
        inspector,
    )
    cswg.refresh_from_db()
    assert (cswg.status, cswg.merged_into, cswg.merged_on) == (Group.Status.ACTIVE, None, None)
    assert sorted(cswg.memberships.values_list("person__full_name", "end")) == [
        ("Aida Osmonova", None),
        ("Bakyt Toktogulov", None),
    ]


def test_placing_someone_already_in_the_lcpc_reports_them(cswg, lcpc, chair):
    MembershipFactory(group=lcpc, person=chair.person)

    result = merge_group(cswg, lcpc, on=ON, people=[chair.person])

    assert result.already_members == [chair.person]
    assert result.placed == []
    assert lcpc.memberships.count() == 1


# Refusals: each says why, and nothing is written.


def test_it_refuses_to_merge_a_group_into_itself(cswg, chair):
    before = snapshot()

    assert refusal(source=cswg, target=cswg, on=ON) == "A group cannot be merged into itself."
    assert snapshot() == before


@pytest.mark.parametrize("kind", [Group.Kind.LCPC, Group.Kind.MAHALLA, Group.Kind.JOINT])
def test_it_refuses_a_source_that_is_not_a_cswg(kind, lcpc):
    source = GroupFactory(kind=kind)
    MembershipFactory(group=source)
    before = snapshot()

    assert refusal(source=source, target=lcpc, on=ON) == "Only a CSWG can be merged into an LCPC."
    assert snapshot() == before


@pytest.mark.parametrize("kind", [Group.Kind.CSWG, Group.Kind.MAHALLA, Group.Kind.JOINT])
def test_it_refuses_a_target_that_is_not_an_lcpc(kind, cswg, chair):
    target = GroupFactory(kind=kind)
    before = snapshot()

    assert refusal(source=cswg, target=target, on=ON) == "The receiving group must be an LCPC."
    assert snapshot() == before


def test_it_refuses_a_source_already_merged(lcpc):
    other_lcpc = GroupFactory(kind=Group.Kind.LCPC)
    merged = GroupFactory(
        name="Bazar-Korgon CSWG",
        status=Group.Status.MERGED,
        merged_into=other_lcpc,
        merged_on=datetime.date(2014, 3, 1),
    )

    assert (
        refusal(source=merged, target=lcpc, on=ON) == "Bazar-Korgon CSWG has already been merged."
    )
    assert Group.objects.get(pk=merged.pk).merged_into == other_lcpc


def test_it_refuses_a_target_that_has_itself_been_merged(cswg, chair):
    merged_lcpc = GroupFactory(
        name="Tash-Bulak LCPC",
        kind=Group.Kind.LCPC,
        status=Group.Status.MERGED,
        merged_into=GroupFactory(kind=Group.Kind.LCPC),
        merged_on=datetime.date(2014, 3, 1),
    )
    before = snapshot()

    assert (
        refusal(source=cswg, target=merged_lcpc, on=ON) == "Tash-Bulak LCPC has itself been merged."
    )
    assert snapshot() == before


def test_it_refuses_a_date_before_a_member_joined(cswg, lcpc, chair, inspector):
    before = snapshot()

    assert (
        refusal(source=cswg, target=lcpc, on=datetime.date(2013, 8, 1))
        == "The merge date is before Bakyt Toktogulov joined the CSWG (Sept. 1, 2013)."
    )
    assert snapshot() == before


def test_it_refuses_to_place_someone_who_is_not_a_current_member(cswg, lcpc, chair, former):
    before = snapshot()
    message = "Only current members of the CSWG can be placed into the LCPC."

    assert refusal(source=cswg, target=lcpc, on=ON, people=[former.person]) == message
    assert refusal(source=cswg, target=lcpc, on=ON, people=[chair.person, PersonFactory()]) == (
        message
    )
    assert snapshot() == before


def test_it_refuses_an_empty_choice_of_people(cswg, lcpc, chair):
    before = snapshot()

    assert (
        refusal(source=cswg, target=lcpc, on=ON, people=[])
        == "Choose at least one member to place."
    )
    assert snapshot() == before


def test_a_merge_failing_halfway_writes_nothing(cswg, lcpc, chair, inspector, monkeypatch):
    before = snapshot()
    history_before = [chair.history.count(), inspector.history.count(), cswg.history.count()]
    original_save = Group.save

    def save_failing_for_the_cswg(group, *args, **kwargs):
        if group.pk == cswg.pk:
            raise DatabaseError("connection lost")
        return original_save(group, *args, **kwargs)

    monkeypatch.setattr(Group, "save", save_failing_for_the_cswg)

    with pytest.raises(DatabaseError):
        merge_group(cswg, lcpc, on=ON)

    assert snapshot() == before
    assert not lcpc.memberships.exists()
    assert [chair.history.count(), inspector.history.count(), cswg.history.count()] == (
        history_before
    )
