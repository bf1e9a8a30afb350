"""Past consultations and meetings, with their attendance, imported in the back office.

One row a consultation; attendance in columns such as women_18-28 and ethnic_uzbek.
The columns are documented in docs/imports.md, with a sample file in docs/imports/.
"""

from django.utils import timezone
from django.utils.translation import gettext
from simple_history.utils import bulk_create_with_history

from communities.models import AgeBand, Ethnicity, Gender, User
from communities.resources import find_group
from cswg_portal.imports import (
    ChoiceWidget,
    CountWidget,
    DateWidget,
    ScopedResource,
    TextWidget,
    YesNoWidget,
    column,
    not_found,
)
from cycles.forms.headcount import MAX_CELL
from cycles.models import Attendance, Consultation, Cycle, EthnicAttendance

GENDER_COLUMN = {Gender.FEMALE: "women", Gender.MALE: "men"}
ATTENDANCE_COLUMNS = {
    f"{GENDER_COLUMN[gender]}_{band}": (gender, band)
    for gender in Gender.values
    for band in AgeBand.values
}
ETHNIC_COLUMNS = {f"ethnic_{ethnicity}": ethnicity for ethnicity in Ethnicity.values}


class ConsultationResource(ScopedResource):
    required_columns = ("group", "kind", "date")
    optional_columns = (
        "community",
        "cycle",
        "place",
        "topic",
        "facilitator",
        "police_attended",
        "local_authority_attended",
        "other_services_attended",
        "notes",
        *ATTENDANCE_COLUMNS,
        *ETHNIC_COLUMNS,
    )

    resolved_fields = ("group",)

    kind = column("kind", "kind", ChoiceWidget(Consultation.Kind.choices))
    date = column("date", "held_on", DateWidget())
    place = column("place", "place")
    topic = column("topic", "topic")
    police_attended = column("police_attended", "police_attended", YesNoWidget())
    local_authority_attended = column(
        "local_authority_attended", "local_authority_attended", YesNoWidget()
    )
    other_services_attended = column(
        "other_services_attended", "other_services_attended", YesNoWidget()
    )
    notes = column("notes", "notes")

    class Meta(ScopedResource.Meta):
        model = Consultation
        fields = (
            "kind",
            "date",
            "place",
            "topic",
            "police_attended",
            "local_authority_attended",
            "other_services_attended",
            "notes",
        )

    def resolve(self, instance, row, errors):
        group = find_group(self.user, row, errors, self.add_error)
        if group is not None:
            instance.group = group
            self.find_cycle(instance, row, errors)
        self.find_facilitator(instance, row, errors)
        if instance.held_on and instance.held_on > timezone.localdate():
            self.add_error(errors, "date", gettext("Only past consultations can be imported."))
        counts = CountWidget(maximum=MAX_CELL)
        instance.imported_attendance = {}
        instance.imported_ethnic_attendance = {}
        for name, cell in ATTENDANCE_COLUMNS.items():
            self.read_count(row, name, counts, instance.imported_attendance, cell, errors)
        for name, ethnicity in ETHNIC_COLUMNS.items():
            self.read_count(
                row, name, counts, instance.imported_ethnic_attendance, ethnicity, errors
            )

    def read_count(self, row, name, widget, into: dict, key, errors) -> None:
        try:
            count = widget.clean(row.get(name))
        except ValueError as error:
            self.add_error(errors, name, str(error))
            return
        if count:
            into[key] = count

    def find_cycle(self, instance, row, errors) -> None:
        number = TextWidget().clean(row.get("cycle"))
        if not number:
            return
        try:
            cycle = Cycle.objects.filter(
                group=instance.group, number=CountWidget(maximum=999).clean(number)
            ).first()
        except ValueError as error:
            self.add_error(errors, "cycle", str(error))
            return
        if cycle is None:
            self.add_error(
                errors,
                "cycle",
                not_found(gettext("This group has no cycle number %(value)s."), number),
            )
            return
        instance.cycle = cycle

    def find_facilitator(self, instance, row, errors) -> None:
        username = TextWidget().clean(row.get("facilitator"))
        if not username:
            return
        users = User.objects.filter(username__iexact=username, is_active=True)
        if not self.user.sees_everything:
            users = users.filter(organisation=self.user.organisation_id)
        facilitator = users.first()
        if facilitator is None:
            self.add_error(
                errors,
                "facilitator",
                not_found(gettext("No user “%(value)s” found among yours."), username),
            )
            return
        instance.facilitator = facilitator

    def after_save_instance(self, instance, row, **kwargs):
        bulk_create_with_history(
            [
                Attendance(consultation=instance, gender=gender, age_band=band, count=count)
                for (gender, band), count in instance.imported_attendance.items()
            ],
            Attendance,
            default_user=self.user,
            default_change_reason=instance._change_reason,
        )
        bulk_create_with_history(
            [
                EthnicAttendance(consultation=instance, ethnicity=ethnicity, count=count)
                for ethnicity, count in instance.imported_ethnic_attendance.items()
            ],
            EthnicAttendance,
            default_user=self.user,
            default_change_reason=instance._change_reason,
        )
