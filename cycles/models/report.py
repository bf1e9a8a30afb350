"""What the donor reports need besides the cycle data: exchange rates, sign-offs, exports."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from communities.models import Currency, Programme


class ExchangeRateQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ExchangeRateQuerySet":
        """Reference data: the same rates for everyone signed in."""
        return self.all() if user.is_authenticated and user.is_active else self.none()

    def in_force(self, days, to_currency: str) -> list[dict[str, "ExchangeRate"]]:
        """The rates into `to_currency` in force on each of the days, by currency converted
        from (one dict per day).

        One query; the newest `valid_from` on or before a day wins.
        """
        rates = list(
            self.filter(to_currency=to_currency, valid_from__lte=max(days)).order_by(
                "from_currency", "-valid_from"
            )
        )
        found = []
        for day in days:
            in_force: dict[str, ExchangeRate] = {}
            for rate in rates:
                if rate.valid_from <= day:
                    in_force.setdefault(rate.from_currency, rate)
            found.append(in_force)
        return found


class ExchangeRate(models.Model):
    """How many units of `to_currency` one unit of `from_currency` buys from a day on.

    Entered by administrators; a report converts with the rate in force at its period's end.
    """

    from_currency = models.CharField(_("from currency"), max_length=3, choices=Currency.choices)
    to_currency = models.CharField(_("to currency"), max_length=3, choices=Currency.choices)
    rate = models.DecimalField(
        _("rate"),
        max_digits=18,
        decimal_places=6,
        help_text=_("Units of the target currency for one unit of the source currency."),
    )
    valid_from = models.DateField(_("valid from"))
    history = HistoricalRecords()

    objects = ExchangeRateQuerySet.as_manager()

    class Meta:
        ordering = ["from_currency", "to_currency", "-valid_from"]
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        constraints = [
            models.UniqueConstraint(
                fields=["from_currency", "to_currency", "valid_from"],
                name="cycles_exchangerate_one_per_day",
                violation_error_message=_("A rate for these currencies from this day exists."),
            ),
            models.CheckConstraint(
                name="cycles_exchangerate_rate_positive",
                condition=Q(rate__gt=0),
                violation_error_message=_("The rate must be above zero."),
            ),
            models.CheckConstraint(
                name="cycles_exchangerate_two_currencies",
                condition=~Q(from_currency=F("to_currency")),
                violation_error_message=_("Choose two different currencies."),
            ),
        ]

    def __str__(self):
        return (
            f"1 {self.from_currency} = {self.rate} {self.to_currency} ({self.valid_from:%Y-%m-%d})"
        )


class ReportSignOffQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ReportSignOffQuerySet":
        return self.filter(programme__in=Programme.objects.visible_to(user).values("pk"))


class ReportSignOff(models.Model):
    """Partner staff confirm a period's report of a programme: from then on donors see it.

    A period may be signed off again after corrections; the newest sign-off counts.
    """

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="report_sign_offs",
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed off by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_at = models.DateTimeField(_("signed off at"), default=timezone.now)
    history = HistoricalRecords()

    objects = ReportSignOffQuerySet.as_manager()

    class Meta:
        ordering = ["-signed_at", "-pk"]
        verbose_name = _("report sign-off")
        verbose_name_plural = _("report sign-offs")
        indexes = [
            # last_signed_off_period: a programme's newest sign-off.
            models.Index(fields=["programme", "-signed_at"], name="cycles_signoff_latest_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                name="cycles_reportsignoff_end_after_start",
                condition=Q(period_end__gte=F("period_start")),
                violation_error_message=_("The period cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return _("%(programme)s, %(start)s to %(end)s") % {
            "programme": self.programme,
            "start": f"{self.period_start:%Y-%m-%d}",
            "end": f"{self.period_end:%Y-%m-%d}",
        }

    def clean(self):
        super().clean()
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The period cannot end before it starts.")})
        if self._state.adding and self.period_end and self.period_end >= timezone.localdate():
            raise ValidationError(
                {"period_end": _("A period can be signed off once it has ended.")}
            )


class ExportLogQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ExportLogQuerySet":
        """Only administrators look at who exported what."""
        if user.is_authenticated and user.is_active and user.sees_everything:
            return self.all()
        return self.none()


class ExportLog(models.Model):
    """One export of report data (a whole report or one table): who, when, what, how much.

    Written by `record_export`, never edited.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("exported by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    what = models.CharField(_("what"), max_length=200, help_text=_("The report or table."))
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    period_start = models.DateField(_("period start"), null=True, blank=True)
    period_end = models.DateField(_("period end"), null=True, blank=True)
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    format = models.CharField(_("format"), max_length=10)
    row_count = models.PositiveIntegerField(_("rows"))

    objects = ExportLogQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        indexes = [
            # The export log's list, newest first, and its date filter.
            models.Index(fields=["-at"], name="cycles_exportlog_at_idx"),
        ]

    def __str__(self):
        return _("%(user)s exported %(what)s (%(format)s)") % {
            "user": self.user,
            "what": self.what,
            "format": self.format,
        }
