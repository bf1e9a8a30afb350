"""Back office for consultations, commitments, concerns and priority scores."""

from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from cswg_portal.admin import ScopedInlineMixin
from cswg_portal.imports import ImportAdminMixin
from cycles.admin.common import CyclesAdmin, own_organisation_users, percent_text
from cycles.forms.back_office import ConcernAdminForm
from cycles.models import (
    Attendance,
    Commitment,
    Concern,
    ConcernSource,
    Consultation,
    EthnicAttendance,
    PriorityScore,
    SensitiveConcernRead,
)
from cycles.resources import ConsultationResource


class AttendanceInline(ScopedInlineMixin, admin.TabularInline):
    model = Attendance
    extra = 0


class EthnicAttendanceInline(ScopedInlineMixin, admin.TabularInline):
    model = EthnicAttendance
    extra = 0


class CommitmentInline(ScopedInlineMixin, admin.TabularInline):
    model = Commitment
    extra = 0
    fields = ["body", "made_by", "what", "due_on", "status", "followed_up_on"]


@admin.register(Consultation)
class ConsultationAdmin(ImportAdminMixin, CyclesAdmin):
    resource_classes = [ConsultationResource]
    # Partner staff do not record consultations one by one (facilitators do), but bring in
    # the ones held before the portal.
    import_permission = "import_consultation"
    list_display = [
        "held_on",
        "kind",
        "group",
        "cycle",
        "place",
        "people",
        "women_share",
        "youth_share",
        "police_attended",
        "local_authority_attended",
    ]
    list_filter = [
        "kind",
        "police_attended",
        "local_authority_attended",
        ("group__partner", admin.RelatedOnlyFieldListFilter),
        ("group__programme", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["group", "cycle__group"]
    search_fields = ["group__name", "place", "topic", "notes"]
    autocomplete_fields = ["group", "cycle"]
    date_hierarchy = "held_on"
    inlines = [AttendanceInline, EthnicAttendanceInline, CommitmentInline]
    fieldsets = [
        (None, {"fields": ["group", "cycle", "kind", "held_on", "place", "topic", "facilitator"]}),
        (
            _("Who attended"),
            {
                "fields": [
                    "police_attended",
                    "local_authority_attended",
                    "other_services_attended",
                    "notes",
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_attendance()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "facilitator":
            field = own_organisation_users(field, request)
        return field

    @admin.display(description=_("people"), ordering="people")
    def people(self, consultation):
        return consultation.people

    @admin.display(description=_("women"), ordering="women_share")
    def women_share(self, consultation):
        return percent_text(consultation.women_share)

    @admin.display(description=_("youth"), ordering="youth_share")
    def youth_share(self, consultation):
        return percent_text(consultation.youth_share)


@admin.register(Commitment)
class CommitmentAdmin(CyclesAdmin):
    list_display = ["what", "made_by", "body", "consultation", "due_on", "status"]
    list_filter = [
        "status",
        "body",
        ("consultation__group__partner", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["consultation__group"]
    search_fields = ["what", "made_by", "consultation__group__name"]
    autocomplete_fields = ["consultation"]
    date_hierarchy = "due_on"


class ConcernSourceInline(ScopedInlineMixin, admin.TabularInline):
    model = ConcernSource
    extra = 0
    min_num = 1
    verbose_name = _("raised by")
    verbose_name_plural = _("raised by")


class PriorityScoreInline(ScopedInlineMixin, admin.TabularInline):
    model = PriorityScore
    extra = 0


class WomenYouthOnlyFilter(admin.SimpleListFilter):
    title = _("raised only by women or youth")
    parameter_name = "women_youth_only"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(women_youth_only=self.value() == "yes")
        return queryset


@admin.register(Concern)
class ConcernAdmin(CyclesAdmin):
    """Concerns, with the text of highly sensitive ones kept to their privileged readers.

    Others see such a concern's masked label, category, status and scores on a read-only
    page without its text; its history (which holds the text) is refused them. Every
    opening of a highly sensitive concern's page or history is written to the access log.
    """

    form = ConcernAdminForm
    list_display = [
        "title_or_label",
        "cycle",
        "category",
        "sensitivity",
        "status",
        "raised_by_list",
        "women_youth_only",
        "group_score",
    ]
    list_filter = [
        "status",
        "category",
        "sensitivity",
        WomenYouthOnlyFilter,
        ("cycle__group__partner", admin.RelatedOnlyFieldListFilter),
        ("cycle__group__programme", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["cycle__group"]
    search_fields = ["title", "description", "cycle__group__name"]
    autocomplete_fields = ["cycle", "raised_at", "carried_from"]
    readonly_fields = ["carried_to"]
    inlines = [ConcernSourceInline, PriorityScoreInline]
    fieldsets = [
        (None, {"fields": ["cycle", "title", "description", "category", "sensitivity"]}),
        (_("Status"), {"fields": ["status", "status_note"]}),
        (_("Where it came from"), {"fields": ["raised_at", "carried_from", "carried_to"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .with_text_access(request.user)
            .with_flags()
            .with_group_score()
            .prefetch_related("raised_by")
        )

    def get_search_results(self, request, queryset, search_term):
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term:
            # Otherwise a hidden title could be guessed by searching for it.
            found = found.text_readable_by(request.user)
        return found, may_have_duplicates

    @staticmethod
    def hides_text(request, concern) -> bool:
        if concern is None:
            return False
        # The admin's own queryset annotates the answer; asking again costs a query each time.
        access = getattr(concern, "text_access", None)
        return not (concern.text_visible_to(request.user) if access is None else access)

    def get_fieldsets(self, request, obj=None):
        if not self.hides_text(request, obj):
            return super().get_fieldsets(request, obj)
        return [
            (name, {**options, "fields": self.without_text(options["fields"])})
            for name, options in super().get_fieldsets(request, obj)
        ]

    def get_readonly_fields(self, request, obj=None):
        if self.hides_text(request, obj):
            return self.without_text(flatten_fieldsets(self.fieldsets))
        return super().get_readonly_fields(request, obj)

    @staticmethod
    def without_text(fields) -> list[str]:
        return [field for field in fields if field not in Concern.TEXT_FIELDS]

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self.hides_text(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self.hides_text(request, obj)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.is_highly_sensitive and not self.hides_text(request, obj):
            SensitiveConcernRead.objects.create(concern=obj, user=request.user, path=request.path)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def readable_history(self, request, object_id) -> Concern | None:
        """The concern when its history holds highly sensitive text the user may read;
        None when it never was highly sensitive. Refused when the user may not read it."""
        self._in_scope_or_404(request, object_id)
        concern = Concern.objects.get(pk=unquote(object_id))
        highly = Concern.Sensitivity.HIGHLY_SENSITIVE
        # A concern marked highly sensitive later, or no longer, has the text in its history.
        if not (concern.is_highly_sensitive or concern.history.filter(sensitivity=highly).exists()):
            return None
        if not concern.is_privileged_reader(request.user):
            raise PermissionDenied
        return concern

    def history_view(self, request, object_id, extra_context=None):
        concern = self.readable_history(request, object_id)
        response = super().history_view(request, object_id, extra_context)
        if concern is not None:
            SensitiveConcernRead.objects.create(
                concern=concern, user=request.user, path=request.path
            )
        return response

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        concern = self.readable_history(request, object_id)
        response = super().history_form_view(request, object_id, version_id, extra_context)
        if concern is not None:
            SensitiveConcernRead.objects.create(
                concern=concern, user=request.user, path=request.path
            )
        return response

    @admin.display(description=_("title"))
    def title_or_label(self, concern):
        return concern.title_for_reader

    @admin.display(description=_("raised by"))
    def raised_by_list(self, concern):
        return ", ".join(str(source) for source in concern.raised_by.all())

    @admin.display(
        description=_("raised only by women or youth"),
        boolean=True,
        ordering="women_youth_only",
    )
    def women_youth_only(self, concern):
        return concern.women_youth_only

    @admin.display(description=_("group's score"), ordering="group_score")
    def group_score(self, concern):
        return "-" if concern.group_score is None else concern.group_score

    @admin.display(description=_("carried over to"))
    def carried_to(self, concern):
        if concern.pk is None:
            return "-"
        carried = Concern.objects.filter(carried_from=concern).select_related("cycle__group")
        return ", ".join(f"{c.cycle}: {c}" for c in carried) or "-"


@admin.register(PriorityScore)
class PriorityScoreAdmin(CyclesAdmin):
    list_display = [
        "concern",
        "perspective_label",
        "seriousness",
        "people_affected",
        "solvable_locally",
        "consensus",
        "score",
    ]
    list_filter = ["perspective", "ethnicity", "concern__category"]
    list_select_related = ["concern"]
    search_fields = ["concern__title"]
    autocomplete_fields = ["concern"]

    def get_search_results(self, request, queryset, search_term):
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term:
            readable = Concern.objects.text_readable_by(request.user).values("pk")
            found = found.filter(concern__in=readable)
        return found, may_have_duplicates

    @admin.display(description=_("perspective"), ordering="perspective")
    def perspective_label(self, score):
        return score.perspective_label

    @admin.display(description=_("total (4-20)"))
    def score(self, score):
        return score.score
