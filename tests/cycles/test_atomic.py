"""Pages that write several rows write all of them or none: a failure injected half-way."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.forms.models import model_to_dict
from django.urls import reverse

from cycles.models import (
    ActionPlan,
    Activity,
    Attendance,
    Concern,
    ConcernSource,
    Consultation,
    Contribution,
    EthnicAttendance,
)
from cycles.services import records
from tests.cycles.factories import (
    ActionPlanFactory,
    ActivityFactory,
    ContributionFactory,
    PlanEventFactory,
)
from tests.cycles.test_page_consult import consultation_data
from tests.cycles.test_page_plans import existing_rows, plan_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, facilitator_a):
    client.force_login(facilitator_a)
    # A database failure answers 500; the test looks at what stayed behind.
    client.raise_request_exception = False
    return client


def fail_on_call(monkeypatch, model, number: int, error: Exception) -> list:
    """Make the `number`th save of `model` raise `error`; returns the list of saves tried."""
    tried = []
    real_save = model.save

    def save(self, *args, **kwargs):
        tried.append(self)
        if len(tried) == number:
            raise error
        return real_save(self, *args, **kwargs)

    monkeypatch.setattr(model, "save", save)
    return tried


def fail_on_bulk_insert(monkeypatch, model, error: Exception) -> list:
    """Make the services' bulk insert (with history) of `model` raise `error`; returns the
    models bulk-inserted, in order."""
    tried = []
    real_bulk_create = records.bulk_create_with_history

    def bulk_create(objs, model_, *args, **kwargs):
        tried.append(model_)
        if model_ is model:
            raise error
        return real_bulk_create(objs, model_, *args, **kwargs)

    monkeypatch.setattr(records, "bulk_create_with_history", bulk_create)
    return tried


def counts(*models) -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in models}


RECORDS = (Consultation, Attendance, EthnicAttendance, Concern, ConcernSource)


@pytest.mark.parametrize(
    "error, status",
    [(IntegrityError("connection lost"), 500), (ValidationError("The cycle is closed."), 200)],
    ids=["database error", "refusal"],
)
def test_a_consultation_whose_concerns_fail_half_way_leaves_no_row(
    signed_in, group_a, cycle_a, monkeypatch, error, status
):
    # The concerns go in with one bulk insert, then who raised them: fail on the latter.
    tried = fail_on_bulk_insert(monkeypatch, ConcernSource, error)

    response = signed_in.post(
        reverse("cycles:consultation-add", args=[group_a.pk]), consultation_data()
    )

    assert tried == [Attendance, EthnicAttendance, Concern, ConcernSource]
    assert response.status_code == status
    assert counts(*RECORDS) == dict.fromkeys(counts(*RECORDS), 0)
    assert Consultation.history.count() == Concern.history.count() == 0


def test_a_plan_edit_whose_second_activity_fails_changes_nothing(
    signed_in, cycle_a, facilitator_a, monkeypatch
):
    plan = ActionPlanFactory(cycle=cycle_a, title="Canal cleaning")
    PlanEventFactory(plan=plan, by=facilitator_a)
    first = ActivityFactory(plan=plan, title="Clean the upper canal")
    second = ActivityFactory(plan=plan, title="Clean the lower canal")
    pledge = ContributionFactory(plan=plan, pledged_by="Ayil okmotu")
    before = [model_to_dict(row) for row in (plan, first, second, pledge)]
    history_before = counts(ActionPlan.history.model, Activity.history.model)
    data = existing_rows(plan_data(title="Canal cleaning, 2025"), plan)
    data["activities-0-title"] = "Clean the upper canal twice"
    data["activities-1-title"] = "Clean the lower canal twice"
    data["contributions-0-pledged_by"] = "Ayil okmotu and the school"
    tried = fail_on_call(monkeypatch, Activity, 2, IntegrityError("connection lost"))

    response = signed_in.post(reverse("cycles:plan-edit", args=[plan.pk]), data)

    assert len(tried) == 2
    assert response.status_code == 500
    for row in (plan, first, second, pledge):
        row.refresh_from_db()
    assert [model_to_dict(row) for row in (plan, first, second, pledge)] == before
    assert counts(Activity, Contribution) == {"Activity": 2, "Contribution": 1}
    assert counts(ActionPlan.history.model, Activity.history.model) == history_before
