"""The action plan editor: the plan itself and its criteria, activities and contributions.

The three parts are inline formsets; `static/js/plan.js` adds rows from each formset's
empty form and keeps the money totals up to date as people type.
"""

from django import forms
from django.db.models import Q, QuerySet
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from communities.models import User
from cswg_portal.concurrency import EditConflict, VersionedFormMixin, show_conflict
from cswg_portal.submissions import OnceOnlyFormMixin
from cycles.models import ActionPlan, Activity, Concern, Contribution, SuccessCriterion


def _amount_field(label: str, kind: str, required: bool) -> forms.DecimalField:
    """An amount as the database holds it (12 digits, 2 after the point), never negative."""
    return forms.DecimalField(
        label=label,
        required=required,
        max_digits=12,
        decimal_places=2,
        min_value=0,
        widget=forms.NumberInput(
            attrs={"min": 0, "step": "0.01", "inputmode": "decimal", "data-money": kind}
        ),
    )


def _date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ConcernChoiceField(forms.ModelMultipleChoiceField):
    """Concerns named for the reader: highly sensitive ones masked unless they may read them."""

    def label_from_instance(self, concern: Concern) -> str:
        return concern.title_for_reader


def concern_choices(plan: ActionPlan, user: User) -> QuerySet[Concern]:
    """The cycle's prioritised concerns and those the plan already addresses."""
    addressed = Q(pk__in=plan.concerns.values("pk")) if plan.pk else Q(pk__in=[])
    return (
        Concern.objects.visible_to(user)
        .filter(cycle=plan.cycle_id)
        .filter(Q(status__in=Concern.Status.picked()) | addressed)
        .with_text_access(user)
        .order_by("pk")
    )


class PlanForm(VersionedFormMixin, OnceOnlyFormMixin, forms.ModelForm):
    concerns = ConcernChoiceField(
        label=_("Concerns addressed"),
        queryset=Concern.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        help_text=_("The prioritised concerns of this cycle that the plan works on."),
    )

    class Meta:
        model = ActionPlan
        fields = ["title", "objective", "concerns", "harm_risks", "tension_avoidance"]
        widgets = {
            "objective": forms.Textarea(attrs={"rows": 3}),
            "harm_risks": forms.Textarea(attrs={"rows": 3}),
            "tension_avoidance": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["concerns"].queryset = concern_choices(self.instance, user)


class CriterionForm(forms.ModelForm):
    class Meta:
        model = SuccessCriterion
        fields = ["description", "baseline", "target"]


class ActivityForm(VersionedFormMixin, forms.ModelForm):
    seed_grant = _amount_field(_("Seed grant"), "seed", required=False)

    class Meta:
        model = Activity
        fields = [
            "title",
            "kind",
            "responsible",
            "planned_start",
            "planned_end",
            "seed_grant",
            "seed_grant_currency",
        ]
        labels = {"seed_grant_currency": _("Currency")}
        widgets = {
            "planned_start": _date_widget(),
            "planned_end": _date_widget(),
            "seed_grant_currency": forms.Select(attrs={"data-money": "seed-currency"}),
        }

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("planned_start"), cleaned.get("planned_end")
        if start and end and end < start:
            self.add_error("planned_end", _("The planned end cannot be before the planned start."))
        amount, currency = cleaned.get("seed_grant"), cleaned.get("seed_grant_currency")
        if amount is not None and not currency:
            self.add_error("seed_grant_currency", _("Choose the currency of the seed grant."))
        if currency and amount is None:
            self.add_error("seed_grant", _("Give the amount of the seed grant, or no currency."))
        return cleaned


class ContributionForm(forms.ModelForm):
    value_pledged = _amount_field(_("Amount pledged"), "local", required=True)

    class Meta:
        model = Contribution
        fields = [
            "source",
            "kind",
            "pledged_by",
            "description",
            "value_pledged",
            "currency",
            "activity",
        ]
        widgets = {"currency": forms.Select(attrs={"data-money": "local-currency"})}
        help_texts = {"activity": _("Optional. A new activity can be chosen once it is saved.")}

    def __init__(self, *args, activities: QuerySet[Activity], activity_choices: list, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["activity"]
        field.queryset = activities
        # Read once for all the rows of the formset, not once per row.
        field.choices = activity_choices


# Rows of each part of a plan. Django builds as many forms as the posted count says, up to
# `absolute_max` (by default 1,000 past `max_num`): a count of 2**31 made the editor build
# and show 2,000 rows of each part, half a minute of work for one request.
MAX_PLAN_ROWS = 100
_ROWS = {
    "extra": 1,
    "can_delete_extra": False,
    "max_num": MAX_PLAN_ROWS,
    "absolute_max": MAX_PLAN_ROWS,
    "validate_max": True,
}

CriterionFormSet = inlineformset_factory(ActionPlan, SuccessCriterion, form=CriterionForm, **_ROWS)
ActivityFormSet = inlineformset_factory(ActionPlan, Activity, form=ActivityForm, **_ROWS)
ContributionFormSet = inlineformset_factory(
    ActionPlan, Contribution, form=ContributionForm, **_ROWS
)


class PlanEditor:
    """The plan form and its three formsets, bound together and valid together."""

    def __init__(self, plan: ActionPlan, user: User, data=None):
        self.plan = plan
        self.form = PlanForm(data, instance=plan, user=user)
        activities = (
            plan.activities.order_by("planned_start", "pk") if plan.pk else Activity.objects.none()
        )
        activity_choices = [("", "---------")] + [
            (activity.pk, activity.title) for activity in activities
        ]
        self.criteria = CriterionFormSet(data, instance=plan, prefix="criteria")
        self.activities = ActivityFormSet(data, instance=plan, prefix="activities")
        self.contributions = ContributionFormSet(
            data,
            instance=plan,
            prefix="contributions",
            form_kwargs={"activities": activities, "activity_choices": activity_choices},
        )

    @property
    def formsets(self) -> list:
        # Contributions before activities: a contribution saved for an activity deleted in
        # the same save is then set to no activity rather than pointing at a gone row.
        return [self.criteria, self.contributions, self.activities]

    def is_valid(self) -> bool:
        results = [self.form.is_valid()] + [formset.is_valid() for formset in self.formsets]
        return all(results)

    def show_conflict(self, conflict: EditConflict) -> None:
        """The plan or one of its activities was saved by someone else during this save."""
        show_conflict([self.form, *self.activities.forms], conflict)

    def focus_first_error(self) -> None:
        """Put the cursor in the first field that has a message beside it."""
        forms_in_order = [self.form]
        for formset in (self.criteria, self.activities, self.contributions):
            forms_in_order.extend(formset.forms)
        for form in forms_in_order:
            for name in form.errors:
                if name in form.fields:
                    form.fields[name].widget.attrs["autofocus"] = True
                    return


class SubmitPlanForm(forms.Form):
    comment = forms.CharField(
        label=_("Note for the reviewer"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional. When resubmitting, say what changed."),
    )
