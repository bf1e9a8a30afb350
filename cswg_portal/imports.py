"""Importing rows from CSV or XLSX in the back office (django-import-export), all or nothing.

A resource here resolves every reference inside the importing user's scope, so a group or
person of another organisation is "not found" like a name that does not exist. The admin
mixin shows every row of the file with its errors beside it, offers "Confirm" only when all
rows are valid, and imports in one transaction: one failing row and nothing is saved.
"""

import contextlib
import datetime
import os
import tempfile
import time
from decimal import Decimal, InvalidOperation

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from import_export import fields, resources, widgets
from import_export.admin import ImportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ImportForm
from import_export.tmp_storages import TempFolderStorage

# A file far larger than a partner's register is a mistake (or an attack): refused unread.
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
# How long an uploaded file waits for "Confirm" before it is deleted.
UPLOAD_LIFETIME_SECONDS = 60 * 60
# The names of the files a user uploaded and may confirm, in their session.
SESSION_UPLOADS = "import_uploads"


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        # Spreadsheets store phone numbers and years typed as numbers as floats.
        value = int(value)
    return str(value).strip()


# Widgets: turn one cell into a value, or raise ValueError with a message for the preview.


class TextWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return _text(value)


class ChoiceWidget(widgets.Widget):
    """A cell holding a choice's stored value ("female") or its label ("Woman", or in the
    user's language "Женщина"), in any case."""

    def __init__(self, choices, required=True):
        super().__init__()
        self.choices = choices
        self.required = required

    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        if not text:
            if self.required:
                raise ValueError(gettext("This column cannot be empty."))
            return ""
        wanted = text.casefold()
        with translation.override("en"):
            english = {stored: str(label).casefold() for stored, label in self.choices}
        for stored, label in self.choices:
            if wanted in (str(stored).casefold(), str(label).casefold(), english[stored]):
                return stored
        raise ValueError(
            gettext("“%(value)s” is not one of: %(choices)s.")
            % {"value": text[:50], "choices": ", ".join(str(stored) for stored, _l in self.choices)}
        )


class DateWidget(widgets.Widget):
    """A date cell of a spreadsheet, or text as 2014-03-25 or 25.03.2014."""

    FORMATS = ("%Y-%m-%d", "%d.%m.%Y")

    def __init__(self, required=True):
        super().__init__()
        self.required = required

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = _text(value)
        if not text:
            if self.required:
                raise ValueError(gettext("This column cannot be empty."))
            return None
        for date_format in self.FORMATS:
            try:
                return datetime.datetime.strptime(text, date_format).date()
            except ValueError:
                continue
        raise ValueError(
            gettext("“%(value)s” is not a date: write it as 2014-03-25.") % {"value": text[:50]}
        )


class CountWidget(widgets.Widget):
    """A whole number of people, 0 to `maximum`; an empty cell is nobody."""

    def __init__(self, maximum: int, required=False):
        super().__init__()
        self.maximum = maximum
        self.required = required

    def clean(self, value, row=None, **kwargs):
        text = _text(value)
        if not text:
            if self.required:
                raise ValueError(gettext("This column cannot be empty."))
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite() or number != number.to_integral_value():
            raise ValueError(gettext("“%(value)s” is not a whole number.") % {"value": text[:50]})
        if not 0 <= number <= self.maximum:
            raise ValueError(
                gettext("Give a number from 0 to %(maximum)s.") % {"maximum": self.maximum}
            )
        return int(number)


class YesNoWidget(widgets.Widget):
    YES = ("yes", "y", "true", "1", "да")
    NO = ("no", "n", "false", "0", "нет", "")

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        text = _text(value).casefold()
        if text in self.YES:
            return True
        if text in self.NO:
            return False
        raise ValueError(gettext("Write yes or no."))


def column(name: str, attribute: str | None = None, widget=None) -> fields.Field:
    """A column of the file; `attribute` None for one the resource reads itself."""
    return fields.Field(column_name=name, attribute=attribute, widget=widget or TextWidget())


def not_found(message: str, value: str) -> ValidationError:
    """`message` (with %(value)s) for a reference not found in the user's scope.

    The same words whether the row does not exist or belongs to another organisation.
    """
    return ValidationError(message % {"value": value[:80]}, code="not_found")


class ScopedResource(resources.ModelResource):
    """Creates rows only (never updates), from a file read in the importing user's scope.

    Subclasses list `required_columns` and `optional_columns` (the file's headers) and may
    resolve references in `resolve(instance, row, errors)`.
    """

    required_columns: tuple[str, ...] = ()
    optional_columns: tuple[str, ...] = ()
    # Foreign keys that resolve() sets from the row.
    resolved_fields: tuple[str, ...] = ()

    class Meta:
        abstract = True
        use_transactions = True
        clean_model_instances = True
        force_init_instance = True
        skip_diff = True
        store_row_values = True
        # Rows are saved one by one, so that every row gets its history record.
        use_bulk = False

    def __init__(self, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user

    @classmethod
    def columns(cls) -> tuple[str, ...]:
        return (*cls.required_columns, *cls.optional_columns)

    def get_user_visible_fields(self):
        return [column(name) for name in self.columns()]

    def before_import(self, dataset, **kwargs):
        # Spreadsheets often end in rows that look empty; a blank row between rows is shown
        # as an error instead, so that the line numbers of the preview stay the file's.
        while len(dataset) and not any(_text(value) for value in dataset[-1]):
            del dataset[-1]
        headers = [_text(header) for header in dataset.headers or []]
        missing = [name for name in self.required_columns if name not in headers]
        unknown = [name for name in headers if name and name not in self.columns()]
        problems = []
        if not len(dataset):
            problems.append(gettext("The file has no rows to import."))
        if missing:
            problems.append(gettext("Missing columns: %(names)s.") % {"names": ", ".join(missing)})
        if unknown:
            problems.append(
                gettext("Unknown columns: %(names)s.") % {"names": ", ".join(unknown)[:300]}
            )
        if len(dataset) > MAX_ROWS:
            problems.append(
                gettext("The file has %(count)s rows; import at most %(max)s at a time.")
                % {"count": len(dataset), "max": MAX_ROWS}
            )
        if problems:
            # No row is worth reading (import_data goes on to the rows after this error).
            del dataset[:]
            raise ValidationError(problems)
        dataset.headers = headers

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        self.resolve(instance, row, errors)
        if errors:
            raise ValidationError(errors)

    def resolve(self, instance, row, errors: dict) -> None:
        """Set what depends on several cells or on the user; add messages to `errors`."""

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        # A reference resolve() could not find has its message already.
        unresolved = [
            name for name in self.resolved_fields if getattr(instance, f"{name}_id") is None
        ]
        try:
            instance.full_clean(exclude=[*errors, *unresolved], validate_unique=validate_unique)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            # Messages name the file's columns, not the model's fields.
            columns = {field.attribute: field.column_name for field in self.fields.values()}
            raise ValidationError(
                {
                    columns.get(key, key): messages
                    for key, messages in ValidationError(errors).message_dict.items()
                }
            )

    def save_instance(self, instance, is_create, row, **kwargs):
        # The audit trail names the importing user and the file on every record.
        instance._history_user = self.user
        instance._change_reason = self.change_reason(kwargs.get("file_name"))
        super().save_instance(instance, is_create, row, **kwargs)

    @staticmethod
    def change_reason(file_name: str | None) -> str:
        """The history's reason for a row imported from `file_name` (stored, not shown
        translated, like the rest of a history record)."""
        return f"Imported from {os.path.basename(file_name or '')}"[:100]

    @staticmethod
    def add_error(errors: dict, key: str, error) -> None:
        if not isinstance(error, ValidationError):
            error = ValidationError(error)
        errors.setdefault(key, []).extend(error.messages)


# The back office ----------------------------------------------------------------------


class UploadForm(ImportForm):
    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("The file is too large (%(size)s); import at most %(max)s at a time.")
                % {"size": filesizeformat(upload.size), "max": filesizeformat(MAX_FILE_BYTES)}
            )
        return upload


class ImportFolderStorage(TempFolderStorage):
    """Uploaded files wait for "Confirm" in a folder of their own, readable by the server only,
    and are deleted when imported, refused, or left unconfirmed for an hour."""

    @staticmethod
    def folder() -> str:
        path = str(settings.IMPORT_UPLOAD_DIR)
        os.makedirs(path, mode=0o700, exist_ok=True)
        return path

    def get_full_path(self):
        return os.path.join(self.folder(), os.path.basename(self.name))

    def save(self, data):
        self.remove_stale()
        with tempfile.NamedTemporaryFile(dir=self.folder(), delete=False) as upload:
            upload.write(data)
        self.name = os.path.basename(upload.name)

    def remove(self):
        with contextlib.suppress(FileNotFoundError):
            os.remove(self.get_full_path())

    def remove_stale(self) -> None:
        cutoff = time.time() - UPLOAD_LIFETIME_SECONDS
        with os.scandir(self.folder()) as entries:
            for entry in entries:
                # Another worker may be clearing the same folder at the same moment.
                with contextlib.suppress(FileNotFoundError):
                    if entry.is_file() and entry.stat().st_mtime < cutoff:
                        os.remove(entry.path)


class ImportAdminMixin(ImportMixin):
    """Import from CSV or XLSX in the back office; no export (personal data).

    `import_permission` is the codename the user needs (the model's add permission unless
    set). The preview lists every row with its errors; with any error nothing is imported.
    """

    import_permission: str = ""
    import_form_class = UploadForm
    import_template_name = "admin/import_export/import.html"
    tmp_storage_class = ImportFolderStorage
    skip_import_confirm = False

    @property
    def import_formats(self):
        return [CSV, XLSX]

    def has_import_permission(self, request):
        opts = self.opts
        codename = self.import_permission or f"add_{opts.model_name}"
        return request.user.has_perm(f"{opts.app_label}.{codename}")

    def get_import_resource_kwargs(self, request, **kwargs):
        return {"user": request.user}

    def get_import_data_kwargs(self, **kwargs):
        kwargs = super().get_import_data_kwargs(**kwargs)
        kwargs.pop("request", None)
        # A row refused at the confirmed import undoes the rows before it.
        kwargs["rollback_on_validation_errors"] = True
        return kwargs

    def import_action(self, request, **kwargs):
        response = super().import_action(request, **kwargs)
        context = response.context_data
        result = context.get("result")
        # import_action names the stored copy on the uploaded file.
        stored_as = getattr(request.FILES.get("import_file"), "tmp_storage_name", None)
        if stored_as and "confirm_form" in context:
            # Only the person who uploaded a file may confirm it.
            uploads = request.session.get(SESSION_UPLOADS, [])
            request.session[SESSION_UPLOADS] = [*uploads, stored_as][-10:]
        elif stored_as:
            # Nothing will be confirmed: the personal data in the file goes now.
            self.get_tmp_storage_class()(name=stored_as).remove()
        if result is not None:
            context.update(self.preview(result))
        context["title"] = gettext("Import %(things)s") % {"things": self.opts.verbose_name_plural}
        context["columns_required"] = self.import_resource_class().required_columns
        context["columns_optional"] = self.import_resource_class().optional_columns
        return response

    def import_resource_class(self):
        return self.get_import_resource_classes(None)[0]

    @method_decorator(require_POST)
    def process_import(self, request, **kwargs):
        name = os.path.basename(request.POST.get("import_file_name", ""))
        uploads = request.session.get(SESSION_UPLOADS, [])
        if not self.has_import_permission(request):
            raise PermissionDenied
        if name not in uploads:
            # Confirmed twice, or not this user's upload.
            messages.error(
                request, gettext("The uploaded file has expired. Upload it again, please.")
            )
            return HttpResponseRedirect(self.import_url())
        request.session[SESSION_UPLOADS] = [upload for upload in uploads if upload != name]
        try:
            return super().process_import(request, **kwargs)
        except (OSError, ValueError, IndexError):
            # The file is gone (it waited too long), or the form was tampered with.
            messages.error(
                request, gettext("The uploaded file has expired. Upload it again, please.")
            )
            return HttpResponseRedirect(self.import_url())

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            # Rolled back as a whole (import_data's transaction): say so, log nothing.
            messages.error(
                request,
                gettext(
                    "Nothing was imported: some rows could not be saved. Check the file "
                    "and upload it again."
                ),
            )
            return HttpResponseRedirect(self.import_url())
        return super().process_result(result, request)

    def add_success_message(self, result, request):
        count = len(result.rows)
        messages.success(
            request,
            ngettext("%(count)d row imported.", "%(count)d rows imported.", count)
            % {"count": count},
        )

    def import_url(self) -> str:
        opts = self.opts
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_import")

    def preview(self, result) -> dict:
        """Every row of the file with its values and its errors, for the preview table."""
        in_file = {header for row in result.rows for header in (row.row_values or {})}
        headers = [name for name in self.import_resource_class().columns() if name in in_file]
        rows = []
        for number, row_result in enumerate(result.rows, start=2):
            errors = []
            if row_result.validation_error is not None:
                errors = self.error_lines(row_result.validation_error)
            for error in row_result.errors:
                error = error.error
                errors.append(
                    "; ".join(error.messages)
                    if isinstance(error, ValidationError)
                    else gettext("This row could not be saved.")
                )
            values = row_result.row_values or {}
            rows.append(
                {
                    "line": number,
                    "values": [_text(values.get(header)) for header in headers],
                    "errors": errors,
                }
            )
        base_errors = []
        for error in result.base_errors:
            error = error.error
            base_errors.extend(
                error.messages
                if isinstance(error, ValidationError)
                else [gettext("The file could not be read.")]
            )
        return {
            "preview_headers": headers,
            "preview_rows": rows,
            "preview_base_errors": base_errors,
            "invalid_count": sum(1 for row in rows if row["errors"]),
        }

    @staticmethod
    def error_lines(error: ValidationError) -> list[str]:
        if not hasattr(error, "error_dict"):
            return list(error.messages)
        lines = []
        for key, field_errors in error.message_dict.items():
            for message in field_errors:
                lines.append(message if key == NON_FIELD_ERRORS else f"{key}: {message}")
        return lines
