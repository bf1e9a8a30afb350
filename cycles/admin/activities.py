"""Back office for activities and local contributions (also inline on the plan page)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from cswg_portal.admin import ScopedInlineMixin
from cswg_portal.concurrency import VersionedAdminMixin
from cycles.admin.common import CyclesAdmin, ReadOnlyInline, percent_text
from cycles.models import Activity, ActivityReach, Contribution, MonitoringUpdate


class ActivityReachInline(ScopedInlineMixin, admin.TabularInline):
    model = ActivityReach
    extra = 0


class MonitoringUpdateInline(ReadOnlyInline):
    model = MonitoringUpdate
    fields = ["reported_on", "status", "progress", "reported_by"]
    readonly_fields = fields
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("reported_by")


@admin.register(Activity)
class ActivityAdmin(VersionedAdminMixin, CyclesAdmin):
    list_display = [
        "title",
        "plan",
        "kind",
        "status",
        "planned_start",
        "planned_end",
        "seed_grant_display",
        "people",
        "women_share",
        "youth_share",
    ]
    list_filter = [
        "status",
        "kind",
        ("plan__cycle__group__partner", admin.RelatedOnlyFieldListFilter),
        ("plan__cycle__group__programme", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["plan"]
    search_fields = ["title", "responsible", "plan__title", "plan__cycle__group__name"]
    autocomplete_fields = ["plan", "taking_part"]
    date_hierarchy = "planned_start"
    inlines = [ActivityReachInline, MonitoringUpdateInline]
    fieldsets = [
        (None, {"fields": ["plan", "title", "kind", "responsible", "taking_part"]}),
        (_("Dates"), {"fields": ["planned_start", "planned_end", "actual_start", "actual_end"]}),
        (_("Status"), {"fields": ["status", "not_done_reason"]}),
        (_("Seed grant"), {"fields": ["seed_grant", "seed_grant_currency"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_reach()

    @admin.display(description=_("seed grant"), ordering="seed_grant")
    def seed_grant_display(self, activity):
        if activity.seed_grant is None:
            return "-"
        return f"{activity.seed_grant} {activity.seed_grant_currency}"

    @admin.display(description=_("people reached"), ordering="people")
    def people(self, activity):
        return activity.people

    @admin.display(description=_("women"), ordering="women_share")
    def women_share(self, activity):
        return percent_text(activity.women_share)

    @admin.display(description=_("youth"), ordering="youth_share")
    def youth_share(self, activity):
        return percent_text(activity.youth_share)


@admin.register(Contribution)
class ContributionAdmin(CyclesAdmin):
    list_display = [
        "pledged_by",
        "plan",
        "source",
        "kind",
        "value_pledged",
        "value_delivered",
        "currency",
    ]
    list_filter = [
        "source",
        "kind",
        "currency",
        ("plan__cycle__group__partner", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["plan"]
    search_fields = ["pledged_by", "description", "plan__title"]
    autocomplete_fields = ["plan", "activity"]
