"""What partner staff may do with cycles data in the back office."""

import pytest
from django.contrib.auth.models import Permission

from cswg_portal.roles import ROLE_PERMISSIONS

pytestmark = pytest.mark.django_db


def test_every_cycles_model_has_a_partner_permission_entry():
    models = set(
        Permission.objects.filter(content_type__app_label="cycles")
        .exclude(content_type__model__startswith="historical")
        .values_list("content_type__model", flat=True)
    )

    assert set(ROLE_PERMISSIONS["partner"]["cycles"]) == models


def test_partners_review_plans_and_steer_cycles_but_only_view_the_records(partner_a):
    assert partner_a.has_perm("cycles.view_actionplan")
    assert partner_a.has_perm("cycles.change_actionplan")
    assert not partner_a.has_perm("cycles.add_actionplan")
    assert not partner_a.has_perm("cycles.delete_actionplan")
    assert partner_a.has_perm("cycles.add_cycle")
    assert partner_a.has_perm("cycles.change_cycle")
    assert partner_a.has_perm("cycles.change_commitment")
    for model in ("consultation", "concern", "activity", "contribution", "evaluation"):
        assert partner_a.has_perm(f"cycles.view_{model}")
        assert not partner_a.has_perm(f"cycles.change_{model}")
    assert not partner_a.has_perm("cycles.change_planevent")


def test_reading_highly_sensitive_concerns_and_the_access_log_are_not_given_with_the_role(
    partner_a,
):
    assert not partner_a.has_perm("cycles.view_highly_sensitive_concern")
    assert not partner_a.has_perm("cycles.view_sensitiveconcernread")
