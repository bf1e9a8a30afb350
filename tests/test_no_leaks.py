"""Sweeps over the demo data for what must never show.

A donor, crawling every page they can open, finds no person's name or phone number and no
highly sensitive concern's text. Partner staff without the right to read highly sensitive
concerns, going through every back-office page of the cycles, find none of their text.
"""

import datetime
import io
import json
import re
from collections.abc import Iterator
from urllib.parse import urldefrag, urljoin, urlsplit

import openpyxl
import pytest
from django.contrib import admin
from django.core.management import call_command
from django.db import models, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from communities.models import Person, Programme, User
from cycles.models import ActionPlan, Concern, Consultation, Cycle, ReportSignOff
from cycles.models.concern import READ_HIGHLY_SENSITIVE
from tests.access_world import url_patterns

HIGHLY = Concern.Sensitivity.HIGHLY_SENSITIVE
# Files a page could hand out: checked like pages.
DOCUMENT_TYPES = ("text/html", "text/csv", "application/json", "application/vnd.openxml")
# Where a crawl must not go: signing out would end it; languages and the two-factor page are
# covered by the access matrix.
NOT_CRAWLED = ("logout", "set_language", "admin:logout")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker) -> Iterator[None]:
    """The demo is loaded once for the module and rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def loaded(demo, db) -> None:
    return None


def secret_texts() -> set[str]:
    """The text of highly sensitive concerns that no other concern also carries."""
    text = Concern.TEXT_FIELDS

    def of(concerns) -> set[str]:
        return {value for row in concerns.values_list(*text) for value in row if value}

    return of(Concern.objects.filter(sensitivity=HIGHLY)) - of(
        Concern.objects.exclude(sensitivity=HIGHLY)
    )


def personal_data() -> set[str]:
    people = Person.objects.values_list("full_name", "phone")
    return {value for row in people for value in row if value}


def leaks(body: str, forbidden: set[str]) -> list[str]:
    return sorted(text for text in forbidden if text in body or escape(text) in body)


def readable(response) -> str:
    content_type = response.get("Content-Type", "")
    if not content_type.startswith(DOCUMENT_TYPES):
        return ""
    if content_type.startswith("application/vnd.openxml"):
        workbook = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
        cells = [
            "" if value is None else str(value)
            for sheet in workbook.worksheets
            for line in sheet.iter_rows(values_only=True)
            for value in line
        ]
        workbook.close()
        return "\n".join([*workbook.sheetnames, *cells])
    if content_type.startswith("application/json"):
        # JSON escapes letters beyond ASCII (Cyrillic names, say) unless told otherwise.
        return json.dumps(response.json(), ensure_ascii=False)
    return response.content.decode()


def result_list(response) -> str:
    """The table of rows on a changelist page."""
    body = readable(response)
    start = body.find('id="result_list"')
    return body[start : body.find("</table>", start)] if start >= 0 else ""


def site_urls() -> list[str]:
    """Every URL of the project that takes no argument, the back office's included."""
    urls = []
    for key, pattern in url_patterns():
        if key in NOT_CRAWLED or not pattern.name or pattern.pattern.regex.groups:
            continue
        urls.append(reverse(key))
    return urls


HREF = re.compile(r'href="([^"#]*)')


def crawl(client: Client, start: list[str], limit: int = 400) -> dict[str, str]:
    """Follow the links of every page reached from `start`, on this site only."""
    seen, bodies, queue = set(), {}, list(start)
    while queue:
        url = queue.pop(0)
        if url in seen or urlsplit(url).path.startswith(reverse("logout")):
            continue
        seen.add(url)
        assert len(seen) <= limit, "the crawl did not end; raise the limit if the site grew"
        response = client.get(url)
        bodies[url] = readable(response)
        if response.status_code in (301, 302):
            queue.append(response["Location"])
        for href in HREF.findall(bodies[url]):
            link = urldefrag(urljoin(url, href.replace("&amp;", "&"))).url
            parts = urlsplit(link)
            if not parts.netloc and not parts.path.startswith("/static/"):
                queue.append(link)
    return bodies


def sign_off_the_demo(donor: User) -> None:
    """Sign off the five years from the demo's first cycle (the longest period the report
    form takes), so the donor's reports show its work."""
    partner = User.objects.get(username="partner")
    start = Cycle.objects.order_by("started_on").values_list("started_on", flat=True)[0]
    start = start.replace(month=1, day=1)
    end = min(
        start.replace(year=start.year + 5) - datetime.timedelta(days=1),
        timezone.localdate() - datetime.timedelta(days=1),
    )
    for programme in Programme.objects.visible_to(donor):
        ReportSignOff.objects.create(
            programme=programme, period_start=start, period_end=end, signed_by=partner
        )


def test_a_donor_finds_no_personal_data_nor_highly_sensitive_text(client, loaded):
    donor = User.objects.get(username="donor")
    forbidden = personal_data() | secret_texts()
    assert forbidden, "the demo has people and highly sensitive concerns"
    sign_off_the_demo(donor)
    client.force_login(donor)

    bodies = crawl(client, site_urls())

    # Home sends the donor to the reports: the portfolio, each programme's report and its
    # exports are all crawled.
    programmes = list(Programme.objects.visible_to(donor))
    assert programmes, "the demo donor funds a programme"
    for programme in programmes:
        assert escape(programme.name) in bodies[reverse("reports:portfolio")]
        assert reverse("reports:programme", args=[programme.pk]) in bodies
        exports = [
            url for url in bodies if url.startswith(f"/reports/programmes/{programme.pk}/export.")
        ]
        assert {url.split("?")[0].rsplit(".", 1)[1] for url in exports} == {"csv", "xlsx"}
        assert all(programme.name in bodies[url] for url in exports)
    found = {url: leaks(body, forbidden) for url, body in bodies.items()}
    assert {url: texts for url, texts in found.items() if texts} == {}


# Partner staff without the right to read highly sensitive concerns ----------------------


@pytest.fixture
def partner(client, loaded) -> Client:
    user = User.objects.get(username="partner")
    assert not user.has_perm(READ_HIGHLY_SENSITIVE)
    assert Concern.objects.visible_to(user).filter(sensitivity=HIGHLY).exists()
    client.force_login(user)
    return client


CYCLES_ADMINS = {
    model: model_admin
    for model, model_admin in admin.site._registry.items()
    if model._meta.app_label == "cycles"
}


def admin_url(model: type[models.Model], view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def object_pages(model: type[models.Model], row: models.Model) -> Iterator[str]:
    yield admin_url(model, "change", row.pk)
    yield admin_url(model, "history", row.pk)
    yield admin_url(model, "delete", row.pk)
    history = getattr(row, "history", None)
    if history is not None:
        for version in history.all():
            yield admin_url(model, "simple_history", row.pk, version.history_id)


# The confirmation pages of the custom actions (their GET changes nothing).
CUSTOM_PAGES = {
    Cycle: ["advance", "move_back", "close", "start_next"],
    ActionPlan: ["submit", "approve", "return", "start", "complete"],
}


def custom_pages(row: models.Model) -> Iterator[str]:
    for name in CUSTOM_PAGES.get(type(row), []):
        yield admin_url(type(row), name, row.pk)


def autocomplete_pages() -> Iterator[str]:
    for model, model_admin in CYCLES_ADMINS.items():
        for owner in [model_admin, *model_admin.inlines]:
            source = getattr(owner, "model", model)
            for name in owner.autocomplete_fields:
                yield (
                    f"{reverse('admin:autocomplete')}?app_label=cycles"
                    f"&model_name={source._meta.model_name}&field_name={name}&term="
                )


def test_every_custom_cycles_page_is_in_the_sweep():
    generic = ("_changelist", "_add", "_change", "_delete", "_history", "_simple_history")
    custom = {
        pattern.name
        for _key, pattern in url_patterns()
        if pattern.name
        and pattern.name.startswith("cycles_")
        and not pattern.name.endswith(generic)
    }
    # The import of consultations: its page is swept; confirming it is POST only.
    swept = {
        "cycles_cycle_opportunities",
        "cycles_consultation_import",
        "cycles_consultation_process_import",
    } | {
        f"cycles_{model._meta.model_name}_{name}"
        for model, names in CUSTOM_PAGES.items()
        for name in names
    }
    assert custom == swept, "add the new page to the sweep below"


@pytest.mark.parametrize("model", CYCLES_ADMINS, ids=lambda model: model.__name__)
def test_partner_staff_without_the_right_never_see_highly_sensitive_text(partner, model):
    forbidden = secret_texts()
    user = User.objects.get(username="partner")
    rows = list(model._default_manager.visible_to(user))
    pages = [
        admin_url(model, "changelist"),
        admin_url(model, "add"),
        *(page for row in rows for page in object_pages(model, row)),
        *(page for row in rows for page in custom_pages(row)),
    ]
    if model is Cycle:
        pages += [
            reverse("admin:cycles_cycle_opportunities"),
            reverse("admin:app_list", args=["cycles"]),
            reverse("admin:index"),
            *autocomplete_pages(),
        ]

    if model is Consultation:
        pages.append(reverse("admin:cycles_consultation_import"))

    if model is Concern:
        # The concerns are there, under their masked labels.
        listed = partner.get(admin_url(Concern, "changelist")).text
        for concern in Concern.objects.visible_to(user).filter(sensitivity=HIGHLY):
            assert concern.masked_label in listed

    found = {}
    for page in pages:
        response = partner.get(page)
        assert response.status_code in (200, 403, 404), page
        if leaked := leaks(readable(response), forbidden):
            found[page] = leaked
    # A search by the hidden text finds nothing (the search box repeats the words typed).
    for text in sorted(forbidden):
        response = partner.get(admin_url(model, "changelist"), {"q": text})
        if leaked := leaks(result_list(response), forbidden):
            found[f"search: {text}"] = leaked

    assert found == {}
