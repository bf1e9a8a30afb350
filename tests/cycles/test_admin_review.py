"""Partner staff review action plans in the back office: the queue, approve and return."""

import pytest
from django.urls import reverse

from communities.models import User
from cycles.models import ActionPlan, Concern
from tests.cycles.factories import (
    ActionPlanFactory,
    ActivityFactory,
    ConcernFactory,
    ContributionFactory,
    PlanEventFactory,
    SuccessCriterionFactory,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

Status = ActionPlan.Status


def submitted_plan(cycle, title="Safe water"):
    plan = ActionPlanFactory(cycle=cycle, title=title, status=Status.SUBMITTED)
    plan.concerns.add(ConcernFactory(cycle=cycle, status=Concern.Status.PRIORITISED))
    SuccessCriterionFactory(plan=plan)
    ActivityFactory(plan=plan, title="Fence the stream")
    PlanEventFactory(plan=plan, to_status=Status.SUBMITTED)
    return plan


@pytest.fixture
def plan_a(cycle_a):
    return submitted_plan(cycle_a)


@pytest.fixture
def plan_b(cycle_b):
    return submitted_plan(cycle_b, "Against domestic violence")


def action_url(plan, action):
    return reverse(f"admin:cycles_actionplan_{action}", args=[plan.pk])


def change_url(plan):
    return reverse("admin:cycles_actionplan_change", args=[plan.pk])


def status_of(plan):
    plan.refresh_from_db()
    return plan.status


def test_get_on_approve_shows_a_form_and_changes_nothing(client, partner_a, plan_a):
    client.force_login(partner_a)

    response = client.get(action_url(plan_a, "approve"))

    assert response.status_code == 200
    content = response.content.decode()
    assert 'method="post"' in content
    assert 'name="comment"' in content
    assert status_of(plan_a) == Status.SUBMITTED
    assert plan_a.events.count() == 1


def test_a_partner_approves_a_plan_of_its_organisations_group(client, partner_a, plan_a):
    client.force_login(partner_a)

    response = client.post(action_url(plan_a, "approve"), {"comment": "Well prepared."})

    assert response.status_code == 302
    assert response["Location"] == change_url(plan_a)
    assert status_of(plan_a) == Status.APPROVED
    event = plan_a.events.last()
    assert (event.from_status, event.to_status, event.by, event.comment) == (
        "submitted",
        "approved",
        partner_a,
        "Well prepared.",
    )
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["“Safe water” is now: Approved."]


@pytest.mark.parametrize("action", ["approve", "return", "submit", "start", "complete"])
def test_another_organisations_plan_is_not_found(client, partner_a, plan_b, action):
    client.force_login(partner_a)

    assert client.get(action_url(plan_b, action)).status_code == 404
    assert client.post(action_url(plan_b, action), {"comment": "x"}).status_code == 404
    assert status_of(plan_b) == Status.SUBMITTED


def test_returning_without_a_comment_is_refused_on_the_form(client, partner_a, plan_a):
    client.force_login(partner_a)

    response = client.post(action_url(plan_a, "return"), {"comment": "  "})

    assert response.status_code == 200
    assert "Say what needs to change: returning a plan needs a comment." in (
        response.content.decode()
    )
    assert status_of(plan_a) == Status.SUBMITTED


def test_returning_with_a_comment_sends_the_plan_back(client, partner_a, plan_a):
    client.force_login(partner_a)

    response = client.post(
        action_url(plan_a, "return"), {"comment": "Who maintains the fence after winter?"}
    )

    assert response.status_code == 302
    assert status_of(plan_a) == Status.RETURNED
    assert plan_a.events.last().comment == "Who maintains the fence after winter?"


def test_a_refused_move_shows_the_reason_and_changes_nothing(client, partner_a, cycle_a):
    draft = ActionPlanFactory(cycle=cycle_a, status=Status.DRAFT)
    client.force_login(partner_a)

    response = client.post(action_url(draft, "approve"), {"comment": ""})

    assert response.status_code == 200
    assert "Only a submitted plan can be approved; this one is draft." in (
        response.content.decode()
    )
    assert status_of(draft) == Status.DRAFT


def test_a_returned_plan_can_be_resubmitted_from_the_admin(client, partner_a, plan_a):
    client.force_login(partner_a)
    client.post(action_url(plan_a, "return"), {"comment": "Add the shepherds."})

    response = client.post(action_url(plan_a, "submit"), {"comment": "Shepherds added."})

    assert response.status_code == 302
    assert status_of(plan_a) == Status.SUBMITTED
    assert list(plan_a.events.values_list("to_status", flat=True)) == [
        "submitted",
        "returned",
        "submitted",
    ]


def test_staff_without_the_change_permission_are_refused(client, org_a, plan_a):
    viewer = UserFactory(organisation=org_a, role=User.Role.PARTNER, is_staff=True)
    client.force_login(viewer)

    assert client.get(action_url(plan_a, "approve")).status_code == 403
    assert client.post(action_url(plan_a, "approve")).status_code == 403
    assert status_of(plan_a) == Status.SUBMITTED


def test_facilitators_do_not_get_into_the_back_office(client, facilitator_a, plan_a):
    client.force_login(facilitator_a)

    response = client.post(action_url(plan_a, "approve"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert status_of(plan_a) == Status.SUBMITTED


def test_the_review_queue_lists_the_submitted_plans_of_the_partner(
    client, partner_a, plan_a, plan_b, cycle_a
):
    ActionPlanFactory(cycle=cycle_a, title="Still a draft")
    client.force_login(partner_a)

    everything = client.get(reverse("admin:cycles_actionplan_changelist"))
    queue = client.get(
        reverse("admin:cycles_actionplan_changelist"), {"status__exact": "submitted"}
    )

    assert "Review queue (1 submitted)" in everything.content.decode()
    assert sorted(p.title for p in everything.context["cl"].result_list) == [
        "Safe water",
        "Still a draft",
    ]
    assert [p.title for p in queue.context["cl"].result_list] == ["Safe water"]


def test_the_plan_page_shows_money_history_and_the_review_actions(client, partner_a, plan_a):
    ContributionFactory(plan=plan_a, pledged_by="Ayil okmotu")
    client.force_login(partner_a)

    content = client.get(change_url(plan_a)).content.decode()

    # Seed 40,000 KGS against 60,000 KGS pledged locally.
    assert "<td>KGS</td><td>40000.00</td><td>60000.00</td><td>0.00</td><td>60.0%</td>" in content
    assert action_url(plan_a, "approve") in content
    assert action_url(plan_a, "return") in content
    assert action_url(plan_a, "start") not in content
    assert "Fence the stream" in content
    assert "Ayil okmotu" in content
    assert "review history" in content.lower()
    assert reverse("admin:cycles_actionplan_history", args=[plan_a.pk]) in content


def test_a_submitted_plan_cannot_be_rewritten_in_the_admin(client, partner_a, plan_a):
    client.force_login(partner_a)

    response = client.get(change_url(plan_a))

    assert 'name="objective"' not in response.content.decode()
    assert "Women can fetch water safely." in response.content.decode()
