"""Moving cycles and forming joint groups from the back office."""

import datetime

import pytest
from django.urls import reverse

from communities.models import Group
from cycles.models import ActionPlan, Concern, Cycle
from tests.cycles.factories import ConcernFactory, CycleFactory, EvaluationFactory
from tests.factories import CommunityFactory, GroupFactory

pytestmark = pytest.mark.django_db


def cycle_url(cycle, view):
    return reverse(f"admin:cycles_cycle_{view}", args=[cycle.pk])


def step_of(cycle):
    cycle.refresh_from_db()
    return cycle.step


def test_get_on_advance_lists_what_is_missing_and_moves_nothing(client, partner_a, cycle_a):
    cycle_a.step = 2
    cycle_a.save()
    client.force_login(partner_a)

    response = client.get(cycle_url(cycle_a, "advance"))

    assert response.status_code == 200
    assert "No concern has been prioritised yet" in response.content.decode()
    assert step_of(cycle_a) == 2
    assert not cycle_a.step_changes.exists()


def test_a_refused_advance_shows_the_reason(client, partner_a, cycle_a):
    cycle_a.risks = ""
    cycle_a.save()
    client.force_login(partner_a)

    response = client.post(cycle_url(cycle_a, "advance"), {"reason": ""})

    assert response.status_code == 200
    assert "The context analysis has no risks yet." in response.content.decode()
    assert step_of(cycle_a) == 1


def test_a_partner_advances_a_cycle(client, partner_a, cycle_a):
    client.force_login(partner_a)

    response = client.post(cycle_url(cycle_a, "advance"), {"reason": "Analysis done."})

    assert response.status_code == 302
    assert response["Location"] == cycle_url(cycle_a, "change")
    assert step_of(cycle_a) == 2
    assert list(cycle_a.step_changes.values_list("changed_by", "reason")) == [
        (partner_a.pk, "Analysis done.")
    ]


def test_moving_back_in_the_admin_needs_a_reason(client, partner_a, cycle_a):
    cycle_a.step = 3
    cycle_a.save()
    client.force_login(partner_a)

    refused = client.post(cycle_url(cycle_a, "move_back"), {"to_step": "1", "reason": ""})
    done = client.post(
        cycle_url(cycle_a, "move_back"), {"to_step": "1", "reason": "Redo the analysis."}
    )

    assert refused.status_code == 200
    assert "This field is required." in refused.content.decode()
    assert done.status_code == 302
    assert step_of(cycle_a) == 1
    assert cycle_a.step_changes.get().reason == "Redo the analysis."


def test_closing_then_starting_the_next_cycle_from_the_admin(client, partner_a, cycle_a):
    cycle_a.step = 5
    cycle_a.save()
    EvaluationFactory(cycle=cycle_a)
    ConcernFactory(cycle=cycle_a, title="Wolves", status=Concern.Status.BEING_ADDRESSED)
    client.force_login(partner_a)

    closed = client.post(cycle_url(cycle_a, "close"), {"on": "2014-12-01"}, follow=True)

    cycle_a.refresh_from_db()
    assert cycle_a.closed_on == datetime.date(2014, 12, 1)
    content = closed.content.decode()
    assert "Start the next cycle to carry over its 1 unresolved concern." in content
    assert cycle_url(cycle_a, "start_next") in content

    started = client.post(
        cycle_url(cycle_a, "start_next"),
        {"on": "2015-02-01", "facilitation": Cycle.Facilitation.GROUP_LED},
    )

    new = Cycle.objects.get(previous=cycle_a)
    assert started["Location"] == cycle_url(new, "change")
    assert (new.number, new.facilitation) == (2, "group_led")
    assert [c.title for c in new.concerns.all()] == ["Wolves"]


def test_another_organisations_cycle_cannot_be_moved(client, partner_a, cycle_b):
    client.force_login(partner_a)

    for view in ("advance", "move_back", "close", "start_next"):
        assert client.post(cycle_url(cycle_b, view), {"reason": "x"}).status_code == 404
    assert step_of(cycle_b) == 1


@pytest.fixture
def opportunity(org_a, org_b, programme_a):
    ak_sai, vorukh = CommunityFactory(name="Ak-Sai"), CommunityFactory(name="Vorukh")
    ak_sai.facing_communities.add(vorukh)
    for name, partner, community in [
        ("Ak-Sai CSWG", org_a, ak_sai),
        ("Vorukh CSWG", org_b, vorukh),
    ]:
        group = GroupFactory(
            name=name, partner=partner, programme=programme_a, communities=[community]
        )
        cycle = CycleFactory(group=group, step=3, started_on=datetime.date(2014, 3, 1))
        ConcernFactory(
            cycle=cycle,
            category=Concern.Category.ROAD_SAFETY,
            status=Concern.Status.PRIORITISED,
        )
    return Cycle.objects.order_by("pk")


def test_the_opportunities_page_lists_them_and_get_creates_nothing(client, partner_a, opportunity):
    client.force_login(partner_a)

    response = client.get(reverse("admin:cycles_cycle_opportunities"))

    content = response.content.decode()
    assert response.status_code == 200
    assert content.count('class="opportunity"') == 1
    assert "Road safety" in content
    assert "Create the joint group and plan" in content
    assert not Group.objects.filter(kind=Group.Kind.JOINT).exists()
    changelist = client.get(reverse("admin:cycles_cycle_changelist")).content.decode()
    assert reverse("admin:cycles_cycle_opportunities") in changelist


def test_a_partner_creates_the_joint_group_and_plan(client, partner_a, opportunity):
    first, second = opportunity
    client.force_login(partner_a)

    response = client.post(
        reverse("admin:cycles_cycle_opportunities"),
        {"first": first.pk, "second": second.pk, "category": "road_safety"},
    )

    plan = ActionPlan.objects.get(cycle__group__kind=Group.Kind.JOINT)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:cycles_actionplan_change", args=[plan.pk])
    assert plan.cycle.group.partner == partner_a.organisation
    assert plan.concerns.count() == 2


def test_a_pair_that_is_no_opportunity_is_refused(client, partner_a, opportunity):
    first, second = opportunity
    client.force_login(partner_a)

    response = client.post(
        reverse("admin:cycles_cycle_opportunities"),
        {"first": first.pk, "second": second.pk, "category": "crime"},
    )

    assert response.status_code == 200
    assert "This is no longer a joint-planning opportunity." in response.content.decode()
    assert not Group.objects.filter(kind=Group.Kind.JOINT).exists()
