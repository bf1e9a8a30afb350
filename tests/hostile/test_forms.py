"""Bad input (issue 7): every form of the site and of the back office, fed hostile values.

Each form page is asked for as the role that uses it, its form is read from the HTML, and
hypothesis posts it back with values replaced by hostile ones (huge strings, NUL bytes,
markup, SQL, right-to-left and emoji text, negative and huge numbers, impossible dates,
lists for scalars) or left out. Whatever comes in: no server error; a refusal shows the form
again with a message and stores nothing; an acceptance stores what was typed; markup comes
back escaped. Each example runs in a savepoint that is rolled back, so every example starts
from the same world.

The URL resolver is walked: a URL pattern that is neither a form below nor excluded with a
reason fails `test_every_url_pattern_is_a_form_here_or_excluded_with_a_reason`.
"""

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.db import models, transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings

from communities.models import Community, Group, Membership, Person, Programme, User
from cycles.models import (
    ActionPlan,
    Activity,
    Commitment,
    Concern,
    Consultation,
    Cycle,
    CycleStepChange,
    ReportSignOff,
    SensitiveConcernRead,
)
from tests.access_world import World, url_patterns
from tests.cycles.factories import SuccessCriterionFactory
from tests.hostile.forms import (
    RAW_MARKUP,
    TEXT_KINDS,
    HtmlForm,
    apply,
    forms_on,
    hostile_changes,
)

pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")

EXAMPLES = int(os.environ.get("HOSTILE_EXAMPLES", 6))
# Markers of a message shown next to a field or above the form, on the site and in the admin.
ERROR_MARKERS = ('class="invalid-feedback', 'class="errorlist', "alert-danger", "errornote")


@dataclass(frozen=True)
class FormPage:
    """A page with a form: its URL pattern, as whom it is used, and where it is (and posts)."""

    pattern: str
    role: str
    url: Callable[[World], str]
    # The page showing the form when it is not the URL posted to.
    page: Callable[[World], str] | None = None
    # Puts organisation A's rows where the form is offered (a step, a plan's status).
    state: Callable[[World], None] | None = None
    # Where a field's accepted text is kept, when not in a column of the field's name.
    stored: dict[str, tuple[type[models.Model], str]] = dataclass_field(default_factory=dict)
    label: str = ""

    @property
    def id(self) -> str:
        return self.label or self.pattern


def named(name: str, *args: Callable[[World], object], query: str = "") -> Callable:
    def build(world: World) -> str:
        url = reverse(name, args=[arg(world) for arg in args])
        return f"{url}?{query}" if query else url

    return build


def pk_of(model: type[models.Model]) -> Callable[[World], int]:
    return lambda world: world.row_of_a(model).pk


def at_step(step: int, closed: bool = False, plan: str = "") -> Callable[[World], None]:
    def move(world: World) -> None:
        cycle = world.a[Cycle]
        Cycle.objects.filter(pk=cycle.pk).update(
            step=step, closed_on=cycle.started_on if closed else None
        )
        if plan:
            ActionPlan.objects.filter(pk=world.a[ActionPlan].pk).update(status=plan)

    return move


def ready_plan(status: str = ActionPlan.Status.DRAFT) -> Callable[[World], None]:
    """The plan complete enough to be submitted: its objective, checks and a criterion."""

    def complete(world: World) -> None:
        at_step(Cycle.Step.PLANNING, plan=status)(world)
        ActionPlan.objects.filter(pk=world.a[ActionPlan].pk).update(
            objective="Water for every street",
            harm_risks="Upper streets",
            tension_avoidance="A rota",
        )
        SuccessCriterionFactory(plan=world.a[ActionPlan])

    return complete


PRIORITISING = at_step(Cycle.Step.PRIORITISATION)
PLANNING = at_step(Cycle.Step.PLANNING)
REVIEWING = at_step(Cycle.Step.PLANNING, plan=ActionPlan.Status.SUBMITTED)
IMPLEMENTING = at_step(Cycle.Step.IMPLEMENTATION, plan=ActionPlan.Status.IN_PROGRESS)


def site(name: str, model: type[models.Model] | None = None, **kwargs) -> FormPage:
    """A facilitator's page about organisation A's row of `model`."""
    args = [pk_of(model)] if model else []
    return FormPage(name, kwargs.pop("role", "facilitator_a"), named(name, *args), **kwargs)


SITE_FORMS = [
    site("password_change"),
    site("two-factor", role="partner_a"),
    site("communities:membership-add", Group),
    site("communities:membership-edit", Membership),
    site("communities:membership-end", Membership),
    site("cycles:cycle-context", Cycle),
    site(
        "cycles:cycle-advance",
        Cycle,
        state=at_step(Cycle.Step.PLANNING, plan=ActionPlan.Status.APPROVED),
        stored={"reason": (CycleStepChange, "reason")},
    ),
    site("cycles:cycle-back", Cycle),
    site("cycles:consultation-add", Group),
    site("cycles:commitment-add", Consultation),
    site(
        "cycles:concern-score",
        Concern,
        page=named("cycles:priorities", pk_of(Cycle)),
        state=PRIORITISING,
    ),
    site("cycles:priorities-mark", Cycle, state=PRIORITISING),
    site(
        "cycles:concern-drop",
        Concern,
        state=PRIORITISING,
        stored={"reason": (Concern, "status_note")},
    ),
    site("cycles:plan-add", Cycle, state=PLANNING),
    site("cycles:plan-edit", ActionPlan, state=PLANNING),
    site("cycles:plan-submit", ActionPlan, state=ready_plan()),
    site("cycles:activity-update", Activity, state=IMPLEMENTING),
    site("cycles:evaluation", Cycle),
    site("cycles:cycle-close", Cycle),
    site("cycles:cycle-next", Cycle, state=at_step(Cycle.Step.EVALUATION, closed=True)),
    site("reports:sign-off", Programme, role="partner_a"),
]

# Models partner staff add in the back office; the other add pages are administrators'.
PARTNER_ADDS = {Community, Group, Person, Membership, Cycle, Commitment, ReportSignOff}
# Nobody adds these by hand: sign-in logs and the portal's own logs.
READ_ONLY_MODELS = {
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
    "cycles.cyclestepchange",
    "cycles.planevent",
    "cycles.sensitiveconcernread",
    "cycles.exportlog",
}


def admin_add_pages() -> Iterator[FormPage]:
    for model in admin.site._registry:
        if model._meta.label_lower in READ_ONLY_MODELS:
            continue
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}_add"
        role = "partner_a" if model in PARTNER_ADDS else "superuser"
        yield FormPage(name, role, named(name))


def admin_action(name: str, model: type[models.Model], **kwargs) -> FormPage:
    return FormPage(name, kwargs.pop("role", "partner_a"), named(name, pk_of(model)), **kwargs)


ADMIN_FORMS = [
    *admin_add_pages(),
    admin_action("admin:auth_user_password_change", User, role="superuser"),
    admin_action("admin:communities_group_merge", Group),
    admin_action(
        "admin:cycles_cycle_advance",
        Cycle,
        state=at_step(Cycle.Step.PLANNING, plan=ActionPlan.Status.APPROVED),
        stored={"reason": (CycleStepChange, "reason")},
    ),
    admin_action("admin:cycles_cycle_move_back", Cycle),
    admin_action("admin:cycles_cycle_close", Cycle),
    admin_action(
        "admin:cycles_cycle_start_next", Cycle, state=at_step(Cycle.Step.EVALUATION, closed=True)
    ),
    admin_action("admin:cycles_actionplan_submit", ActionPlan, state=ready_plan()),
    admin_action("admin:cycles_actionplan_approve", ActionPlan, state=REVIEWING),
    admin_action("admin:cycles_actionplan_return", ActionPlan, state=REVIEWING),
    admin_action(
        "admin:cycles_actionplan_start",
        ActionPlan,
        state=at_step(Cycle.Step.IMPLEMENTATION, plan=ActionPlan.Status.APPROVED),
    ),
    admin_action("admin:cycles_actionplan_complete", ActionPlan, state=IMPLEMENTING),
]

FORM_PAGES = [*SITE_FORMS, *ADMIN_FORMS]

# URL patterns that are no form to post hostile values to, each with the reason.
NOT_FORMS = {
    "healthz": "no input",
    "login": "a failed sign-in is recorded by django-axes (tests/test_login.py)",
    "logout": "no fields",
    "set_language": "a choice among the languages, tested in tests/test_access.py",
    "password_change_done": "no form",
    "home": "no form; its page number is a query string (test_query_strings.py)",
    "communities:community-list": "a filter form sent by GET (test_query_strings.py)",
    "communities:community-detail": "no form",
    "communities:group-detail": "no form",
    "cycles:cycle-start": (
        "organisation A's group has an open cycle; starting one is tested in test_page_cycle.py"
    ),
    "cycles:cycle-detail": "no form",
    "cycles:consultation-detail": "no form",
    "cycles:priorities": "its forms post to concern-score",
    "cycles:plan-detail": "no form",
    "cycles:concern-detail": "no form",
    "reports:portfolio": "no form",
    "reports:all": "a filter form sent by GET (test_query_strings.py)",
    "reports:programme": "a filter form sent by GET (test_query_strings.py)",
    "reports:export": "the report's GET filters (test_query_strings.py)",
    "reports:export-all": "the report's GET filters (test_query_strings.py)",
    "admin:index": "no form",
    "admin:login": "a failed sign-in is recorded by django-axes (tests/test_login.py)",
    "admin:logout": "no fields",
    "admin:password_change_done": "no form",
    "admin:password_change": "the site's password form, which posts to password_change",
    "admin:communities_person_anonymise": (
        "a confirmation without fields; its ids are a query string (test_query_strings.py)"
    ),
    "admin:jsi18n": "no form",
    "admin:autocomplete": "a GET search (test_query_strings.py)",
    "admin:view_on_site": "a redirect",
    "admin/r/<int:content_type_id>/<path:object_id>/": "a redirect",
    "admin:app_list": "no form",
    "admin/(?P<url>.*)$": "the admin's catch-all: 404",
    "admin:otp_totp_totpdevice_config": "nobody may open it (OTP_ADMIN_HIDE_SENSITIVE_DATA)",
    "admin:otp_totp_totpdevice_qrcode": "nobody may open it (OTP_ADMIN_HIDE_SENSITIVE_DATA)",
    "admin:cycles_cycle_opportunities": (
        "its form has hidden fields only, for opportunities the world has none of"
    ),
}
# The generic admin pages by the end of their name.
NOT_FORMS_BY_SUFFIX = {
    "_import": "a file upload: hostile files are sent in test_imports.py",
    "_process_import": "the confirmation of an uploaded file (test_imports.py)",
    "_changelist": "a list: its search and filters are query strings (test_query_strings.py)",
    "_change": "the same form as the add page, bound to a row",
    "_delete": "a confirmation without fields",
    "_history": "no form",
    "_simple_history": "a past version, reverted with the change page's form",
}


def exclusion(key: str) -> str | None:
    if key in NOT_FORMS:
        return NOT_FORMS[key]
    if key.startswith("admin/") and key.endswith("/<path:object_id>/"):
        return "the admin's bare object URL redirects to the change page"
    if any(key.endswith(f"{app}_{model}_add") for app, model in _read_only_names()):
        return "a read-only log: nobody may add to it"
    for suffix, reason in NOT_FORMS_BY_SUFFIX.items():
        if key.startswith("admin:") and key.endswith(suffix):
            return reason
    return None


def _read_only_names() -> Iterator[tuple[str, str]]:
    for label in READ_ONLY_MODELS:
        yield tuple(label.split("."))


def test_every_url_pattern_is_a_form_here_or_excluded_with_a_reason():
    covered = {page.pattern for page in FORM_PAGES}
    unknown = [key for key, _ in url_patterns() if key not in covered and exclusion(key) is None]
    assert unknown == [], (
        "Post hostile values to these forms in tests/hostile/test_forms.py, or say in "
        "NOT_FORMS why they are no form: " + ", ".join(unknown)
    )


def test_every_form_here_and_every_exclusion_is_a_url_pattern():
    patterns = {key for key, _ in url_patterns()}
    assert [page.pattern for page in FORM_PAGES if page.pattern not in patterns] == []
    assert [key for key in NOT_FORMS if key not in patterns] == []
    assert [key for key in NOT_FORMS if key in {page.pattern for page in FORM_PAGES}] == []


# Posting ---------------------------------------------------------------------------------


# Reading a highly sensitive concern is logged on every page that shows it, refused forms too.
READ_LOGS = {SensitiveConcernRead}


def fingerprint() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models(include_auto_created=True)
        if model not in READ_LOGS
    }


def the_form(html: str, url: str) -> HtmlForm:
    """The POST form on the page that posts to `url` (the largest, if several do)."""
    path = urlsplit(url).path
    candidates = [
        form
        for form in forms_on(html)
        if form.method == "post" and (not form.action or urlsplit(form.action).path == path)
    ]
    assert candidates, f"no form posting to {url}"
    return max(candidates, key=lambda form: len(form.fields))


def text_models() -> dict[str, list[type[models.Model]]]:
    """Models by the names of their text fields, to find a typed value once it is saved."""
    found: dict[str, list[type[models.Model]]] = {}
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField) and not field.choices:
                found.setdefault(field.name, []).append(model)
    return found


TEXT_MODELS = text_models()


def assert_stored(page: FormPage, form: HtmlForm, changes: dict) -> None:
    """Every text typed into a field is in its column (by default one of the field's name)."""
    for name, change in changes.items():
        if not isinstance(change, str) or form.fields[name].kind not in TEXT_KINDS:
            continue
        value = change.strip()
        if name in page.stored:
            model, column = page.stored[name]
            places = [model]
        else:
            column = name.rsplit("-", 1)[-1]
            places = TEXT_MODELS.get(column, [])
        if not value or "password" in column:
            continue
        assert (
            any(model._default_manager.filter(**{column: value}).exists() for model in places)
            or not places
        ), f"{name}={value[:80]!r} was accepted but not stored as typed"


def body_size(data: dict) -> int:
    values = [v for value in data.values() for v in (value if isinstance(value, list) else [value])]
    return sum(len(str(v).encode()) for v in values)


def assert_escaped(html: str) -> None:
    for markup in RAW_MARKUP:
        assert markup not in html, "typed markup came back unescaped"


def errors_in(html: str) -> int:
    return sum(html.count(marker) for marker in ERROR_MARKERS)


@pytest.mark.parametrize("page", FORM_PAGES, ids=lambda page: page.id)
def test_hostile_values_are_refused_with_a_message_or_stored_as_typed(world, db, page):
    if page.state:
        page.state(world)
    client = Client()
    client.force_login(world.user(page.role))
    url = page.url(world)
    shown = client.get(page.page(world) if page.page else url)
    assert shown.status_code == 200, (url, shown.status_code)
    form = the_form(shown.text, url)
    # A confirmation whose only fields are hidden (a period to sign off) gets those changed.
    base, editable = form.data(), form.editable() or form.hidden()
    assert editable, f"no field on the form of {url}"
    errors_before = errors_in(shown.text)

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
    @given(changes=hostile_changes(editable))
    def post_hostile(changes):
        data = apply(base, changes)
        with transaction.atomic():
            before = fingerprint()
            # The test client raises whatever the view raised: a 500 fails here.
            response = client.post(url, data)
            assert_escaped(response.text)
            if response.status_code == 400:
                # Django refuses a body over its limit before any view runs.
                assert body_size(data) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE
                assert fingerprint() == before
            elif response.status_code == 200:
                assert errors_in(response.text) > errors_before, "refused without a message"
                assert fingerprint() == before, "a refused form stored something"
            else:
                assert response.status_code == 302, response.status_code
                after = client.get(response["Location"])
                assert_escaped(after.text)
                if "alert-danger" in after.text:
                    # Refused with a message on the next page (a move not allowed now).
                    assert fingerprint() == before
                else:
                    assert_stored(page, form, changes)
            transaction.set_rollback(True)

    post_hostile()
