"""The report pages: portfolio, a programme's report, exports, sign-off."""

import pytest
from django.urls import reverse

from tests.cycles.test_reports import Q2, busy_community, world  # noqa: F401

pytestmark = pytest.mark.django_db


def test_smoke(client, world, partner_a, programme_a, donor_a):  # noqa: F811
    client.force_login(partner_a)
    url = reverse("reports:programme", args=[programme_a.pk])
    r = client.get(url, {"kind": "quarter", "year": 2014, "quarter": 2})
    assert r.status_code == 200
    __import__("pathlib").Path("/tmp/rp/page.html").write_text(r.text)
    r = client.get(reverse("reports:portfolio"))
    __import__("pathlib").Path("/tmp/rp/portfolio.html").write_text(r.text)
    assert r.status_code == 200
    for fmt in ("csv", "xlsx"):
        r = client.get(
            reverse("reports:export", args=[programme_a.pk, fmt])
            + "?kind=quarter&year=2014&quarter=2"
        )
        assert r.status_code == 200, r
        __import__("pathlib").Path(f"/tmp/rp/x.{fmt}").write_bytes(r.content)
    r = client.get(
        reverse("reports:sign-off", args=[programme_a.pk]) + "?kind=quarter&year=2014&quarter=2"
    )
    assert r.status_code == 200
    r = client.post(
        reverse("reports:sign-off", args=[programme_a.pk]),
        {"kind": "quarter", "year": 2014, "quarter": 2},
    )
    assert r.status_code == 302, r.text
    client.force_login(donor_a)
    r = client.get(url)
    __import__("pathlib").Path("/tmp/rp/donor.html").write_text(r.text)
    assert r.status_code == 200
