"""Back-office pieces shared by every app: scoping admin pages to the user's organisation."""

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import get_fields_from_path, unquote
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections
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


class KeysOnlyMixin:
    """An autocomplete that shows as chosen only posted values that can be keys.

    Django's autocomplete widgets look the posted values up to show them as chosen; a value
    that is no key (a word, a date, a number out of the column's range) made that lookup
    raise while the form was shown again with its error, a server error instead of the
    field's "Select a valid choice" message.
    """

    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [key for key in value if self._could_be_key(key)], attr)

    def _could_be_key(self, value) -> bool:
        remote = self.field.remote_field
        opts = remote.model._meta
        target = opts.get_field(getattr(remote, "field_name", None) or opts.pk.name)
        try:
            key = target.to_python(value)
        except ValidationError:
            return False
        low, high = (
            connections[self.db or "default"].ops.integer_field_range(target.get_internal_type())
            if isinstance(key, int)
            else (None, None)
        )
        return (low is None or key >= low) and (high is None or key <= high)


class KeysOnlyAutocompleteSelect(KeysOnlyMixin, AutocompleteSelect):
    pass


class KeysOnlyAutocompleteSelectMultiple(KeysOnlyMixin, AutocompleteSelectMultiple):
    pass


class KeysOnlyAutocompleteMixin:
    """Gives a ModelAdmin's or an inline's autocomplete fields the KeysOnly widgets."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = KeysOnlyAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = KeysOnlyAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class KnownAutocompleteSelect(KeysOnlyAutocompleteSelect):
    """An autocomplete that names its selected row from `known` (the row a saved inline
    already points to, loaded with it) instead of one query per inline row.

    When the value is anything else (a form sent back with another choice), it looks the
    choice up in the field's scoped queryset as usual.
    """

    known = None

    def optgroups(self, name, value, attr=None):
        known = self.known
        if known is None or [str(v) for v in value if v not in ("", None)] != [str(known.pk)]:
            return super().optgroups(name, value, attr)
        options = []
        if not self.is_required:
            options.append(self.create_option(name, "", "", False, 0))
        label = self.choices.field.label_from_instance(known)
        options.append(self.create_option(name, known.pk, label, {str(known.pk)}, len(options)))
        return [(None, options, 0)]


class KnownAutocompleteInlineMixin:
    """For inlines whose `known_autocomplete` foreign keys are select_related in
    `get_queryset`: each saved row's autocomplete names its choice without a query."""

    known_autocomplete: tuple[str, ...] = ()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.known_autocomplete:
            kwargs["widget"] = KnownAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        names = self.known_autocomplete

        class KnownChoicesFormSet(formset):
            def _construct_form(self, i, **kwargs):
                form = super()._construct_form(i, **kwargs)
                if form.instance.pk:
                    for name in names:
                        widget = getattr(form.fields[name].widget, "widget", None)
                        if isinstance(widget, KnownAutocompleteSelect):
                            widget.known = getattr(form.instance, name)
                return form

        return KnownChoicesFormSet


# Rows an inline takes in one save. Django builds as many forms as the posted count says, up
# to 1,000 past max_num: a count of 2**31 made a page build and show 2,000 rows per inline.
MAX_INLINE_ROWS = 200


class ScopedInlineMixin(KeysOnlyAutocompleteMixin):
    """Narrows foreign-key and many-to-many choices to the user's scope.

    ScopedAdmin uses it; inlines mix it in too (with TabularInline/StackedInline), and
    their formsets build no more than MAX_INLINE_ROWS rows.
    """

    def get_formset(self, request, obj=None, **kwargs):
        rows = min(self.get_max_num(request, obj, **kwargs) or MAX_INLINE_ROWS, MAX_INLINE_ROWS)
        kwargs.setdefault("max_num", rows)
        kwargs.setdefault("absolute_max", rows)
        return super().get_formset(request, obj, **kwargs)

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


# The largest each part of a date can be; Python's dates end in 9999.
DATE_PARTS = {"year": 9999, "month": 12, "day": 31}


class BoundedDatesChangeList(ChangeList):
    """Refuses date-hierarchy parameters past any date, like the admin's other bad ones.

    Django reads ?held_on__year=2147483648 with int() and builds a date of it: past what a C
    int holds that raised OverflowError, a server error, where a wrong date (a February 30)
    sends the list back to its start with "?e=1".
    """

    def get_filters(self, request):
        if self.date_hierarchy:
            for part, largest in DATE_PARTS.items():
                for value in request.GET.getlist(f"{self.date_hierarchy}__{part}"):
                    digits = value.strip().lstrip("+-")
                    if digits.isdigit() and int(digits) > largest:
                        raise IncorrectLookupParameters(f"no date has {part} {value}")
        return super().get_filters(request)


class BoundedDatesMixin:
    """Gives a ModelAdmin the changelist that refuses dates past any calendar."""

    def get_changelist(self, request, **kwargs):
        return BoundedDatesChangeList


# No name, title or phone number is longer; SQLite refuses LIKE patterns past 50,000 bytes.
SEARCH_MAX_LENGTH = 200


class BoundedSearchMixin:
    """A search longer than any name finds nothing, rather than a query the database refuses
    (on SQLite a server error: "LIKE or GLOB pattern too complex")."""

    def get_search_results(self, request, queryset, search_term):
        if len(search_term) > SEARCH_MAX_LENGTH:
            return queryset.none(), False
        return super().get_search_results(request, queryset, search_term)


class ScopedAdmin(BoundedDatesMixin, BoundedSearchMixin, ScopedInlineMixin, SimpleHistoryAdmin):
    """A ModelAdmin whose rows, choices, filters and autocomplete answers stay in scope.

    Rows come from `Model.objects.visible_to(user)`, so a partner can neither list nor open
    (404 by URL) another organisation's data; foreign-key and many-to-many choices and the
    choices of list filters on relations are narrowed the same way, so nothing out of scope
    can be picked or even named.
    """

    def get_queryset(self, request):
        return scoped(super().get_queryset(request), request.user)

    def get_search_results(self, request, queryset, search_term):
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if not found.ordered:
            # Counting annotations (GROUP BY) drop Meta.ordering, and autocomplete pages
            # through what it finds: without an order, a row could show on two pages or none.
            ordering = self.get_ordering(request) or self.model._meta.ordering
            found = found.order_by(*ordering, "pk")
        return found, may_have_duplicates

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
        """403 to someone who may not open rows of this kind at all, whichever the row;
        404 for a row outside the user's scope (or an id that is no row)."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        try:
            found = self.get_queryset(request).filter(pk=unquote(object_id)).exists()
        except (ValueError, ValidationError):
            found = False  # not a key at all, e.g. "abc" where ids are numbers
        if not found:
            raise Http404

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Django sends a row it cannot find to the admin index ("... doesn't exist. Perhaps it
        # was deleted?"). Rows of other organisations are outside get_queryset, so the portal
        # answers 404 instead, as its own pages do for anything outside the user's scope.
        raise Http404

    # Django checks the right to change or delete before it looks for the row, which would
    # answer 403 for another organisation's row to someone without the right and 404 to
    # someone with it. Outside the scope is 404; inside it without the right, 403.
    def change_view(self, request, object_id, form_url="", extra_context=None):
        self._in_scope_or_404(request, object_id)
        return super().change_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        self._in_scope_or_404(request, object_id)
        return super().delete_view(request, object_id, extra_context)

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


class PermissionFirstHistoryMixin:
    """Refuse the history page before looking the row up.

    Django's own history_view fetches the row first: a missing id is sent to the admin index
    while an existing one gets 403, which tells people without the permission which ids
    exist. Checking the permission first answers 403 for every id alike.
    """

    def history_view(self, request, object_id, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        return super().history_view(request, object_id, extra_context)


def reregister_permission_first(site: admin.AdminSite, models) -> None:
    """Give third-party admins (auth, axes, otp) the permission-first history page and the
    changelist that refuses dates past any calendar."""
    for model in models:
        model_admin = type(site._registry[model])
        site.unregister(model)
        site.register(
            model,
            type(
                model_admin.__name__,
                (BoundedDatesMixin, PermissionFirstHistoryMixin, model_admin),
                {},
            ),
        )


def scoped_view_on_site(request, content_type_id: int, object_id: str):
    """The back office's "view on site", which Django's own view answers for any row:
    a row outside the user's scope is a 404 here, as everywhere else."""
    from django.contrib.contenttypes.models import ContentType
    from django.contrib.contenttypes.views import shortcut

    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
    except ContentType.DoesNotExist:
        raise Http404 from None
    if model is not None:
        rows = scoped(model._default_manager.all(), request.user)
        try:
            in_scope = rows.filter(pk=unquote(object_id)).exists()
        except (ValueError, ValidationError):
            in_scope = False
        if not in_scope:
            raise Http404
    return shortcut(request, content_type_id, object_id)
