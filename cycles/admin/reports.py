"""Back office for the donor reports: exchange rates, report sign-offs, the export log."""

from django.contrib import admin

from cycles.admin.common import CyclesAdmin, ReadOnlyAdminMixin
from cycles.models import ExchangeRate, ExportLog, ReportSignOff


@admin.register(ExchangeRate)
class ExchangeRateAdmin(CyclesAdmin):
    """Administrators enter the rates; partner staff read them to check a report's money."""

    list_display = ["from_currency", "to_currency", "rate", "valid_from"]
    list_filter = ["from_currency", "to_currency"]
    date_hierarchy = "valid_from"


@admin.register(ReportSignOff)
class ReportSignOffAdmin(CyclesAdmin):
    """Partner staff sign off a programme's period here; the signer is whoever saves it."""

    list_display = ["programme", "period_start", "period_end", "signed_by", "signed_at"]
    list_filter = [("programme", admin.RelatedOnlyFieldListFilter), "period_end"]
    list_select_related = ["programme", "signed_by"]
    fields = ["programme", "period_start", "period_end", "signed_by", "signed_at"]
    readonly_fields = ["signed_by", "signed_at"]
    date_hierarchy = "signed_at"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.signed_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(ExportLog)
class ExportLogAdmin(ReadOnlyAdminMixin, CyclesAdmin):
    """Who exported which report data: for administrators' eyes only."""

    list_display = [
        "at",
        "user",
        "what",
        "programme",
        "period_start",
        "period_end",
        "format",
        "row_count",
    ]
    list_filter = ["format", ("user", admin.RelatedOnlyFieldListFilter), "at"]
    list_select_related = ["user", "programme"]
    date_hierarchy = "at"

    def has_module_permission(self, request):
        return request.user.is_active and request.user.sees_everything

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.sees_everything
