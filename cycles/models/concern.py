"""Security concerns raised in a cycle, who raised them, and how the group scored them."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from communities.models import Ethnicity, Group, User
from cycles.models.common import STATED_ETHNICITIES, GroupScopedQuerySet

READ_HIGHLY_SENSITIVE = "cycles.view_highly_sensitive_concern"


def privileged_readers(user) -> Q | bool:
    """Who may read a highly sensitive concern's text, as a condition on concerns.

    True or False when the answer does not depend on the concern: administrators read all,
    inactive and anonymous users nothing. Otherwise: the concern's group has the user among
    its assigned facilitators, or the user is partner staff of the group's organisation
    holding the explicit permission.
    """
    if not user.is_authenticated or not user.is_active:
        return False
    if user.sees_everything:
        return True
    assigned = Group.facilitators.through.objects.filter(
        group=OuterRef("cycle__group"), user=user.pk
    )
    condition = Q(Exists(assigned))
    if (
        user.role == User.Role.PARTNER
        and user.organisation_id
        and user.has_perm(READ_HIGHLY_SENSITIVE)
    ):
        condition |= Q(cycle__group__partner=user.organisation_id)
    return condition


class ConcernQuerySet(GroupScopedQuerySet):
    """Everyone who sees a group sees its concerns exist, with their category; the text of a
    highly sensitive one only for its privileged readers (`privileged_readers`)."""

    group_path = "cycle__group"

    def text_readable_by(self, user) -> "ConcernQuerySet":
        """The concerns whose text the user may read (scope is not checked here)."""
        privileged = privileged_readers(user)
        if privileged is True:
            return self.all()
        condition = ~Q(sensitivity=Concern.Sensitivity.HIGHLY_SENSITIVE)
        return self.filter(condition if privileged is False else condition | privileged)

    def with_text_access(self, user) -> "ConcernQuerySet":
        """Annotate `text_access`: whether the user may read the concern's text."""
        privileged = privileged_readers(user)
        if privileged is True:
            return self.annotate(text_access=Value(True))
        condition = ~Q(sensitivity=Concern.Sensitivity.HIGHLY_SENSITIVE)
        if privileged is not False:
            condition |= privileged
        return self.annotate(text_access=ExpressionWrapper(condition, output_field=BooleanField()))

    def picked(self) -> "ConcernQuerySet":
        return self.filter(status__in=Concern.Status.picked())

    def unresolved(self) -> "ConcernQuerySet":
        return self.filter(status__in=Concern.Status.unresolved())

    def with_flags(self) -> "ConcernQuerySet":
        """Annotate `women_youth_only`: raised by women and/or youth and by nobody else."""
        sources = ConcernSource.objects.filter(concern=OuterRef("pk"))
        women_youth = ConcernSource.Who.women_youth()
        return self.annotate(
            women_youth_only=ExpressionWrapper(
                Q(Exists(sources.filter(who__in=women_youth)))
                & ~Q(Exists(sources.exclude(who__in=women_youth))),
                output_field=BooleanField(),
            )
        )

    def with_group_score(self) -> "ConcernQuerySet":
        """Annotate `group_score`: the whole group's total score (4 to 20), NULL if unscored."""
        scores = PriorityScore.objects.filter(
            concern=OuterRef("pk"),
            perspective=PriorityScore.Perspective.WHOLE_GROUP,
            ethnicity="",
        )
        return self.annotate(
            group_score=Subquery(scores.annotate(total=PriorityScore.total()).values("total")[:1])
        )


class Concern(models.Model):
    class Category(models.TextChoices):
        INTER_ETHNIC = "inter_ethnic", _("Inter-ethnic tension")
        YOUTH_VIOLENCE = "youth_violence", _("Youth violence")
        GENDER_VIOLENCE = "gender_violence", _("Domestic and gender-based violence")
        RADICALISATION = "radicalisation", _("Radicalisation")
        BORDER = "border", _("Border and border guards")
        NATURAL_RESOURCES = "natural_resources", _("Natural resources (water, land)")
        ROAD_SAFETY = "road_safety", _("Road safety")
        CRIME = "crime", _("Crime")
        INFRASTRUCTURE = "infrastructure", _("Infrastructure (street lighting, sanitation)")
        POLICE_RELATIONS = "police_relations", _("Police-community relations")
        EARLY_MARRIAGE = "early_marriage", _("Early marriage and bride kidnapping")
        EXTORTION = "extortion", _("Extortion")
        OTHER = "other", _("Other")

    class Sensitivity(models.TextChoices):
        NORMAL = "normal", _("Normal")
        SENSITIVE = "sensitive", _("Sensitive")
        HIGHLY_SENSITIVE = "highly_sensitive", _("Highly sensitive")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        PRIORITISED = "prioritised", _("Prioritised")
        BEING_ADDRESSED = "being_addressed", _("Being addressed")
        RESOLVED = "resolved", _("Resolved")
        CARRIED_OVER = "carried_over", _("Carried over")
        DROPPED = "dropped", _("Dropped")

        @classmethod
        def picked(cls) -> list[str]:
            """Statuses of concerns the group chose as priorities."""
            return [cls.PRIORITISED, cls.BEING_ADDRESSED, cls.RESOLVED]

        @classmethod
        def unresolved(cls) -> list[str]:
            """Statuses of concerns that go on into the next cycle."""
            return [cls.OPEN, cls.PRIORITISED, cls.BEING_ADDRESSED]

    cycle = models.ForeignKey(
        "cycles.Cycle", verbose_name=_("cycle"), on_delete=models.PROTECT, related_name="concerns"
    )
    raised_at = models.ManyToManyField(
        "cycles.Consultation",
        verbose_name=_("raised at"),
        blank=True,
        related_name="concerns",
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    category = models.CharField(_("category"), max_length=30, choices=Category.choices)
    sensitivity = models.CharField(
        _("sensitivity"),
        max_length=20,
        choices=Sensitivity.choices,
        default=Sensitivity.NORMAL,
        help_text=_(
            "Of a highly sensitive concern, others see only that it exists and its category; "
            "its text is for the group's facilitators and for partner staff given the right "
            "to read it."
        ),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    status_note = models.TextField(
        _("status note"), blank=True, help_text=_("Why it was dropped, or how it was resolved.")
    )
    carried_from = models.OneToOneField(
        "self",
        verbose_name=_("carried over from"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="carried_to",
    )
    history = HistoricalRecords()

    objects = ConcernQuerySet.as_manager()

    # What quotes the concern itself; hidden with it when it is highly sensitive.
    TEXT_FIELDS = ("title", "description", "status_note")

    class Meta:
        ordering = ["cycle_id", "title"]
        verbose_name = _("concern")
        verbose_name_plural = _("concerns")
        permissions = [
            (
                "view_highly_sensitive_concern",
                _("Can read highly sensitive concerns of the organisation's groups"),
            )
        ]
        constraints = [
            models.CheckConstraint(
                name="cycles_concern_dropped_has_reason",
                condition=~Q(status="dropped") | ~Q(status_note=""),
                violation_error_message=_(
                    "Say why the concern is dropped, so that it is not lost silently."
                ),
            ),
        ]

    def __str__(self):
        # Safe wherever a concern is named without knowing who looks (choices, logs, history).
        return self.masked_label if self.is_highly_sensitive else self.title

    def get_absolute_url(self) -> str:
        return reverse("cycles:concern-detail", args=[self.pk])

    @property
    def is_highly_sensitive(self) -> bool:
        return self.sensitivity == self.Sensitivity.HIGHLY_SENSITIVE

    @property
    def masked_label(self) -> str:
        return _("Highly sensitive concern #%(number)s (%(category)s)") % {
            "number": self.pk,
            "category": self.get_category_display(),
        }

    @property
    def title_for_reader(self) -> str:
        """The title, or the masked label, for the user `with_text_access` annotated for."""
        return self.title if self.text_access else self.masked_label

    def is_privileged_reader(self, user) -> bool:
        """Whether the user may read this concern's text even when it is highly sensitive."""
        privileged = privileged_readers(user)
        if isinstance(privileged, bool):
            return privileged
        return Concern.objects.filter(privileged, pk=self.pk).exists()

    def text_visible_to(self, user) -> bool:
        return not self.is_highly_sensitive or self.is_privileged_reader(user)

    def clean(self):
        super().clean()
        if self.status == self.Status.DROPPED and not self.status_note.strip():
            raise ValidationError(
                {
                    "status_note": _(
                        "Say why the concern is dropped, so that it is not lost silently."
                    )
                }
            )


class ConcernSourceQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ConcernSourceQuerySet":
        return self.filter(concern__in=Concern.objects.visible_to(user).values("pk"))


class ConcernSource(models.Model):
    """Who raised a concern: one row per voice, so that the women's and youth's are counted."""

    class Who(models.TextChoices):
        WOMEN = "women", _("Women")
        YOUTH = "youth", _("Youth")
        ELDERS = "elders", _("Elders")
        ETHNIC_GROUP = "ethnic_group", _("An ethnic group")
        COMMUNITY = "community", _("Community members")
        GROUP_MEMBERS = "group_members", _("Members of the group")
        POLICE = "police", _("Police")
        LOCAL_AUTHORITY = "local_authority", _("Local authority")
        OTHER = "other", _("Other")

        @classmethod
        def women_youth(cls) -> list[str]:
            return [cls.WOMEN, cls.YOUTH]

    concern = models.ForeignKey(
        Concern, verbose_name=_("concern"), on_delete=models.CASCADE, related_name="raised_by"
    )
    who = models.CharField(_("raised by"), max_length=20, choices=Who.choices)
    ethnicity = models.CharField(
        _("ethnic group"),
        max_length=20,
        choices=STATED_ETHNICITIES,
        blank=True,
        help_text=_("Only when an ethnic group raised it."),
    )
    history = HistoricalRecords()

    objects = ConcernSourceQuerySet.as_manager()

    class Meta:
        ordering = ["who", "ethnicity"]
        verbose_name = _("raised by")
        verbose_name_plural = _("raised by")
        constraints = [
            models.UniqueConstraint(
                fields=["concern", "who", "ethnicity"], name="cycles_concernsource_unique"
            ),
            models.CheckConstraint(
                name="cycles_concernsource_ethnicity_for_ethnic_group",
                condition=(Q(who="ethnic_group") & ~Q(ethnicity=""))
                | (~Q(who="ethnic_group") & Q(ethnicity="")),
                violation_error_message=_(
                    "Name the ethnic group when, and only when, an ethnic group raised it."
                ),
            ),
        ]

    def __str__(self):
        if self.ethnicity:
            return f"{self.get_who_display()}: {self.get_ethnicity_display()}"
        return str(self.get_who_display())


class PriorityScoreQuerySet(models.QuerySet):
    def visible_to(self, user) -> "PriorityScoreQuerySet":
        return self.filter(concern__in=Concern.objects.visible_to(user).values("pk"))


SCORE_CRITERIA = ("seriousness", "people_affected", "solvable_locally", "consensus")


def score_field(label: str, help_text: str) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        label,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=help_text,
    )


class PriorityScore(models.Model):
    """A concern scored on the group's four criteria, from one perspective."""

    class Perspective(models.TextChoices):
        WHOLE_GROUP = "whole_group", _("Whole group")
        WOMEN = "women", _("Women")
        YOUTH = "youth", _("Youth")
        ETHNIC_GROUP = "ethnic_group", _("An ethnic group")

    CRITERIA = SCORE_CRITERIA

    concern = models.ForeignKey(
        Concern, verbose_name=_("concern"), on_delete=models.CASCADE, related_name="scores"
    )
    perspective = models.CharField(
        _("perspective"),
        max_length=20,
        choices=Perspective.choices,
        default=Perspective.WHOLE_GROUP,
    )
    ethnicity = models.CharField(
        _("ethnic group"),
        max_length=20,
        choices=STATED_ETHNICITIES,
        blank=True,
        help_text=_("Only for an ethnic group's perspective."),
    )
    seriousness = score_field(_("how serious"), _("1 = minor, 5 = very serious"))
    people_affected = score_field(_("people affected"), _("1 = a few, 5 = most people"))
    solvable_locally = score_field(
        _("solvable with local resources"), _("1 = not at all, 5 = fully")
    )
    consensus = score_field(_("consensus"), _("1 = divisive, 5 = everyone agrees"))
    history = HistoricalRecords()

    objects = PriorityScoreQuerySet.as_manager()

    class Meta:
        ordering = ["concern_id", "perspective", "ethnicity"]
        verbose_name = _("priority score")
        verbose_name_plural = _("priority scores")
        constraints = [
            models.UniqueConstraint(
                fields=["concern", "perspective", "ethnicity"],
                name="cycles_priorityscore_one_per_perspective",
                violation_error_message=_("This concern is already scored from this perspective."),
            ),
            models.CheckConstraint(
                name="cycles_priorityscore_ethnicity_for_ethnic_group",
                condition=(Q(perspective="ethnic_group") & ~Q(ethnicity=""))
                | (~Q(perspective="ethnic_group") & Q(ethnicity="")),
                violation_error_message=_(
                    "Name the ethnic group when, and only when, scoring from its perspective."
                ),
            ),
            *(
                models.CheckConstraint(
                    name=f"cycles_priorityscore_{criterion}_range",
                    condition=Q(**{f"{criterion}__gte": 1, f"{criterion}__lte": 5}),
                )
                for criterion in SCORE_CRITERIA
            ),
        ]

    def __str__(self):
        return f"{self.concern}: {self.perspective_label} {self.score}"

    @classmethod
    def total(cls, prefix: str = ""):
        """The sum of the four criteria as an SQL expression; `prefix` reaches the score."""
        first, *rest = (F(f"{prefix}{criterion}") for criterion in cls.CRITERIA)
        return sum(rest, first)

    @staticmethod
    def label_for(perspective: str, ethnicity: str = "") -> str:
        """'Women', 'Youth', or 'An ethnic group: Uzbek'."""
        label = str(PriorityScore.Perspective(perspective).label)
        if ethnicity:
            return f"{label}: {Ethnicity(ethnicity).label}"
        return label

    @property
    def perspective_label(self) -> str:
        return self.label_for(self.perspective, self.ethnicity)

    @property
    def score(self) -> int:
        return sum(getattr(self, criterion) or 0 for criterion in self.CRITERIA)
