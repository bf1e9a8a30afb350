"""The audit trail: every domain model keeps its history, and the admin shows who changed what."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import HistoricalChanges

from communities.models import User
from cycles.models import CycleStepChange, ExportLog, PlanEvent, SensitiveConcernRead
from tests.cycles.factories import CycleStepChangeFactory, PlanEventFactory
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

# Logs are themselves the record of who did what, written once and never edited; the user
# account is audited by Django's admin log (a history table would fill with login stamps).
WITHOUT_HISTORY = {CycleStepChange, ExportLog, PlanEvent, SensitiveConcernRead, User}


def domain_models():
    for label in ("communities", "cycles"):
        for model in apps.get_app_config(label).get_models():
            if not issubclass(model, HistoricalChanges):
                yield model


@pytest.mark.parametrize(
    "model",
    [model for model in domain_models() if model not in WITHOUT_HISTORY],
    ids=lambda model: model.__name__,
)
def test_every_domain_model_keeps_its_history(model):
    assert hasattr(model._meta, "simple_history_manager_attribute")
    assert isinstance(
        getattr(model, model._meta.simple_history_manager_attribute).model(), HistoricalChanges
    )


def test_the_exceptions_are_only_the_logs_and_the_user_account():
    untracked = {
        model
        for model in domain_models()
        if not hasattr(model._meta, "simple_history_manager_attribute")
    }

    assert untracked == WITHOUT_HISTORY


@pytest.mark.parametrize(
    "model",
    [model for model in domain_models() if model in admin.site._registry and model is not User],
    ids=lambda model: model.__name__,
)
def test_every_back_office_page_has_the_history_button(model):
    assert isinstance(admin.site._registry[model], SimpleHistoryAdmin)


def test_the_history_page_says_who_changed_what(client, partner_a, org_a):
    person = PersonFactory(full_name="Aigul Toktosunova", organisation=org_a, phone="")
    person.phone = "+996 555 010 203"
    person._history_user = partner_a
    person.save()
    client.force_login(partner_a)

    response = client.get(reverse("admin:communities_person_history", args=[person.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert partner_a.get_full_name() in html
    assert "+996 555 010 203" in html


@pytest.mark.parametrize(
    ("model", "factory"), [(CycleStepChange, CycleStepChangeFactory), (PlanEvent, PlanEventFactory)]
)
def test_a_logs_history_button_shows_the_admin_log_rather_than_failing(
    client, superuser, model, factory
):
    row = factory()
    client.force_login(superuser)

    response = client.get(reverse(f"admin:cycles_{model._meta.model_name}_history", args=[row.pk]))

    assert response.status_code == 200
    assert "doesn’t have a change history" in response.content.decode()
    old_version = f"{reverse(f'admin:cycles_{model._meta.model_name}_history', args=[row.pk])}1/"
    assert client.get(old_version).status_code == 404
