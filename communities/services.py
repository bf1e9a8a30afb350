"""Writes that span several communities models. Each runs in one transaction."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from communities.models import Group, Membership, Person


@dataclass
class MergeResult:
    placed: list[Membership] = field(default_factory=list)
    already_members: list[Person] = field(default_factory=list)


def running_after(group: Group, on: datetime.date) -> QuerySet[Membership]:
    """Memberships still running after `on`: open ones and terms set to end later."""
    return group.memberships.filter(Q(end__isnull=True) | Q(end__gt=on))


def validate_merge(source: Group, target: Group, on: datetime.date) -> None:
    """Raise ValidationError with a message a partner can act on when the merge makes no sense."""
    if source.pk == target.pk:
        raise ValidationError(_("A group cannot be merged into itself."))
    if source.kind != Group.Kind.CSWG:
        raise ValidationError(_("Only a CSWG can be merged into an LCPC."))
    if target.kind != Group.Kind.LCPC:
        raise ValidationError(_("The receiving group must be an LCPC."))
    if source.status == Group.Status.MERGED:
        raise ValidationError(_("%(group)s has already been merged.") % {"group": source})
    if target.status == Group.Status.MERGED:
        raise ValidationError(_("%(group)s has itself been merged.") % {"group": target})
    late_start = running_after(source, on).filter(start__gt=on).first()
    if late_start:
        raise ValidationError(
            _("The merge date is before %(person)s joined the CSWG (%(start)s).")
            % {"person": late_start.person, "start": date_format(late_start.start)}
        )


@transaction.atomic
def merge_group(
    source: Group,
    target: Group,
    *,
    on: datetime.date,
    people: Iterable[Person] | None = None,
) -> MergeResult:
    """Merge a CSWG into an LCPC, or place some of its members into the LCPC.

    Without `people` the whole group merges: every open membership in the CSWG ends on `on`
    and continues in the LCPC, and the CSWG is marked merged into it. With `people`, only
    those members are placed into the LCPC; the CSWG goes on and they keep their seat in it.
    Nothing is deleted: each new membership points back at the one it continues
    (`placed_from`), so both groups' history stays readable.
    """
    # Lock both rows so that two people merging at once cannot both succeed.
    source = Group.objects.select_for_update().get(pk=source.pk)
    target = Group.objects.select_for_update().get(pk=target.pk)
    validate_merge(source, target, on)
    running = running_after(source, on).select_related("person")
    if people is not None:
        wanted = {person.pk for person in people}
        if not wanted:
            raise ValidationError(_("Choose at least one member to place."))
        running = running.filter(person__in=wanted)
        if wanted - {membership.person_id for membership in running}:
            raise ValidationError(
                _("Only current members of the CSWG can be placed into the LCPC.")
            )
    already = set(running_after(target, on).values_list("person_id", flat=True))
    result = MergeResult()
    for membership in running:
        planned_end = membership.end
        if people is None:
            membership.end = on
            membership.save(update_fields=["end"])
        if membership.person_id in already:
            result.already_members.append(membership.person)
            continue
        result.placed.append(
            Membership.objects.create(
                person=membership.person,
                group=target,
                role=Membership.Role.MEMBER,
                sector=membership.sector,
                start=on,
                end=planned_end,
                placed_from=membership,
            )
        )
    if people is None:
        source.status = Group.Status.MERGED
        source.merged_into = target
        source.merged_on = on
        source.save(update_fields=["status", "merged_into", "merged_on"])
    return result
