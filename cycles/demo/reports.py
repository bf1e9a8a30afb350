"""The demo's report settings: exchange rates into the programmes' reporting currencies, and
the periods the demo partner has signed off, so that the demo donor opens a report at once.

Rates are rounded yearly averages of the som and somoni against the pound and the dollar.
"""

import datetime
from decimal import Decimal

from django.db import models
from django.utils import timezone

from communities.demo import FERGHANA_PROGRAMME, LCPC_PROGRAMME
from communities.models import Programme, User
from cycles.models import ExchangeRate, ReportSignOff
from cycles.reports.scope import Period

# (from, to, valid from, rate)
RATES: tuple[tuple[str, str, str, str], ...] = (
    ("KGS", "GBP", "2010-01-01", "0.0140"),
    ("TJS", "GBP", "2010-01-01", "0.1400"),
    ("KGS", "GBP", "2014-01-01", "0.0120"),
    ("TJS", "GBP", "2014-01-01", "0.1250"),
    ("KGS", "USD", "2010-01-01", "0.0215"),
    ("TJS", "USD", "2010-01-01", "0.2100"),
    ("KGS", "USD", "2014-01-01", "0.0190"),
    ("TJS", "USD", "2014-01-01", "0.2000"),
    ("KGS", "USD", "2015-07-01", "0.0155"),
    ("TJS", "USD", "2015-07-01", "0.1600"),
)

# The years each programme's partner signed off, by programme name.
SIGNED_OFF_YEARS: dict[str, tuple[int, ...]] = {
    FERGHANA_PROGRAMME: (2012, 2013, 2014),
    LCPC_PROGRAMME: (2014,),
}


def _add(row: models.Model, by: User, on: datetime.datetime) -> None:
    """Save a new row with its history recorded under the demo user who would enter it."""
    row._history_user = by
    row._history_date = on
    row.full_clean()
    row.save()


def load(partner: User, admin: User) -> None:
    """Add the rates (entered by the administrator) and the partner's sign-offs the demo
    lacks; what is there already is left alone."""
    for from_currency, to_currency, valid_from, rate in RATES:
        day = datetime.date.fromisoformat(valid_from)
        known = ExchangeRate.objects.filter(
            from_currency=from_currency, to_currency=to_currency, valid_from=day
        )
        if not known.exists():
            entered = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
            rate_row = ExchangeRate(
                from_currency=from_currency,
                to_currency=to_currency,
                valid_from=day,
                rate=Decimal(rate),
            )
            _add(rate_row, admin, entered)
    for name, years in SIGNED_OFF_YEARS.items():
        programme = Programme.objects.get(name=name)
        for year in years:
            period = Period.year(year)
            known = ReportSignOff.objects.filter(
                programme=programme, period_start=period.start, period_end=period.end
            )
            if known.exists():
                continue
            # Signed off some six weeks after the year ended, as partners do.
            day = period.end + datetime.timedelta(days=45)
            signed_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(11)))
            sign_off = ReportSignOff(
                programme=programme,
                period_start=period.start,
                period_end=period.end,
                signed_by=partner,
                signed_at=signed_at,
            )
            _add(sign_off, partner, signed_at)
