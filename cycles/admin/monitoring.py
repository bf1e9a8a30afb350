"""Back office for monitoring updates and evaluations."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from cswg_portal.admin import ScopedInlineMixin
from cswg_portal.concurrency import VersionedAdminMixin
from cycles.admin.common import CyclesAdmin, own_organisation_users, percent_text
from cycles.models import (
    CriterionProgress,
    CriterionResult,
    Evaluation,
    MonitoringReach,
    MonitoringUpdate,
)


class MonitoringReachInline(ScopedInlineMixin, admin.TabularInline):
    model = MonitoringReach
    extra = 0


class CriterionProgressInline(ScopedInlineMixin, admin.TabularInline):
    model = CriterionProgress
    extra = 0

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        field = formset.form.base_fields["criterion"]
        field.queryset = (
            field.queryset.filter(plan=obj.activity.plan_id) if obj else field.queryset.none()
        )
        return formset


@admin.register(MonitoringUpdate)
class MonitoringUpdateAdmin(CyclesAdmin):
    list_display = ["reported_on", "activity", "status", "people", "women_share", "youth_share"]
    list_filter = [
        "status",
        ("activity__plan__cycle__group__partner", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["activity"]
    search_fields = ["activity__title", "progress", "evidence"]
    autocomplete_fields = ["activity"]
    date_hierarchy = "reported_on"
    inlines = [MonitoringReachInline, CriterionProgressInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_reach()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "reported_by":
            field = own_organisation_users(field, request)
        return field

    def get_changeform_initial_data(self, request):
        return {"reported_by": request.user.pk, **super().get_changeform_initial_data(request)}

    @admin.display(description=_("people reached"), ordering="people")
    def people(self, update):
        return update.people

    @admin.display(description=_("women"), ordering="women_share")
    def women_share(self, update):
        return percent_text(update.women_share)

    @admin.display(description=_("youth"), ordering="youth_share")
    def youth_share(self, update):
        return percent_text(update.youth_share)


class CriterionResultInline(ScopedInlineMixin, admin.TabularInline):
    model = CriterionResult
    extra = 0

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        field = formset.form.base_fields["criterion"]
        field.queryset = (
            field.queryset.filter(plan__cycle=obj.cycle_id) if obj else field.queryset.none()
        )
        return formset


@admin.register(Evaluation)
class EvaluationAdmin(VersionedAdminMixin, CyclesAdmin):
    list_display = ["cycle", "held_on", "safety_before", "safety_after"]
    list_filter = [
        "safety_after",
        ("cycle__group__partner", admin.RelatedOnlyFieldListFilter),
        ("cycle__group__programme", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["cycle__group"]
    search_fields = ["cycle__group__name", "what_worked", "lessons", "improvements"]
    autocomplete_fields = ["cycle"]
    date_hierarchy = "held_on"
    inlines = [CriterionResultInline]
    fieldsets = [
        (None, {"fields": ["cycle", "held_on", "participants"]}),
        (_("How safe people feel"), {"fields": ["safety_before", "safety_after"]}),
        (_("Learning"), {"fields": ["what_worked", "lessons", "improvements"]}),
    ]
