"""The action plan editor, the plan page and submitting a plan for review."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.html import escape

from communities.models import Currency
from cycles import services
from cycles.forms.plans import MAX_PLAN_ROWS, PlanEditor
from cycles.models import (
    ActionPlan,
    Activity,
    Concern,
    Contribution,
    PlanEvent,
    SensitiveConcernRead,
    SuccessCriterion,
)
from tests.cycles.factories import (
    ActionPlanFactory,
    ActivityFactory,
    ConcernFactory,
    ContributionFactory,
    CycleFactory,
    PlanEventFactory,
    SuccessCriterionFactory,
)
from tests.editing import opened

pytestmark = pytest.mark.django_db

PRIORITISED = Concern.Status.PRIORITISED


@pytest.fixture
def signed_in(client, facilitator_a):
    client.force_login(facilitator_a)
    return client


@pytest.fixture
def water(cycle_a):
    return ConcernFactory(cycle=cycle_a, title="Water for the lower fields", status=PRIORITISED)


@pytest.fixture
def draft(cycle_a, water, facilitator_a):
    plan = ActionPlanFactory(cycle=cycle_a, title="Canal cleaning")
    plan.concerns.add(water)
    PlanEventFactory(plan=plan, by=facilitator_a)
    return plan


def url(name: str, obj) -> str:
    return reverse(f"cycles:{name}", args=[obj.pk])


def management(prefix: str, total: int, initial: int = 0) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def plan_data(concerns=(), **fields) -> dict:
    """A new plan with no rows; add rows with `row()`."""
    data = {
        "title": "Canal cleaning",
        "objective": "Water reaches the lower fields in July.",
        "concerns": [concern.pk for concern in concerns],
        "harm_risks": "Upper-village farmers could feel blamed.",
        "tension_avoidance": "Both villages clean the canal together.",
        **management("criteria", 0),
        **management("activities", 0),
        **management("contributions", 0),
    }
    data.update(fields)
    return data


def row(data: dict, prefix: str, **fields) -> dict:
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
    data.update({f"{prefix}-{index}-{name}": value for name, value in fields.items()})
    return data


def activity_row(data: dict, **fields) -> dict:
    values = {
        "title": "Clean the canal",
        "kind": Activity.Kind.SMALL_WORKS,
        "responsible": "Water users' association",
        "planned_start": "2025-05-01",
        "planned_end": "2025-05-10",
        "seed_grant": "40000",
        "seed_grant_currency": Currency.KGS,
    }
    return row(data, "activities", **(values | fields))


def contribution_row(data: dict, **fields) -> dict:
    values = {
        "source": Contribution.Source.COMMUNITY_LABOUR,
        "kind": Contribution.Kind.IN_KIND,
        "pledged_by": "Mahalla committee",
        "description": "Forty people for three days",
        "value_pledged": "12000",
        "currency": Currency.KGS,
    }
    return row(data, "contributions", **(values | fields))


def existing_rows(data: dict, plan: ActionPlan) -> dict:
    """The POST of the editor as it shows `plan`: one row per existing part, unchanged."""
    data.update(opened(plan))
    for prefix, parts, fields in [
        ("criteria", plan.criteria.all(), ["description", "baseline", "target"]),
        (
            "activities",
            plan.activities.all(),
            ["title", "kind", "responsible", "seed_grant", "seed_grant_currency"],
        ),
        (
            "contributions",
            plan.contributions.all(),
            ["source", "kind", "pledged_by", "value_pledged", "currency"],
        ),
    ]:
        parts = list(parts)
        data.update(management(prefix, len(parts), initial=len(parts)))
        for index, part in enumerate(parts):
            data[f"{prefix}-{index}-id"] = str(part.pk)
            data[f"{prefix}-{index}-plan"] = str(plan.pk)
            if prefix == "activities":
                data.update(opened(part, f"{prefix}-{index}"))
            for name in fields:
                value = getattr(part, name)
                data[f"{prefix}-{index}-{name}"] = "" if value is None else str(value)
    return data


# Creating a plan ---------------------------------------------------------------------------


def test_a_new_plan_is_stored_with_its_criteria_activities_and_contribution(
    signed_in, cycle_a, water, facilitator_a
):
    data = plan_data([water])
    row(data, "criteria", description="Water in July", baseline="Dry for 3 weeks", target="Dry 0")
    activity_row(data)
    activity_row(
        data,
        title="Round table with both villages",
        kind=Activity.Kind.ROUND_TABLE,
        seed_grant="150.50",
        seed_grant_currency=Currency.TJS,
        planned_start="",
        planned_end="",
    )
    contribution_row(data)

    response = signed_in.post(url("plan-add", cycle_a), data)

    plan = ActionPlan.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("plan-detail", plan)
    assert (plan.cycle, plan.title, plan.status) == (cycle_a, "Canal cleaning", "draft")
    assert plan.harm_risks == "Upper-village farmers could feel blamed."
    assert list(plan.concerns.all()) == [water]
    assert list(plan.criteria.values_list("description", "baseline", "target")) == [
        ("Water in July", "Dry for 3 weeks", "Dry 0")
    ]
    assert sorted(
        plan.activities.values_list(
            "title", "kind", "planned_start", "seed_grant", "seed_grant_currency"
        )
    ) == [
        (
            "Clean the canal",
            "small_works",
            datetime.date(2025, 5, 1),
            Decimal("40000.00"),
            "KGS",
        ),
        ("Round table with both villages", "round_table", None, Decimal("150.50"), "TJS"),
    ]
    assert list(
        plan.contributions.values_list("source", "kind", "pledged_by", "value_pledged", "currency")
    ) == [("community_labour", "in_kind", "Mahalla committee", Decimal("12000.00"), "KGS")]
    event = PlanEvent.objects.get(plan=plan)
    assert (event.from_status, event.to_status, event.by) == ("", "draft", facilitator_a)


def test_empty_extra_rows_are_ignored(signed_in, cycle_a):
    data = plan_data()
    row(data, "criteria", description="", baseline="", target="")
    activity_row(
        data,
        title="",
        kind="",
        responsible="",
        planned_start="",
        planned_end="",
        seed_grant="",
        seed_grant_currency="",
    )

    response = signed_in.post(url("plan-add", cycle_a), data)

    assert response.status_code == 302
    assert ActionPlan.objects.count() == 1
    assert (SuccessCriterion.objects.count(), Activity.objects.count()) == (0, 0)


def test_the_editor_offers_the_cycles_prioritised_concerns_only(signed_in, cycle_a, water):
    ConcernFactory(cycle=cycle_a, title="Unprioritised rubbish dump")
    ConcernFactory(title="A concern of another cycle", status=PRIORITISED)

    response = signed_in.get(url("plan-add", cycle_a))

    choices = list(response.context["editor"].form.fields["concerns"].queryset)
    assert choices == [water]
    assert "Water for the lower fields" in response.text
    assert "Unprioritised rubbish dump" not in response.text
    assert 'name="title"' in response.text and "autofocus" in response.text


def test_an_invalid_activity_row_saves_nothing_and_keeps_what_was_typed(signed_in, cycle_a, water):
    data = plan_data([water], title="Street lights for the bazaar road")
    row(data, "criteria", description="Lit road", baseline="Dark", target="Lit")
    activity_row(data, title="Buy the lamps")
    activity_row(
        data,
        title="Install the lamps",
        planned_start="2025-06-10",
        planned_end="2025-06-01",
        seed_grant="12345678901234",
    )
    contribution_row(data, pledged_by="Bazaar traders")

    response = signed_in.post(url("plan-add", cycle_a), data)

    assert response.status_code == 200
    assert ActionPlan.objects.count() == 0
    assert SuccessCriterion.objects.count() == Activity.objects.count() == 0
    assert Contribution.objects.count() == 0
    second = response.context["editor"].activities.forms[1]
    assert "planned_end" in second.errors and "seed_grant" in second.errors
    assert "The planned end cannot be before the planned start." in response.text
    for typed in [
        "Street lights for the bazaar road",
        "Buy the lamps",
        "Install the lamps",
        "Bazaar traders",
        "Lit road",
        "12345678901234",
    ]:
        assert typed in response.text
    assert 'name="activities-1-planned_start"' in response.text
    assert response.text.count("autofocus") == 1


@pytest.mark.parametrize("prefix", ["criteria", "activities", "contributions"])
def test_a_count_of_rows_past_the_limit_is_refused_without_building_them(
    signed_in, cycle_a, prefix
):
    data = plan_data(**{f"{prefix}-TOTAL_FORMS": str(2**31)})

    response = signed_in.post(url("plan-add", cycle_a), data)

    assert response.status_code == 200
    editor = response.context["editor"]
    formset = getattr(editor, prefix)
    assert formset.non_form_errors() == [f"Please submit at most {MAX_PLAN_ROWS} forms."]
    assert len(formset.forms) == MAX_PLAN_ROWS
    assert ActionPlan.objects.count() == 0


def test_a_plan_of_a_hundred_activities_is_stored(signed_in, cycle_a):
    data = plan_data()
    for number in range(MAX_PLAN_ROWS):
        activity_row(data, title=f"Round table {number}")

    response = signed_in.post(url("plan-add", cycle_a), data)

    assert response.status_code == 302
    assert Activity.objects.filter(plan__cycle=cycle_a).count() == MAX_PLAN_ROWS


def test_a_seed_grant_without_its_currency_is_refused(signed_in, cycle_a):
    data = activity_row(plan_data(), seed_grant="500", seed_grant_currency="")

    response = signed_in.post(url("plan-add", cycle_a), data)

    assert ActionPlan.objects.count() == 0
    assert "Choose the currency of the seed grant." in response.text


def test_a_plan_needs_a_title(signed_in, cycle_a):
    response = signed_in.post(url("plan-add", cycle_a), plan_data(title=""))

    assert ActionPlan.objects.count() == 0
    assert "title" in response.context["editor"].form.errors
    assert "Water reaches the lower fields in July." in response.text


def test_a_closed_cycle_takes_no_new_plan(signed_in, group_a):
    cycle = CycleFactory(group=group_a, step=5, closed_on=datetime.date(2024, 1, 1))

    response = signed_in.post(url("plan-add", cycle), plan_data())

    assert response.status_code == 302
    assert ActionPlan.objects.count() == 0


# Editing a plan ----------------------------------------------------------------------------


def test_editing_changes_a_row_deletes_another_and_adds_one(signed_in, draft):
    keep = SuccessCriterionFactory(plan=draft, description="Water in July")
    gone = ActivityFactory(plan=draft, title="Old activity")
    pledge = ContributionFactory(plan=draft, activity=gone, pledged_by="Ayil okmotu")
    data = existing_rows(plan_data([draft.concerns.get()], title="Canal cleaning, 2025"), draft)
    data["criteria-0-target"] = "Water all summer"
    data["activities-0-DELETE"] = "on"
    activity_row(data, title="New activity")

    response = signed_in.post(url("plan-edit", draft), data)

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Canal cleaning, 2025"
    keep.refresh_from_db()
    assert keep.target == "Water all summer"
    assert list(draft.activities.values_list("title", flat=True)) == ["New activity"]
    pledge.refresh_from_db()
    assert pledge.activity is None
    assert draft.events.count() == 1  # Saving a draft is not a review event.


def test_a_contribution_can_be_for_one_of_the_plans_activities(signed_in, draft):
    activity = ActivityFactory(plan=draft, title="Clean the canal")
    other = ActivityFactory(title="Activity of another plan")
    data = existing_rows(plan_data([draft.concerns.get()]), draft)
    contribution_row(data, activity=str(other.pk))

    response = signed_in.post(url("plan-edit", draft), data)

    assert response.status_code == 200
    assert "activity" in response.context["editor"].contributions.forms[0].errors
    assert Contribution.objects.count() == 0

    data["contributions-0-activity"] = str(activity.pk)
    signed_in.post(url("plan-edit", draft), data)
    assert Contribution.objects.get().activity == activity


def test_a_submitted_plan_cannot_be_edited(signed_in, draft):
    ActionPlan.objects.filter(pk=draft.pk).update(status=ActionPlan.Status.SUBMITTED)

    page = signed_in.get(url("plan-edit", draft), follow=True)
    response = signed_in.post(url("plan-edit", draft), plan_data(title="Changed behind its back"))

    assert page.redirect_chain == [(url("plan-detail", draft), 302)]
    assert "it can no longer be changed here" in page.text
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.title, draft.status) == ("Canal cleaning", "submitted")


def test_the_service_refuses_a_plan_submitted_meanwhile(draft, facilitator_a):
    draft.title = "Changed"
    ActionPlan.objects.filter(pk=draft.pk).update(status=ActionPlan.Status.APPROVED)

    with pytest.raises(services.plans.ValidationError, match="can be changed"):
        services.save_plan(draft, facilitator_a, concerns=[])

    assert ActionPlan.objects.get().title == "Canal cleaning"


# Submitting --------------------------------------------------------------------------------


def test_a_refused_submission_keeps_the_draft_and_says_what_is_missing(signed_in, cycle_a):
    data = plan_data(objective="", harm_risks="")
    data["submit"] = "1"

    response = signed_in.post(url("plan-add", cycle_a), data, follow=True)

    plan = ActionPlan.objects.get()
    assert plan.status == ActionPlan.Status.DRAFT
    assert plan.title == "Canal cleaning"
    assert response.redirect_chain == [(url("plan-edit", plan), 302)]
    assert "The draft is saved but not submitted yet." in response.text
    assert "State the plan&#x27;s objective." in response.text
    assert "Add at least one activity." in response.text


def test_save_and_submit_sends_a_complete_plan_for_review(signed_in, cycle_a, water, facilitator_a):
    data = plan_data([water])
    row(data, "criteria", description="Water in July", baseline="Dry", target="Wet")
    activity_row(data)
    data["submit"] = "1"

    response = signed_in.post(url("plan-add", cycle_a), data)

    plan = ActionPlan.objects.get()
    assert response["Location"] == url("plan-detail", plan)
    assert plan.status == ActionPlan.Status.SUBMITTED
    assert list(plan.events.values_list("from_status", "to_status")) == [
        ("", "draft"),
        ("draft", "submitted"),
    ]


def test_the_submit_page_lists_what_is_missing_and_changes_nothing(signed_in, draft):
    response = signed_in.get(url("plan-submit", draft))

    assert "Add at least one activity." in response.text
    assert "<form" not in response.text.split('id="main"')[1]
    draft.refresh_from_db()
    assert draft.status == ActionPlan.Status.DRAFT


def test_submitting_records_the_event_with_the_note(signed_in, draft, facilitator_a):
    SuccessCriterionFactory(plan=draft)
    ActivityFactory(plan=draft)

    response = signed_in.post(url("plan-submit", draft), {"comment": "Ready for you"})

    assert response["Location"] == url("plan-detail", draft)
    draft.refresh_from_db()
    assert draft.status == ActionPlan.Status.SUBMITTED
    event = draft.events.last()
    assert (event.from_status, event.to_status, event.by, event.comment) == (
        "draft",
        "submitted",
        facilitator_a,
        "Ready for you",
    )


def test_submitting_an_incomplete_plan_by_post_is_refused(signed_in, draft):
    response = signed_in.post(url("plan-submit", draft), {"comment": ""})

    assert response.status_code == 200
    assert "Add at least one activity." in response.text
    draft.refresh_from_db()
    assert draft.status == ActionPlan.Status.DRAFT


def test_a_returned_plan_shows_the_comments_and_can_be_resubmitted(
    signed_in, draft, facilitator_a, partner_a
):
    SuccessCriterionFactory(plan=draft)
    ActivityFactory(plan=draft)
    services.submit_plan(draft, facilitator_a)
    services.return_plan(draft, partner_a, "Say who pays for the tools.")

    page = signed_in.get(url("plan-detail", draft))
    assert "Say who pays for the tools." in page.text
    assert "Edit and resubmit" in page.text
    assert "Say who pays for the tools." in signed_in.get(url("plan-edit", draft)).text

    data = existing_rows(plan_data([draft.concerns.get()]), draft)
    contribution_row(data, pledged_by="Tool shop", kind=Contribution.Kind.IN_KIND)
    data["submit"] = "1"
    response = signed_in.post(url("plan-edit", draft), data)

    assert response["Location"] == url("plan-detail", draft)
    draft.refresh_from_db()
    assert draft.status == ActionPlan.Status.SUBMITTED
    assert draft.contributions.get().pledged_by == "Tool shop"
    assert list(draft.events.values_list("to_status", flat=True)) == [
        "draft",
        "submitted",
        "returned",
        "submitted",
    ]


# The plan page -----------------------------------------------------------------------------


def test_the_plan_page_shows_the_money_per_currency(signed_in, draft):
    ActivityFactory(plan=draft, seed_grant=Decimal("40000"), seed_grant_currency=Currency.KGS)
    ActivityFactory(plan=draft, seed_grant=Decimal("1000"), seed_grant_currency=Currency.TJS)
    ContributionFactory(plan=draft, value_pledged=Decimal("10000"), currency=Currency.KGS)

    response = signed_in.get(url("plan-detail", draft))

    lines = {line.currency: line for line in response.context["money"]}
    assert (lines["KGS"].seed, lines["KGS"].pledged, lines["KGS"].local_share) == (
        Decimal("40000.00"),
        Decimal("10000.00"),
        Decimal("20.0"),
    )
    assert (lines["TJS"].seed, lines["TJS"].pledged) == (Decimal("1000.00"), Decimal("0.00"))
    assert "40,000.00" in response.text and "20.0%" in response.text


def test_the_plan_page_shows_the_review_history(signed_in, draft, facilitator_a):
    response = signed_in.get(url("plan-detail", draft))

    assert "Review history" in response.text
    assert escape(str(facilitator_a)) in response.text


def test_highly_sensitive_concerns_are_masked_and_reads_are_logged(
    client, draft, cycle_a, facilitator_a, partner_a
):
    secret = ConcernFactory(
        cycle=cycle_a,
        title="Beatings after the bazaar",
        category=Concern.Category.GENDER_VIOLENCE,
        sensitivity=Concern.Sensitivity.HIGHLY_SENSITIVE,
        status=PRIORITISED,
    )
    draft.concerns.add(secret)

    client.force_login(partner_a)
    for page in ["plan-detail", "plan-edit"]:
        response = client.get(url(page, draft))
        assert "Beatings after the bazaar" not in response.text
        assert escape(secret.masked_label) in response.text
    assert not SensitiveConcernRead.objects.exists()

    client.force_login(facilitator_a)
    assert "Beatings after the bazaar" in client.get(url("plan-detail", draft)).text
    assert SensitiveConcernRead.objects.filter(concern=secret, user=facilitator_a).count() == 1


# Scope and roles ---------------------------------------------------------------------------


def test_another_organisations_facilitator_gets_404_and_changes_nothing(
    client, draft, cycle_a, facilitator_b
):
    client.force_login(facilitator_b)

    assert client.post(url("plan-add", cycle_a), plan_data()).status_code == 404
    assert client.post(url("plan-edit", draft), plan_data(title="Hijacked")).status_code == 404
    assert client.post(url("plan-submit", draft), {}).status_code == 404
    assert ActionPlan.objects.get().title == "Canal cleaning"
    assert ActionPlan.objects.count() == 1


def test_ids_of_another_groups_rows_in_the_post_are_refused(signed_in, draft, cycle_b, water):
    theirs = ConcernFactory(cycle=cycle_b, title="Their concern", status=PRIORITISED)
    their_plan = ActionPlanFactory(cycle=cycle_b)
    their_criterion = SuccessCriterionFactory(plan=their_plan, description="Theirs")
    data = existing_rows(plan_data([water, theirs]), draft)
    data.update(management("criteria", 1, initial=1))
    data.update(
        {
            "criteria-0-id": str(their_criterion.pk),
            "criteria-0-description": "Overwritten",
            "criteria-0-baseline": "x",
            "criteria-0-target": "y",
        }
    )

    response = signed_in.post(url("plan-edit", draft), data)

    assert response.status_code == 200
    assert "concerns" in response.context["editor"].form.errors
    their_criterion.refresh_from_db()
    assert their_criterion.description == "Theirs"
    assert list(draft.concerns.all()) == [water]


def test_donors_are_refused(client, draft, cycle_a, donor_a):
    client.force_login(donor_a)

    assert client.get(url("plan-detail", draft)).status_code == 403
    assert client.post(url("plan-add", cycle_a), plan_data()).status_code == 403
    assert ActionPlan.objects.count() == 1


# Query budgets -----------------------------------------------------------------------------


@pytest.fixture
def big_plan(draft):
    def grow(rows: int) -> None:
        for number in range(rows):
            SuccessCriterionFactory(plan=draft)
            activity = ActivityFactory(plan=draft)
            ContributionFactory(plan=draft, activity=activity)
            draft.concerns.add(ConcernFactory(cycle=draft.cycle, status=PRIORITISED))
            PlanEventFactory(plan=draft, by=draft.events.first().by, comment=f"Note {number}")

    return grow


@pytest.mark.parametrize(
    ("page", "budget"), [("plan-detail", 14), ("plan-edit", 16), ("plan-submit", 7)]
)
def test_the_pages_read_a_bounded_number_of_queries(
    signed_in, draft, big_plan, page, budget, django_assert_max_num_queries
):
    big_plan(2)
    with django_assert_max_num_queries(budget):
        signed_in.get(url(page, draft))
    big_plan(8)
    with django_assert_max_num_queries(budget):
        response = signed_in.get(url(page, draft))
    assert response.status_code == 200


def test_save_plan_is_all_or_nothing(cycle_a, facilitator_a, monkeypatch):
    data = row(activity_row(plan_data()), "criteria", description="a", baseline="b", target="c")
    editor = PlanEditor(ActionPlan(cycle=cycle_a), facilitator_a, data)
    assert editor.is_valid()

    def refuse(*args, **kwargs):
        raise services.plans.ValidationError("The activities could not be saved.")

    # The last part fails after the plan and its criteria are written.
    monkeypatch.setattr(editor.activities, "save", refuse)
    with pytest.raises(services.plans.ValidationError):
        services.save_plan(
            editor.form.save(commit=False), facilitator_a, concerns=[], parts=editor.formsets
        )

    assert ActionPlan.objects.count() == SuccessCriterion.objects.count() == 0
    assert PlanEvent.objects.count() == 0


def test_save_plan_refuses_concerns_of_another_cycle(cycle_a, facilitator_a):
    stranger = ConcernFactory(title="A concern of another cycle", status=PRIORITISED)

    with pytest.raises(services.plans.ValidationError, match="this plan's cycle"):
        services.save_plan(ActionPlan(cycle=cycle_a, title="x"), facilitator_a, concerns=[stranger])

    assert ActionPlan.objects.count() == 0
