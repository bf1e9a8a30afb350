"""Real races on PostgreSQL: two requests at the same moment, each on its own connection.

The services are slowed down inside their transaction so that the two requests overlap for
certain; the row locks and unique constraints, not luck, must decide the outcome.
"""

import threading
import time

import pytest
from django.contrib.messages import get_messages
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from cycles import services
from cycles.models import ActionPlan, Consultation, Cycle, Evaluation, PlanEvent
from cycles.services import plans as plan_services
from tests.cycles.factories import ActionPlanFactory, ConcernFactory, CycleFactory
from tests.editing import as_shown
from tests.factories import GroupFactory, UserFactory

PAUSE = 0.5


@pytest.fixture(autouse=True)
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("Row locks and concurrent transactions are tested on PostgreSQL.")


def at_once(*calls):
    """Run the calls in threads released together; their results, in order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def slowed(function):
    """`function`, pausing after it (still inside the request's transaction, when the caller
    holds one) so that the other request runs into its locks."""

    def slow(*args, **kwargs):
        result = function(*args, **kwargs)
        time.sleep(PAUSE)
        return result

    return slow


def delayed(function):
    """`function`, pausing before it: both requests have passed their checks by then."""

    def slow(*args, **kwargs):
        time.sleep(PAUSE)
        return function(*args, **kwargs)

    return slow


@pytest.fixture
def people(transactional_db, org_a, programme_a, facilitator_a):
    colleague = UserFactory(username="colleague_a", organisation=org_a)
    group = GroupFactory(
        name="Somonion CSWG",
        partner=org_a,
        programme=programme_a,
        facilitators=[facilitator_a, colleague],
    )
    return group, facilitator_a, colleague


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_one_consultation_from_the_same_post_sent_twice_at_once(people, monkeypatch):
    group, facilitator, _colleague = people
    client = signed_in(facilitator)
    url = reverse("cycles:consultation-add", args=[group.pk])
    page = client.get(url)
    data = as_shown(page.context["form"], page.context["attendance"], page.context["ethnic"]) | {
        "held_on": "2014-04-10",
        "attendance-female_18_28": "12",
    }
    monkeypatch.setattr(services, "record_consultation", slowed(services.record_consultation))

    answers = at_once(lambda: client.post(url, data), lambda: client.post(url, data))

    consultation = Consultation.objects.get(group=group)
    assert [answer.status_code for answer in answers] == [302, 302]
    assert {answer.url for answer in answers} == {consultation.get_absolute_url()}
    notes = [[str(message) for message in get_messages(answer.wsgi_request)] for answer in answers]
    assert sorted("This was already saved; it is not saved twice." in note for note in notes) == [
        False,
        True,
    ]


def test_two_plan_saves_at_once_one_wins_and_the_other_is_refused(people, monkeypatch):
    group, facilitator, colleague = people
    cycle = CycleFactory(group=group, number=1, step=Cycle.Step.PLANNING)
    plan = ActionPlanFactory(cycle=cycle, title="Canal cleaning")
    plan.concerns.add(ConcernFactory(cycle=cycle, status="prioritised"))
    url = reverse("cycles:plan-edit", args=[plan.pk])
    mine, theirs = signed_in(facilitator), signed_in(colleague)

    def editor_data(client):
        editor = client.get(url).context["editor"]
        return as_shown(editor.form, editor.criteria, editor.activities, editor.contributions)

    my_data, their_data = editor_data(mine), editor_data(theirs)
    monkeypatch.setattr(services, "save_plan", delayed(services.save_plan))

    answers = at_once(
        lambda: mine.post(url, my_data | {"title": "Mine"}),
        lambda: theirs.post(url, their_data | {"title": "Theirs"}),
    )

    assert sorted(answer.status_code for answer in answers) == [200, 302]
    winner = "Mine" if answers[0].status_code == 302 else "Theirs"
    refused = next(answer for answer in answers if answer.status_code == 200)
    lines = refused.context["editor"].form.non_field_errors()
    assert f"Title: now “{winner}”; when you opened the form “Canal cleaning”." in lines
    plan.refresh_from_db()
    assert (plan.title, plan.version) == (winner, 2)


def test_two_approvals_at_once_approve_the_plan_once(people, partner_a, monkeypatch):
    group, _facilitator, _colleague = people
    plan = ActionPlanFactory(
        cycle=CycleFactory(group=group, step=Cycle.Step.PLANNING),
        status=ActionPlan.Status.SUBMITTED,
    )
    url = reverse("admin:cycles_actionplan_approve", args=[plan.pk])
    monkeypatch.setattr(plan_services, "_move", slowed(plan_services._move))
    first, second = signed_in(partner_a), signed_in(partner_a)

    answers = at_once(
        lambda: first.post(url, {"comment": "Good."}),
        lambda: second.post(url, {"comment": "Good."}),
    )

    assert sorted(answer.status_code for answer in answers) == [200, 302]
    assert PlanEvent.objects.filter(plan=plan, to_status="approved").count() == 1
    refused = next(answer for answer in answers if answer.status_code == 200)
    assert "Only a submitted plan can be approved; this one is approved." in refused.text


def test_two_evaluations_recorded_at_once_record_one(people, monkeypatch):
    group, facilitator, colleague = people
    cycle = CycleFactory(group=group, number=1, step=Cycle.Step.EVALUATION)
    url = reverse("cycles:evaluation", args=[cycle.pk])
    mine, theirs = signed_in(facilitator), signed_in(colleague)
    fields = {
        "held_on": "2014-11-15",
        "participants": "Group members.",
        "safety_before": "2",
        "safety_after": "4",
    }
    my_data = as_shown(mine.get(url).context["form"]) | fields | {"lessons": "Mine"}
    their_data = as_shown(theirs.get(url).context["form"]) | fields | {"lessons": "Theirs"}
    monkeypatch.setattr(services, "record_evaluation", delayed(services.record_evaluation))

    answers = at_once(lambda: mine.post(url, my_data), lambda: theirs.post(url, their_data))

    assert sorted(answer.status_code for answer in answers) == [200, 302]
    refused = next(answer for answer in answers if answer.status_code == 200)
    assert refused.context["form"].non_field_errors() == [
        "Someone else recorded this cycle's evaluation meanwhile: open the page again."
    ]
    assert Evaluation.objects.filter(cycle=cycle).count() == 1
