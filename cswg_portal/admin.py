"""Back-office pieces shared by every app: scoping admin pages to the user's organisation."""

from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path, unquote
from django.db.models import Q, QuerySet
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin


def scoped(queryset: QuerySet, user) -> QuerySet:
    """Narrow a queryset to the user's scope when its model defines `visible_to`."""
    visible_to = getattr(queryset, "visible_to", None)
    return visible_to(user) if visible_to else queryset


class ScopedRelatedFieldListFilter(admin.RelatedFieldListFilter):
    """A filter on a relation that offers only the related rows inside the user's scope."""

    def in_scope(self, field, request) -> Q:
        """The related rows the user may see (no condition for unscoped reference data)."""
        related = field.related_model._default_manager.all()
        if not hasattr(related, "visible_to"):
            return Q()
        return Q(pk__in=scoped(related, request.user).values("pk"))

    def field_choices(self, field, request, model_admin):
        limit = getattr(field, "get_limit_choices_to", dict)()
        return field.get_choices(
            include_blank=False,
            limit_choices_to=self.in_scope(field, request)
            & (limit if isinstance(limit, Q) else Q(**limit)),
            ordering=self.field_admin_ordering(field, request, model_admin),
        )


class ScopedRelatedOnlyFieldListFilter(ScopedRelatedFieldListFilter):
    """Like RelatedOnlyFieldListFilter: only the related rows the listed rows use, in scope."""

    def field_choices(self, field, request, model_admin):
        used = (
            model_admin.get_queryset(request)
            .distinct()
            .values_list(f"{self.field_path}__pk", flat=True)
        )
        return field.get_choices(
            include_blank=False,
            limit_choices_to=self.in_scope(field, request) & Q(pk__in=used),
            ordering=self.field_admin_ordering(field, request, model_admin),
        )


SCOPED_FILTERS = {
    admin.RelatedFieldListFilter: ScopedRelatedFieldListFilter,
    admin.RelatedOnlyFieldListFilter: ScopedRelatedOnlyFieldListFilter,
}


class ScopedAdmin(SimpleHistoryAdmin):
    """A ModelAdmin whose rows, choices, filters and autocomplete answers stay in scope.

    Rows come from `Model.objects.visible_to(user)`, so a partner can neither list nor open
    (404 by URL) another organisation's data; foreign-key and many-to-many choices and the
    choices of list filters on relations are narrowed the same way, so nothing out of scope
    can be picked or even named.
    """

    def get_queryset(self, request):
        return scoped(super().get_queryset(request), request.user)

    def get_list_filter(self, request):
        return [self.scoped_list_filter(entry) for entry in super().get_list_filter(request)]

    def scoped_list_filter(self, entry):
        """Give a relation in `list_filter` (plain name or with a related filter) scoped choices."""
        if isinstance(entry, str):
            if get_fields_from_path(self.model, entry)[-1].is_relation:
                return (entry, ScopedRelatedFieldListFilter)
            return entry
        if isinstance(entry, tuple | list) and entry[1] in SCOPED_FILTERS:
            return (entry[0], SCOPED_FILTERS[entry[1]])
        return entry

    @property
    def keeps_history(self) -> bool:
        return hasattr(self.model._meta, "simple_history_manager_attribute")

    @property
    def object_history_template(self):
        # A log keeps no history of its own: Django's page lists the admin's action log.
        return SimpleHistoryAdmin.object_history_template if self.keeps_history else None

    def _in_scope_or_404(self, request, object_id) -> None:
        if not self.get_queryset(request).filter(pk=unquote(object_id)).exists():
            raise Http404

    # simple-history falls back to the history table for a row it cannot find, which would
    # show another organisation's records to anyone who guesses an id.
    def history_view(self, request, object_id, extra_context=None):
        self._in_scope_or_404(request, object_id)
        if not self.keeps_history:
            return admin.ModelAdmin.history_view(self, request, object_id, extra_context)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._in_scope_or_404(request, object_id)
        if not self.keeps_history:
            raise Http404
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
