"""Partner staff of organisation A in the back office, against organisation B's rows.

Every URL that takes an object id answers 404 for B's row, to GET and to POST, and the POST
changes nothing; no changelist, search, filter or autocomplete names a row of B; and there
is no export that could carry B's rows out.
"""

import inspect
from collections.abc import Iterator

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group as PermissionGroup
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.forms import MultiWidget
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import URLPattern, reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from communities.models import District, Group, Organisation, Person, Region, User
from cycles.models import ExchangeRate, ExportLog, SensitiveConcernRead
from tests.access_world import Side, World, build_world, url_patterns

# Reference data every partner reads (the same for all organisations): not B's rows.
REFERENCE = {Region, District, Organisation, ExchangeRate}
# Back-office pages for administrators only: partner staff get 403 whatever the row.
ADMINISTRATORS_ONLY = {
    User,
    PermissionGroup,
    AccessAttempt,
    AccessLog,
    AccessFailureLog,
    TOTPDevice,
    SensitiveConcernRead,
    ExportLog,
}

TOKEN_A, TOKEN_B = "Somonion", "Vorukh"


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> Iterator[World]:
    """The world is built once for the module and rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


@pytest.fixture
def partner_a(client, db, world) -> Client:
    client.force_login(world.a.partner)
    return client


@pytest.fixture
def root(db, world) -> Client:
    client = Client()
    client.force_login(world.superuser)
    return client


def fingerprint(*rows: models.Model) -> tuple:
    """Row counts of every table (history included) and the fields of the given rows."""
    counts = {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models(include_auto_created=True)
    }
    return counts, [model_to_dict(type(row)._default_manager.get(pk=row.pk)) for row in rows]


# Every URL that takes an object id -------------------------------------------------------


def model_admin_of(pattern: URLPattern) -> admin.ModelAdmin | None:
    """The ModelAdmin behind an admin URL: generic views carry it, custom ones are its methods."""
    callback = pattern.callback
    return getattr(callback, "model_admin", None) or getattr(
        inspect.unwrap(callback), "__self__", None
    )


def object_patterns() -> Iterator[tuple[str, URLPattern]]:
    for key, pattern in url_patterns():
        groups = pattern.pattern.regex.groupindex
        unnamed = pattern.pattern.regex.groups - len(groups)
        if {"object_id", "id", "pk"} & set(groups) or unnamed:
            yield key, pattern


OBJECT_PATTERNS = dict(object_patterns())


def row_of_b(world: World, model: type[models.Model]) -> models.Model:
    b: Side = world.b
    if model in b.rows:
        return b.rows[model]
    if model is User:
        return b.facilitator
    if model is TOTPDevice:
        return TOTPDevice.objects.get(user=b.partner)
    return world.shared[model]


def url_for(key: str, pattern: URLPattern, row: models.Model) -> str:
    if not pattern.name:
        return "/" + key.replace("<path:object_id>", str(row.pk))
    if pattern.pattern.regex.groups == 2:  # a version page: the row, then the version
        history = getattr(row, "history", None)
        return reverse(key, args=[row.pk, history.latest().history_id if history else 1])
    return reverse(key, args=[row.pk])


def form_data(response) -> dict:
    """What the admin form on the page would post back as it stands."""
    forms, data = [response.context["adminform"].form], {}
    for inline in response.context.get("inline_admin_formsets", []):
        management = inline.formset.management_form
        data.update(
            {management[name].html_name: management[name].value() for name in management.fields}
        )
        forms.extend(inline.formset.forms)
    for form in forms:
        for name, field in form.fields.items():
            value, html_name = form[name].value(), form[name].html_name
            if field.disabled or value is None or value is False:
                continue
            if isinstance(field.widget, MultiWidget):
                parts = zip(field.widget.widgets_names, field.widget.decompress(value), strict=True)
                data.update({html_name + suffix: part for suffix, part in parts})
            else:
                data[html_name] = "on" if value is True else value
    return data


# The fields of every custom confirmation form (a move, a review, a merge).
ACTION_DATA = {
    "reason": "Moved from another organisation's back office.",
    "to_step": "1",
    "on": "2020-03-01",
    "facilitation": "group_led",
    "comment": "Approved from another organisation's back office.",
    "mode": "whole",
}


def plausible_post(key: str, url: str, root: Client, world: World) -> dict:
    """Data that B's own people could post to the URL, so that a missing check would act."""
    if key.endswith(("_change", "_simple_history")):
        page = root.get(url)
        return form_data(page) if page.status_code == 200 else {}
    if key.endswith("_delete"):
        return {"post": "yes"}
    if key.endswith("_password_change"):
        return {"password1": "a-new-pass-2026", "password2": "a-new-pass-2026"}
    return {**ACTION_DATA, "target": world.b.lcpc.pk}


def expected_for_partner_a(model: type[models.Model]) -> int:
    return 403 if model in ADMINISTRATORS_ONLY else 404


def test_every_object_url_belongs_to_a_model_with_rows_of_b(world, db):
    unknown = []
    for key, pattern in OBJECT_PATTERNS.items():
        model_admin = model_admin_of(pattern)
        if model_admin is None:
            continue  # "view on site", asked for below
        model = model_admin.model
        if model not in REFERENCE | ADMINISTRATORS_ONLY and model not in world.b.rows:
            unknown.append(key)
    assert unknown == [], "give organisation B a row of these models in tests/access_world.py"


@pytest.mark.parametrize(
    "key",
    [
        key
        for key, pattern in OBJECT_PATTERNS.items()
        if (model_admin := model_admin_of(pattern)) and model_admin.model not in REFERENCE
    ],
)
def test_another_organisations_row_is_not_found_and_not_changed(partner_a, root, world, key):
    pattern = OBJECT_PATTERNS[key]
    model = model_admin_of(pattern).model
    row = row_of_b(world, model)
    url = url_for(key, pattern, row)
    data = plausible_post(key, url, root, world)
    expected = expected_for_partner_a(model)
    before = fingerprint(row)

    got = partner_a.get(url, follow=True)
    posted = partner_a.post(url, data, follow=True)

    assert (got.status_code, posted.status_code) == (expected, expected)
    if not pattern.name:
        # The bare object URL sends everyone on to the change page, which answers.
        assert got.redirect_chain == [(url + "change/", 302)]
    assert fingerprint(row) == before
    assert TOKEN_B not in got.text + posted.text
    if key.endswith("_simple_history") and not hasattr(model, "history"):
        return  # a log keeps no versions: there is nothing to find for anyone
    # An administrator is not told 404 at the same URL (403 where nobody may use the page),
    # and the posted form saves: the 404 above is the scope's doing, not a wrong URL or
    # bad data.
    assert root.get(url, follow=True).status_code in (200, 403)
    control = root.post(url, data)
    assert control.status_code != 404
    if key.endswith(("_change", "_simple_history")) and control.status_code != 403:
        assert control.status_code == 302, control.context["adminform"].form.errors
        assert fingerprint(row) != before


def test_view_on_site_answers_404_for_another_organisations_row(partner_a, world):
    group = world.b[Group]
    content_type = ContentType.objects.get_for_model(group)

    response = partner_a.get(reverse("admin:view_on_site", args=[content_type.pk, group.pk]))

    assert response.status_code == 404
    assert TOKEN_B not in response.text


@pytest.mark.parametrize("mixed", [False, True], ids=["only-b", "a-and-b"])
def test_anonymising_another_organisations_person_is_not_found(partner_a, world, mixed):
    ours, theirs = world.a[Person], world.b[Person]
    ids = f"{ours.pk},{theirs.pk}" if mixed else str(theirs.pk)
    url = f"{reverse('admin:communities_person_anonymise')}?ids={ids}"
    before = fingerprint(ours, theirs)

    assert partner_a.get(url).status_code == 404
    assert partner_a.post(url).status_code == 404
    assert fingerprint(ours, theirs) == before
    assert Person.objects.get(pk=theirs.pk).full_name == f"Gulnara {TOKEN_B}ova"


MISSING_IDS = {"unknown": "999999", "not-a-number": "not-a-row"}

# Bugs found and not yet fixed, as (URL name, missing id) -> why: each an xfail(strict=True).
KNOWN_BUGS: dict[tuple[str, str], str] = {}


def missing_row_cases() -> Iterator:
    for key, pattern in OBJECT_PATTERNS.items():
        model_admin = model_admin_of(pattern)
        if model_admin is None or model_admin.model in REFERENCE:
            continue
        for missing in MISSING_IDS:
            if missing == "not-a-number" and "<int:" in str(pattern.pattern):
                continue  # the URL resolver already refuses it
            reason = KNOWN_BUGS.get((key, missing))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            yield pytest.param(key, missing, id=f"{key}-{missing}", marks=marks)


MISSING_ROW_CASES = list(missing_row_cases())


def test_every_known_bug_is_still_asked_for():
    asked = {tuple(case.values) for case in MISSING_ROW_CASES}
    assert set(KNOWN_BUGS) - asked == set(), "drop the fixed ones from KNOWN_BUGS"


@pytest.mark.parametrize(("key", "missing"), MISSING_ROW_CASES)
def test_a_missing_row_is_answered_like_another_organisations_row(partner_a, key, missing):
    pattern = OBJECT_PATTERNS[key]
    object_id = MISSING_IDS[missing]
    if not pattern.name:
        url = "/" + key.replace("<path:object_id>", object_id)
    else:
        url = reverse(key, args=[object_id, "1"][: pattern.pattern.regex.groups])
    expected = expected_for_partner_a(model_admin_of(pattern).model)

    assert partner_a.get(url, follow=True).status_code == expected


# No changelist, search, filter, autocomplete or export names a row of B ----------------

ORGANISATION_MODELS = [
    model
    for model, model_admin in admin.site._registry.items()
    if model not in REFERENCE | ADMINISTRATORS_ONLY
]


def changelist(model: type[models.Model]) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def shown_rows(response) -> set[int]:
    return {row.pk for row in response.context["cl"].result_list}


@pytest.mark.parametrize("model", ORGANISATION_MODELS, ids=lambda model: model.__name__)
def test_changelists_and_their_filters_show_none_of_bs_rows(partner_a, world, model):
    response = partner_a.get(changelist(model), {"_facets": "True"})

    assert response.status_code == 200
    assert world.a[model].pk in shown_rows(response)
    assert world.b[model].pk not in shown_rows(response)
    cl = response.context["cl"]
    filter_choices = [
        str(choice["display"]) for spec in cl.filter_specs for choice in spec.choices(cl)
    ]
    assert filter_choices, "every changelist has filters"
    assert [choice for choice in filter_choices if TOKEN_B in choice] == []
    assert TOKEN_B not in response.text
    assert world.b[Person].phone not in response.text


SEARCHABLE = [model for model in ORGANISATION_MODELS if admin.site._registry[model].search_fields]


@pytest.mark.parametrize("model", SEARCHABLE, ids=lambda model: model.__name__)
def test_searching_for_bs_names_finds_nothing(partner_a, root, world, model):
    ours, theirs = world.a[model].pk, world.b[model].pk

    assert shown_rows(partner_a.get(changelist(model), {"q": TOKEN_B})) == set()
    assert ours in shown_rows(partner_a.get(changelist(model), {"q": TOKEN_A}))
    # The term does find B's row for someone who may see it.
    assert theirs in shown_rows(root.get(changelist(model), {"q": TOKEN_B}))


def test_searching_for_bs_phone_numbers_finds_nobody(partner_a, root, world):
    phone = world.b[Person].phone

    assert shown_rows(partner_a.get(changelist(Person), {"q": phone})) == set()
    assert shown_rows(root.get(changelist(Person), {"q": phone})) == {world.b[Person].pk}


def autocomplete_fields() -> Iterator[tuple[type[models.Model], str]]:
    """Every (model, field) with an autocomplete widget, on admin pages and their inlines."""
    for model, model_admin in admin.site._registry.items():
        for owner in [model_admin, *model_admin.inlines]:
            source = getattr(owner, "model", model)
            for name in owner.autocomplete_fields:
                if source._meta.get_field(name).related_model not in REFERENCE:
                    yield source, name


AUTOCOMPLETE_FIELDS = sorted(
    set(autocomplete_fields()), key=lambda pair: (pair[0].__name__, pair[1])
)


@pytest.mark.parametrize(
    ("model", "field"), AUTOCOMPLETE_FIELDS, ids=lambda value: getattr(value, "__name__", value)
)
def test_autocomplete_offers_none_of_bs_rows(partner_a, root, world, model, field):
    query = {
        "app_label": model._meta.app_label,
        "model_name": model._meta.model_name,
        "field_name": field,
    }
    url = reverse("admin:autocomplete")
    related = model._meta.get_field(field).related_model

    everything = partner_a.get(url, {**query, "term": ""})
    searched = partner_a.get(url, {**query, "term": TOKEN_B})

    assert everything.status_code == 200
    offered = [result["id"] for result in everything.json()["results"]]
    assert str(world.a[related].pk) in offered
    assert TOKEN_B not in everything.text
    assert searched.json()["results"] == []
    assert str(world.b[related].pk) in {
        result["id"] for result in root.get(url, {**query, "term": TOKEN_B}).json()["results"]
    }


def test_autocomplete_covers_the_fields_people_pick_rows_of_organisations_with():
    assert {f"{model.__name__}.{field}" for model, field in AUTOCOMPLETE_FIELDS} >= {
        "Membership.person",
        "Membership.group",
        "Cycle.group",
        "Concern.cycle",
        "ActionPlan.concerns",
        "Activity.plan",
        "Programme.communities",
    }


# Row actions that a partner could run on a selection. An export (CSV, XLSX) added here must
# come with a test that it carries none of B's rows, no personal data to donors and no
# highly sensitive text.
ACTIONS = {
    "delete_selected",
    "merge_selected",
    "anonymise_selected",
    "cleanup_expired_attempts",  # django-axes: drops expired sign-in attempts
}


def test_the_back_office_has_no_export(root, world):
    request = root.get(reverse("admin:index")).wsgi_request
    offered = {
        name
        for model_admin in admin.site._registry.values()
        for name in model_admin.get_actions(request)
    }
    assert offered == ACTIONS
