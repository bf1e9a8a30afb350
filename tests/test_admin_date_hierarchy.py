"""A date-hierarchy parameter past any date: the list starts again, as for a wrong date.

tests/hostile/test_query_strings.py found ?reported_on__year=2147483648 a server error
(OverflowError in Django's ChangeList).
"""

import pytest
from django.contrib import admin
from django.urls import reverse

from cycles.models import MonitoringUpdate


@pytest.mark.parametrize(
    "query",
    [
        {"reported_on__year": str(2**31)},
        {"reported_on__year": str(-(2**31) - 1)},
        {"reported_on__year": "2014", "reported_on__month": str(2**63)},
        {"reported_on__year": "2014", "reported_on__month": "3", "reported_on__day": "9" * 40},
        {"reported_on__year": "10000"},
        {"reported_on__year": "2014", "reported_on__month": "2", "reported_on__day": "30"},
    ],
)
def test_a_date_no_calendar_has_sends_the_list_back_to_its_start(client, superuser, query):
    client.force_login(superuser)
    url = reverse("admin:cycles_monitoringupdate_changelist")

    response = client.get(url, query)

    assert (response.status_code, response["Location"]) == (302, f"{url}?e=1")


def test_a_real_year_still_narrows_the_list(client, superuser):
    client.force_login(superuser)

    response = client.get(
        reverse("admin:cycles_monitoringupdate_changelist"), {"reported_on__year": "2014"}
    )

    assert response.status_code == 200
    assert response.context["cl"].date_hierarchy == "reported_on"


def test_every_changelist_with_a_date_hierarchy_refuses_dates_past_any_calendar(client, superuser):
    client.force_login(superuser)
    hierarchies = [
        (model, model_admin.date_hierarchy)
        for model, model_admin in admin.site._registry.items()
        if model_admin.date_hierarchy
    ]
    assert MonitoringUpdate in {model for model, _ in hierarchies}
    for model, field in hierarchies:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        response = client.get(url, {f"{field}__year": str(2**31)})
        assert (response.status_code, response["Location"]) == (302, f"{url}?e=1"), url
