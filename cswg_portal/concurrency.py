"""Concurrent edits: optimistic locking with a version on each row, in pages and the admin.

A versioned model (`VersionedModel` with a `VersionField`) raises its `version` by one
in the UPDATE of every save. Its edit forms (`VersionedFormMixin`) carry, in a hidden field, the
version they were opened at. If someone else saved in between, the form is refused with what
they changed, field by field (from the history records), and who did it and when; nothing is
written, what the user typed stays on the page, and saving again keeps it. The check runs
twice: when the form is validated, against the row as it is now (locked when inside a
transaction, as in the admin), and in the UPDATE itself (`... WHERE version = %s`), so that of
two saves racing each other exactly one wins and the other raises `EditConflict`.

A form that changes nothing is never refused: a retried edit whose first POST got through
posts what the row already holds, and saves again harmlessly.

Create forms sent twice are the business of `cswg_portal.submissions`.
"""

from django import forms
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import connections, models, router
from django.db.models import F
from django.utils import formats, timezone
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

VERSION_FIELD = "version"
# The largest number the database column holds.
MAX_VERSION = 2**31 - 1


# The model side -------------------------------------------------------------------------------


class VersionField(models.PositiveIntegerField):
    """A row's version: 1 when created, raised by one in the database by every later save."""

    def pre_save(self, model_instance, add):
        if add:
            return super().pre_save(model_instance, add)
        # In the UPDATE itself, so that two saves at once cannot both write the same number.
        return F(self.attname) + 1


class EditConflict(ValidationError):
    """Someone else saved (or deleted) the row since the version the save expected."""

    def __init__(self, instance: models.Model, expected: int):
        super().__init__(
            _(
                "Someone else saved this %(thing)s while you were editing it. Nothing is "
                "saved yet: open it again to see their changes."
            ),
            params={"thing": instance._meta.verbose_name},
        )
        self.instance = instance
        self.expected = expected


class VersionedModel:
    """Mixed into a model that declares `version = VersionField(...)`.

    Every save of an existing row raises the version; `expect_version(n)` makes the next save
    an UPDATE ... WHERE version = n, which raises EditConflict when the row moved on.
    """

    def expect_version(self, version: int) -> None:
        self._expected_version = version

    def save(self, *args, **kwargs):
        fields = kwargs.get("update_fields")
        if fields and VERSION_FIELD not in fields:
            kwargs["update_fields"] = [*fields, VERSION_FIELD]
        super().save(*args, **kwargs)

    def _do_update(self, base_qs, using, pk_val, values, update_fields, forced_update):
        expected = self.__dict__.pop("_expected_version", None)
        if expected is not None:
            base_qs = base_qs.filter(**{VERSION_FIELD: expected})
        updated = super()._do_update(base_qs, using, pk_val, values, update_fields, forced_update)
        if expected is not None and not updated:
            raise EditConflict(self, expected)
        raised = any(
            field.attname == VERSION_FIELD and hasattr(value, "resolve_expression")
            for field, _model, value in values
        )
        if updated and raised:
            # The instance keeps the number the database now holds, not the expression.
            self.version = (
                expected + 1
                if expected is not None
                else type(self)
                ._base_manager.using(using)
                .filter(pk=pk_val)
                .values_list(VERSION_FIELD, flat=True)
                .get()
            )
        return updated


# The form side --------------------------------------------------------------------------------


class VersionFormField(forms.Field):
    """The version a form was opened at: hidden, never a change, never a message of its own."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def to_python(self, value):
        try:
            number = int(value)
        except (TypeError, ValueError):
            return None  # Missing, or typed in by hand: treated as missing.
        return number if 0 <= number <= MAX_VERSION else None

    def has_changed(self, initial, data):
        return False


def _empty() -> str:
    return gettext("(empty)")


def _text(value, field: forms.Field | None) -> str:
    """A stored value as the form would name it: choices by their label, dates localised."""
    if value in (None, "") or value == set():
        return _empty()
    values = value if isinstance(value, set) else {value}
    if isinstance(field, forms.ModelChoiceField):
        # Named as the form names them, and only the rows it offers (the user's scope).
        found = field.queryset.filter(pk__in=values)
        labels = {str(row.pk): str(field.label_from_instance(row)) for row in found}
    elif getattr(field, "choices", None) is not None:
        labels = {str(key): str(label) for key, label in field.choices}
    else:
        labels = None
    if labels is not None:
        unknown = gettext("(one you cannot see)")
        return ", ".join(sorted(labels.get(str(item), unknown) for item in values))
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, str):
        return Truncator(" ".join(value.split())).chars(120)
    return str(formats.localize(value))


def _value(row, field: models.Field):
    """A field's value on a row or a history record; a set of ids for many-to-many."""
    if field.many_to_many:
        related = getattr(row, field.name, None)
        if related is None:
            return None
        if hasattr(row, "history_id"):  # simple-history keeps the links in rows of its own
            return set(related.values_list(field.m2m_reverse_field_name(), flat=True))
        return set(related.values_list("pk", flat=True))
    return getattr(row, field.attname)


def _compared_fields(form: forms.BaseForm, model) -> list[tuple[models.Field, forms.Field | None]]:
    """The form's fields of the model, then the model's other plain fields (a status changed by
    a button, say), which the user sees on the page though not on the form."""
    pairs = []
    for name, form_field in form.fields.items():
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if field.concrete or field.many_to_many:
            pairs.append((field, form_field))
    on_form = {field.name for field, _form_field in pairs}
    for field in model._meta.concrete_fields:
        if field.primary_key or field.is_relation or field.name in on_form:
            continue
        choices = forms.ChoiceField(choices=field.flatchoices) if field.choices else None
        pairs.append((field, choices))
    return [(field, form_field) for field, form_field in pairs if field.name != VERSION_FIELD]


def _person(user) -> str:
    if user is None:
        return gettext("someone else")
    return user.get_full_name() or user.get_username()


def describe_changes(form: forms.BaseForm, row: models.Model, since: int) -> list[str]:
    """What happened to `row` after version `since`: who and when, then field by field
    (the form's own fields: value now and when the form was opened)."""
    model = type(row)
    thing = model._meta.verbose_name
    now = model._base_manager.filter(pk=row.pk).first()
    if now is None:
        return [
            gettext("Someone else deleted this %(thing)s after you opened it.") % {"thing": thing}
        ]
    records = getattr(model, model._meta.simple_history_manager_attribute).filter(
        **{model._meta.pk.attname: row.pk}
    )
    then = (
        records.filter(**{VERSION_FIELD: since}).order_by("-history_date", "-history_id").first()
        if since
        else None
    )
    later = list(
        records.filter(**{f"{VERSION_FIELD}__gt": since})
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    if later:
        people = list(dict.fromkeys(_person(record.history_user) for record in later))
        lines = [
            gettext("%(people)s saved this %(thing)s after you opened it (last at %(when)s).")
            % {
                "people": ", ".join(people),
                "thing": thing,
                "when": formats.localize(timezone.localtime(later[-1].history_date)),
            }
        ]
    else:
        lines = [
            gettext("Someone else saved this %(thing)s after you opened it.") % {"thing": thing}
        ]
    changed = []
    for field, form_field in _compared_fields(form, model):
        old = _value(then, field) if then is not None else None
        new = _value(now, field)
        if field.many_to_many and old is None and then is not None:
            continue  # links the history does not keep
        if (old or None) != (new or None):
            changed.append(
                gettext("%(field)s: now “%(now)s”; when you opened the form “%(then)s”.")
                % {
                    "field": capfirst(getattr(form_field, "label", None) or field.verbose_name),
                    "now": _text(new, form_field),
                    "then": _text(old, form_field),
                }
            )
    lines.extend(
        changed or [gettext("No field of it changed: other parts of the record did (its rows).")]
    )
    lines.append(
        gettext(
            "Nothing of yours is saved yet; what you typed is below. Check it against their "
            "changes: saving again replaces them with what you typed."
        )
    )
    return lines


class VersionedFormMixin:
    """For a form that edits a versioned row: refuses to save over someone else's changes.

    The row is `self.instance` (model forms) or what `versioned_row()` returns.
    """

    # The admin's revert page opens a historical copy: the version to carry is the row's now.
    version_from_db = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[VERSION_FIELD] = VersionFormField()
        row = self.versioned_row()
        if row is not None and row.pk is not None:
            self.fields[VERSION_FIELD].initial = (
                self._current_version(row) if self.version_from_db else row.version
            )
        else:
            self.fields[VERSION_FIELD].initial = 0

    def versioned_row(self) -> models.Model | None:
        return getattr(self, "instance", None)

    @staticmethod
    def _current_version(row: models.Model, lock: bool = False) -> int | None:
        rows = type(row)._base_manager.filter(pk=row.pk)
        if lock:
            rows = rows.select_for_update()
        return rows.values_list(VERSION_FIELD, flat=True).first()

    def clean(self):
        cleaned = super().clean()
        row = self.versioned_row()
        if row is None or row.pk is None:
            return cleaned
        # Inside a transaction (the admin's), the row stays locked until the save.
        lock = connections[router.db_for_write(type(row))].in_atomic_block
        current = self._current_version(row, lock=lock)
        if current is None:
            self.add_error(None, describe_changes(self, row, 0))
            return cleaned
        posted = cleaned.get(VERSION_FIELD)
        if not self.has_changed():
            row.expect_version(current)  # nothing of theirs to overwrite; still one save at once
        elif posted is None:
            self.add_error(
                None,
                gettext(
                    "This page was opened before the portal checked for other people's "
                    "changes. Check the fields below and save again."
                ),
            )
            self._carry(current)
        elif posted != current:
            self.refuse_stale(posted, current)
        else:
            row.expect_version(posted)
        return cleaned

    def refuse_stale(self, since: int, current: int | None = None) -> None:
        """Refuse the save: say what changed after `since`, and carry the version now."""
        row = self.versioned_row()
        self.add_error(None, describe_changes(self, row, since))
        self._carry(current if current is not None else self._current_version(row))

    def _carry(self, current: int | None) -> None:
        # Saving the page again after reading the message is a choice to keep what they typed.
        if current is not None:
            self.data = self.data.copy()
            self.data[self.add_prefix(VERSION_FIELD)] = str(current)


def show_conflict(forms_: list, conflict: EditConflict) -> None:
    """Put a conflict found while saving (a save racing this one) on the form of its row."""
    for form in forms_:
        if isinstance(form, VersionedFormMixin) and form.versioned_row() is conflict.instance:
            form.refuse_stale(conflict.expected)
            return
    forms_[0].add_error(None, conflict)


# The admin side -------------------------------------------------------------------------------


class VersionedModelForm(VersionedFormMixin, forms.ModelForm):
    version_from_db = True


class VersionedAdminMixin:
    """A ModelAdmin or inline of a versioned model: its forms carry and check the version.

    A custom `form` must mix in VersionedFormMixin (with `version_from_db = True`).
    """

    form = VersionedModelForm

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not self.has_change_permission(request, obj) or VERSION_FIELD in flatten_fieldsets(
            fieldsets
        ):
            return fieldsets
        (name, options), *rest = fieldsets
        return [(name, {**options, "fields": [*options["fields"], VERSION_FIELD]}), *rest]

    def _model_fields(self, request, obj, kwargs) -> dict:
        # The hidden version is the form's own field, not one the model form may edit.
        fields = (
            kwargs["fields"]
            if "fields" in kwargs
            else flatten_fieldsets(self.get_fieldsets(request, obj))
        )
        if fields is not None:
            kwargs["fields"] = [name for name in fields if name != VERSION_FIELD]
        return kwargs

    def get_form(self, request, obj=None, change=False, **kwargs):
        return super().get_form(request, obj, change, **self._model_fields(request, obj, kwargs))

    def get_formset(self, request, obj=None, **kwargs):
        return super().get_formset(request, obj, **self._model_fields(request, obj, kwargs))
