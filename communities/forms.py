from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communities.models import Community, Group, Membership, Person, Programme, User
from communities.services import running_after
from cswg_portal.concurrency import VersionedModelForm
from cswg_portal.submissions import OnceOnlyFormMixin


class EthnicShareFormSet(BaseInlineFormSet):
    """The shares of one community may not add up to more than the whole population."""

    def clean(self):
        super().clean()
        total = Decimal(0)
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            total += form.cleaned_data.get("percent") or 0
        if total > 100:
            raise ValidationError(
                _("The ethnic shares add up to %(total)s%%; they cannot exceed 100%%.")
                % {"total": total}
            )


class CommunityAdminForm(forms.ModelForm):
    programmes = forms.ModelMultipleChoiceField(
        label=_("Programmes"),
        queryset=Programme.objects.none(),
        required=False,
        help_text=_("The programmes that cover this community."),
    )

    class Meta:
        model = Community
        fields = [
            "name",
            "district",
            "kind",
            "population",
            "status",
            "latitude",
            "longitude",
            "on_border",
            "facing_communities",
            "assessment_date",
            "assessment_notes",
        ]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["programmes"].queryset = Programme.objects.visible_to(user)
        if self.instance.pk:
            self.fields["programmes"].initial = self.instance.programmes.filter(
                pk__in=self.fields["programmes"].queryset
            )
        if not user.sees_everything:
            # Otherwise a partner's new community would vanish from their own lists.
            self.fields["programmes"].required = True
            self.fields["programmes"].help_text = _(
                "At least one of your organisation's programmes must cover the community."
            )

    def clean(self):
        cleaned = super().clean()
        facing = cleaned.get("facing_communities")
        if facing and not cleaned.get("on_border"):
            self.add_error(
                "on_border", _("Tick this when the community faces others across a border.")
            )
        if facing and self.instance.pk and self.instance in facing:
            self.add_error("facing_communities", _("A community cannot face itself."))
        return cleaned

    def save_programmes(self, community: Community) -> None:
        """Change only the programmes this user may see; other links stay as they were."""
        choosable = self.fields["programmes"].queryset
        community.programmes.remove(*community.programmes.filter(pk__in=choosable))
        community.programmes.add(*self.cleaned_data["programmes"])


class GroupAdminForm(VersionedModelForm):
    class Meta:
        model = Group
        fields = [
            "name",
            "kind",
            "communities",
            "partner",
            "programme",
            "status",
            "facilitators",
            "established",
            "officially_recognised",
            "premises_provided",
        ]
        widgets = {"facilitators": forms.CheckboxSelectMultiple}

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("facilitators")
        if field is not None:
            # Only the partner's own facilitators can be assigned; administrators creating a
            # group for any partner get every facilitator, checked against the partner in clean.
            partner = self.instance.partner_id or (
                None if user.sees_everything else user.organisation_id
            )
            facilitators = field.queryset
            if partner is not None:
                facilitators = facilitators.filter(organisation=partner)
            field.queryset = facilitators.order_by("first_name", "last_name", "username")

    def clean(self):
        cleaned = super().clean()
        partner, facilitators = cleaned.get("partner"), cleaned.get("facilitators")
        if partner and facilitators:
            outsiders = [str(user) for user in facilitators if user.organisation_id != partner.pk]
            if outsiders:
                self.add_error(
                    "facilitators",
                    _("Only facilitators of %(partner)s can be assigned: not %(names)s.")
                    % {"partner": partner, "names": ", ".join(outsiders)},
                )
        communities = cleaned.get("communities")
        kind = cleaned.get("kind")
        if communities is not None and kind:
            if kind == Group.Kind.JOINT and len(communities) < 2:
                self.add_error(
                    "communities",
                    _("A joint cross-border working group covers at least two communities."),
                )
            elif kind != Group.Kind.JOINT and len(communities) != 1:
                self.add_error(
                    "communities",
                    _("Choose exactly one community; only joint groups cover several."),
                )
        return cleaned


class MergeForm(forms.Form):
    class Mode:
        WHOLE = "whole"
        SOME = "some"

    target = forms.ModelChoiceField(label=_("LCPC"), queryset=Group.objects.none())
    on = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The day the members start in the LCPC."),
    )
    mode = forms.ChoiceField(
        label=_("What happens"),
        widget=forms.RadioSelect,
        choices=[
            (Mode.WHOLE, _("Merge the whole CSWG into the LCPC (the CSWG is closed)")),
            (Mode.SOME, _("Place only the members chosen below into the LCPC (the CSWG goes on)")),
        ],
        initial=Mode.WHOLE,
    )
    people = forms.ModelMultipleChoiceField(
        label=_("Members to place"),
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, source: Group, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.source = source
        self.fields["target"].queryset = targets
        self.fields["on"].initial = timezone.localdate()
        self.fields["people"].queryset = Person.objects.filter(
            pk__in=running_after(source, timezone.localdate()).values("person")
        ).order_by("full_name")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("mode") == self.Mode.SOME and not cleaned.get("people"):
            self.add_error("people", _("Choose at least one member to place."))
        return cleaned


class DateInput(forms.DateInput):
    input_type = "date"


class MembershipForm(OnceOnlyFormMixin, forms.Form):
    """Adding a member: a person the user may see, not anonymised, not a member already."""

    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.none())
    role = forms.ChoiceField(
        label=_("Role in the group"), choices=Membership.Role.choices, initial="member"
    )
    sector = forms.ChoiceField(
        label=_("Sector"),
        choices=[("", "---------"), *Membership.Sector.choices],
        help_text=_("Where the member comes from: police, local authority, women's council..."),
    )
    start = forms.DateField(label=_("Member since"), widget=DateInput)

    def __init__(self, *args, group: Group, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start"].initial = timezone.localdate()
        current = group.memberships.filter(end__isnull=True).values("person")
        self.fields["person"].queryset = (
            Person.objects.visible_to(user)
            .filter(anonymised_on__isnull=True)
            .exclude(pk__in=current)
            .order_by("full_name", "pk")
        )
        self.fields["person"].widget.attrs["autofocus"] = True


class MembershipEditForm(forms.Form):
    role = forms.ChoiceField(label=_("Role in the group"), choices=Membership.Role.choices)
    sector = forms.ChoiceField(label=_("Sector"), choices=Membership.Sector.choices)
    start = forms.DateField(label=_("Member since"), widget=DateInput)

    def __init__(self, *args, membership: Membership, **kwargs):
        kwargs.setdefault(
            "initial",
            {"role": membership.role, "sector": membership.sector, "start": membership.start},
        )
        super().__init__(*args, **kwargs)
        self.fields["role"].widget.attrs["autofocus"] = True


class EndMembershipForm(forms.Form):
    end = forms.DateField(
        label=_("Last day in the group"),
        widget=DateInput,
        help_text=_("The member's history in the group is kept."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["end"].initial = timezone.localdate()
        self.fields["end"].widget.attrs["autofocus"] = True
