"""A group's pass through the five-step community security cycle, and the log of its moves."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from communities.models import Group
from cycles.models.common import GroupScopedQuerySet
from cycles.models.consultation import Consultation


class CycleQuerySet(GroupScopedQuerySet):
    def open(self) -> "CycleQuerySet":
        return self.filter(closed_on__isnull=True)

    def closed(self) -> "CycleQuerySet":
        return self.filter(closed_on__isnull=False)


class Cycle(models.Model):
    class Facilitation(models.TextChoices):
        PARTNER_LED = "partner_led", _("Partner-led")
        CO_FACILITATED = "co_facilitated", _("Co-facilitated")
        GROUP_LED = "group_led", _("Group-led")

    class Step(models.IntegerChoices):
        PREPARATION = 1, _("1. Preparation and conflict analysis")
        PRIORITISATION = 2, _("2. Identify and prioritise problems")
        PLANNING = 3, _("3. Action planning")
        IMPLEMENTATION = 4, _("4. Implement and monitor")
        EVALUATION = 5, _("5. Evaluate, learn, plan improvements")

    # The step-1 context analysis, in the order a facilitator writes it.
    CONTEXT_FIELDS = ("conflict_drivers", "dividers", "connectors", "actors", "risks")

    group = models.ForeignKey(
        Group, verbose_name=_("group"), on_delete=models.PROTECT, related_name="cycles"
    )
    number = models.PositiveSmallIntegerField(
        _("number"), help_text=_("1 for the group's first cycle, then 2, 3...")
    )
    facilitation = models.CharField(
        _("facilitated by"),
        max_length=20,
        choices=Facilitation.choices,
        help_text=_("Who led the cycle: the trend towards group-led cycles shows ownership."),
    )
    started_on = models.DateField(_("started on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    step = models.PositiveSmallIntegerField(
        _("current step"), choices=Step.choices, default=Step.PREPARATION
    )
    previous = models.OneToOneField(
        "self",
        verbose_name=_("previous cycle"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_cycle",
        help_text=_("The cycle whose unresolved concerns this one carries on."),
    )
    conflict_drivers = models.TextField(
        _("conflict drivers"), blank=True, help_text=_("What causes or fuels conflict here.")
    )
    dividers = models.TextField(
        _("dividers"), blank=True, help_text=_("What sets people against each other.")
    )
    connectors = models.TextField(
        _("connectors"), blank=True, help_text=_("What brings people together.")
    )
    actors = models.TextField(
        _("actors"), blank=True, help_text=_("Who shapes security here and how.")
    )
    risks = models.TextField(
        _("risks"), blank=True, help_text=_("What could go wrong for the group and for people.")
    )
    history = HistoricalRecords()

    objects = CycleQuerySet.as_manager()

    class Meta:
        ordering = ["group__name", "number"]
        verbose_name = _("cycle")
        verbose_name_plural = _("cycles")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "number"],
                name="cycles_cycle_unique_number",
                violation_error_message=_("This group already has a cycle with this number."),
            ),
            models.UniqueConstraint(
                fields=["group"],
                condition=Q(closed_on__isnull=True),
                name="cycles_cycle_one_open_per_group",
                violation_error_message=_(
                    "This group already has an open cycle: close it before starting another."
                ),
            ),
            models.CheckConstraint(name="cycles_cycle_number_positive", condition=Q(number__gte=1)),
            models.CheckConstraint(
                name="cycles_cycle_step_range", condition=Q(step__gte=1, step__lte=5)
            ),
            models.CheckConstraint(
                name="cycles_cycle_closed_after_start",
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("started_on")),
                violation_error_message=_("A cycle cannot close before it started."),
            ),
            models.CheckConstraint(
                name="cycles_cycle_closed_at_last_step",
                condition=Q(closed_on__isnull=True) | Q(step=5),
                violation_error_message=_("A cycle closes from step 5."),
            ),
        ]

    def __str__(self):
        return _("%(group)s, cycle %(number)s") % {"group": self.group, "number": self.number}

    def get_absolute_url(self) -> str:
        return reverse("cycles:cycle-detail", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        return self.closed_on is not None

    def missing_context(self) -> list[str]:
        """Verbose names of the context-analysis fields still empty."""
        return [
            str(self._meta.get_field(name).verbose_name)
            for name in self.CONTEXT_FIELDS
            if not getattr(self, name).strip()
        ]

    def trainings(self) -> models.QuerySet:
        """Trainings held for the group within this cycle (step 1 preparation)."""
        return self.consultations.filter(kind=Consultation.Kind.TRAINING)


class CycleStepChangeQuerySet(GroupScopedQuerySet):
    group_path = "cycle__group"


class CycleStepChange(models.Model):
    """One move of a cycle: started, forward, back (with a reason) or closed."""

    class Action(models.TextChoices):
        STARTED = "started", _("Started")
        ADVANCED = "advanced", _("Moved forward")
        MOVED_BACK = "moved_back", _("Moved back")
        CLOSED = "closed", _("Closed")

    cycle = models.ForeignKey(
        Cycle, verbose_name=_("cycle"), on_delete=models.CASCADE, related_name="step_changes"
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    from_step = models.PositiveSmallIntegerField(
        _("from step"), choices=Cycle.Step.choices, null=True, blank=True
    )
    to_step = models.PositiveSmallIntegerField(_("to step"), choices=Cycle.Step.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("at"), default=timezone.now)
    reason = models.TextField(_("reason"), blank=True)

    objects = CycleStepChangeQuerySet.as_manager()

    class Meta:
        ordering = ["changed_at", "pk"]
        verbose_name = _("cycle step change")
        verbose_name_plural = _("cycle step changes")
        constraints = [
            models.CheckConstraint(
                name="cycles_cyclestepchange_back_has_reason",
                condition=~Q(action="moved_back") | ~Q(reason=""),
                violation_error_message=_("Moving a cycle back needs a reason."),
            ),
            models.CheckConstraint(
                name="cycles_cyclestepchange_step_range",
                condition=Q(to_step__gte=1, to_step__lte=5)
                & (Q(from_step__isnull=True) | Q(from_step__gte=1, from_step__lte=5)),
            ),
        ]

    def __str__(self):
        return (
            f"{self.cycle}: {self.get_action_display()} ({self.from_step or '-'} → {self.to_step})"
        )
