"""POST data as an edit page sends it: carrying the version of the row it was opened at."""

from django.db import models

from cswg_portal.concurrency import VERSION_FIELD


def opened(row: models.Model, prefix: str = "") -> dict[str, str]:
    """The hidden version field of a form showing `row` as the database holds it now."""
    version = type(row)._base_manager.values_list(VERSION_FIELD, flat=True).get(pk=row.pk)
    return {f"{prefix}-{VERSION_FIELD}" if prefix else VERSION_FIELD: str(version)}
