"""A create form sent twice (a retry on a bad connection, a double click) creates one record."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from communities.models import Membership
from cswg_portal.models import Submission
from cswg_portal.submissions import TOKEN_FIELD
from cycles.models import (
    ActionPlan,
    ActivityReach,
    Commitment,
    Concern,
    Consultation,
    Cycle,
    Evaluation,
    MonitoringUpdate,
)
from tests.cycles.factories import (
    ActionPlanFactory,
    ActivityFactory,
    ConcernFactory,
    ConsultationFactory,
    CycleFactory,
)
from tests.editing import as_shown
from tests.factories import GroupFactory, MembershipFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

ALREADY = "This was already saved; it is not saved twice."


@pytest.fixture
def group(org_a, programme_a, facilitator_a):
    return GroupFactory(
        name="Somonion CSWG", partner=org_a, programme=programme_a, facilitators=[facilitator_a]
    )


@pytest.fixture
def signed_in(client, facilitator_a):
    client.force_login(facilitator_a)
    return client


def cycles_url(name: str, obj) -> str:
    return reverse(f"cycles:{name}", args=[obj.pk])


def twice(client: Client, url: str, data: dict):
    """Post the same data twice; the second answer, followed to where it leads."""
    first = client.post(url, data)
    assert first.status_code == 302
    second = client.post(url, data, follow=True)
    return first, second


def assert_sent_back(first, second) -> None:
    """The retry lands where the first POST went, saying it was saved already."""
    assert second.redirect_chain[0] == (first.url, 302)
    assert ALREADY in [str(message) for message in get_messages(second.wsgi_request)]


def consultation_data(page) -> dict:
    context = page.context
    parts = [context["form"], context["attendance"], context["ethnic"], context["concerns"]]
    return as_shown(*[part for part in parts if part is not None]) | {
        "held_on": "2014-04-10",
        "place": "Somonion school hall",
        "attendance-female_18_28": "12",
        "attendance-male_60plus": "2",
        "concerns-0-title": "Wolves at the water stream",
        "concerns-0-category": Concern.Category.NATURAL_RESOURCES,
        "concerns-0-raised_by": ["women"],
        "concerns-0-sensitivity": "normal",
    }


def test_a_consultation_sent_twice_is_recorded_once_with_its_attendance_and_concern(
    signed_in, group
):
    cycle = CycleFactory(group=group, number=1, step=Cycle.Step.PRIORITISATION)
    url = reverse("cycles:consultation-add", args=[group.pk])
    data = consultation_data(signed_in.get(url))

    first, second = twice(signed_in, url, data)

    consultation = Consultation.objects.get(group=group)
    assert first.url == consultation.get_absolute_url()
    assert_sent_back(first, second)
    assert sum(row.count for row in consultation.attendance.all()) == 14
    assert list(Concern.objects.filter(cycle=cycle).values_list("title", flat=True)) == [
        "Wolves at the water stream"
    ]


def test_each_page_load_gets_its_own_token(signed_in, group):
    url = reverse("cycles:consultation-add", args=[group.pk])

    signed_in.post(url, consultation_data(signed_in.get(url)))
    signed_in.post(url, consultation_data(signed_in.get(url)))

    assert Consultation.objects.filter(group=group).count() == 2


def test_a_refused_first_post_does_not_use_up_the_token(signed_in, group):
    url = reverse("cycles:consultation-add", args=[group.pk])
    data = consultation_data(signed_in.get(url))

    refused = signed_in.post(url, data | {"held_on": "2099-01-01"})
    accepted = signed_in.post(url, data)

    assert refused.status_code == 200
    assert accepted.status_code == 302
    assert Consultation.objects.filter(group=group).count() == 1


def test_a_post_without_a_token_is_not_checked_for_repeats(signed_in, group):
    url = reverse("cycles:consultation-add", args=[group.pk])
    data = consultation_data(signed_in.get(url))
    del data[TOKEN_FIELD]

    signed_in.post(url, data)
    signed_in.post(url, data)

    assert Consultation.objects.filter(group=group).count() == 2


def test_someone_elses_token_is_not_theirs_to_reuse(signed_in, group, org_a):
    url = reverse("cycles:consultation-add", args=[group.pk])
    data = consultation_data(signed_in.get(url))
    signed_in.post(url, data)
    colleague = UserFactory(username="colleague_a", organisation=org_a)
    group.facilitators.add(colleague)
    other = Client()
    other.force_login(colleague)

    response = other.post(url, data)

    assert response.status_code == 302
    assert Consultation.objects.filter(group=group).count() == 2
    assert Submission.objects.filter(token=data[TOKEN_FIELD]).count() == 2


def test_a_commitment_sent_twice_is_recorded_once(signed_in, group):
    consultation = ConsultationFactory(group=group)
    page = signed_in.get(consultation.get_absolute_url())
    data = as_shown(page.context["commitment_form"]) | {
        "body": "police",
        "made_by": "Neighbourhood inspector",
        "what": "A patrol at the stream at dusk.",
    }

    first, second = twice(signed_in, cycles_url("commitment-add", consultation), data)

    assert Commitment.objects.filter(consultation=consultation).count() == 1
    assert_sent_back(first, second)


def test_a_monitoring_update_sent_twice_counts_its_people_once(signed_in, group):
    cycle = CycleFactory(group=group, number=1, step=Cycle.Step.IMPLEMENTATION)
    plan = ActionPlanFactory(cycle=cycle, status=ActionPlan.Status.IN_PROGRESS)
    activity = ActivityFactory(plan=plan)
    url = cycles_url("activity-update", activity)
    page = signed_in.get(url)
    data = as_shown(page.context["form"], page.context["reach"]) | {
        "reported_on": "2014-05-20",
        "status": "in_progress",
        "progress": "Half of the fence stands.",
        "reach-female_18_28": "9",
    }

    first, second = twice(signed_in, url, data)

    assert MonitoringUpdate.objects.filter(activity=activity).count() == 1
    assert ActivityReach.objects.get(activity=activity).count == 9
    assert_sent_back(first, second)


def test_a_member_added_twice_is_added_once(signed_in, group, org_a, facilitator_a):
    person = PersonFactory(full_name="Gulnara Asanova", organisation=org_a)
    # A facilitator sees the people of the groups they work with.
    MembershipFactory(
        person=person, group=GroupFactory(partner=org_a, facilitators=[facilitator_a])
    )
    url = reverse("communities:membership-add", args=[group.pk])
    page = signed_in.get(url)
    data = as_shown(page.context["form"]) | {
        "person": person.pk,
        "role": "secretary",
        "sector": "womens_council",
        "start": "2015-04-01",
    }

    first, second = twice(signed_in, url, data)

    assert Membership.objects.filter(group=group, person=person).count() == 1
    assert_sent_back(first, second)


def test_a_plan_created_twice_is_created_once(signed_in, group):
    cycle = CycleFactory(group=group, number=1, step=Cycle.Step.PLANNING)
    water = ConcernFactory(cycle=cycle, status=Concern.Status.PRIORITISED)
    url = cycles_url("plan-add", cycle)
    editor = signed_in.get(url).context["editor"]
    data = as_shown(editor.form, editor.criteria, editor.activities, editor.contributions) | {
        "title": "Canal cleaning",
        "objective": "Water reaches the lower fields in July.",
        "concerns": [water.pk],
    }

    first, second = twice(signed_in, url, data)

    assert ActionPlan.objects.filter(cycle=cycle).count() == 1
    assert_sent_back(first, second)


def test_an_evaluation_sent_twice_is_recorded_once_without_a_refusal(signed_in, group):
    cycle = CycleFactory(group=group, number=1, step=Cycle.Step.EVALUATION)
    url = cycles_url("evaluation", cycle)
    data = as_shown(signed_in.get(url).context["form"]) | {
        "held_on": "2014-11-15",
        "participants": "Group members.",
        "safety_before": "2",
        "safety_after": "4",
    }

    first, second = twice(signed_in, url, data)

    assert Evaluation.objects.filter(cycle=cycle).count() == 1
    assert_sent_back(first, second)


def test_a_cycle_started_twice_starts_once(signed_in, group):
    url = reverse("cycles:cycle-start", args=[group.pk])
    data = as_shown(signed_in.get(url).context["form"]) | {"started_on": "2014-03-01"}

    first, second = twice(signed_in, url, data)

    assert Cycle.objects.filter(group=group).count() == 1
    assert_sent_back(first, second)


def test_the_next_cycle_started_twice_starts_once(signed_in, group):
    closed = CycleFactory(
        group=group,
        number=1,
        step=Cycle.Step.EVALUATION,
        started_on=datetime.date(2014, 1, 1),
        closed_on=datetime.date(2014, 12, 1),
    )
    url = cycles_url("cycle-next", closed)
    data = as_shown(signed_in.get(url).context["form"]) | {"started_on": "2015-01-10"}

    first, second = twice(signed_in, url, data)

    assert Cycle.objects.filter(group=group).count() == 2
    assert_sent_back(first, second)


def test_closing_a_cycle_twice_closes_it_once(signed_in, group):
    cycle = CycleFactory(group=group, number=1, step=Cycle.Step.EVALUATION)
    Evaluation.objects.create(
        cycle=cycle,
        held_on=cycle.started_on,
        participants="Group members.",
        safety_before=2,
        safety_after=4,
    )
    url = cycles_url("cycle-close", cycle)

    first = signed_in.post(url, {"closed_on": "2014-12-01"})
    second = signed_in.post(url, {"closed_on": "2014-12-02"})

    assert (first.status_code, second.status_code) == (302, 200)
    cycle.refresh_from_db()
    assert cycle.closed_on.isoformat() == "2014-12-01"
    assert cycle.step_changes.filter(action="closed").count() == 1
