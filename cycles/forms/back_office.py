"""Forms for the back-office actions on cycles and plans."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communities.models import Group
from cswg_portal.concurrency import VersionedModelForm
from cycles.models import ActionPlan, Concern, Cycle


class StepNoteForm(forms.Form):
    """Confirms moving a cycle forward; a note is optional."""

    reason = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional: kept with the move in the cycle's log."),
    )


class MoveBackForm(forms.Form):
    to_step = forms.TypedChoiceField(label=_("Back to step"), coerce=int)
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why the cycle goes back: kept in the cycle's log."),
    )

    def __init__(self, *args, cycle: Cycle, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_step"].choices = [
            (value, label) for value, label in Cycle.Step.choices if value < cycle.step
        ]


class DateForm(forms.Form):
    on = forms.DateField(
        label=_("Date"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class StartNextForm(DateForm):
    facilitation = forms.ChoiceField(
        label=_("Facilitated by"),
        choices=Cycle.Facilitation.choices,
        help_text=_("Each cycle the group should lead more of the work itself."),
    )


class PlanActionForm(forms.Form):
    """Confirms a status change of a plan; returning it needs the reviewer's comment."""

    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, comment_required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if comment_required:
            field = self.fields["comment"]
            field.required = True
            field.help_text = _("Say what the group has to change before resubmitting.")
            field.error_messages["required"] = _(
                "Say what needs to change: returning a plan needs a comment."
            )


class JointPlanningForm(forms.Form):
    """Identifies one opportunity; the selector checks it is still one for this user."""

    first = forms.IntegerField(widget=forms.HiddenInput)
    second = forms.IntegerField(widget=forms.HiddenInput)
    category = forms.ChoiceField(choices=Concern.Category.choices, widget=forms.HiddenInput)


class CycleAdminForm(forms.ModelForm):
    class Meta:
        model = Cycle
        fields = ["group", "facilitation", "started_on", *Cycle.CONTEXT_FIELDS]

    def clean(self):
        cleaned = super().clean()
        group = cleaned.get("group")
        # The database constraint cannot be checked on the form: closed_on is not on it.
        if self.instance.pk is None and group and group.cycles.open().exists():
            self.add_error(
                "group",
                _("This group already has an open cycle: close it before starting another."),
            )
        return cleaned


class ConcernAdminForm(forms.ModelForm):
    class Meta:
        model = Concern
        fields = [
            "cycle",
            "title",
            "description",
            "category",
            "sensitivity",
            "status",
            "status_note",
            "raised_at",
            "carried_from",
        ]

    def clean(self):
        cleaned = super().clean()
        cycle, consultations = cleaned.get("cycle"), cleaned.get("raised_at")
        if cycle and consultations and any(c.group_id != cycle.group_id for c in consultations):
            self.add_error(
                "raised_at", _("Choose consultations of the group this cycle belongs to.")
            )
        return cleaned


class ActionPlanAdminForm(VersionedModelForm):
    class Meta:
        model = ActionPlan
        fields = ["cycle", "title", "concerns", "objective", "harm_risks", "tension_avoidance"]

    def clean(self):
        cleaned = super().clean()
        cycle, concerns = cleaned.get("cycle"), cleaned.get("concerns")
        # A joint group's plan takes up the concerns both sides raised in their own cycles.
        if (
            cycle
            and concerns
            and cycle.group.kind != Group.Kind.JOINT
            and any(concern.cycle_id != cycle.pk for concern in concerns)
        ):
            self.add_error("concerns", _("Choose concerns raised in this plan's cycle."))
        return cleaned
