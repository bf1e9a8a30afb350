"""Two people editing the same row: the first save wins, the second is refused with what changed.

Pages (the plan editor with its activity rows, the monitoring update, the evaluation) and the
back office (plans with their activity rows, activities, evaluations, groups) alike.
"""

import datetime

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from communities.models import Group, User
from cswg_portal.concurrency import EditConflict
from cswg_portal.roles import sync_role
from cycles.models import (
    ActionPlan,
    Cycle,
    Evaluation,
    MonitoringUpdate,
    PlanEvent,
)
from tests.cycles.factories import (
    ActionPlanFactory,
    ActivityFactory,
    ConcernFactory,
    CycleFactory,
    EvaluationFactory,
)
from tests.editing import as_shown
from tests.factories import CommunityFactory, GroupFactory, UserFactory
from tests.test_access_admin import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(org_a, programme_a, facilitator_a, colleague):
    return GroupFactory(
        name="Somonion CSWG",
        partner=org_a,
        programme=programme_a,
        facilitators=[facilitator_a, colleague],
        communities=[CommunityFactory(name="Somonion")],
    )


@pytest.fixture
def colleague(org_a):
    """A second facilitator of organisation A, working with the same group."""
    return UserFactory(
        username="colleague_a", first_name="Zarina", last_name="Karimova", organisation=org_a
    )


@pytest.fixture
def first(client, facilitator_a):
    client.force_login(facilitator_a)
    return client


@pytest.fixture
def second(colleague):
    other = Client()
    other.force_login(colleague)
    return other


@pytest.fixture
def draft(group):
    cycle = CycleFactory(group=group, number=1, step=Cycle.Step.PLANNING)
    plan = ActionPlanFactory(cycle=cycle, title="Canal cleaning")
    plan.concerns.add(ConcernFactory(cycle=cycle, status="prioritised"))
    return plan


def url(name: str, obj) -> str:
    return reverse(f"cycles:{name}", args=[obj.pk])


def editor_data(response) -> dict:
    editor = response.context["editor"]
    return as_shown(editor.form, editor.criteria, editor.activities, editor.contributions)


def errors(form) -> list[str]:
    return list(form.non_field_errors())


# The plan editor ------------------------------------------------------------------------------


def test_the_second_plan_save_is_refused_naming_what_the_first_changed(
    first, second, draft, facilitator_a
):
    mine = editor_data(first.get(url("plan-edit", draft)))
    theirs = editor_data(second.get(url("plan-edit", draft)))

    assert (
        first.post(url("plan-edit", draft), mine | {"title": "Canal cleaning, 2025"}).status_code
        == 302
    )
    response = second.post(url("plan-edit", draft), theirs | {"objective": "Water in July."})

    assert response.status_code == 200
    message = errors(response.context["editor"].form)
    assert message[0].startswith(f"{facilitator_a.get_full_name()} saved this action plan after")
    assert (
        "Title: now “Canal cleaning, 2025”; when you opened the form “Canal cleaning”." in message
    )
    assert not any(line.startswith("Objective") for line in message)
    # What the second person typed is still on the page; the first person's save stands.
    assert response.context["editor"].form["objective"].value() == "Water in July."
    draft.refresh_from_db()
    assert (draft.title, draft.objective) == (
        "Canal cleaning, 2025",
        "Women can fetch water safely.",
    )
    assert draft.version == 2


def test_the_refusal_names_who_saved_and_saving_again_keeps_what_was_typed(
    first, second, draft, facilitator_a
):
    facilitator_a.first_name, facilitator_a.last_name = "Aigul", "Toktosunova"
    facilitator_a.save()
    mine = editor_data(first.get(url("plan-edit", draft)))
    theirs = editor_data(second.get(url("plan-edit", draft)))
    first.post(url("plan-edit", draft), mine | {"title": "Canal cleaning, 2025"})

    refused = second.post(url("plan-edit", draft), theirs | {"objective": "Water in July."})
    assert (
        refused.context["editor"]
        .form.non_field_errors()[0]
        .startswith("Aigul Toktosunova saved this action plan after you opened it (last at ")
    )
    again = second.post(url("plan-edit", draft), editor_data(refused))

    assert again.status_code == 302
    draft.refresh_from_db()
    # Saving again is a choice: the page's title (as it was opened) replaces the first one's.
    assert (draft.title, draft.objective, draft.version) == ("Canal cleaning", "Water in July.", 3)


def test_a_changed_activity_row_is_refused_on_its_own_row(first, second, draft):
    activity = ActivityFactory(plan=draft, title="Clean the canal", responsible="Water users")
    mine = editor_data(first.get(url("plan-edit", draft)))
    theirs = editor_data(second.get(url("plan-edit", draft)))

    first.post(url("plan-edit", draft), mine | {"activities-0-title": "Clean the upper canal"})
    response = second.post(
        url("plan-edit", draft), theirs | {"activities-0-responsible": "Ayil okmotu"}
    )

    assert response.status_code == 200
    row = response.context["editor"].activities.forms[0]
    assert "Title: now “Clean the upper canal”; when you opened the form “Clean the canal”." in (
        row.non_field_errors()
    )
    assert row["responsible"].value() == "Ayil okmotu"
    activity.refresh_from_db()
    assert (activity.title, activity.responsible) == ("Clean the upper canal", "Water users")


def test_a_plan_changed_only_in_its_rows_is_refused_with_that_said(first, second, draft):
    mine = editor_data(first.get(url("plan-edit", draft)))
    theirs = editor_data(second.get(url("plan-edit", draft)))
    criterion = {
        "criteria-TOTAL_FORMS": "1",
        "criteria-0-description": "Water in July",
        "criteria-0-baseline": "Dry from June",
        "criteria-0-target": "Water all summer",
    }

    assert first.post(url("plan-edit", draft), mine | criterion).status_code == 302
    response = second.post(url("plan-edit", draft), theirs | {"title": "Canal and lights"})

    assert response.status_code == 200
    assert (
        "No field of it changed: other parts of the record did (its rows)."
        in response.context["editor"].form.non_field_errors()
    )
    draft.refresh_from_db()
    assert (draft.title, draft.criteria.count()) == ("Canal cleaning", 1)


def test_a_retried_plan_save_goes_through_once_more_without_a_refusal(first, draft):
    data = editor_data(first.get(url("plan-edit", draft))) | {"title": "Canal cleaning, 2025"}

    assert first.post(url("plan-edit", draft), data).status_code == 302
    assert first.post(url("plan-edit", draft), data).status_code == 302

    draft.refresh_from_db()
    assert draft.title == "Canal cleaning, 2025"


def test_a_save_without_the_version_is_refused_then_accepted_once_seen(first, draft):
    data = editor_data(first.get(url("plan-edit", draft))) | {"title": "Canal cleaning, 2025"}
    del data["version"]

    refused = first.post(url("plan-edit", draft), data)

    assert refused.status_code == 200
    assert "This page was opened before the portal checked" in refused.text
    draft.refresh_from_db()
    assert draft.title == "Canal cleaning"
    assert first.post(url("plan-edit", draft), editor_data(refused)).status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Canal cleaning, 2025"


def test_a_concern_chosen_meanwhile_is_named_in_the_refusal(first, second, draft):
    extra = ConcernFactory(
        cycle=draft.cycle, title="Dark street by the school", status="prioritised"
    )
    before = list(draft.concerns.values_list("pk", flat=True))
    mine = editor_data(first.get(url("plan-edit", draft)))
    theirs = editor_data(second.get(url("plan-edit", draft)))

    first.post(url("plan-edit", draft), mine | {"concerns": [*before, extra.pk]})
    response = second.post(url("plan-edit", draft), theirs | {"title": "Canal and lights"})

    lines = [
        line for line in response.context["editor"].form.non_field_errors() if "Concerns" in line
    ]
    assert len(lines) == 1 and "Dark street by the school" in lines[0].split(";")[0]


# The monitoring update and the evaluation --------------------------------------------------------


@pytest.fixture
def activity(group):
    cycle = CycleFactory(group=group, number=1, step=Cycle.Step.IMPLEMENTATION)
    plan = ActionPlanFactory(cycle=cycle, status=ActionPlan.Status.IN_PROGRESS)
    return ActivityFactory(plan=plan, title="Fence along the stream")


def update_page_data(response, **changes) -> dict:
    context = response.context
    data = as_shown(context["form"], context["reach"])
    return data | {"reported_on": "2014-05-20", "progress": "Half of the fence stands."} | changes


def test_the_second_monitoring_update_is_refused_when_the_activity_moved_on(
    first, second, activity
):
    mine = update_page_data(first.get(url("activity-update", activity)), status="in_progress")
    theirs = update_page_data(second.get(url("activity-update", activity)), status="done")

    assert first.post(url("activity-update", activity), mine).status_code == 302
    response = second.post(url("activity-update", activity), theirs)

    assert response.status_code == 200
    assert "Status: now “In progress”; when you opened the form “Planned”." in (
        response.context["form"].non_field_errors()
    )
    assert response.context["form"]["progress"].value() == "Half of the fence stands."
    assert MonitoringUpdate.objects.filter(activity=activity).count() == 1
    activity.refresh_from_db()
    assert activity.status == "in_progress"


@pytest.fixture
def evaluated(group):
    cycle = CycleFactory(group=group, number=1, step=Cycle.Step.EVALUATION)
    return EvaluationFactory(cycle=cycle, lessons="Ask the women first.")


def evaluation_page_data(response, **changes) -> dict:
    return as_shown(response.context["form"]) | changes


def test_the_second_evaluation_save_is_refused(first, second, evaluated):
    page = url("evaluation", evaluated.cycle)
    mine = evaluation_page_data(first.get(page), lessons="Ask the youth too.")
    theirs = evaluation_page_data(second.get(page), what_worked="The fence.")

    assert first.post(page, mine).status_code == 302
    response = second.post(page, theirs)

    assert response.status_code == 200
    assert (
        "Lessons: now “Ask the youth too.”; when you opened the form “Ask the women first.”."
        in response.context["form"].non_field_errors()
    )
    evaluated.refresh_from_db()
    assert (evaluated.lessons, evaluated.what_worked) == (
        "Ask the youth too.",
        "Working with the shepherds.",
    )


def test_an_evaluation_recorded_meanwhile_is_not_recorded_over(first, second, group):
    cycle = CycleFactory(group=group, number=1, step=Cycle.Step.EVALUATION)
    page = url("evaluation", cycle)
    base = {
        "held_on": "2014-11-15",
        "participants": "Group members.",
        "safety_before": "2",
        "safety_after": "4",
    }
    mine = evaluation_page_data(first.get(page), **base, lessons="Mine")
    theirs = evaluation_page_data(second.get(page), **base, lessons="Theirs")

    assert first.post(page, mine).status_code == 302
    response = second.post(page, theirs)

    assert response.status_code == 200
    assert "Lessons: now “Mine”; when you opened the form “(empty)”." in (
        response.context["form"].non_field_errors()
    )
    assert Evaluation.objects.get(cycle=cycle).lessons == "Mine"


# The back office ---------------------------------------------------------------------------------


@pytest.fixture
def reviewer(org_a):
    user = UserFactory(
        username="partner_a2", organisation=org_a, role=User.Role.PARTNER, is_staff=True
    )
    sync_role(user)
    return user


@pytest.fixture
def partners(partner_a, reviewer) -> tuple[Client, Client]:
    """Two partner staff of organisation A: they edit plans and groups."""
    return signed_in(partner_a), signed_in(reviewer)


@pytest.fixture
def administrators(superuser) -> tuple[Client, Client]:
    """Two administrators: activities and evaluations are theirs to correct."""
    other = UserFactory(
        username="root2", organisation=None, role=User.Role.ADMIN, is_staff=True, is_superuser=True
    )
    return signed_in(superuser), signed_in(other)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def admin_change(row) -> str:
    opts = row._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[row.pk])


def make_plan(group):
    return ActionPlanFactory(
        cycle=CycleFactory(group=group, step=Cycle.Step.PLANNING), title="Lights"
    )


def make_activity(group):
    return ActivityFactory(plan=make_plan(group), title="Lights", responsible="Elders")


def make_evaluation(group):
    cycle = CycleFactory(group=group, step=Cycle.Step.EVALUATION)
    return EvaluationFactory(cycle=cycle, lessons="Lights")


def make_group(group):
    return group


@pytest.mark.parametrize(
    ("people", "make", "field", "theirs", "label"),
    [
        ("partners", make_plan, "title", ("objective", "Changed too"), "Title"),
        ("administrators", make_activity, "title", ("responsible", "Youth committee"), "Title"),
        ("administrators", make_evaluation, "lessons", ("what_worked", "Changed too"), "Lessons"),
        ("partners", make_group, "name", ("established", "2012-01-01"), "Name"),
    ],
)
def test_the_back_office_refuses_the_second_save_the_same_way(
    request, group, people, make, field, theirs, label
):
    row = make(group)
    old = getattr(row, field)
    client, other = request.getfixturevalue(people)
    mine = form_data(client.get(admin_change(row)))
    their_data = form_data(other.get(admin_change(row)))

    assert client.post(admin_change(row), mine | {field: "Street lights"}).status_code == 302
    response = other.post(admin_change(row), their_data | {theirs[0]: theirs[1]})

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert (
        f"{label}: now “Street lights”; when you opened the form “{old}”."
        in form.non_field_errors()
    )
    assert "Street lights" in response.text
    row.refresh_from_db()
    assert getattr(row, field) == "Street lights"
    assert str(getattr(row, theirs[0])) != theirs[1]


def test_an_activity_row_of_the_plan_page_is_refused_after_the_activity_page_saved(
    administrators, group
):
    activity = make_activity(group)
    client, other = administrators
    plan_page = form_data(other.get(admin_change(activity.plan)))
    row = next(
        name for name, value in plan_page.items() if value == activity.pk and name.endswith("-id")
    )
    prefix = row.removesuffix("-id")

    client.post(
        admin_change(activity),
        form_data(client.get(admin_change(activity))) | {"title": "Street lights"},
    )
    response = other.post(
        admin_change(activity.plan), plan_page | {f"{prefix}-responsible": "Youth"}
    )

    assert response.status_code == 200
    inline = response.context["inline_admin_formsets"][1].formset.forms[0]
    assert (
        "Title: now “Street lights”; when you opened the form “Lights”."
        in inline.non_field_errors()
    )
    activity.refresh_from_db()
    assert (activity.title, activity.responsible) == ("Street lights", "Elders")


def test_the_revert_page_carries_the_version_of_the_row_now(client, partner_a, group):
    plan = make_plan(group)
    client.force_login(partner_a)
    client.post(
        admin_change(plan), form_data(client.get(admin_change(plan))) | {"title": "Street lights"}
    )
    first = plan.history.order_by("history_date").first()
    revert = reverse("admin:cycles_actionplan_simple_history", args=[plan.pk, first.history_id])

    response = client.post(revert, form_data(client.get(revert)))

    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.title, plan.version) == ("Lights", 3)


# Versions ----------------------------------------------------------------------------------------


def test_every_save_raises_the_version_and_history_keeps_it(draft, facilitator_a):
    assert draft.version == 1
    draft.title = "Canal cleaning, 2025"
    draft.save()
    draft.status = ActionPlan.Status.SUBMITTED
    draft.save(update_fields=["status"])

    assert (draft.version, ActionPlan.objects.get(pk=draft.pk).version) == (3, 3)
    # Choosing the concerns adds a record of its own, at the version of the save before it.
    assert sorted(set(draft.history.values_list("version", flat=True))) == [1, 2, 3]


def test_an_expected_version_the_row_moved_past_refuses_the_save(draft):
    stale = ActionPlan.objects.get(pk=draft.pk)
    draft.title = "First"
    draft.save()

    stale.title = "Second"
    stale.expect_version(1)
    with (
        pytest.raises(EditConflict, match="Someone else saved this action plan"),
        transaction.atomic(),
    ):
        stale.save()
    assert ActionPlan.objects.get(pk=draft.pk).title == "First"


def test_saving_some_fields_of_a_group_raises_its_version_too(group):
    before = Group.objects.get(pk=group.pk).version
    group.established = datetime.date(2012, 1, 1)
    group.save(update_fields=["established"])

    assert Group.objects.get(pk=group.pk).version == before + 1


# Status changes by button cannot apply twice -----------------------------------------------------


def test_submitting_a_plan_twice_submits_it_once(first, draft):
    ActivityFactory(plan=draft)
    draft.criteria.create(description="Water in July", baseline="None", target="All summer")

    assert first.post(url("plan-submit", draft), {"comment": ""}).status_code == 302
    again = first.post(url("plan-submit", draft), {"comment": ""})

    assert again.status_code == 200
    assert "only a draft or returned plan can be submitted." in again.text
    assert PlanEvent.objects.filter(plan=draft, to_status="submitted").count() == 1


def test_approving_a_plan_twice_in_the_back_office_approves_it_once(client, partner_a, group):
    plan = make_plan(group)
    plan.status = ActionPlan.Status.SUBMITTED
    plan.save()
    client.force_login(partner_a)
    approve = reverse("admin:cycles_actionplan_approve", args=[plan.pk])

    assert client.post(approve, {"comment": "Good."}).status_code == 302
    again = client.post(approve, {"comment": "Good."})

    assert again.status_code == 200
    assert "Only a submitted plan can be approved; this one is approved." in again.text
    assert PlanEvent.objects.filter(plan=plan, to_status="approved").count() == 1


def test_a_groups_communities_changed_meanwhile_are_named(partners, group, org_a, programme_a):
    client, other = partners
    moved_to = CommunityFactory(name="Kok-Tash")
    for community in [moved_to, group.communities.get()]:
        community.programmes.add(programme_a)
    mine = form_data(client.get(admin_change(group)))
    theirs = form_data(other.get(admin_change(group)))

    assert (
        client.post(admin_change(group), mine | {"communities": [moved_to.pk]}).status_code == 302
    )
    response = other.post(admin_change(group), theirs | {"name": "Somonion LCPC"})

    lines = response.context["adminform"].form.non_field_errors()
    assert "Communities: now “Kok-Tash”; when you opened the form “Somonion”." in lines
    group.refresh_from_db()
    assert group.name == "Somonion CSWG"


def test_a_community_outside_the_readers_scope_is_not_named(partners, group, programme_a):
    client, other = partners
    moved_to = CommunityFactory(name="Kok-Tash")
    moved_to.programmes.add(programme_a)  # Somonion itself is in none of A's programmes
    mine = form_data(client.get(admin_change(group)))
    theirs = form_data(other.get(admin_change(group)))

    client.post(admin_change(group), mine | {"communities": [moved_to.pk]})
    response = other.post(admin_change(group), theirs | {"name": "Somonion LCPC"})

    lines = response.context["adminform"].form.non_field_errors()
    assert "Communities: now “Kok-Tash”; when you opened the form “(one you cannot see)”." in lines
    assert not any("Somonion”" in line for line in lines)


def test_a_field_changed_elsewhere_on_the_page_is_named_too(first, second, activity):
    mine = update_page_data(first.get(url("activity-update", activity)), status="in_progress")
    theirs = update_page_data(second.get(url("activity-update", activity)), status="in_progress")
    activity.title = "Fence and gate along the stream"
    activity.save()

    response = first.post(url("activity-update", activity), mine)

    assert (
        "Title: now “Fence and gate along the stream”; when you opened the form "
        "“Fence along the stream”." in response.context["form"].non_field_errors()
    )
    assert second.post(url("activity-update", activity), theirs).status_code == 200
