"""People and memberships imported from a partner's register (CSV or XLSX) in the back office.

The columns are documented in docs/imports.md, with sample files in docs/imports/.
"""

from django.core.exceptions import NON_FIELD_ERRORS
from django.db.models import Q
from django.utils.translation import gettext

from communities.models import AgeBand, Ethnicity, Gender, Group, Membership, Organisation, Person
from cswg_portal.imports import (
    ChoiceWidget,
    CountWidget,
    DateWidget,
    ScopedResource,
    TextWidget,
    column,
    not_found,
)


class PersonResource(ScopedResource):
    """One person a row, held by the importing user's organisation, consent recorded by them."""

    required_columns = ("full_name", "gender", "consent_date", "consent_basis")
    optional_columns = ("age_band", "birth_year", "ethnicity", "phone", "organisation")
    resolved_fields = ("organisation",)

    full_name = column("full_name", "full_name")
    gender = column("gender", "gender", ChoiceWidget(Gender.choices))
    age_band = column("age_band", "age_band", ChoiceWidget(AgeBand.choices, required=False))
    birth_year = column("birth_year", "birth_year", CountWidget(maximum=9999))
    ethnicity = column("ethnicity", "ethnicity", ChoiceWidget(Ethnicity.choices, required=False))
    phone = column("phone", "phone", TextWidget())
    consent_date = column("consent_date", "consent_date", DateWidget())
    consent_basis = column(
        "consent_basis", "consent_basis", ChoiceWidget(Person.ConsentBasis.choices)
    )

    class Meta(ScopedResource.Meta):
        model = Person
        fields = (
            "full_name",
            "gender",
            "age_band",
            "birth_year",
            "ethnicity",
            "phone",
            "consent_date",
            "consent_basis",
        )

    def resolve(self, instance, row, errors):
        instance.consent_recorded_by = self.user
        if not instance.ethnicity:
            instance.ethnicity = Ethnicity.NOT_STATED
        name = _cell(row, "organisation")
        if name:
            found = Organisation.objects.filter(Q(name__iexact=name) | Q(short_name__iexact=name))
            if not self.user.sees_everything:
                found = found.filter(pk=self.user.organisation_id)
            organisation = found.first()
            if organisation is None:
                self.add_error(
                    errors,
                    "organisation",
                    not_found(gettext("No organisation “%(value)s” found among yours."), name),
                )
                return
            instance.organisation = organisation
        elif self.user.organisation_id:
            instance.organisation_id = self.user.organisation_id
        else:
            self.add_error(
                errors, "organisation", gettext("Give the organisation that holds the data.")
            )
            return
        if (
            instance.phone
            and instance.full_name
            and Person.objects.filter(
                organisation=instance.organisation_id,
                full_name__iexact=instance.full_name,
                phone=instance.phone,
            ).exists()
        ):
            self.add_error(
                errors,
                NON_FIELD_ERRORS,
                gettext("%(name)s with this phone is already recorded.")
                % {"name": instance.full_name[:80]},
            )


class MembershipResource(ScopedResource):
    """A person's seat in a group: both found by name (or the person's id) among the user's."""

    required_columns = ("group", "sector", "start")
    optional_columns = ("person_id", "person", "phone", "community", "role", "end")
    resolved_fields = ("person", "group")

    sector = column("sector", "sector", ChoiceWidget(Membership.Sector.choices))
    role = column("role", "role", ChoiceWidget(Membership.Role.choices, required=False))
    start = column("start", "start", DateWidget())
    end = column("end", "end", DateWidget(required=False))

    class Meta(ScopedResource.Meta):
        model = Membership
        fields = ("sector", "role", "start", "end")

    def resolve(self, instance, row, errors):
        if not instance.role:
            instance.role = Membership.Role.MEMBER
        person = self.find_person(row, errors)
        if person is not None:
            instance.person = person
        group = self.find_group(row, errors)
        if group is not None:
            instance.group = group

    def find_person(self, row, errors) -> Person | None:
        people = Person.objects.visible_to(self.user).filter(anonymised_on__isnull=True)
        person_id = _cell(row, "person_id")
        name = _cell(row, "person")
        if person_id:
            try:
                number = CountWidget(maximum=2**31 - 1).clean(person_id)
            except ValueError as error:
                self.add_error(errors, "person_id", str(error))
                return None
            person = people.filter(pk=number).first()
            if person is None:
                self.add_error(
                    errors,
                    "person_id",
                    not_found(gettext("No person “%(value)s” found among yours."), person_id),
                )
            return person
        if not name:
            self.add_error(errors, "person", gettext("Give the person's name or person_id."))
            return None
        found = people.filter(full_name__iexact=name)
        phone = _cell(row, "phone")
        if phone:
            found = found.filter(phone=phone)
        found = list(found[:2])
        if not found:
            self.add_error(
                errors,
                "person",
                not_found(gettext("No person “%(value)s” found among yours."), name),
            )
            return None
        if len(found) > 1:
            self.add_error(
                errors,
                "person",
                gettext("Several people are called %(name)s: add the phone or the person_id.")
                % {"name": name[:80]},
            )
            return None
        return found[0]

    def find_group(self, row, errors) -> Group | None:
        return find_group(self.user, row, errors, self.add_error)


def _cell(row, name: str) -> str:
    value = row.get(name)
    return TextWidget().clean(value)


def find_group(user, row, errors, add_error) -> Group | None:
    """The group named in the row's "group" (and "community") columns, among the user's."""
    name = _cell(row, "group")
    if not name:
        add_error(errors, "group", gettext("This column cannot be empty."))
        return None
    found = Group.objects.visible_to(user).filter(name__iexact=name)
    community = _cell(row, "community")
    if community:
        found = found.filter(communities__name__iexact=community)
    found = list(found.distinct()[:2])
    if not found:
        add_error(
            errors, "group", not_found(gettext("No group “%(value)s” found among yours."), name)
        )
        return None
    if len(found) > 1:
        add_error(
            errors,
            "group",
            gettext("Several groups are called %(name)s: add the community.") % {"name": name[:80]},
        )
        return None
    return found[0]
