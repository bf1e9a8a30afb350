"""Step 4 monitoring updates and the step 5 participatory evaluation."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cswg_portal.concurrency import VersionedModel, VersionField
from cycles.models.common import GenderAgeCount, GroupScopedQuerySet, headcount, shares
from cycles.models.plan import Activity, SuccessCriterion


class MonitoringUpdateQuerySet(GroupScopedQuerySet):
    group_path = "activity__plan__cycle__group"

    def with_reach(self) -> "MonitoringUpdateQuerySet":
        return self.annotate(**headcount("reach")).annotate(**shares())


class MonitoringUpdate(models.Model):
    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="updates"
    )
    reported_on = models.DateField(_("date"))
    status = models.CharField(_("status"), max_length=20, choices=Activity.Status.choices)
    progress = models.TextField(_("progress"))
    evidence = models.TextField(
        _("notes and evidence"),
        blank=True,
        help_text=_("Minutes, photos, press coverage: where they can be found."),
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    objects = MonitoringUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["-reported_on", "-pk"]
        verbose_name = _("monitoring update")
        verbose_name_plural = _("monitoring updates")

    def __str__(self):
        return f"{self.activity}, {self.reported_on:%Y-%m-%d}: {self.get_status_display()}"


class MonitoringPartQuerySet(GroupScopedQuerySet):
    group_path = "update__activity__plan__cycle__group"


class MonitoringReach(GenderAgeCount):
    """People reached since the previous update (added to the activity's total)."""

    update = models.ForeignKey(
        MonitoringUpdate,
        verbose_name=_("monitoring update"),
        on_delete=models.CASCADE,
        related_name="reach",
    )
    history = HistoricalRecords()

    objects = MonitoringPartQuerySet.as_manager()

    class Meta(GenderAgeCount.Meta):
        verbose_name = _("people reached")
        verbose_name_plural = _("people reached")
        constraints = [
            models.UniqueConstraint(
                fields=["update", "gender", "age_band"], name="cycles_monitoringreach_one_per_cell"
            ),
        ]


class CriterionProgress(models.Model):
    """Where one of the community's success criteria stands at a monitoring update."""

    update = models.ForeignKey(
        MonitoringUpdate,
        verbose_name=_("monitoring update"),
        on_delete=models.CASCADE,
        related_name="criteria_progress",
    )
    criterion = models.ForeignKey(
        SuccessCriterion,
        verbose_name=_("success criterion"),
        on_delete=models.CASCADE,
        related_name="progress",
    )
    progress = models.CharField(_("progress"), max_length=300)
    history = HistoricalRecords()

    objects = MonitoringPartQuerySet.as_manager()

    class Meta:
        ordering = ["update_id", "criterion_id"]
        verbose_name = _("progress on a success criterion")
        verbose_name_plural = _("progress on success criteria")
        constraints = [
            models.UniqueConstraint(
                fields=["update", "criterion"], name="cycles_criterionprogress_one_per_update"
            ),
        ]

    def __str__(self):
        return f"{self.criterion}: {self.progress}"

    def clean(self):
        super().clean()
        if (
            self.update_id
            and self.criterion_id
            and self.criterion.plan_id != self.update.activity.plan_id
        ):
            raise ValidationError(
                {"criterion": _("Choose a success criterion of the activity's plan.")}
            )


class EvaluationQuerySet(GroupScopedQuerySet):
    group_path = "cycle__group"


class Evaluation(VersionedModel, models.Model):
    """The group's participatory evaluation of a cycle (step 5)."""

    class Safety(models.IntegerChoices):
        VERY_UNSAFE = 1, _("Very unsafe")
        UNSAFE = 2, _("Rather unsafe")
        MIXED = 3, _("Neither safe nor unsafe")
        SAFE = 4, _("Rather safe")
        VERY_SAFE = 5, _("Very safe")

    cycle = models.OneToOneField(
        "cycles.Cycle",
        verbose_name=_("cycle"),
        on_delete=models.PROTECT,
        related_name="evaluation",
    )
    held_on = models.DateField(_("date"))
    participants = models.TextField(
        _("who took part"), help_text=_("Which members, community members and officials.")
    )
    safety_before = models.PositiveSmallIntegerField(
        _("how safe people felt before"), choices=Safety.choices
    )
    safety_after = models.PositiveSmallIntegerField(
        _("how safe people feel now"), choices=Safety.choices
    )
    what_worked = models.TextField(_("what worked"), blank=True)
    lessons = models.TextField(_("lessons"), blank=True)
    improvements = models.TextField(_("improvements for the next cycle"), blank=True)
    version = VersionField(_("version"), default=1, editable=False)
    history = HistoricalRecords()

    objects = EvaluationQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [
            models.CheckConstraint(
                name="cycles_evaluation_safety_range",
                condition=Q(safety_before__gte=1, safety_before__lte=5)
                & Q(safety_after__gte=1, safety_after__lte=5),
            ),
        ]

    def __str__(self):
        return _("Evaluation of %(cycle)s") % {"cycle": self.cycle}

    def clean(self):
        super().clean()
        if not self.cycle_id:
            return
        if self._state.adding and self.cycle.step != self.cycle.Step.EVALUATION:
            raise ValidationError(
                {
                    "cycle": _("A cycle is evaluated at step 5; this one is at step %(step)d.")
                    % {"step": self.cycle.step}
                }
            )
        if self.held_on and self.held_on < self.cycle.started_on:
            raise ValidationError({"held_on": _("The evaluation cannot predate the cycle.")})


class CriterionResultQuerySet(GroupScopedQuerySet):
    group_path = "evaluation__cycle__group"


class CriterionResult(models.Model):
    class Result(models.TextChoices):
        ACHIEVED = "achieved", _("Achieved")
        PARTLY = "partly", _("Partly achieved")
        NOT_ACHIEVED = "not_achieved", _("Not achieved")

    evaluation = models.ForeignKey(
        Evaluation, verbose_name=_("evaluation"), on_delete=models.CASCADE, related_name="results"
    )
    criterion = models.ForeignKey(
        SuccessCriterion,
        verbose_name=_("success criterion"),
        on_delete=models.CASCADE,
        related_name="results",
    )
    result = models.CharField(_("result"), max_length=20, choices=Result.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    history = HistoricalRecords()

    objects = CriterionResultQuerySet.as_manager()

    class Meta:
        ordering = ["evaluation_id", "criterion_id"]
        verbose_name = _("result on a success criterion")
        verbose_name_plural = _("results on success criteria")
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "criterion"], name="cycles_criterionresult_one_per_criterion"
            ),
        ]

    def __str__(self):
        return f"{self.criterion}: {self.get_result_display()}"

    def clean(self):
        super().clean()
        if (
            self.evaluation_id
            and self.criterion_id
            and self.criterion.plan.cycle_id != self.evaluation.cycle_id
        ):
            raise ValidationError({"criterion": _("Choose a success criterion of this cycle.")})
