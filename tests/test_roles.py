"""sync_role: the permission group and staff flag follow the user's role."""

import pytest
from django.contrib.auth.models import Group as PermissionGroup

from communities.models import User
from cswg_portal.roles import ROLE_PERMISSIONS, role_group_name, sync_role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def partner_codenames() -> set[str]:
    return {
        f"{app_label}.{action}_{model}"
        for app_label, models in ROLE_PERMISSIONS["partner"].items()
        for model, actions in models.items()
        for action in actions
    }


def role_groups(user) -> list[str]:
    return list(user.groups.values_list("name", flat=True))


def test_a_partner_gets_the_partner_permission_group_and_staff(org_a):
    user = UserFactory(organisation=org_a, role=User.Role.PARTNER, is_staff=False)

    sync_role(user)

    user = User.objects.get(pk=user.pk)
    assert role_groups(user) == ["role: partner"]
    assert user.is_staff
    assert user.get_all_permissions() == partner_codenames()


def test_the_partner_group_grants_what_role_permissions_lists(partner_a):
    group = PermissionGroup.objects.get(name=role_group_name(User.Role.PARTNER))
    granted = {
        f"{p.content_type.app_label}.{p.codename}"
        for p in group.permissions.select_related("content_type")
    }

    assert granted == partner_codenames()
    assert "communities.change_community" in granted
    assert "communities.delete_person" in granted
    assert "communities.delete_group" not in granted
    assert "communities.change_programme" not in granted
    assert partner_a.has_perm("communities.add_membership")
    assert not partner_a.has_perm("communities.delete_membership")


def test_changing_a_partner_to_facilitator_removes_the_group_and_staff(partner_a):
    partner_a.role = User.Role.FACILITATOR
    partner_a.save()

    sync_role(partner_a)

    user = User.objects.get(pk=partner_a.pk)
    assert role_groups(user) == []
    assert not user.is_staff
    assert user.get_all_permissions() == set()
    # The group stays for the other partners.
    assert PermissionGroup.objects.filter(name="role: partner").exists()


def test_a_donor_gets_no_admin_permissions(donor_a):
    donor_a.is_staff = True
    donor_a.save()

    sync_role(donor_a)

    user = User.objects.get(pk=donor_a.pk)
    assert role_groups(user) == []
    assert not user.is_staff
    assert user.get_all_permissions() == set()


def test_a_facilitator_stays_outside_the_admin(facilitator_a):
    sync_role(facilitator_a)

    user = User.objects.get(pk=facilitator_a.pk)
    assert (role_groups(user), user.is_staff) == ([], False)


def test_an_administrator_is_staff(superuser):
    superuser.is_staff = False
    superuser.save()

    sync_role(superuser)

    assert User.objects.get(pk=superuser.pk).is_staff


def test_other_permission_groups_are_kept(org_a):
    user = UserFactory(organisation=org_a, role=User.Role.PARTNER)
    user.groups.add(PermissionGroup.objects.create(name="report reviewers"))

    sync_role(user)

    assert sorted(role_groups(user)) == ["report reviewers", "role: partner"]


def test_syncing_twice_duplicates_nothing(org_a):
    first = UserFactory(organisation=org_a, role=User.Role.PARTNER)
    second = UserFactory(organisation=org_a, role=User.Role.PARTNER)

    for _ in range(2):
        sync_role(first)
        sync_role(second)

    group = PermissionGroup.objects.get(name="role: partner")
    assert PermissionGroup.objects.filter(name__startswith="role: ").count() == 1
    assert group.permissions.count() == len(partner_codenames())
    assert sorted(group.user_set.values_list("pk", flat=True)) == sorted([first.pk, second.pk])
    assert role_groups(User.objects.get(pk=first.pk)) == ["role: partner"]
