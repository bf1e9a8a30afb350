"""The donor report API: compute, compare, show each viewer what they may see, sign off,
log exports.

    scope = ReportScope(viewer=user, period=Period.quarter(2026, 3), programme=programme)
    report = report_with_previous(scope)        # Report, with .previous
    tables = for_viewer(report.tables, user)    # donors: small counts hidden
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from communities.models import Programme, User
from cycles.models import ExportLog, ReportSignOff
from cycles.reports.cache import cached_tables, is_cached_for
from cycles.reports.scope import Period, ReportScope
from cycles.reports.suppression import suppress
from cycles.reports.tables import Table, build_tables_for


@dataclass
class Report:
    scope: ReportScope
    tables: list[Table]
    previous: "Report | None" = None
    # When the figures came from the cache (donors): the time they were computed.
    computed_at: datetime.datetime | None = None

    @property
    def period(self) -> Period:
        return self.scope.period

    def table(self, key: str) -> Table:
        return next(table for table in self.tables if table.key == key)


def sees_exact_figures(user) -> bool:
    """Partner staff and administrators see exact counts; everyone else the suppressed ones."""
    return user.is_authenticated and (user.sees_everything or user.role == User.Role.PARTNER)


def _seen(scopes: list[ReportScope]) -> list[ReportScope]:
    """The scopes (differing only in their period) the viewer may see, the first of which
    they must: a donor sees only signed-off periods of one programme (PermissionDenied
    otherwise), checked for every period in one query."""
    first, viewer = scopes[0], scopes[0].viewer
    if not viewer.is_authenticated or viewer.role != User.Role.DONOR or viewer.sees_everything:
        return scopes
    if first.programme is None:
        raise PermissionDenied("A donor's report is for one programme.")
    signed = signed_off_periods(first.programme, [scope.period for scope in scopes])
    if (first.period.start, first.period.end) not in signed:
        raise PermissionDenied("This period's report is not signed off.")
    return [scope for scope in scopes if (scope.period.start, scope.period.end) in signed]


def report(scope: ReportScope) -> Report:
    """Every table of the report for the scope, exact (apply `for_viewer` before showing).

    A donor gets only a signed-off period of one programme (PermissionDenied otherwise):
    use `donor_period` to pick it.
    """
    return _reports(_seen([scope]))[0]


def report_with_previous(scope: ReportScope) -> Report:
    """The report and, as `.previous`, the one for the period before (None for a donor when
    that period is not signed off). Both periods come from the same queries."""
    reports = _reports(_seen([scope, scope.with_period(scope.period.previous())]))
    current = reports[0]
    current.previous = reports[1] if len(reports) > 1 else None
    return current


def _reports(scopes: list[ReportScope]) -> list[Report]:
    """The reports of scopes that differ only in their period, computed together."""
    if is_cached_for(scopes[0].viewer):
        return [
            Report(scope, tables, computed_at=computed_at)
            for scope, (tables, computed_at) in zip(scopes, cached_tables(scopes), strict=True)
        ]
    computed = build_tables_for(scopes[0], [scope.period for scope in scopes])
    return [Report(scope, tables) for scope, tables in zip(scopes, computed, strict=True)]


def for_viewer(tables: list[Table], user) -> list[Table]:
    """The tables as `user` may see them: small counts hidden unless partner staff or admin."""
    return list(tables) if sees_exact_figures(user) else suppress(tables)


def signed_off_periods(programme: Programme, periods: list[Period]) -> set[tuple]:
    """Which of the periods of the programme's reports are signed off, as (start, end)."""
    either = Q()
    for period in periods:
        either |= Q(period_start=period.start, period_end=period.end)
    found = ReportSignOff.objects.filter(either, programme=programme)
    return set(found.values_list("period_start", "period_end"))


@transaction.atomic
def sign_off_report(user, programme: Programme, period: Period) -> ReportSignOff:
    """Partner staff of an implementing partner (or an administrator) sign off a period."""
    may_sign = user.is_authenticated and (user.sees_everything or user.role == User.Role.PARTNER)
    if not may_sign or not Programme.objects.visible_to(user).filter(pk=programme.pk).exists():
        raise ValidationError(_("Only the programme's partner staff can sign off its reports."))
    sign_off = ReportSignOff(
        programme=programme, period_start=period.start, period_end=period.end, signed_by=user
    )
    sign_off.full_clean()
    sign_off.save()
    return sign_off


def last_signed_off(programme: Programme) -> ReportSignOff | None:
    """The newest sign-off of the programme's reports."""
    return (
        ReportSignOff.objects.filter(programme=programme)
        .select_related("signed_by__organisation")
        .order_by("-signed_at", "-pk")
        .first()
    )


def last_signed_off_period(programme: Programme) -> Period | None:
    sign_off = last_signed_off(programme)
    return None if sign_off is None else Period.custom(sign_off.period_start, sign_off.period_end)


@dataclass(frozen=True)
class DonorPeriod:
    """The period a donor is shown, its sign-off, and a message when it is not the one asked."""

    period: Period | None
    sign_off: ReportSignOff | None
    message: str = ""


def donor_period(programme: Programme, requested: Period | None = None) -> DonorPeriod:
    """A donor sees the period asked for if it is signed off, else the last signed-off one."""
    if requested is not None:
        sign_off = (
            ReportSignOff.objects.filter(
                programme=programme, period_start=requested.start, period_end=requested.end
            )
            .select_related("signed_by__organisation")
            .order_by("-signed_at", "-pk")
            .first()
        )
        if sign_off is not None:
            return DonorPeriod(requested, sign_off)
    sign_off = last_signed_off(programme)
    if sign_off is None:
        return DonorPeriod(None, None, _("No report of this programme has been signed off yet."))
    message = ""
    if requested is not None:
        message = _(
            "The period you asked for is not signed off yet; this is the last signed-off one."
        )
    return DonorPeriod(Period.custom(sign_off.period_start, sign_off.period_end), sign_off, message)


def record_export(user, what: str, fmt: str, rows: int, **details) -> ExportLog:
    """Log one export. `details`: programme, period (a Period) and filters (a dict)."""
    period: Period | None = details.get("period")
    return ExportLog.objects.create(
        user=user,
        what=what[:200],
        programme=details.get("programme"),
        period_start=period.start if period else None,
        period_end=period.end if period else None,
        filters=details.get("filters") or {},
        format=fmt,
        row_count=rows,
    )
