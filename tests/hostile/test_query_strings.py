"""Bad input (issue 7) in query strings: the lists, their filters and the report pages.

Each page is asked for with hostile values for the parameters it reads: the names come
from its GET forms and from the links it carries (filters, sorting, pages), plus the ones
listed below. Whatever comes in, no server error and no markup comes back unescaped.
"""

import os
import re
from collections.abc import Callable, Iterator
from html import unescape
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.contrib import admin
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from communities.models import Person, Programme
from tests.access_world import World
from tests.hostile.forms import RAW_MARKUP, forms_on, hostile_value

pytestmark = [
    pytest.mark.filterwarnings("ignore:Generating overly large repr"),
    # The admin's date filters take any date typed into the query string; Django warns that
    # it reads it in the server's time zone, and answers.
    pytest.mark.filterwarnings("ignore:DateTimeField .* received a naive datetime"),
]

EXAMPLES = int(os.environ.get("HOSTILE_EXAMPLES", 6))
# Parameters no page reads, asked for on every page.
STRAY = ("page", "q", "o", "next", "format")
LINK = re.compile(r'href="([^"]*\?[^"]*)"')


def reports(name: str, *args: Callable[[World], object]) -> Callable[[World], str]:
    return lambda world: reverse(name, args=[arg(world) for arg in args])


def programme_a(world: World) -> int:
    return world.a[Programme].pk


# (label, role, URL, parameter names read besides those on the page)
LISTS: list[tuple[str, str, Callable[[World], str], tuple[str, ...]]] = [
    ("home", "facilitator_a", reports("home"), ("page",)),
    ("community-list", "facilitator_a", reports("communities:community-list"), ("page",)),
    ("reports:portfolio", "facilitator_a", reports("reports:portfolio"), ()),
    ("reports:programme", "facilitator_a", reports("reports:programme", programme_a), ()),
    ("reports:all", "partner_a", reports("reports:all"), ()),
    *(
        (
            f"reports:export ({fmt})",
            "partner_a",
            reports("reports:export", programme_a, lambda world, fmt=fmt: fmt),
            ("kind", "year", "quarter", "start", "end", "country", "region", "group"),
        )
        for fmt in ("csv", "xlsx")
    ),
    (
        "reports:export-all",
        "partner_a",
        reports("reports:export-all", lambda world: "csv"),
        ("kind", "year", "quarter", "start", "end", "country", "region", "district"),
    ),
    ("reports:sign-off", "partner_a", reports("reports:sign-off", programme_a), ()),
    (
        "admin:autocomplete",
        "partner_a",
        reports("admin:autocomplete"),
        ("app_label", "model_name", "field_name", "term", "page"),
    ),
    (
        "admin:communities_person_anonymise",
        "partner_a",
        reports("admin:communities_person_anonymise"),
        ("ids",),
    ),
    (
        "admin:cycles_cycle_opportunities",
        "partner_a",
        reports("admin:cycles_cycle_opportunities"),
        (),
    ),
]

# What partner staff may not list in the back office: an administrator lists it.
ADMINISTRATORS_ONLY = {
    "auth.group",
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
    "otp_totp.totpdevice",
    "communities.user",
    "cycles.sensitiveconcernread",
    "cycles.exportlog",
}


def changelists() -> Iterator[tuple[str, str, Callable[[World], str], tuple[str, ...]]]:
    for model in admin.site._registry:
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"
        role = "superuser" if model._meta.label_lower in ADMINISTRATORS_ONLY else "partner_a"
        yield name, role, reports(name), ("q", "o", "p", "all", "_facets", "e", "_to_field")


PAGES = [*LISTS, *changelists()]


def parameter_names(html: str) -> set[str]:
    """The names of the page's GET forms' fields and of its links' query parameters."""
    names = {name for form in forms_on(html) if form.method == "get" for name in form.fields}
    for link in LINK.findall(html):
        names.update(name for name, _ in parse_qsl(urlsplit(unescape(link)).query))
    return names


@pytest.mark.parametrize(("label", "role", "url", "known"), PAGES, ids=[p[0] for p in PAGES])
def test_hostile_query_strings_never_fail(world, db, label, role, url, known):
    client = Client()
    client.force_login(world.user(role))
    address = url(world)
    shown = client.get(address)
    # Without its parameters a page may refuse (an autocomplete asks which field).
    assert shown.status_code < 500, (address, shown.status_code)
    page_names = parameter_names(shown.content.decode(errors="replace"))
    names = sorted(page_names | set(known) | set(STRAY))

    @hypothesis_settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
        ],
        database=None,
    )
    @given(query=st.dictionaries(st.sampled_from(names), hostile_value, min_size=1, max_size=4))
    def ask(query):
        with transaction.atomic():
            # The test client raises whatever the view raised: a 500 fails here.
            response = client.get(address, query)
            assert response.status_code < 500
            if response.get("Content-Type", "").startswith("text/html"):
                for markup in RAW_MARKUP:
                    assert markup not in response.content.decode(errors="replace")
            transaction.set_rollback(True)

    ask()


def test_every_person_id_in_the_anonymise_list_must_be_a_number(client, db, world):
    client.force_login(world.a.partner)
    url = reverse("admin:communities_person_anonymise")

    assert client.get(url, {"ids": f"{world.a[Person].pk},x"}).status_code == 404
    assert client.get(url, {"ids": str(2**70)}).status_code == 404
    assert client.get(url, {"ids": str(world.a[Person].pk)}).status_code == 200
