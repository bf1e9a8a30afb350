"""Writes that span several communities models. Each runs in one transaction."""

import datetime
import json
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet, Value
from django.db.models.functions import Replace
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from communities.models import Group, Membership, Person, User


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


@transaction.atomic
def anonymise_person(person: Person, user: User, reason: str | None = None) -> Person:
    """Remove what identifies a person, on their request, keeping what the figures count.

    The name becomes a neutral label, the phone and birth year go (the age band stays), and
    the same is done to every earlier version of the person in the history table and to the
    names the admin's action log quoted; memberships are untouched, so group make-ups and
    other counts do not change. The last history row records who anonymised the person and
    why: `reason` (a lazy translation, stored in the site's language), "on request" if none.
    """
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.is_anonymised:
        raise ValidationError(_("%(person)s has already been anonymised.") % {"person": person})
    old_name = person.full_name
    # What is stored must not depend on the language of whoever clicked: use the site's.
    with translation.override(settings.LANGUAGE_CODE):
        label = _("Anonymised person %(number)d") % {"number": person.pk}
        reason = str(reason) if reason is not None else _("Anonymised on request")
    Person.history.filter(id=person.pk).update(full_name=label, phone="", birth_year=None)
    _scrub_admin_log(person, old_name, label)
    person.full_name = label
    person.phone = ""
    person.birth_year = None
    person.anonymised_on = timezone.localdate()
    person.anonymised_by = user
    person._history_user = user
    person._change_reason = reason
    person.save()
    return person


def _scrub_admin_log(person: Person, old_name: str, label: str) -> None:
    """Replace the name in the admin's action log about the person, their memberships and
    groups (an inline change quotes the membership, name included).

    Change messages are stored as JSON, where a name outside ASCII appears escaped.
    """
    memberships = list(person.memberships.values_list("pk", "group"))
    about = [
        (Person, [person.pk]),
        (Membership, [pk for pk, _group in memberships]),
        (Group, [group for _pk, group in memberships]),
    ]
    related = Q(pk__in=[])
    for model, pks in about:
        related |= Q(
            content_type=ContentType.objects.get_for_model(model),
            object_id__in=[str(pk) for pk in pks],
        )
    escaped = json.dumps(old_name)[1:-1]
    LogEntry.objects.filter(related).update(
        object_repr=Replace("object_repr", Value(old_name), Value(label)),
        change_message=Replace(
            Replace("change_message", Value(old_name), Value(label)),
            Value(escaped),
            Value(json.dumps(label)[1:-1]),
        ),
    )


# Memberships ---------------------------------------------------------------------------------


def _check_no_overlap(
    group: Group,
    person: Person,
    start: datetime.date,
    end: datetime.date | None,
    *,
    exclude: Membership | None = None,
    field: str = "person",
) -> None:
    """Refuse a second membership of the same person in the group over the same days.

    An open one is reported on `field`, the form field a person can change to fix it.
    """
    others = Membership.objects.filter(group=group, person=person).filter(
        Q(end__isnull=True) | Q(end__gte=start)
    )
    if end is not None:
        others = others.filter(start__lte=end)
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    other = others.order_by("start").first()
    if other is None:
        return
    if other.end is None:
        raise ValidationError(
            {
                field: _("%(person)s is already a member of this group (since %(start)s).")
                % {"person": person, "start": date_format(other.start)}
            }
        )
    raise ValidationError(
        {
            "start": _(
                "%(person)s was a member of this group from %(start)s to %(end)s: "
                "a new membership can start the day after at the earliest."
            )
            % {"person": person, "start": date_format(other.start), "end": date_format(other.end)}
        }
    )


@transaction.atomic
def add_member(
    group: Group,
    person: Person,
    *,
    role: str,
    sector: str,
    start: datetime.date,
) -> Membership:
    """Make a person a member of a group from `start` on."""
    # Locked so that two people adding the same member at once cannot both succeed.
    group = Group.objects.select_for_update().get(pk=group.pk)
    person = Person.objects.select_for_update().get(pk=person.pk)
    if group.status == Group.Status.MERGED:
        raise ValidationError(
            _("%(group)s has been merged into %(target)s: add members there.")
            % {"group": group, "target": group.merged_into}
        )
    if person.is_anonymised:
        raise ValidationError(
            {"person": _("An anonymised person cannot become a member of a group.")}
        )
    _check_no_overlap(group, person, start, None)
    return Membership.objects.create(
        group=group, person=person, role=role, sector=sector, start=start
    )


@transaction.atomic
def update_membership(
    membership: Membership, *, role: str, sector: str, start: datetime.date
) -> Membership:
    """Change a member's role, sector or start date."""
    membership = (
        Membership.objects.select_for_update()
        .select_related("person", "group")
        .get(pk=membership.pk)
    )
    if membership.end is not None and start > membership.end:
        raise ValidationError(
            {
                "start": _("The membership ended on %(end)s: it cannot start after that.")
                % {"end": date_format(membership.end)}
            }
        )
    _check_no_overlap(
        membership.group,
        membership.person,
        start,
        membership.end,
        exclude=membership,
        field="start",
    )
    membership.role = role
    membership.sector = sector
    membership.start = start
    membership.save(update_fields=["role", "sector", "start"])
    return membership


@transaction.atomic
def end_membership(membership: Membership, *, on: datetime.date) -> Membership:
    """End an open membership on `on` (the member's last day in the group)."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.end is not None:
        raise ValidationError(
            _("This membership has already ended (%(end)s).") % {"end": date_format(membership.end)}
        )
    if on < membership.start:
        raise ValidationError(
            {
                "end": _("The membership started on %(start)s: it cannot end before that.")
                % {"start": date_format(membership.start)}
            }
        )
    membership.end = on
    membership.save(update_fields=["end"])
    return membership
