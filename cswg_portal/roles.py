"""What each role may do in the back office, kept as Django permission groups.

A user's `role` is the source of truth; `sync_role` makes the permission group and the
`is_staff` flag follow it, so that nobody has to tick permissions by hand.
"""

from django.contrib.auth.models import Group as PermissionGroup
from django.contrib.auth.models import Permission
from django.db import transaction
from django.db.models import Q

VIEW, ADD, CHANGE, DELETE = "view", "add", "change", "delete"
ALL = (VIEW, ADD, CHANGE, DELETE)
# Custom permissions: "anonymise_person", "import_consultation".
ANONYMISE = "anonymise"
IMPORT = "import"

# role -> app label -> model -> actions. Facilitators and donors work outside the admin.
ROLE_PERMISSIONS: dict[str, dict[str, dict[str, tuple[str, ...]]]] = {
    "partner": {
        "communities": {
            "region": (VIEW,),
            "district": (VIEW,),
            "organisation": (VIEW,),
            "programme": (VIEW,),
            "community": (VIEW, ADD, CHANGE),
            "ethnicshare": ALL,
            "group": (VIEW, ADD, CHANGE),
            "person": (*ALL, ANONYMISE),
            "membership": (VIEW, ADD, CHANGE),
        },
        # Partners review plans and steer cycles (moves, joint groups); facilitators
        # record the rest, which partners see but do not edit.
        "cycles": {
            "cycle": (VIEW, ADD, CHANGE),
            "cyclestepchange": (VIEW,),
            # Partners import the consultations held before the portal; facilitators
            # record new ones.
            "consultation": (VIEW, IMPORT),
            "attendance": (VIEW,),
            "ethnicattendance": (VIEW,),
            "commitment": (VIEW, ADD, CHANGE),
            # Reading highly sensitive concerns ("view_highly_sensitive_concern") is granted
            # per user in the admin, never with the role.
            "concern": (VIEW,),
            "concernsource": (VIEW,),
            "priorityscore": (VIEW,),
            "actionplan": (VIEW, CHANGE),
            "planevent": (VIEW,),
            "successcriterion": (VIEW,),
            "activity": (VIEW,),
            "activityreach": (VIEW,),
            "contribution": (VIEW,),
            "monitoringupdate": (VIEW,),
            "monitoringreach": (VIEW,),
            "criterionprogress": (VIEW,),
            "evaluation": (VIEW,),
            "criterionresult": (VIEW,),
            # Who read highly sensitive concerns is for administrators only.
            "sensitiveconcernread": (),
            # Donor reports: administrators enter exchange rates; partner staff sign off a
            # period's report; who exported what is for administrators only.
            "exchangerate": (VIEW,),
            "reportsignoff": (VIEW, ADD),
            "exportlog": (),
        },
    },
}
STAFF_ROLES = {"partner", "admin"}


def role_group_name(role: str) -> str:
    return f"role: {role}"


@transaction.atomic
def sync_role(user) -> None:
    """Give the user exactly the permission group and staff flag of their role."""
    for group in user.groups.filter(name__startswith="role: "):
        user.groups.remove(group)
    wanted = ROLE_PERMISSIONS.get(user.role)
    if wanted:
        group, _created = PermissionGroup.objects.get_or_create(name=role_group_name(user.role))
        condition = Q(pk__in=[])
        for app_label, models in wanted.items():
            for model, actions in models.items():
                condition |= Q(
                    content_type__app_label=app_label,
                    codename__in=[f"{action}_{model}" for action in actions],
                )
        group.permissions.set(Permission.objects.filter(condition))
        user.groups.add(group)
    is_staff = user.role in STAFF_ROLES or user.is_superuser
    if user.is_staff != is_staff:
        user.is_staff = is_staff
        user.save(update_fields=["is_staff"])
