from django.urls import path, register_converter

from cycles.reports import views


class ExportFormat:
    """The file formats a report is exported in."""

    regex = "csv|xlsx"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ExportFormat, "export_format")

app_name = "reports"
urlpatterns = [
    path("", views.portfolio, name="portfolio"),
    path("all/", views.all_report, name="all"),
    path("all/export.<export_format:fmt>", views.all_export, name="export-all"),
    path("programmes/<int:pk>/", views.programme_report, name="programme"),
    path("programmes/<int:pk>/export.<export_format:fmt>", views.programme_export, name="export"),
    path("programmes/<int:pk>/sign-off/", views.sign_off, name="sign-off"),
]
