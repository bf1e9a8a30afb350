"""The report pages: the portfolio, a programme's report (or all programmes'), its exports,
signing a period off.

Everyone signed in reads reports of the programmes they see; donors see signed-off periods
only, with small counts hidden (see docs/reports.md).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from communities.models import Programme, User
from cswg_portal.access import scoped_or_404
from cswg_portal.db_router import REPLICA, replica_reads
from cycles.models import ReportSignOff
from cycles.reports import exports
from cycles.reports.cache import cached_with_report
from cycles.reports.charts import chart_data, map_points, step_legend
from cycles.reports.forms import ReportForm, last_complete_quarter, period_data
from cycles.reports.portfolio import portfolio as portfolio_table
from cycles.reports.scope import Period, ReportScope
from cycles.reports.services import (
    Report,
    donor_period,
    for_viewer,
    record_export,
    report,
    report_with_previous,
    sees_exact_figures,
    sign_off_report,
)
from cycles.reports.suppression import is_suppressed
from cycles.reports.tables import PERCENT, Table, show

FILTERS = ("country", "region", "district", "community", "group")
PERIOD_FIELDS = ("kind", "year", "quarter", "start", "end")
SIGN_OFF_PERMISSION = "cycles.add_reportsignoff"

# The figures shown as cards at the top: (label, table, row, column).
HEADLINES = (
    (gettext_lazy("Groups supported"), "coverage", "groups", "n"),
    (gettext_lazy("Communities"), "coverage", "communities", "n"),
    (gettext_lazy("People consulted"), "attendance_shares", "people", "people"),
    (gettext_lazy("Women among them"), "attendance_shares", "women", "share"),
    (gettext_lazy("Concerns raised"), "concerns", "total", "raised"),
    (gettext_lazy("Activities done"), "activities", "total", "n"),
    (gettext_lazy("People reached"), "reach_shares", "people", "people"),
    (gettext_lazy("Local share, delivered"), "local_share", "delivered", "share"),
)


def is_donor(user) -> bool:
    return user.role == User.Role.DONOR and not user.sees_everything


def may_sign_off(user) -> bool:
    return sees_exact_figures(user) and user.has_perm(SIGN_OFF_PERMISSION)


def reads_replica(user) -> bool:
    """Donors' reports come from the database replica when there is one: they only read,
    and often. Everyone else reads what they have just saved or signed off."""
    return REPLICA in settings.DATABASES and is_donor(user)


def donor_reads_from_replica(view):
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if reads_replica(request.user):
            with replica_reads():
                return view(request, *args, **kwargs)
        return view(request, *args, **kwargs)

    return wrapped


# Formatting ---------------------------------------------------------------------------------


def change(value, before, kind: str) -> str:
    """The change from the previous period, signed; empty when it cannot be told."""
    numbers = (int, Decimal, float)
    if not isinstance(value, numbers) or not isinstance(before, numbers):
        return ""
    difference = value - before
    if not difference:
        return "±0"
    sign = "+" if difference > 0 else "−"
    if kind == PERCENT:
        return _("%(change)s pts") % {"change": f"{sign}{floatformat(abs(difference), 1)}"}
    return sign + show(abs(difference), kind).removesuffix("%")


@dataclass(frozen=True)
class CellView:
    text: str
    previous: str = ""
    change: str = ""
    hidden: bool = False


@dataclass(frozen=True)
class RowView:
    label: str
    cells: list[CellView]
    total: bool = False


@dataclass(frozen=True)
class TableView:
    key: str
    title: str
    note: str
    columns: list[str]
    rows: list[RowView]


def table_view(table: Table, before: Table | None) -> TableView:
    rows = []
    for row in table.rows:
        cells = []
        for column in table.columns:
            kind = table.kind_of(row, column)
            value = row.cells.get(column.key)
            old = _old_cell(before, row.key, column.key)
            cells.append(
                CellView(
                    show(value, kind),
                    show(old, kind) if before is not None else "",
                    change(value, old, kind),
                    is_suppressed(value),
                )
            )
        rows.append(RowView(str(row.label), cells, row.key == table.total_row))
    return TableView(
        table.key,
        str(table.title),
        str(table.note),
        [str(column.label) for column in table.columns],
        rows,
    )


def _old_cell(before: Table | None, row_key: str, column_key: str):
    if before is None:
        return None
    row = next((row for row in before.rows if row.key == row_key), None)
    return None if row is None else row.cells.get(column_key)


def headline_cards(views: dict[str, TableView], tables: dict[str, Table]) -> list[dict]:
    """The headline figures, each with its previous value and change."""
    cards = []
    for label, table_key, row_key, column_key in HEADLINES:
        table = tables[table_key]
        row = [row.key for row in table.rows].index(row_key)
        column = [column.key for column in table.columns].index(column_key)
        cards.append({"label": label, "cell": views[table_key].rows[row].cells[column]})
    return cards


# What the viewer asked for ------------------------------------------------------------------


@dataclass
class Choice:
    """The period and filters a page or export shows, with the donor's sign-off."""

    form: ReportForm
    period: Period | None
    filters: dict
    sign_off: ReportSignOff | None = None
    message: str = ""

    @property
    def query(self) -> str:
        """The query string that asks for this period and these filters again."""
        if self.period is None:
            return ""
        chosen = {name: self.form.data.get(name) for name in FILTERS if self.form.data.get(name)}
        return urlencode(period_data(self.period) | chosen)


def _sign_off_of(programme: Programme | None, period: Period) -> ReportSignOff | None:
    if programme is None:
        return None
    return (
        ReportSignOff.objects.filter(
            programme=programme, period_start=period.start, period_end=period.end
        )
        .select_related("signed_by__organisation")
        .order_by("-signed_at", "-pk")
        .first()
    )


def choose(request: HttpRequest, programme: Programme | None) -> Choice:
    """Read the form; a donor gets the requested period if signed off, else the last one."""
    user = request.user
    asked = any(name in request.GET for name in (*PERIOD_FIELDS, *FILTERS))
    default = last_complete_quarter()
    form = ReportForm(
        request.GET if asked else None,
        user=user,
        programme=programme,
        initial=period_data(default),
    )
    if asked and not form.is_valid():
        return Choice(form, None, {})
    requested = form.period() if asked else None
    filters = form.filters() if asked else {}
    if not is_donor(user):
        period = requested or default
        return Choice(form, period, filters, _sign_off_of(programme, period))
    shown = donor_period(programme, requested)
    if shown.period is not None and shown.period != requested:
        # Show in the form the period the donor is actually shown.
        data = {name: request.GET.get(name, "") for name in FILTERS} | period_data(shown.period)
        form = ReportForm(data, user=user, programme=programme)
        form.is_valid()
    return Choice(form, shown.period, filters, shown.sign_off, shown.message)


def _scope(request: HttpRequest, programme: Programme | None, choice: Choice) -> ReportScope:
    return ReportScope(
        viewer=request.user, period=choice.period, programme=programme, **choice.filters
    )


def report_context(request: HttpRequest, programme: Programme | None) -> dict:
    """Everything the report page shows."""
    user = request.user
    choice = choose(request, programme)
    context = {
        "programme": programme,
        "form": choice.form,
        "period": choice.period,
        "sign_off": choice.sign_off,
        "sign_off_text": signed_off_text(choice.sign_off) if choice.sign_off else "",
        "suppression_note": suppression_note(),
        "has_hidden": False,
        "previous_period": None,
        "notice": choice.message,
        "query": choice.query,
        "filter_labels": choice.form.filter_labels() if choice.period else [],
        "suppressed_view": not sees_exact_figures(user),
        "threshold": settings.SMALL_COUNT_THRESHOLD,
        "report": None,
        "tables": [],
        "headline": [],
        "can_sign_off": False,
        "charts": None,
        "map_points": None,
        "from_replica": reads_replica(user),
    }
    if choice.period is None:
        return context
    scope = _scope(request, programme, choice)
    current: Report = report_with_previous(scope)
    tables = for_viewer(current.tables, user)
    before = for_viewer(current.previous.tables, user) if current.previous else None
    views = [
        table_view(table, before[index] if before else None) for index, table in enumerate(tables)
    ]
    context.update(
        report=current,
        previous_period=current.previous.period if current.previous else None,
        tables=views,
        headline=headline_cards({view.key: view for view in views}, {t.key: t for t in tables}),
        has_hidden=any(cell.hidden for view in views for row in view.rows for cell in row.cells),
        # Kept with a donor's cached report (same key, same age); computed for others.
        charts=cached_with_report(
            scope, "charts", lambda: chart_data(current, current.previous, user)
        ),
        map_points=cached_with_report(scope, "map", lambda: map_points(scope)),
        map_legend=step_legend(),
        map_tile_url=settings.MAP_TILE_URL,
        map_attribution=settings.MAP_TILE_ATTRIBUTION,
        can_sign_off=(
            programme is not None
            and choice.sign_off is None
            and choice.period.end < timezone.localdate()
            and may_sign_off(user)
        ),
    )
    return context


# Pages --------------------------------------------------------------------------------------


@login_required
@donor_reads_from_replica
def portfolio(request: HttpRequest) -> HttpResponse:
    programmes, table = portfolio_table(request.user)
    rows = [
        {
            "programme": programme,
            "row": row,
            "cells": [show(row.cells[c.key], "") for c in table.columns],
        }
        for programme, row in zip(programmes, table.rows, strict=True)
    ]
    return render(
        request,
        "reports/portfolio.html",
        {
            "columns": [str(column.label) for column in table.columns],
            "rows": rows,
            "sees_all": sees_exact_figures(request.user),
            "suppressed_view": not sees_exact_figures(request.user),
            "threshold": settings.SMALL_COUNT_THRESHOLD,
            "from_replica": reads_replica(request.user),
        },
    )


def _all_programmes(request: HttpRequest) -> None:
    """Reports over every programme are for partner staff and administrators."""
    if not sees_exact_figures(request.user):
        raise PermissionDenied


@login_required
@donor_reads_from_replica
def programme_report(request: HttpRequest, pk: int) -> HttpResponse:
    programme = scoped_or_404(Programme, request.user, pk=pk)
    return render(request, "reports/report.html", report_context(request, programme))


@login_required
@donor_reads_from_replica
def all_report(request: HttpRequest) -> HttpResponse:
    _all_programmes(request)
    return render(request, "reports/report.html", report_context(request, None))


# Exports ------------------------------------------------------------------------------------


def _export(request: HttpRequest, programme: Programme | None, fmt: str) -> HttpResponse:
    page = (
        reverse("reports:programme", args=[programme.pk]) if programme else reverse("reports:all")
    )
    choice = choose(request, programme)
    if choice.period is None:
        messages.error(request, choice.message or _("Correct the period to export the report."))
        return redirect(f"{page}?{request.GET.urlencode()}" if request.GET else page)
    user = request.user
    scope = _scope(request, programme, choice)
    computed = report(scope)
    tables = for_viewer(computed.tables, user)
    about = _about(request, programme, choice, computed.computed_at)
    title = _("About this report")
    if fmt == "csv":
        body, content_type = exports.as_csv(tables, title, about), "text/csv; charset=utf-8"
    else:
        body = exports.as_xlsx(tables, title, about)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    name = programme.name if programme else _("All programmes")
    record_export(
        user,
        _("Report: %(programme)s") % {"programme": name},
        fmt,
        exports.data_rows(tables),
        programme=programme,
        period=choice.period,
        filters=scope.filters,
    )
    slug = (slugify(programme.name) or f"programme-{programme.pk}") if programme else "all"
    response = HttpResponse(body, content_type=content_type)
    filename = f"cswg-report-{slug}-{_period_slug(choice.period)}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _period_slug(period: Period) -> str:
    if period.kind == "quarter":
        return f"{period.start.year}-q{(period.start.month - 1) // 3 + 1}"
    if period.kind == "year":
        return str(period.start.year)
    return f"{period.start:%Y-%m-%d}-to-{period.end:%Y-%m-%d}"


def _about(
    request: HttpRequest,
    programme: Programme | None,
    choice: Choice,
    computed_at: datetime.datetime | None = None,
) -> list:
    period = choice.period
    about = [
        (_("Programme"), programme.name if programme else _("All programmes")),
        (
            _("Period"),
            f"{period.label} ({period.start:%Y-%m-%d} – {period.end:%Y-%m-%d})",
        ),
    ]
    about += [(label, value) for label, value in choice.form.filter_labels()]
    if choice.sign_off is not None:
        about.append((_("Signed off"), signed_off_text(choice.sign_off)))
    about.append((_("Generated"), date_format(timezone.localtime(), "DATETIME_FORMAT")))
    if computed_at is not None:
        about.append(
            (_("Figures computed"), date_format(timezone.localtime(computed_at), "DATETIME_FORMAT"))
        )
    if not sees_exact_figures(request.user):
        about.append((_("Small counts"), suppression_note()))
    return about


def suppression_note() -> str:
    return _(
        "Counts from 1 to %(below)d are shown as <%(threshold)d, with any figure that would "
        "reveal them, to protect the people counted."
    ) % {"below": settings.SMALL_COUNT_THRESHOLD - 1, "threshold": settings.SMALL_COUNT_THRESHOLD}


def signed_off_text(sign_off: ReportSignOff) -> str:
    """Who signed off, by organisation only: donors never see a person's name."""
    organisation = sign_off.signed_by.organisation
    return _("Signed off by %(organisation)s on %(date)s") % {
        "organisation": organisation or _("an administrator"),
        "date": date_format(timezone.localtime(sign_off.signed_at), "DATE_FORMAT"),
    }


@login_required
@donor_reads_from_replica
def programme_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    programme = scoped_or_404(Programme, request.user, pk=pk)
    return _export(request, programme, fmt)


@login_required
@donor_reads_from_replica
def all_export(request: HttpRequest, fmt: str) -> HttpResponse:
    _all_programmes(request)
    return _export(request, None, fmt)


# Signing off --------------------------------------------------------------------------------


@login_required
def sign_off(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: confirm the period to sign off; POST: sign it off and go back to the report."""
    user = request.user
    programme = scoped_or_404(Programme, user, pk=pk)
    if not may_sign_off(user):
        raise PermissionDenied
    data = request.POST if request.method == "POST" else request.GET
    asked = any(name in data for name in PERIOD_FIELDS)
    form = ReportForm(
        data if asked else None,
        user=user,
        programme=programme,
        initial=period_data(last_complete_quarter()),
    )
    period = None
    if not asked:
        period = last_complete_quarter()
    elif form.is_valid():
        period = form.period()
    if request.method == "POST" and period is not None:
        try:
            sign_off_report(user, programme, period)
        except ValidationError as error:
            # The model names its own fields (period_end), which the form does not have.
            form.add_error(None, error.messages)
        else:
            messages.success(
                request,
                _("The report for %(period)s is signed off: the programme's donors can read it.")
                % {"period": period.label},
            )
            url = reverse("reports:programme", args=[programme.pk])
            return redirect(f"{url}?{urlencode(period_data(period))}")
    return render(
        request,
        "reports/sign_off.html",
        {
            "programme": programme,
            "form": form,
            "period": period,
            "period_fields": period_data(period) if period else {},
            "earlier": _sign_off_of(programme, period) if period else None,
            "ended": period is not None and period.end < timezone.localdate(),
        },
    )
