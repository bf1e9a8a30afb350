import datetime
import io
from collections import Counter
from decimal import Decimal

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.db.models import Sum
from django.http import HttpRequest

from communities import demo
from communities.models import Community, Group, Membership, Person, Programme, User


@pytest.fixture(scope="module")
def demo_output(django_db_setup, django_db_blocker):
    """Load the demo once for the module, inside a transaction rolled back afterwards, so
    that other test modules still start from an empty database."""
    out = io.StringIO()
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def loaded(demo_output, db):
    return demo_output


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models(include_auto_created=True)
    }


def test_it_creates_communities_on_both_sides_of_the_border(loaded):
    assert Community.objects.count() >= 12
    countries = set(Community.objects.values_list("district__region__country", flat=True))
    assert countries == {"KG", "TJ"}
    mirmahmudov = Community.objects.get(name="Mirmahmudov")
    assert mirmahmudov.population == 20000
    assert mirmahmudov.district.name == "Nookat"
    vorukh = Community.objects.get(name="Vorukh")
    assert vorukh.kind == Community.Kind.ENCLAVE
    assert vorukh.on_border
    assert set(vorukh.facing_communities.values_list("name", flat=True)) == {"Ak-Sai"}
    statuses = Counter(Community.objects.values_list("status", flat=True))
    assert statuses[Community.Status.IDENTIFIED] == 1
    assert statuses[Community.Status.GRADUATED] == 1
    assert statuses[Community.Status.ACTIVE] == Community.objects.count() - 2


def test_it_places_every_community_in_the_ferghana_valley(loaded):
    for community in Community.objects.all():
        assert Decimal("39.5") < community.latitude < Decimal("41.5"), community
        assert Decimal("70") < community.longitude < Decimal("73.5"), community


def test_every_communitys_ethnic_shares_add_up_to_at_most_100(loaded):
    totals = Community.objects.annotate(total=Sum("ethnic_shares__percent"))
    assert all(0 < community.total <= 100 for community in totals)


def test_it_creates_the_eleven_groups_by_their_stable_names(loaded):
    assert Group.objects.count() == 11
    assert set(Group.objects.values_list("name", flat=True)) == set(demo.GROUP_NAMES)
    joint = Group.objects.get(kind=Group.Kind.JOINT)
    assert joint.communities.count() == 5
    countries = set(joint.communities.values_list("district__region__country", flat=True))
    assert countries == {"KG", "TJ"}


def test_the_mady_cswg_is_merged_into_the_mady_lcpc(loaded):
    cswg = Group.objects.get(name=demo.MADY_CSWG)
    lcpc = Group.objects.get(name=demo.MADY_LCPC)
    assert cswg.status == Group.Status.MERGED
    assert cswg.merged_into == lcpc
    assert cswg.merged_on == demo.MADY_MERGED_ON
    assert not cswg.memberships.filter(end__isnull=True).exists()
    placed = lcpc.memberships.filter(placed_from__isnull=False)
    assert placed.count() == 7
    assert all(membership.placed_from.group == cswg for membership in placed)
    assert all(membership.start == demo.MADY_MERGED_ON for membership in placed)
    assert lcpc.premises_provided


def test_it_creates_89_people_with_a_realistic_spread(loaded):
    people = Person.objects.all()
    assert people.count() == 89
    women = people.filter(gender="female").count()
    youth = people.filter(age_band__in=["14-17", "18-28"]).count()
    assert 28 <= women <= 36
    assert youth >= 15
    assert people.filter(ethnicity="not_stated").exists()
    held_by = set(people.values_list("organisation__short_name", flat=True))
    assert held_by == {"FTI", "ASTI", "MIR"}
    assert (
        not Group.objects.get(name=demo.KHOJA_ALO_MAHALLA)
        .memberships.filter(person__gender="female")
        .exists()
    )


def test_consent_is_recorded_by_the_demo_facilitator_or_partner(loaded):
    recorders = Counter(Person.objects.values_list("consent_recorded_by__username", flat=True))
    assert set(recorders) == {"facilitator", "partner"}
    officials = Person.objects.filter(consent_basis=Person.ConsentBasis.PUBLIC_ROLE)
    assert set(officials.values_list("consent_recorded_by__username", flat=True)) == {"partner"}
    minors = Person.objects.filter(age_band="14-17")
    assert set(minors.values_list("consent_basis", flat=True)) == {Person.ConsentBasis.GUARDIAN}


def test_the_kok_tash_cswg_faces_tajik_groups_across_the_border(loaded):
    cswg = Group.objects.with_make_up().get(name=demo.KOK_TASH_CSWG)
    kok_tash = cswg.communities.get()
    facing = Group.objects.filter(communities__in=kok_tash.facing_communities.all())

    assert (cswg.kind, cswg.partner.short_name) == (Group.Kind.CSWG, "FTI")
    assert cswg.programme.name == demo.FERGHANA_PROGRAMME
    assert cswg.established.year == 2010
    assert kok_tash.district.region.country == "KG"
    assert set(facing.exclude(kind=Group.Kind.JOINT).values_list("name", flat=True)) == {
        demo.SOMONION_CSWG,
        demo.KHOJA_ALO_MAHALLA,
    }
    assert list(cswg.facilitators.values_list("username", flat=True)) == ["facilitator"]
    assert (cswg.members, cswg.women, cswg.youth) == (9, 3, 2)
    assert cswg.has_police and cswg.has_local_authority
    border_officer = cswg.memberships.get(sector=Membership.Sector.BORDER_SERVICE)
    assert border_officer.start == datetime.date(2014, 6, 23)


def test_every_group_has_a_chair_and_a_secretary(loaded):
    for group in Group.objects.exclude(status=Group.Status.MERGED):
        roles = set(group.memberships.filter(end__isnull=True).values_list("role", flat=True))
        assert {Membership.Role.CHAIR, Membership.Role.SECRETARY} <= roles, group


def test_every_lcpc_has_police_and_local_authority(loaded):
    lcpcs = Group.objects.filter(kind=Group.Kind.LCPC).with_make_up()
    assert len(lcpcs) == 4
    assert all(lcpc.has_police and lcpc.has_local_authority for lcpc in lcpcs)


def test_the_mirmahmudov_lcpc_make_up(loaded):
    lcpc = Group.objects.with_make_up().get(name=demo.MIRMAHMUDOV_LCPC)
    assert lcpc.members == 11
    assert lcpc.women == 5
    assert lcpc.youth == 3
    assert lcpc.ethnic_groups == 2
    assert lcpc.has_police is True
    assert lcpc.has_local_authority is True


def test_it_creates_two_programmes_with_donors_and_partners(loaded):
    programmes = Programme.objects.all()
    assert programmes.count() == 2
    assert {programme.currency for programme in programmes} == {"GBP", "USD"}
    for programme in programmes:
        assert programme.donors.exists()
        assert programme.implementing_partners.filter(short_name="FTI").exists()
        assert programme.communities.count() >= 5
        assert programme.end > programme.start


def test_it_creates_one_login_per_role(loaded):
    users = {user.username: user for user in User.objects.select_related("organisation")}
    assert users["facilitator"].role == User.Role.FACILITATOR
    assert users["facilitator"].organisation.short_name == "FTI"
    assert users["partner"].role == User.Role.PARTNER
    assert users["partner"].organisation.short_name == "FTI"
    assert users["partner"].is_staff
    assert list(users["partner"].groups.values_list("name", flat=True)) == ["role: partner"]
    assert users["donor"].role == User.Role.DONOR
    assert users["donor"].organisation.funded_programmes.get().name == demo.FERGHANA_PROGRAMME
    assert not users["donor"].is_staff
    assert users["admin"].role == User.Role.ADMIN
    assert users["admin"].is_superuser
    assert users["admin"].is_staff


@pytest.mark.parametrize("username", demo.USERNAMES)
def test_each_demo_login_works_with_the_demo_password(loaded, client, username):
    # django-axes authenticates only with a request at hand.
    assert client.login(request=HttpRequest(), username=username, password=settings.DEMO_PASSWORD)


def test_facilitator_and_donor_see_several_communities(loaded):
    facilitator = User.objects.get(username="facilitator")
    donor = User.objects.get(username="donor")
    assert Group.objects.visible_to(facilitator).count() >= 5
    assert Community.objects.visible_to(facilitator).count() >= 8
    assert Community.objects.visible_to(donor).count() >= 8


def test_running_it_again_changes_nothing(loaded):
    before = row_counts()
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert row_counts() == before
    assert "nothing changed" in out.getvalue()


def test_it_prints_the_site_and_every_login(loaded):
    assert "http://127.0.0.1:8000/" in loaded
    assert "http://127.0.0.1:8000/admin/" in loaded
    for username in demo.USERNAMES:
        assert username in loaded
    assert settings.DEMO_PASSWORD in loaded
