"""Forms of steps 4 and 5: a monitoring update, the evaluation, closing and the next cycle."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cswg_portal.concurrency import VersionedFormMixin
from cswg_portal.submissions import OnceOnlyFormMixin
from cycles.models import Activity, Concern, CriterionResult, Cycle, Evaluation

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _not_in_future(value):
    if value and value > timezone.localdate():
        raise forms.ValidationError(_("The date cannot be in the future."))
    return value


class MonitoringUpdateForm(VersionedFormMixin, OnceOnlyFormMixin, forms.Form):
    """How an activity is going, with one progress note per success criterion of its plan.

    It changes the activity too (status, reason, dates): it is refused when someone else
    changed the activity after the page was opened.
    """

    reported_on = forms.DateField(
        label=_("Date of the update"), initial=timezone.localdate, widget=DATE
    )
    status = forms.ChoiceField(label=_("Status"), choices=Activity.Status.choices)
    progress = forms.CharField(label=_("What happened"), widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.CharField(
        label=_("Notes and evidence"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Minutes, photos, press coverage: where they can be found."),
    )
    not_done_reason = forms.CharField(
        label=_("Why it is not done"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Required when the activity is cancelled. For an activity that stays open, a "
            "reason lets the cycle move on to the evaluation."
        ),
    )
    actual_start = forms.DateField(label=_("Actual start"), required=False, widget=DATE)
    actual_end = forms.DateField(label=_("Actual end"), required=False, widget=DATE)

    def __init__(self, *args, activity: Activity, criteria, **kwargs):
        self.activity = activity
        super().__init__(*args, **kwargs)
        self.fields["reported_on"].widget.attrs["autofocus"] = True
        self.criteria = list(criteria)
        self.fields["status"].initial = activity.status
        self.fields["not_done_reason"].initial = activity.not_done_reason
        self.fields["actual_start"].initial = activity.actual_start
        self.fields["actual_end"].initial = activity.actual_end
        for criterion in self.criteria:
            self.fields[self.criterion_field(criterion)] = forms.CharField(
                label=criterion.description,
                required=False,
                max_length=300,
                help_text=_("Target: %(target)s") % {"target": criterion.target},
            )

    def versioned_row(self) -> Activity:
        return self.activity

    @staticmethod
    def criterion_field(criterion) -> str:
        return f"criterion_{criterion.pk}"

    def criterion_fields(self) -> list[forms.BoundField]:
        return [self[self.criterion_field(criterion)] for criterion in self.criteria]

    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("reported_on", "status", "progress", "evidence")]

    def date_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("not_done_reason", "actual_start", "actual_end")]

    def clean_reported_on(self):
        return _not_in_future(self.cleaned_data["reported_on"])

    def clean_actual_start(self):
        return _not_in_future(self.cleaned_data["actual_start"])

    def clean_actual_end(self):
        return _not_in_future(self.cleaned_data["actual_end"])

    def clean(self):
        data = super().clean()
        start, end = data.get("actual_start"), data.get("actual_end")
        if start and end and end < start:
            self.add_error("actual_end", _("The actual end cannot be before the actual start."))
        if (
            data.get("status") == Activity.Status.CANCELLED
            and not (data.get("not_done_reason") or "").strip()
        ):
            self.add_error("not_done_reason", _("Say why the activity is cancelled."))
        return data

    def criteria_progress(self) -> dict:
        return {
            criterion: self.cleaned_data[self.criterion_field(criterion)].strip()
            for criterion in self.criteria
            if self.cleaned_data[self.criterion_field(criterion)].strip()
        }


class EvaluationForm(VersionedFormMixin, OnceOnlyFormMixin, forms.ModelForm):
    """The participatory evaluation, with a result and a note for each success criterion."""

    class Meta:
        model = Evaluation
        fields = [
            "held_on",
            "participants",
            "safety_before",
            "safety_after",
            "what_worked",
            "lessons",
            "improvements",
        ]
        widgets = {
            "held_on": DATE,
            "participants": forms.Textarea(attrs={"rows": 2}),
            "what_worked": forms.Textarea(attrs={"rows": 3}),
            "lessons": forms.Textarea(attrs={"rows": 3}),
            "improvements": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        self.fields["held_on"].widget.attrs["autofocus"] = True
        if self.instance.pk is None:
            self.initial["held_on"] = timezone.localdate()
        previous = (
            {row.criterion_id: row for row in self.instance.results.all()}
            if self.instance.pk
            else {}
        )
        for criterion in self.criteria:
            known = previous.get(criterion.pk)
            self.fields[f"result_{criterion.pk}"] = forms.ChoiceField(
                label=_("Result"),
                choices=CriterionResult.Result.choices,
                widget=forms.RadioSelect,
                initial=known.result if known else None,
            )
            self.fields[f"note_{criterion.pk}"] = forms.CharField(
                label=_("Note"),
                required=False,
                max_length=300,
                initial=known.note if known else "",
            )

    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.Meta.fields]

    def criterion_rows(self) -> list[tuple]:
        """(criterion, its result field, its note field) for the template."""
        return [
            (criterion, self[f"result_{criterion.pk}"], self[f"note_{criterion.pk}"])
            for criterion in self.criteria
        ]

    def clean_held_on(self):
        return _not_in_future(self.cleaned_data["held_on"])

    def results(self) -> dict:
        return {
            criterion: (
                self.cleaned_data[f"result_{criterion.pk}"],
                self.cleaned_data[f"note_{criterion.pk}"],
            )
            for criterion in self.criteria
        }


class CloseCycleForm(forms.Form):
    closed_on = forms.DateField(label=_("Closing date"), initial=timezone.localdate, widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["closed_on"].widget.attrs["autofocus"] = True

    def clean_closed_on(self):
        return _not_in_future(self.cleaned_data["closed_on"])


class ConcernChoiceField(forms.ModelMultipleChoiceField):
    """Concerns named by their title, or masked for readers without `text_access`."""

    def label_from_instance(self, concern: Concern) -> str:
        return f"{concern.title_for_reader} ({concern.get_status_display()})"


class NextCycleForm(OnceOnlyFormMixin, forms.Form):
    started_on = forms.DateField(label=_("Start date"), initial=timezone.localdate, widget=DATE)
    facilitation = forms.ChoiceField(label=_("Facilitated by"), choices=Cycle.Facilitation.choices)
    carry = ConcernChoiceField(
        label=_("Concerns to carry over"),
        queryset=Concern.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Unticked concerns are dropped, with a note that they were not carried over."),
    )

    def __init__(self, *args, cycle: Cycle, concerns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["started_on"].widget.attrs["autofocus"] = True
        self.fields["facilitation"].initial = cycle.facilitation
        self.fields["carry"].queryset = concerns
        self.fields["carry"].initial = [concern.pk for concern in concerns]

    def clean_started_on(self):
        return _not_in_future(self.cleaned_data["started_on"])
