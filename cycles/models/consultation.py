"""Meetings, consultations, trainings and trust-building events, with who attended."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from communities.models import Group
from cycles.models.common import (
    EthnicCount,
    GenderAgeCount,
    GroupScopedQuerySet,
    headcount,
    headcount_per_row,
    shares,
)


class ConsultationQuerySet(GroupScopedQuerySet):
    def with_attendance(self) -> "ConsultationQuerySet":
        """Annotate people, women, youth, women_share and youth_share (per cent)."""
        return self.annotate(**headcount("attendance")).annotate(**shares())

    def with_attendance_per_row(self) -> "ConsultationQuerySet":
        """The same annotations, computed per row: for the first few of many consultations."""
        return self.annotate(**headcount_per_row(Attendance, "consultation")).annotate(**shares())


class Consultation(models.Model):
    class Kind(models.TextChoices):
        GROUP_MEETING = "group_meeting", _("Group meeting")
        COMMUNITY = "community_consultation", _("Community consultation")
        WOMEN = "womens_consultation", _("Women's consultation")
        YOUTH = "youth_consultation", _("Youth consultation")
        ROUND_TABLE = "round_table", _("Round table")
        POLICE_REPORTING_DAY = "police_reporting_day", _("Police reporting day")
        OPEN_DAY = "open_day", _("Open day")
        EXCHANGE_VISIT = "exchange_visit", _("Exchange visit")
        TRAINING = "training", _("Training")
        TRUST_BUILDING = "trust_building", _("Trust-building event")

    group = models.ForeignKey(
        Group, verbose_name=_("group"), on_delete=models.PROTECT, related_name="consultations"
    )
    cycle = models.ForeignKey(
        "cycles.Cycle",
        verbose_name=_("cycle"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultations",
        help_text=_("Empty for trust-building events and trainings held outside a cycle."),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    topic = models.CharField(
        _("topic"),
        max_length=200,
        blank=True,
        help_text=_("For example the SARA problem-solving method, for a training."),
    )
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("facilitator"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="facilitated_consultations",
        help_text=_("Empty when the group's own members facilitated it."),
    )
    police_attended = models.BooleanField(_("police attended"), default=False)
    local_authority_attended = models.BooleanField(_("local authority attended"), default=False)
    other_services_attended = models.BooleanField(
        _("other services attended"),
        default=False,
        help_text=_("Schools, health, emergency, border or other public services."),
    )
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("consultation or meeting")
        verbose_name_plural = _("consultations and meetings")
        permissions = [("import_consultation", _("Can import past consultations"))]
        indexes = [
            # Donor reports: consultations held in the period (kinds, attendance, and the
            # concerns heard in it), an index range instead of a scan of every consultation.
            models.Index(fields=["held_on"], name="cycles_consult_held_idx"),
            # A group's consultations newest first (group and cycle pages, My work's latest).
            models.Index(fields=["group", "-held_on"], name="cycles_consult_group_held_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}, {self.group}, {self.held_on:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("cycles:consultation-detail", args=[self.pk])

    def clean(self):
        super().clean()
        if self.cycle_id and self.group_id and self.cycle.group_id != self.group_id:
            raise ValidationError({"cycle": _("The cycle must be one of this group's cycles.")})


class AttendanceQuerySet(GroupScopedQuerySet):
    group_path = "consultation__group"


class Attendance(GenderAgeCount):
    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="attendance",
    )
    history = HistoricalRecords()

    objects = AttendanceQuerySet.as_manager()

    class Meta(GenderAgeCount.Meta):
        verbose_name = _("attendance by gender and age")
        verbose_name_plural = _("attendance by gender and age")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "gender", "age_band"],
                name="cycles_attendance_one_per_cell",
            ),
        ]


class EthnicAttendance(EthnicCount):
    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="ethnic_attendance",
    )
    history = HistoricalRecords()

    objects = AttendanceQuerySet.as_manager()

    class Meta(EthnicCount.Meta):
        verbose_name = _("attendance by ethnic group")
        verbose_name_plural = _("attendance by ethnic group")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "ethnicity"],
                name="cycles_ethnicattendance_one_per_ethnicity",
            ),
        ]


class CommitmentQuerySet(GroupScopedQuerySet):
    group_path = "consultation__group"


class Commitment(models.Model):
    """A promise made by police or a local authority at a meeting, followed up later."""

    class Body(models.TextChoices):
        POLICE = "police", _("Police")
        LOCAL_AUTHORITY = "local_authority", _("Local authority")
        BORDER_SERVICE = "border_service", _("Border service")
        OTHER_SERVICE = "other_service", _("Other public service")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        KEPT = "kept", _("Kept")
        NOT_KEPT = "not_kept", _("Not kept")

    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("made at"),
        on_delete=models.PROTECT,
        related_name="commitments",
    )
    body = models.CharField(_("body"), max_length=20, choices=Body.choices)
    made_by = models.CharField(
        _("made by"), max_length=200, help_text=_("The office, e.g. the district police chief.")
    )
    what = models.TextField(_("what was promised"))
    due_on = models.DateField(_("by when"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    followed_up_on = models.DateField(_("followed up on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        constraints = [
            models.CheckConstraint(
                name="cycles_commitment_settled_when_followed_up",
                condition=Q(status="pending") | Q(followed_up_on__isnull=False),
                violation_error_message=_("Give the date the commitment was followed up."),
            ),
        ]

    def __str__(self):
        return f"{self.made_by}: {self.what[:60]}"

    def clean(self):
        super().clean()
        if self.consultation_id and self.due_on and self.due_on < self.consultation.held_on:
            raise ValidationError({"due_on": _("The deadline cannot be before the meeting.")})
