"""Forms of the consultation pages and of prioritisation: logging a consultation with the
concerns raised at it, commitments, scoring, marking and dropping concerns."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cswg_portal.submissions import OnceOnlyFormMixin
from cycles.models import Commitment, Concern, ConcernSource, Consultation, PriorityScore
from cycles.models.common import STATED_ETHNICITIES

# Held outside the cycle even while one is open: they build trust rather than feed step 2.
OUTSIDE_CYCLE_KINDS = (Consultation.Kind.TRUST_BUILDING,)

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ConsultationForm(OnceOnlyFormMixin, forms.ModelForm):
    group_led = forms.BooleanField(
        label=_("The group's own members facilitated it"),
        required=False,
        help_text=_("Leave unticked when you facilitated it yourself."),
    )

    class Meta:
        model = Consultation
        fields = [
            "kind",
            "held_on",
            "place",
            "topic",
            "police_attended",
            "local_authority_attended",
            "other_services_attended",
            "notes",
        ]
        widgets = {
            "held_on": DATE_INPUT,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].initial = Consultation.Kind.COMMUNITY
        self.fields["kind"].widget.attrs["autofocus"] = True
        self.fields["held_on"].initial = timezone.localdate

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if held_on > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return held_on


class ConcernForm(forms.Form):
    """One concern raised at the consultation; an untouched extra form is skipped."""

    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    category = forms.ChoiceField(
        label=_("Category"), choices=[("", "---------"), *Concern.Category.choices]
    )
    raised_by = forms.MultipleChoiceField(
        label=_("Raised by"),
        choices=ConcernSource.Who.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    ethnicity = forms.ChoiceField(
        label=_("Which ethnic group"),
        choices=[("", "---------"), *STATED_ETHNICITIES],
        required=False,
        help_text=_("Only when an ethnic group raised it."),
    )
    sensitivity = forms.ChoiceField(
        label=_("Sensitivity"),
        choices=Concern.Sensitivity.choices,
        initial=Concern.Sensitivity.NORMAL,
        widget=forms.RadioSelect,
    )

    def clean(self):
        cleaned = super().clean()
        ethnic = ConcernSource.Who.ETHNIC_GROUP in cleaned.get("raised_by", [])
        if ethnic and not cleaned.get("ethnicity"):
            self.add_error("ethnicity", _("Say which ethnic group raised it."))
        if cleaned.get("ethnicity") and not ethnic and "raised_by" in cleaned:
            self.add_error(
                "ethnicity", _("Tick “An ethnic group” under raised by, or leave this empty.")
            )
        return cleaned

    def raised_by_values(self) -> list[str | tuple[str, str]]:
        """What `services.raise_concern` takes as `raised_by`."""
        return [
            (who, self.cleaned_data["ethnicity"]) if who == ConcernSource.Who.ETHNIC_GROUP else who
            for who in self.cleaned_data["raised_by"]
        ]


class BaseConcernFormSet(forms.BaseFormSet):
    def filled(self) -> list[ConcernForm]:
        """The forms someone typed into (extra forms left empty are not concerns)."""
        return [form for form in self.forms if form.has_changed()]


# absolute_max: a posted count past it builds no more forms (Django's default is 1,030).
ConcernFormSet = forms.formset_factory(
    ConcernForm,
    formset=BaseConcernFormSet,
    extra=2,
    max_num=30,
    absolute_max=30,
    validate_max=True,
)


class CommitmentForm(OnceOnlyFormMixin, forms.ModelForm):
    class Meta:
        model = Commitment
        fields = ["body", "made_by", "what", "due_on"]
        widgets = {"what": forms.Textarea(attrs={"rows": 2}), "due_on": DATE_INPUT}

    def __init__(self, *args, consultation: Consultation, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.consultation = consultation


def _score_field(name: str) -> forms.TypedChoiceField:
    model_field = PriorityScore._meta.get_field(name)
    return forms.TypedChoiceField(
        label=model_field.verbose_name,
        help_text=model_field.help_text,
        choices=[("", "–"), *((value, str(value)) for value in range(1, 6))],
        coerce=int,
    )


class ScoreForm(forms.Form):
    """The whole group's score of one concern on the four criteria, 1 to 5 each."""

    seriousness = _score_field("seriousness")
    people_affected = _score_field("people_affected")
    solvable_locally = _score_field("solvable_locally")
    consensus = _score_field("consensus")

    @classmethod
    def for_concern(cls, concern: Concern, score: PriorityScore | None, data=None) -> "ScoreForm":
        initial = {name: getattr(score, name) for name in PriorityScore.CRITERIA} if score else {}
        return cls(data, initial=initial, prefix=f"concern-{concern.pk}")


class MarkPrioritiesForm(forms.Form):
    # Labelled with str(concern): a highly sensitive concern is masked here, so that showing
    # this confirmation page logs no read (its text is on the priorities page).
    concerns = forms.ModelMultipleChoiceField(
        label=_("The group's priorities"),
        queryset=Concern.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one concern.")},
    )

    def __init__(self, *args, concerns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["concerns"].queryset = concerns


class DropConcernForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the concern dropped?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "autofocus": True}),
        help_text=_("For example: another organisation already works on it."),
    )
