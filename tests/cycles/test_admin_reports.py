"""The back office of the donor reports: rates, sign-offs, the export log."""

import datetime

import pytest
from django.urls import reverse

from cycles.models import ExchangeRate, ExportLog, ReportSignOff
from tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db


def test_partner_staff_sign_off_a_period_and_are_recorded_as_the_signer(
    client, partner_a, programme_a
):
    client.force_login(partner_a)

    response = client.post(
        reverse("admin:cycles_reportsignoff_add"),
        {"programme": programme_a.pk, "period_start": "2014-04-01", "period_end": "2014-06-30"},
    )

    assert response.status_code == 302
    sign_off = ReportSignOff.objects.get()
    assert (sign_off.programme, sign_off.signed_by) == (programme_a, partner_a)
    assert (sign_off.period_start, sign_off.period_end) == (
        datetime.date(2014, 4, 1),
        datetime.date(2014, 6, 30),
    )


def test_a_sign_off_cannot_end_before_it_starts_nor_name_another_programme(
    client, partner_a, programme_a
):
    client.force_login(partner_a)
    url = reverse("admin:cycles_reportsignoff_add")

    backwards = client.post(
        url, {"programme": programme_a.pk, "period_start": "2014-06-30", "period_end": "2014-04-01"}
    )
    elsewhere = client.post(
        url,
        {
            "programme": ProgrammeFactory().pk,
            "period_start": "2014-04-01",
            "period_end": "2014-06-30",
        },
    )

    not_over = client.post(
        url, {"programme": programme_a.pk, "period_start": "2014-04-01", "period_end": "2099-06-30"}
    )

    assert backwards.status_code == elsewhere.status_code == not_over.status_code == 200
    assert "The period cannot end before it starts." in backwards.content.decode()
    assert elsewhere.context["adminform"].form.errors["programme"]
    assert "once it has ended" in not_over.content.decode()
    assert ReportSignOff.objects.count() == 0


def test_partner_staff_read_the_rates_but_only_administrators_enter_them(
    client, partner_a, superuser
):
    url = reverse("admin:cycles_exchangerate_add")
    data = {
        "from_currency": "KGS",
        "to_currency": "USD",
        "rate": "0.0115",
        "valid_from": "2014-01-01",
    }
    client.force_login(partner_a)
    assert client.post(url, data).status_code == 403

    client.force_login(superuser)
    assert client.post(url, {**data, "to_currency": "KGS"}).status_code == 200
    assert client.post(url, data).status_code == 302

    rate = ExchangeRate.objects.get()
    assert (rate.from_currency, rate.to_currency, str(rate.rate)) == ("KGS", "USD", "0.011500")


def test_the_export_log_is_for_administrators_and_read_only(client, partner_a, superuser):
    log = ExportLog.objects.create(user=partner_a, what="Report", format="csv", row_count=3)
    client.force_login(partner_a)
    assert client.get(reverse("admin:cycles_exportlog_changelist")).status_code == 403

    client.force_login(superuser)
    page = client.get(reverse("admin:cycles_exportlog_changelist"))
    assert page.status_code == 200
    assert log in page.context["cl"].result_list
    assert client.get(reverse("admin:cycles_exportlog_add")).status_code == 403
