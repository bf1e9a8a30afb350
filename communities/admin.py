from urllib.parse import urlencode

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group as PermissionGroup
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from communities.forms import CommunityAdminForm, EthnicShareFormSet, GroupAdminForm, MergeForm
from communities.models import (
    Community,
    District,
    EthnicShare,
    Group,
    Membership,
    Organisation,
    Person,
    Programme,
    Region,
    User,
)
from communities.resources import MembershipResource, PersonResource
from communities.services import anonymise_person, merge_group
from cswg_portal.admin import (
    BoundedDatesMixin,
    BoundedSearchMixin,
    KeysOnlyAutocompleteMixin,
    KnownAutocompleteInlineMixin,
    PermissionFirstHistoryMixin,
    ScopedAdmin,
    ScopedInlineMixin,
    reregister_permission_first,
)
from cswg_portal.concurrency import VersionedAdminMixin
from cswg_portal.imports import ImportAdminMixin
from cswg_portal.roles import sync_role

admin.site.site_header = _("CSWG Portal back office")
# The apps before this one in INSTALLED_APPS have registered their admins by now.
reregister_permission_first(
    admin.site,
    [PermissionGroup, AccessAttempt, AccessLog, AccessFailureLog, TOTPDevice],
)
admin.site.site_title = _("CSWG Portal")
admin.site.index_title = _("Back office")


def share(part: int, whole: int) -> str:
    if not whole:
        return "-"
    return f"{round(100 * part / whole)}%"


def own_organisation_only(field, request):
    """Non-administrators may only file things under their own organisation."""
    if field is not None and not request.user.sees_everything:
        field.queryset = field.queryset.filter(pk=request.user.organisation_id)
        field.initial = request.user.organisation_id
    return field


def with_user(form_class, request):
    """The admin's form class, built with the signed-in user (for scoped choices)."""

    class FormWithUser(form_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, user=request.user, **kwargs)

    return FormWithUser


@admin.register(Region)
class RegionAdmin(ScopedAdmin):
    list_display = ["name", "country"]
    list_filter = ["country"]
    search_fields = ["name"]


@admin.register(District)
class DistrictAdmin(ScopedAdmin):
    list_display = ["name", "region", "country"]
    list_filter = ["region__country", "region"]
    list_select_related = ["region"]
    search_fields = ["name", "region__name"]
    autocomplete_fields = ["region"]

    @admin.display(description=_("country"), ordering="region__country")
    def country(self, district):
        return district.region.get_country_display()


@admin.register(Organisation)
class OrganisationAdmin(ScopedAdmin):
    list_display = ["name", "short_name", "kind", "country"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "short_name"]


class EthnicShareInline(ScopedInlineMixin, admin.TabularInline):
    model = EthnicShare
    formset = EthnicShareFormSet
    extra = 0


@admin.register(Community)
class CommunityAdmin(ScopedAdmin):
    form = CommunityAdminForm
    list_display = ["name", "kind", "district", "region", "population", "on_border", "status"]
    list_filter = ["status", "kind", "on_border", "district__region__country", "district__region"]
    list_select_related = ["district__region"]
    search_fields = ["name", "district__name", "district__region__name"]
    autocomplete_fields = ["district", "facing_communities"]
    inlines = [EthnicShareInline]
    fieldsets = [
        (None, {"fields": ["name", "district", "kind", "population", "status", "programmes"]}),
        (_("Location"), {"fields": ["latitude", "longitude", "on_border", "facing_communities"]}),
        (_("Community security assessment"), {"fields": ["assessment_date", "assessment_notes"]}),
    ]

    @admin.display(description=_("region"), ordering="district__region__name")
    def region(self, community):
        return community.district.region

    def get_form(self, request, obj=None, change=False, **kwargs):
        return with_user(super().get_form(request, obj, change, **kwargs), request)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.save_programmes(form.instance)


@admin.register(Programme)
class ProgrammeAdmin(ScopedAdmin):
    list_display = ["name", "start", "end", "currency", "donor_names", "community_count"]
    list_filter = ["currency", "donors", "implementing_partners"]
    search_fields = ["name"]
    autocomplete_fields = ["donors", "implementing_partners", "communities"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(community_count=Count("communities", distinct=True))
            .prefetch_related("donors")
        )

    @admin.display(description=_("donors"))
    def donor_names(self, programme):
        return ", ".join(str(donor) for donor in programme.donors.all())

    @admin.display(description=_("communities"), ordering="community_count")
    def community_count(self, programme):
        return programme.community_count


class MembershipInline(KnownAutocompleteInlineMixin, ScopedInlineMixin, admin.TabularInline):
    model = Membership
    fk_name = "group"
    extra = 0
    fields = ["person", "role", "sector", "start", "end", "placed_from"]
    readonly_fields = ["placed_from"]
    autocomplete_fields = ["person"]
    known_autocomplete = ("person",)

    def get_queryset(self, request):
        # The group too: each row is titled with the membership, which names it.
        return (
            super()
            .get_queryset(request)
            .select_related("person", "group", "placed_from__group", "placed_from__person")
        )


@admin.register(Group)
class GroupAdmin(VersionedAdminMixin, ScopedAdmin):
    form = GroupAdminForm
    list_display = [
        "name",
        "kind",
        "status",
        "partner",
        "programme",
        "member_count",
        "women_share",
        "youth_share",
        "ethnic_groups",
        "has_police",
        "has_local_authority",
    ]
    list_filter = ["kind", "status", "partner", "programme", "officially_recognised"]
    list_select_related = ["partner", "programme"]
    search_fields = ["name", "communities__name"]
    autocomplete_fields = ["communities", "programme"]
    readonly_fields = ["merged_into", "merged_on", "make_up", "merged_groups_list"]
    inlines = [MembershipInline]
    actions = ["merge_selected"]
    fieldsets = [
        (None, {"fields": ["name", "kind", "communities", "partner", "programme", "status"]}),
        (_("Who works with the group"), {"fields": ["facilitators"]}),
        (_("Standing"), {"fields": ["established", "officially_recognised", "premises_provided"]}),
        (_("Make-up today"), {"fields": ["make_up"]}),
        (_("Merges"), {"fields": ["merged_into", "merged_on", "merged_groups_list"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_make_up()

    def get_form(self, request, obj=None, change=False, **kwargs):
        return with_user(super().get_form(request, obj, change, **kwargs), request)

    def get_search_results(self, request, queryset, search_term):
        # Searching through communities joins rows; one line per group is wanted.
        queryset, _duplicates = super().get_search_results(request, queryset, search_term)
        return queryset, False

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "partner":
            field = own_organisation_only(field, request)
        return field

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if request.user.organisation_id:
            initial.setdefault("partner", request.user.organisation_id)
        return initial

    @admin.display(description=_("members"), ordering="members")
    def member_count(self, group):
        return group.members

    @admin.display(description=_("women"))
    def women_share(self, group):
        return share(group.women, group.members)

    @admin.display(description=_("youth"))
    def youth_share(self, group):
        return share(group.youth, group.members)

    @admin.display(description=_("ethnic groups"), ordering="ethnic_groups")
    def ethnic_groups(self, group):
        return group.ethnic_groups

    @admin.display(description=_("police"), boolean=True)
    def has_police(self, group):
        return group.has_police

    @admin.display(description=_("local authority"), boolean=True)
    def has_local_authority(self, group):
        return group.has_local_authority

    @admin.display(description=_("make-up"))
    def make_up(self, group):
        if not group.pk:
            return "-"
        rows = [
            (gettext("Members"), group.members),
            (gettext("Women"), f"{group.women} ({share(group.women, group.members)})"),
            (gettext("Youth (14-28)"), f"{group.youth} ({share(group.youth, group.members)})"),
            (gettext("Ethnic groups represented"), group.ethnic_groups),
            (gettext("Police take part"), gettext("yes") if group.has_police else gettext("no")),
            (
                gettext("Local authority takes part"),
                gettext("yes") if group.has_local_authority else gettext("no"),
            ),
        ]
        return format_html(
            '<table class="make-up">{}</table>',
            format_html_join("", "<tr><th>{}</th><td>{}</td></tr>", rows),
        )

    @admin.display(description=_("groups merged into this one"))
    def merged_groups_list(self, group):
        merged = group.merged_groups.all() if group.pk else []
        return ", ".join(f"{g} ({g.merged_on:%Y-%m-%d})" for g in merged) or "-"

    # Merging a CSWG into an LCPC -------------------------------------------------------

    def get_urls(self):
        urls = [
            path(
                "<int:object_id>/merge/",
                self.admin_site.admin_view(self.merge_view),
                name="communities_group_merge",
            ),
        ]
        return urls + super().get_urls()

    @admin.action(description=_("Merge the selected CSWG into an LCPC"), permissions=["change"])
    def merge_selected(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(
                request, gettext("Choose exactly one CSWG to merge."), messages.WARNING
            )
            return None
        group = queryset.get()
        return HttpResponseRedirect(reverse("admin:communities_group_merge", args=[group.pk]))

    def merge_view(self, request, object_id):
        source = get_object_or_404(self.get_queryset(request), pk=object_id)
        if not self.has_change_permission(request, source):
            raise PermissionDenied
        targets = (
            Group.objects.visible_to(request.user)
            .filter(kind=Group.Kind.LCPC)
            .exclude(status=Group.Status.MERGED)
        )
        form = MergeForm(request.POST or None, source=source, targets=targets)
        if request.method == "POST" and form.is_valid():
            whole = form.cleaned_data["mode"] == MergeForm.Mode.WHOLE
            target = form.cleaned_data["target"]
            try:
                result = merge_group(
                    source,
                    target,
                    on=form.cleaned_data["on"],
                    people=None if whole else form.cleaned_data["people"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(
                    request,
                    ngettext(
                        "%(count)d member of %(source)s now sits in %(target)s.",
                        "%(count)d members of %(source)s now sit in %(target)s.",
                        len(result.placed),
                    )
                    % {"count": len(result.placed), "source": source, "target": target},
                    messages.SUCCESS,
                )
                if result.already_members:
                    self.message_user(
                        request,
                        gettext("Already in the LCPC, so not added again: %(names)s.")
                        % {"names": ", ".join(str(p) for p in result.already_members)},
                        messages.INFO,
                    )
                return HttpResponseRedirect(
                    reverse("admin:communities_group_change", args=[target.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Merge %(group)s into an LCPC") % {"group": source},
            "opts": self.opts,
            "original": source,
            "form": form,
            "has_view_permission": True,
        }
        return TemplateResponse(request, "admin/communities/group/merge.html", context)


@admin.register(Person)
class PersonAdmin(ImportAdminMixin, ScopedAdmin):
    resource_classes = [PersonResource]
    list_display = ["full_name", "gender", "age_band", "ethnicity", "organisation", "consent_date"]
    list_filter = [
        "gender",
        "age_band",
        "ethnicity",
        "organisation",
        "consent_basis",
        ("anonymised_on", admin.EmptyFieldListFilter),
    ]
    list_select_related = ["organisation"]
    search_fields = ["full_name", "phone"]
    actions = ["anonymise_selected"]
    fieldsets = [
        (None, {"fields": ["full_name", "gender", "age_band", "birth_year", "ethnicity", "phone"]}),
        (
            _("Consent to hold this person's data"),
            {"fields": ["organisation", "consent_date", "consent_basis", "consent_recorded_by"]},
        ),
    ]
    anonymised_fieldset = (_("Anonymised"), {"fields": ["anonymised_on", "anonymised_by"]})

    def get_fieldsets(self, request, obj=None):
        if obj is not None and obj.is_anonymised:
            return [*self.fieldsets, self.anonymised_fieldset]
        return self.fieldsets

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_anonymised:
            # What identified the person is gone and must not be typed back in.
            return ["full_name", "birth_year", "phone", "anonymised_on", "anonymised_by"]
        return []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "organisation":
            field = own_organisation_only(field, request)
        if db_field.name == "consent_recorded_by" and not request.user.sees_everything:
            field.queryset = User.objects.filter(organisation=request.user.organisation_id)
        return field

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("consent_recorded_by", request.user.pk)
        if request.user.organisation_id:
            initial.setdefault("organisation", request.user.organisation_id)
        return initial

    # Anonymising people on their request ----------------------------------------------

    def has_anonymise_permission(self, request) -> bool:
        return request.user.has_perm("communities.anonymise_person")

    def get_urls(self):
        return [
            path(
                "anonymise/",
                self.admin_site.admin_view(self.anonymise_view),
                name="communities_person_anonymise",
            ),
            *super().get_urls(),
        ]

    @admin.action(description=_("Anonymise selected people"), permissions=["anonymise"])
    def anonymise_selected(self, request, queryset):
        ids = ",".join(str(pk) for pk in queryset.order_by("pk").values_list("pk", flat=True))
        return HttpResponseRedirect(
            f"{reverse('admin:communities_person_anonymise')}?{urlencode({'ids': ids})}"
        )

    def anonymise_view(self, request):
        """GET asks for confirmation; POST anonymises the people not anonymised yet."""
        if not self.has_anonymise_permission(request):
            raise PermissionDenied
        try:
            ids = {int(pk) for pk in request.GET.get("ids", "").split(",")}
        except ValueError:
            raise Http404 from None
        people = list(self.get_queryset(request).filter(pk__in=ids).order_by("full_name", "pk"))
        # Someone else's person, or one that is gone, is not offered at all.
        if len(people) != len(ids):
            raise Http404
        to_anonymise = [person for person in people if not person.is_anonymised]
        if request.method == "POST":
            with transaction.atomic():
                for person in to_anonymise:
                    anonymise_person(person, request.user)
            self.message_user(
                request,
                ngettext(
                    "%(count)d person anonymised.",
                    "%(count)d people anonymised.",
                    len(to_anonymise),
                )
                % {"count": len(to_anonymise)},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(reverse("admin:communities_person_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Anonymise people"),
            "opts": self.opts,
            "to_anonymise": to_anonymise,
            "already": [person for person in people if person.is_anonymised],
            "has_view_permission": True,
        }
        return TemplateResponse(request, "admin/communities/person/anonymise.html", context)


@admin.register(Membership)
class MembershipAdmin(ImportAdminMixin, ScopedAdmin):
    resource_classes = [MembershipResource]
    list_display = ["person", "group", "role", "sector", "start", "end"]
    list_filter = ["role", "sector", "group__kind", "group__partner", "group"]
    list_select_related = ["person", "group"]
    search_fields = ["person__full_name", "group__name"]
    autocomplete_fields = ["person", "group"]
    readonly_fields = ["placed_from"]
    date_hierarchy = "start"


@admin.register(User)
class UserAdmin(
    BoundedDatesMixin,
    BoundedSearchMixin,
    KeysOnlyAutocompleteMixin,
    PermissionFirstHistoryMixin,
    DjangoUserAdmin,
):
    list_display = ["username", "get_full_name", "role", "organisation", "is_active", "last_login"]
    list_filter = ["role", "organisation", "is_active"]
    list_select_related = ["organisation"]
    search_fields = ["username", "first_name", "last_name", "email"]
    autocomplete_fields = ["organisation"]
    fieldsets = [
        *DjangoUserAdmin.fieldsets[:1],
        (_("Role"), {"fields": ["role", "organisation"]}),
        *DjangoUserAdmin.fieldsets[1:],
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["username", "role", "organisation", "password1", "password2"],
            },
        ),
    ]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        sync_role(form.instance)
