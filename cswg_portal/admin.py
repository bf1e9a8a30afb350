"""Back-office pieces shared by every app: scoping admin pages to the user's organisation."""

from django.contrib.admin.utils import unquote
from django.db.models import QuerySet
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin


def scoped(queryset: QuerySet, user) -> QuerySet:
    """Narrow a queryset to the user's scope when its model defines `visible_to`."""
    visible_to = getattr(queryset, "visible_to", None)
    return visible_to(user) if visible_to else queryset


class ScopedAdmin(SimpleHistoryAdmin):
    """A ModelAdmin whose rows, choices and autocomplete answers stay inside the user's scope.

    Rows come from `Model.objects.visible_to(user)`, so a partner can neither list nor open
    (404 by URL) another organisation's data; foreign-key and many-to-many choices are narrowed
    the same way, so nothing out of scope can be picked either.
    """

    def get_queryset(self, request):
        return scoped(super().get_queryset(request), request.user)

    def _in_scope_or_404(self, request, object_id) -> None:
        if not self.get_queryset(request).filter(pk=unquote(object_id)).exists():
            raise Http404

    # simple-history falls back to the history table for a row it cannot find, which would
    # show another organisation's records to anyone who guesses an id.
    def history_view(self, request, object_id, extra_context=None):
        self._in_scope_or_404(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._in_scope_or_404(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and hasattr(field, "queryset"):
            field.queryset = scoped(field.queryset, request.user)
        return field

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if field is not None and hasattr(field, "queryset"):
            field.queryset = scoped(field.queryset, request.user)
        return field


class ScopedInlineMixin:
    """The same narrowing of choices for inline forms (use with TabularInline/StackedInline)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and hasattr(field, "queryset"):
            field.queryset = scoped(field.queryset, request.user)
        return field

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if field is not None and hasattr(field, "queryset"):
            field.queryset = scoped(field.queryset, request.user)
        return field
