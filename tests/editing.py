"""POST data as a page sends it: carrying the version its rows had and its one-time token."""

from django.db import models
from django.forms import BaseForm, BaseFormSet

from cswg_portal.concurrency import VERSION_FIELD


def opened(row: models.Model, prefix: str = "") -> dict[str, str]:
    """The hidden version field of a form showing `row` as the database holds it now."""
    version = type(row)._base_manager.values_list(VERSION_FIELD, flat=True).get(pk=row.pk)
    return {f"{prefix}-{VERSION_FIELD}" if prefix else VERSION_FIELD: str(version)}


def as_shown(*parts: BaseForm | BaseFormSet) -> dict:
    """What the forms and formsets of a rendered page post back as they stand."""
    data, forms = {}, []
    for part in parts:
        if isinstance(part, BaseFormSet):
            management = part.management_form
            data.update(
                {management[name].html_name: management[name].value() for name in management.fields}
            )
            forms.extend(part.forms)
        else:
            forms.append(part)
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            data[form[name].html_name] = "on" if value is True else value
    return data
