"""Forms of the cycle page: starting a cycle and writing its step-1 context analysis."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cswg_portal.submissions import OnceOnlyFormMixin
from cycles.models import Cycle


class StartCycleForm(OnceOnlyFormMixin, forms.Form):
    started_on = forms.DateField(
        label=_("Start date"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    facilitation = forms.ChoiceField(
        label=_("Facilitated by"),
        choices=Cycle.Facilitation.choices,
        initial=Cycle.Facilitation.PARTNER_LED,
        help_text=_("Each cycle the group should lead more of the work itself."),
    )

    def clean_started_on(self):
        started_on = self.cleaned_data["started_on"]
        if started_on > timezone.localdate():
            raise forms.ValidationError(_("A cycle cannot start in the future."))
        return started_on


class ContextForm(forms.ModelForm):
    """The step-1 conflict analysis: what drives conflict, what divides and connects people."""

    class Meta:
        model = Cycle
        fields = list(Cycle.CONTEXT_FIELDS)
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in Cycle.CONTEXT_FIELDS}
