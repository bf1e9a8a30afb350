"""Donors' reports from a cache, with the time their figures were computed.

A report over a large programme runs some fifteen aggregate queries over hundreds of
thousands of rows (0.75 s for the largest at 2,000 communities); donors read signed-off
periods, whose figures seldom change, and read them often. So a donor's report is kept for
REPORT_CACHE_MINUTES and the page and the exports say when its figures were computed.
Partner staff and administrators, who correct the data and sign periods off, always get
fresh figures.

The cache is Django's default one: per process unless CACHES names a shared backend.
"""

import dataclasses
import datetime
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import get_language

from communities.models import User
from cycles.reports.scope import ReportScope
from cycles.reports.tables import Table, build_tables_for


def is_cached_for(user) -> bool:
    return (
        settings.REPORT_CACHE_MINUTES > 0
        and user.is_authenticated
        and user.role == User.Role.DONOR
        and not user.sees_everything
    )


def cache_key(scope: ReportScope) -> str:
    """Everything the figures depend on: what the donor's organisation sees, the programme,
    the period, the filters, and the language the labels were made in."""
    viewer = scope.viewer
    period = scope.period
    parts = [
        "report",
        get_language() or "",
        f"org{viewer.organisation_id}",
        str(scope.programme.pk) if scope.programme else "all",
        period.kind,
        period.start.isoformat(),
        period.end.isoformat(),
        *(f"{name}={value}" for name, value in sorted(scope.filters.items())),
    ]
    return ":".join(parts)


def _in_words(label):
    """A lazy label as the text it stands for now (the key holds the language): hundreds of
    lazy labels would be rebuilt one by one each time the tables are read from the cache."""
    return str(label) if isinstance(label, Promise) else label


def _settled(tables: list[Table]) -> list[Table]:
    return [
        dataclasses.replace(
            table,
            title=_in_words(table.title),
            note=_in_words(table.note),
            columns=[
                dataclasses.replace(column, label=_in_words(column.label))
                for column in table.columns
            ],
            rows=[dataclasses.replace(row, label=_in_words(row.label)) for row in table.rows],
        )
        for table in tables
    ]


def cached_tables(scopes: list[ReportScope]) -> list[tuple[list[Table], datetime.datetime]]:
    """Each scope's tables and when they were computed: from the cache, or now (the
    missing ones together, in one pass over their periods). The scopes differ only in
    their period."""
    keys = [cache_key(scope) for scope in scopes]
    found = cache.get_many(keys)
    missing = [(key, scope) for key, scope in zip(keys, scopes, strict=True) if key not in found]
    if missing:
        now = timezone.now()
        computed = build_tables_for(missing[0][1], [scope.period for _key, scope in missing])
        fresh = {
            key: (_settled(tables), now)
            for (key, _scope), tables in zip(missing, computed, strict=True)
        }
        cache.set_many(fresh, settings.REPORT_CACHE_MINUTES * 60)
        found |= fresh
    return [found[key] for key in keys]


def cached_with_report(scope: ReportScope, part: str, compute: Callable[[], object]):
    """Another part of a donor's report page (its charts, its map) kept as long as the
    report's tables, or computed afresh for everyone else."""
    if not is_cached_for(scope.viewer):
        return compute()
    key = f"{cache_key(scope)}:{part}"
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, settings.REPORT_CACHE_MINUTES * 60)
    return found
