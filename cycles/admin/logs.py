"""Read-only back office for the logs: cycle moves, plan reviews, reads of sensitive concerns."""

from django.contrib import admin

from cycles.admin.common import CyclesAdmin, ReadOnlyAdminMixin
from cycles.models import CycleStepChange, PlanEvent, SensitiveConcernRead


@admin.register(CycleStepChange)
class CycleStepChangeAdmin(ReadOnlyAdminMixin, CyclesAdmin):
    list_display = ["changed_at", "cycle", "action", "from_step", "to_step", "changed_by", "reason"]
    list_filter = ["action", "to_step", ("cycle__group__partner", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["cycle__group", "changed_by"]
    search_fields = ["cycle__group__name", "reason"]
    date_hierarchy = "changed_at"


@admin.register(PlanEvent)
class PlanEventAdmin(ReadOnlyAdminMixin, CyclesAdmin):
    list_display = ["at", "plan", "from_status", "to_status", "by", "comment"]
    list_filter = [
        "to_status",
        ("plan__cycle__group__partner", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["plan", "by"]
    search_fields = ["plan__title", "comment"]
    date_hierarchy = "at"


@admin.register(SensitiveConcernRead)
class SensitiveConcernReadAdmin(ReadOnlyAdminMixin, CyclesAdmin):
    """Who opened which highly sensitive concern: for administrators' eyes only."""

    list_display = ["read_at", "user", "concern", "path"]
    list_filter = [
        ("user", admin.RelatedOnlyFieldListFilter),
        ("concern", admin.RelatedOnlyFieldListFilter),
        "read_at",
    ]
    list_select_related = ["user", "concern"]
    date_hierarchy = "read_at"

    def has_module_permission(self, request):
        return request.user.is_active and request.user.sees_everything

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.sees_everything
