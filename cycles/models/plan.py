"""Action plans, their review, the community's success criteria, activities and money."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from communities.models import Currency, Organisation
from cswg_portal.concurrency import VersionedModel, VersionField
from cycles.models.common import GenderAgeCount, GroupScopedQuerySet, headcount, shares


def money_field(label: str, **kwargs) -> models.DecimalField:
    return models.DecimalField(label, max_digits=12, decimal_places=2, **kwargs)


class ActionPlanQuerySet(GroupScopedQuerySet):
    group_path = "cycle__group"

    def approved(self) -> "ActionPlanQuerySet":
        return self.filter(status__in=ActionPlan.Status.approved())


class ActionPlan(VersionedModel, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for review")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned with comments")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")

        @classmethod
        def approved(cls) -> list[str]:
            """Statuses of plans a reviewer has approved."""
            return [cls.APPROVED, cls.IN_PROGRESS, cls.COMPLETED]

        @classmethod
        def editable(cls) -> list[str]:
            """Statuses in which the group may still change what the plan says."""
            return [cls.DRAFT, cls.RETURNED]

    cycle = models.ForeignKey(
        "cycles.Cycle", verbose_name=_("cycle"), on_delete=models.PROTECT, related_name="plans"
    )
    title = models.CharField(_("title"), max_length=200)
    concerns = models.ManyToManyField(
        "cycles.Concern",
        verbose_name=_("concerns addressed"),
        blank=True,
        related_name="plans",
    )
    objective = models.TextField(_("objective"), blank=True)
    harm_risks = models.TextField(
        _("who could be harmed or excluded"),
        blank=True,
        help_text=_("Do-no-harm check: people or groups the plan could hurt or leave out."),
    )
    tension_avoidance = models.TextField(
        _("how tensions are avoided"),
        blank=True,
        help_text=_("Do-no-harm check: what the group does so that the plan does not divide."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    version = VersionField(_("version"), default=1, editable=False)
    history = HistoricalRecords(m2m_fields=[concerns])

    objects = ActionPlanQuerySet.as_manager()

    class Meta:
        ordering = ["cycle_id", "title"]
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        indexes = [
            # The review queue: plans waiting with status "submitted".
            models.Index(fields=["status"], name="cycles_plan_status_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("cycles:plan-detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status in self.Status.editable()


class PlanEventQuerySet(GroupScopedQuerySet):
    group_path = "plan__cycle__group"


class PlanEvent(models.Model):
    """One change of a plan's status: who moved it, when, and the reviewer's comment."""

    plan = models.ForeignKey(
        ActionPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="events"
    )
    from_status = models.CharField(
        _("from"), max_length=20, choices=ActionPlan.Status.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=20, choices=ActionPlan.Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)

    objects = PlanEventQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("plan review event")
        verbose_name_plural = _("plan review events")
        constraints = [
            models.CheckConstraint(
                name="cycles_planevent_return_has_comment",
                condition=~Q(to_status="returned") | ~Q(comment=""),
                violation_error_message=_("A returned plan needs the reviewer's comment."),
            ),
        ]

    def __str__(self):
        return f"{self.plan}: {self.get_to_status_display()} ({self.at:%Y-%m-%d})"


class PlanPartQuerySet(GroupScopedQuerySet):
    group_path = "plan__cycle__group"


class SuccessCriterion(models.Model):
    """How the community itself will tell that things changed."""

    plan = models.ForeignKey(
        ActionPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="criteria"
    )
    description = models.CharField(_("criterion"), max_length=300)
    baseline = models.CharField(
        _("baseline"), max_length=300, help_text=_("Where things stand now.")
    )
    target = models.CharField(_("target"), max_length=300, help_text=_("What success looks like."))
    history = HistoricalRecords()

    objects = PlanPartQuerySet.as_manager()

    class Meta:
        ordering = ["plan_id", "pk"]
        verbose_name = _("success criterion")
        verbose_name_plural = _("success criteria")

    def __str__(self):
        return self.description


class ActivityQuerySet(GroupScopedQuerySet):
    group_path = "plan__cycle__group"

    def with_reach(self) -> "ActivityQuerySet":
        """Annotate people, women, youth reached and the shares of women and youth."""
        return self.annotate(**headcount("reach")).annotate(**shares())

    def unfinished(self) -> "ActivityQuerySet":
        """Neither done nor cancelled, and no reason recorded for leaving it so."""
        return self.exclude(status__in=Activity.Status.finished()).filter(not_done_reason="")


class Activity(VersionedModel, models.Model):
    class Kind(models.TextChoices):
        ROUND_TABLE = "round_table", _("Round table")
        SPORTS_CULTURAL = "sports_cultural", _("Sports or cultural event")
        FESTIVAL = "festival", _("Festival")
        INFORMATION_CAMPAIGN = "information_campaign", _("Information campaign")
        TRAINING = "training", _("Training")
        POLICE_REPORTING_DAY = "police_reporting_day", _("Police reporting day or open day")
        EXCHANGE_VISIT = "exchange_visit", _("Exchange visit")
        SMALL_WORKS = "small_works", _("Small works")
        ADVOCACY_MEETING = "advocacy_meeting", _("Advocacy meeting")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

        @classmethod
        def finished(cls) -> list[str]:
            return [cls.DONE, cls.CANCELLED]

    plan = models.ForeignKey(
        ActionPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="activities"
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    responsible = models.CharField(
        _("responsible"), max_length=200, blank=True, help_text=_("A person or an organisation.")
    )
    taking_part = models.ManyToManyField(
        Organisation,
        verbose_name=_("organisations taking part"),
        blank=True,
        related_name="cycle_activities",
        help_text=_("Authorities and services that take part."),
    )
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    not_done_reason = models.TextField(
        _("why it is not done"),
        blank=True,
        help_text=_("Lets the cycle move on to evaluation while this activity stays open."),
    )
    seed_grant = money_field(_("seed grant"), null=True, blank=True)
    seed_grant_currency = models.CharField(
        _("seed grant currency"), max_length=3, choices=Currency.choices, blank=True
    )
    version = VersionField(_("version"), default=1, editable=False)
    history = HistoricalRecords()

    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["plan_id", "planned_start", "pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.CheckConstraint(
                name="cycles_activity_planned_end_after_start",
                condition=Q(planned_end__isnull=True)
                | Q(planned_start__isnull=True)
                | Q(planned_end__gte=F("planned_start")),
                violation_error_message=_("The planned end cannot be before the planned start."),
            ),
            models.CheckConstraint(
                name="cycles_activity_actual_end_after_start",
                condition=Q(actual_end__isnull=True)
                | Q(actual_start__isnull=True)
                | Q(actual_end__gte=F("actual_start")),
                violation_error_message=_("The actual end cannot be before the actual start."),
            ),
            models.CheckConstraint(
                name="cycles_activity_seed_grant_has_currency",
                condition=Q(seed_grant__isnull=True, seed_grant_currency="")
                | (Q(seed_grant__gte=0) & ~Q(seed_grant_currency="")),
                violation_error_message=_(
                    "Give a seed grant amount (not negative) together with its currency."
                ),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_finished(self) -> bool:
        return self.status in self.Status.finished()


class ActivityReachQuerySet(GroupScopedQuerySet):
    group_path = "activity__plan__cycle__group"


class ActivityReach(GenderAgeCount):
    """People an activity reached, in total (monitoring updates add to it)."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="reach"
    )
    history = HistoricalRecords()

    objects = ActivityReachQuerySet.as_manager()

    class Meta(GenderAgeCount.Meta):
        verbose_name = _("people reached")
        verbose_name_plural = _("people reached")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "gender", "age_band"], name="cycles_activityreach_one_per_cell"
            ),
        ]


class Contribution(models.Model):
    """A local contribution to a plan: pledged first, delivered later."""

    class Source(models.TextChoices):
        LOCAL_AUTHORITY_BUDGET = "local_authority_budget", _("Local-authority budget")
        COMMUNITY_LABOUR = "community_labour", _("Community labour")
        MATERIALS = "materials", _("Materials")
        BUSINESS = "business", _("Local business")
        OTHER = "other", _("Other")

    class Kind(models.TextChoices):
        CASH = "cash", _("Cash")
        IN_KIND = "in_kind", _("In kind")

    plan = models.ForeignKey(
        ActionPlan,
        verbose_name=_("plan"),
        on_delete=models.CASCADE,
        related_name="contributions",
    )
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("for activity"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contributions",
    )
    source = models.CharField(_("source"), max_length=30, choices=Source.choices)
    kind = models.CharField(_("cash or in kind"), max_length=10, choices=Kind.choices)
    pledged_by = models.CharField(_("pledged by"), max_length=200)
    description = models.CharField(_("description"), max_length=300, blank=True)
    value_pledged = money_field(_("value pledged"))
    value_delivered = money_field(_("value delivered"), default=0)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    history = HistoricalRecords()

    objects = PlanPartQuerySet.as_manager()

    class Meta:
        ordering = ["plan_id", "pk"]
        verbose_name = _("local contribution")
        verbose_name_plural = _("local contributions")
        constraints = [
            models.CheckConstraint(
                name="cycles_contribution_values_not_negative",
                condition=Q(value_pledged__gte=0, value_delivered__gte=0),
                violation_error_message=_("Values cannot be negative."),
            ),
        ]

    def __str__(self):
        return f"{self.get_source_display()}: {self.value_pledged} {self.currency}"

    def clean(self):
        super().clean()
        if self.activity_id and self.plan_id and self.activity.plan_id != self.plan_id:
            raise ValidationError({"activity": _("Choose an activity of the same plan.")})
