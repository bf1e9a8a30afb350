"""Donors' reports come from a cache and say when their figures were computed; partner
staff always see fresh figures."""

import io

import openpyxl
import pytest
from django.utils.formats import date_format
from django.utils.timezone import localtime

from cycles.reports.scope import Period
from tests.cycles.test_page_reports import Q2_QUERY, export_url, page_url, sign
from tests.cycles.test_reports import Q2, world  # noqa: F401
from tests.factories import GroupFactory

pytestmark = pytest.mark.django_db


def groups_supported(response) -> int:
    return response.context["report"].table("coverage").as_dict()["groups"]["n"]


@pytest.fixture
def signed(world, programme_a, partner_a):  # noqa: F811
    sign(programme_a, Q2, partner_a)
    sign(programme_a, Period.quarter(2014, 1), partner_a)


def test_a_donor_reads_cached_figures_with_the_time_they_were_computed(
    client, signed, donor_a, programme_a, org_a
):
    client.force_login(donor_a)
    first = client.get(page_url(programme_a), Q2_QUERY)
    GroupFactory(partner=org_a, programme=programme_a, established=Q2.start)

    again = client.get(page_url(programme_a), Q2_QUERY)

    assert groups_supported(again) == groups_supported(first) == 2
    computed_at = first.context["report"].computed_at
    assert computed_at is not None
    assert again.context["report"].computed_at == computed_at
    shown = localtime(computed_at)
    assert f"Figures as computed on {date_format(shown, 'DATETIME_FORMAT')}</p>" in again.text


def test_partner_staff_see_a_change_at_once(client, signed, partner_a, programme_a, org_a):
    client.force_login(partner_a)
    first = client.get(page_url(programme_a), Q2_QUERY)
    GroupFactory(partner=org_a, programme=programme_a, established=Q2.start)

    again = client.get(page_url(programme_a), Q2_QUERY)

    assert (groups_supported(first), groups_supported(again)) == (2, 3)
    assert again.context["report"].computed_at is None
    assert "Figures as computed on" not in again.text


def test_without_a_cache_time_donors_get_fresh_figures(
    client, settings, signed, donor_a, programme_a, org_a
):
    settings.REPORT_CACHE_MINUTES = 0
    client.force_login(donor_a)
    client.get(page_url(programme_a), Q2_QUERY)
    GroupFactory(partner=org_a, programme=programme_a, established=Q2.start)

    again = client.get(page_url(programme_a), Q2_QUERY)

    assert groups_supported(again) == 3
    assert again.context["report"].computed_at is None


def test_a_donors_export_says_when_its_figures_were_computed(client, signed, donor_a, programme_a):
    client.force_login(donor_a)

    response = client.get(export_url(programme_a, "xlsx"), Q2_QUERY)

    about = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    labels = [row[0] for row in about.iter_rows(values_only=True)]
    assert "Figures computed" in labels


def test_a_cached_report_keeps_to_the_readers_language(client, signed, donor_a, programme_a):
    client.force_login(donor_a)

    def coverage_title(language: str) -> str:
        response = client.get(page_url(programme_a), Q2_QUERY, HTTP_ACCEPT_LANGUAGE=language)
        return response.context["report"].table("coverage").title

    assert coverage_title("en") == "Communities and groups supported"
    assert coverage_title("ru") == "Поддержанные сообщества и группы"
    assert coverage_title("en") == "Communities and groups supported"


def test_a_donors_map_is_kept_with_the_report_and_partner_staff_see_it_change(
    client, signed, donor_a, partner_a, programme_a, org_a
):
    for user in (donor_a, partner_a):
        client.force_login(user)
        client.get(page_url(programme_a), Q2_QUERY)
    GroupFactory(partner=org_a, programme=programme_a, established=Q2.start)

    client.force_login(donor_a)
    donor_map = client.get(page_url(programme_a), Q2_QUERY).context["map_points"]
    client.force_login(partner_a)
    partner_map = client.get(page_url(programme_a), Q2_QUERY).context["map_points"]

    assert len(partner_map) == len(donor_map) + 1
