"""Who may open what: every URL pattern of the project against every role (an access matrix).

The URL resolver is walked, the back office included, and each pattern must have a row
below: a pattern added without one fails `test_every_url_pattern_has_a_row_in_the_matrix`.
Object URLs are asked for with organisation A's row. The expectations are written out by
hand, not read from cswg_portal.roles, so that a mistake there shows up here.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib.auth.models import Group as PermissionGroup
from django.contrib.auth.views import redirect_to_login
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils.html import escape
from django_otp.plugins.otp_totp.models import TOTPDevice

from communities.models import (
    Community,
    District,
    Group,
    Membership,
    Organisation,
    Person,
    Programme,
    Region,
    User,
)
from cycles.models import (
    ActionPlan,
    Activity,
    Commitment,
    Concern,
    Consultation,
    Contribution,
    Cycle,
    CycleStepChange,
    Evaluation,
    ExchangeRate,
    ExportLog,
    MonitoringUpdate,
    PlanEvent,
    PriorityScore,
    ReportSignOff,
    SensitiveConcernRead,
)
from tests.access_world import ROLES, World, build_world, url_patterns

# What a role gets -------------------------------------------------------------------------


@dataclass(frozen=True)
class Redirect:
    """A 302 to `to` (a URL name); with `back`, the page asked for follows as ?next=."""

    to: str
    back: bool = False


LOGIN = Redirect("login", back=True)
ADMIN_LOGIN = Redirect("admin:login", back=True)
HOME = Redirect("home")
ADMIN_INDEX = Redirect("admin:index")
# Generic admin object URLs without a view name redirect to the object's change page.
CHANGE_PAGE = Redirect("change-page")
# "View on site": the page of organisation A's group on the site.
ON_SITE = Redirect("on-site")

Outcome = int | Redirect


def expect(default: Outcome, **by_role: Outcome) -> dict[str, Outcome]:
    unknown = set(by_role) - set(ROLES)
    assert not unknown, unknown
    return {role: by_role.get(role, default) for role in ROLES}


def back_office(partner_a: Outcome, partner_b: Outcome, superuser: Outcome = 200):
    """A back-office URL: people who are not staff are sent to the back-office sign-in."""
    return expect(ADMIN_LOGIN, partner_a=partner_a, partner_b=partner_b, superuser=superuser)


# How a URL is built with organisation A's rows --------------------------------------------

UrlBuilder = Callable[[World], str]


def named(
    name: str, *args: Callable[[World], object], query: str | Callable[[World], str] = ""
) -> UrlBuilder:
    def build(world: World) -> str:
        url = reverse(name, args=[arg(world) for arg in args])
        return f"{url}?{query(world) if callable(query) else query}" if query else url

    return build


def pk_of(model: type[models.Model]) -> Callable[[World], int]:
    return lambda world: world.row_of_a(model).pk


# The site and the back office's own pages ------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One URL to ask for, what each role gets, and the row it is about (if any)."""

    pattern: str
    url: UrlBuilder
    outcomes: dict[str, Outcome]
    label: str = ""
    row: type[models.Model] | None = None
    # POST-only actions: the GET shows a confirmation and must change nothing.
    confirms: bool = False

    @property
    def id(self) -> str:
        return self.label or self.pattern


SITE = [
    # Donors read reports only: their home is the reports' portfolio.
    Case(
        "home", named("home"), expect(200, anonymous=LOGIN, donor_a=Redirect("reports:portfolio"))
    ),
    Case("login", named("login"), expect(200)),
    Case("logout", named("logout"), expect(405)),
    # A GET switches no language (test_a_get_does_not_switch_the_language); it goes home.
    Case("set_language", named("set_language"), expect(Redirect("home"))),
    Case("password_change", named("password_change"), expect(200, anonymous=LOGIN)),
    Case("password_change_done", named("password_change_done"), expect(200, anonymous=LOGIN)),
    # Only staff have a second factor to set up; the others are sent on.
    Case(
        "two-factor",
        named("two-factor"),
        expect(HOME, anonymous=LOGIN, partner_a=200, partner_b=200, superuser=200),
    ),
    # ops: the health check for monitoring answers everyone, signed in or not.
    Case("healthz", named("healthz"), expect(200)),
]

# The facilitators' pages: field workers in scope; donors never (aggregated reports only).
FIELDWORK = expect(200, anonymous=LOGIN, facilitator_b=404, partner_b=404, donor_a=403)
# POST-only actions: the method is refused before anything is looked up.
FIELDWORK_POST = expect(405, anonymous=LOGIN, donor_a=403)
FIELDWORK_LIST = expect(200, anonymous=LOGIN, donor_a=403)


def page(name: str, model: type[models.Model] | None = None, **kwargs) -> Case:
    """A field-work page about organisation A's row of `model` (or about no row)."""
    args = [pk_of(model)] if model else []
    return Case(name, named(name, *args), kwargs.pop("outcomes", FIELDWORK), row=model, **kwargs)


COMMUNITY_PAGES = [
    Case("communities:community-list", named("communities:community-list"), FIELDWORK_LIST),
    page("communities:community-detail", Community),
    page("communities:group-detail", Group),
    page("communities:membership-add", Group),
    page("communities:membership-edit", Membership),
    page("communities:membership-end", Membership, confirms=True),
]

CYCLE_PAGES = [
    page("cycles:cycle-start", Group),
    page("cycles:cycle-detail", Cycle),
    page("cycles:cycle-context", Cycle),
    page("cycles:cycle-advance", Cycle, confirms=True),
    page("cycles:cycle-back", Cycle, confirms=True),
]

CONSULTATION_PAGES = [
    page("cycles:consultation-add", Group),
    page("cycles:consultation-detail", Consultation),
    page("cycles:commitment-add", Consultation),
]

PRIORITY_PAGES = [
    page("cycles:priorities", Cycle),
    page("cycles:concern-score", Concern, outcomes=FIELDWORK_POST),
    page("cycles:priorities-mark", Cycle, confirms=True),
    page("cycles:concern-drop", Concern, confirms=True),
]

PLAN_PAGES = [
    page("cycles:plan-add", Cycle),
    page("cycles:plan-detail", ActionPlan),
    page("cycles:plan-edit", ActionPlan),
    page("cycles:plan-submit", ActionPlan, confirms=True),
]

MONITORING_PAGES = [
    page("cycles:activity-update", Activity),
    page("cycles:evaluation", Cycle),
    page("cycles:cycle-close", Cycle, confirms=True),
    page("cycles:cycle-next", Cycle, confirms=True),
]

CONCERN_PAGES = [
    page("cycles:concern-detail", Concern),
]

# Reports: everyone signed in reads the programmes they see (facilitators their groups'
# programmes, donor A programme A); reports over all programmes are for partner staff and
# administrators; only partner staff sign off.
REPORT = expect(200, anonymous=LOGIN, facilitator_b=404, partner_b=404)
REPORT_OF_B = expect(404, anonymous=LOGIN, facilitator_b=200, partner_b=200, superuser=200)
ALL_REPORTS = expect(403, anonymous=LOGIN, partner_a=200, partner_b=200, superuser=200)


def programme_b(world: World) -> int:
    return world.b[Programme].pk


REPORT_PAGES = [
    Case("reports:portfolio", named("reports:portfolio"), expect(200, anonymous=LOGIN)),
    page("reports:programme", Programme, outcomes=REPORT),
    Case(
        "reports:programme",
        named("reports:programme", programme_b),
        REPORT_OF_B,
        label="reports:programme (programme B)",
    ),
    Case("reports:all", named("reports:all"), ALL_REPORTS),
    *(
        Case(
            "reports:export",
            named("reports:export", pk_of(Programme), lambda world, fmt=fmt: fmt),
            REPORT,
            label=f"reports:export ({fmt})",
        )
        for fmt in ("csv", "xlsx")
    ),
    Case(
        "reports:export",
        named("reports:export", programme_b, lambda world: "xlsx"),
        REPORT_OF_B,
        label="reports:export (programme B)",
    ),
    *(
        Case(
            "reports:export-all",
            named("reports:export-all", lambda world, fmt=fmt: fmt),
            ALL_REPORTS,
            label=f"reports:export-all ({fmt})",
        )
        for fmt in ("csv", "xlsx")
    ),
    page(
        "reports:sign-off",
        Programme,
        outcomes=expect(
            200, anonymous=LOGIN, facilitator_a=403, facilitator_b=404, partner_b=404, donor_a=403
        ),
        confirms=True,
    ),
]

ADMIN_PAGES = [
    Case("admin:index", named("admin:index"), back_office(200, 200)),
    # Signed-in people who are not staff are told so on the sign-in page.
    Case(
        "admin:login",
        named("admin:login"),
        expect(200, partner_a=ADMIN_INDEX, partner_b=ADMIN_INDEX, superuser=ADMIN_INDEX),
    ),
    Case(
        "admin:logout",
        named("admin:logout"),
        expect(ADMIN_INDEX, partner_a=405, partner_b=405, superuser=405),
    ),
    Case("admin:password_change", named("admin:password_change"), back_office(200, 200)),
    Case("admin:password_change_done", named("admin:password_change_done"), back_office(200, 200)),
    Case("admin:jsi18n", named("admin:jsi18n"), back_office(200, 200)),
    Case(
        "admin:autocomplete",
        named(
            "admin:autocomplete",
            query="app_label=cycles&model_name=concern&field_name=cycle&term=",
        ),
        back_office(200, 200),
    ),
    # "View on site" goes to the group's page, for those who see the group.
    *(
        Case(
            pattern,
            named(
                "admin:view_on_site",
                lambda world: ContentType.objects.get_for_model(Group).pk,
                pk_of(Group),
            ),
            back_office(ON_SITE, 404, ON_SITE),
            label=f"{pattern} (view on site)",
        )
        for pattern in ["admin:view_on_site", "admin/r/<int:content_type_id>/<path:object_id>/"]
    ),
    *(
        Case(
            "admin:app_list",
            lambda world, app=app: reverse("admin:app_list", args=[app]),
            back_office(partner, partner),
            label=f"admin:app_list[{app}]",
        )
        for app, partner in [
            ("communities", 200),
            ("cycles", 200),
            ("auth", 404),
            ("axes", 404),
            ("otp_totp", 404),
        ]
    ),
    Case(
        "admin/(?P<url>.*)$",
        lambda world: "/admin/no-such-page/",
        back_office(404, 404, 404),
    ),
    # The custom views: partner B asks for organisation A's row.
    Case(
        "admin:communities_group_merge",
        named("admin:communities_group_merge", pk_of(Group)),
        back_office(200, 404),
        row=Group,
        confirms=True,
    ),
    Case(
        "admin:communities_person_anonymise",
        named(
            "admin:communities_person_anonymise",
            query=lambda world: f"ids={world.a[Person].pk}",
        ),
        back_office(200, 404),
        row=Person,
        confirms=True,
    ),
    # Imports: the upload and its preview hold no row of A's, so partner B gets its own.
    # Confirming is POST only.
    *(
        case
        for model in ["communities_person", "communities_membership", "cycles_consultation"]
        for case in [
            Case(f"admin:{model}_import", named(f"admin:{model}_import"), back_office(200, 200)),
            Case(
                f"admin:{model}_process_import",
                named(f"admin:{model}_process_import"),
                back_office(405, 405, 405),
            ),
        ]
    ),
    Case(
        "admin:auth_user_password_change",
        named("admin:auth_user_password_change", pk_of(User)),
        back_office(403, 403),
        row=User,
    ),
    # OTP_ADMIN_HIDE_SENSITIVE_DATA: nobody reads a device's secret in the back office.
    Case(
        "admin:otp_totp_totpdevice_config",
        named("admin:otp_totp_totpdevice_config", pk_of(TOTPDevice)),
        back_office(403, 403, 403),
    ),
    Case(
        "admin:otp_totp_totpdevice_qrcode",
        named("admin:otp_totp_totpdevice_qrcode", pk_of(TOTPDevice)),
        back_office(403, 403, 403),
    ),
    Case(
        "admin:cycles_cycle_opportunities",
        named("admin:cycles_cycle_opportunities"),
        back_office(200, 200),
    ),
    *(
        Case(
            f"admin:cycles_cycle_{action}",
            named(f"admin:cycles_cycle_{action}", pk_of(Cycle)),
            back_office(200, 404),
            row=Cycle,
            confirms=True,
        )
        for action in ["advance", "move_back", "close", "start_next"]
    ),
    *(
        Case(
            f"admin:cycles_actionplan_{action}",
            named(f"admin:cycles_actionplan_{action}", pk_of(ActionPlan)),
            back_office(200, 404),
            row=ActionPlan,
            confirms=True,
        )
        for action in ["submit", "approve", "return", "start", "complete"]
    ),
]


# The generic pages of every registered model ---------------------------------------------

SHARED = "shared"  # reference data or unscoped admins: permissions alone decide
ORGANISATION = "organisation"  # only organisation A's partner staff see A's row
ADMINISTRATORS = "administrators"  # no partner staff see any row


KEPT = "kept"  # a page per version (simple-history)
NOT_KEPT = "not kept"  # the version page exists but the model keeps no versions: 404
NO_PAGE = "no page"  # Django's own admins have no version page


@dataclass(frozen=True)
class Rights:
    """What partner staff and superusers may do with a model: letters of view, add,
    change, delete; who sees organisation A's row; whether it keeps versions."""

    partner: str
    superuser: str = "vacd"
    scope: str = ORGANISATION
    versions: str = KEPT


LOG = Rights("v", superuser="v", versions=NOT_KEPT)

ADMIN_MODELS: dict[type[models.Model], Rights] = {
    PermissionGroup: Rights("", scope=SHARED, versions=NO_PAGE),
    AccessAttempt: Rights("", superuser="vcd", scope=SHARED, versions=NO_PAGE),
    AccessLog: Rights("", superuser="vcd", scope=SHARED, versions=NO_PAGE),
    AccessFailureLog: Rights("", superuser="vcd", scope=SHARED, versions=NO_PAGE),
    TOTPDevice: Rights("", scope=SHARED, versions=NO_PAGE),
    User: Rights("", scope=SHARED, versions=NO_PAGE),
    Region: Rights("v", scope=SHARED),
    District: Rights("v", scope=SHARED),
    Organisation: Rights("v", scope=SHARED),
    Programme: Rights("v"),
    Community: Rights("vac"),
    Group: Rights("vac"),
    Person: Rights("vacd"),
    Membership: Rights("vac"),
    Cycle: Rights("vac"),
    CycleStepChange: LOG,
    Consultation: Rights("v"),
    Commitment: Rights("vac"),
    Concern: Rights("v"),
    PriorityScore: Rights("v"),
    ActionPlan: Rights("vc"),
    PlanEvent: LOG,
    Activity: Rights("v"),
    Contribution: Rights("v"),
    MonitoringUpdate: Rights("v"),
    Evaluation: Rights("v"),
    SensitiveConcernRead: Rights("", superuser="v", scope=ADMINISTRATORS, versions=NOT_KEPT),
    ExchangeRate: Rights("v", scope=SHARED),
    ReportSignOff: Rights("va"),
    ExportLog: Rights("", superuser="v", scope=ADMINISTRATORS, versions=NOT_KEPT),
}

# Admin view -> the right it needs (view also comes with change, as in Django).
GENERIC_VIEWS = {
    "changelist": "v",
    "add": "a",
    "change": "v",
    "delete": "d",
    "history": "v",
    "simple_history": "v",
}


def generic_outcome(rights: Rights, view: str, role: str) -> Outcome:
    if role not in ("partner_a", "partner_b", "superuser"):
        return ADMIN_LOGIN
    if view == "redirect":
        return CHANGE_PAGE
    held = rights.superuser if role == "superuser" else rights.partner
    if "c" in held:
        held += "v"
    takes_row = view not in ("changelist", "add")
    in_scope = (
        role == "superuser"
        or rights.scope == SHARED
        or (rights.scope == ORGANISATION and role == "partner_a")
    )
    # Rows of a kind the role may not open at all: refused whichever the row.
    if takes_row and "v" not in held:
        return 403
    if takes_row and not in_scope:
        return 404
    if GENERIC_VIEWS[view] not in held:
        return 403
    if view == "simple_history" and rights.versions == NOT_KEPT:
        return 404
    return 200


def generic_cases(model: type[models.Model], rights: Rights) -> list[Case]:
    opts = model._meta
    prefix = f"admin:{opts.app_label}_{opts.model_name}"
    route = f"admin/{opts.app_label}/{opts.model_name}/<path:object_id>/"

    def version(world: World) -> int:
        history = getattr(world.row_of_a(model), "history", None)
        return history.latest().history_id if history is not None else 1

    urls = {
        "changelist": named(f"{prefix}_changelist"),
        "add": named(f"{prefix}_add"),
        "change": named(f"{prefix}_change", pk_of(model)),
        "delete": named(f"{prefix}_delete", pk_of(model)),
        "history": named(f"{prefix}_history", pk_of(model)),
        "simple_history": named(f"{prefix}_simple_history", pk_of(model), version),
        "redirect": lambda world: f"/{route.replace('<path:object_id>', str(pk_of(model)(world)))}",
    }
    cases = []
    for view, url in urls.items():
        pattern = route if view == "redirect" else f"{prefix}_{view}"
        if view == "simple_history" and rights.versions == NO_PAGE:
            continue
        cases.append(
            Case(
                pattern,
                url,
                {role: generic_outcome(rights, view, role) for role in ROLES},
                row=None if view in ("changelist", "add") else model,
            )
        )
    return cases


CASES = [
    *SITE,
    *COMMUNITY_PAGES,
    *CYCLE_PAGES,
    *CONSULTATION_PAGES,
    *PRIORITY_PAGES,
    *PLAN_PAGES,
    *MONITORING_PAGES,
    *CONCERN_PAGES,
    *REPORT_PAGES,
    *ADMIN_PAGES,
    *(case for model, rights in ADMIN_MODELS.items() for case in generic_cases(model, rights)),
]


def test_every_url_pattern_has_a_row_in_the_matrix():
    covered = {case.pattern for case in CASES}
    missing = [key for key, _pattern in url_patterns() if key not in covered]
    assert not missing, (
        "These URL patterns have no row in the access matrix of tests/test_access.py; "
        "say there who may open them: " + ", ".join(missing)
    )


def test_every_row_of_the_matrix_is_a_url_pattern():
    patterns = {key for key, _pattern in url_patterns()}
    assert [case.pattern for case in CASES if case.pattern not in patterns] == []


# Asking for every URL as every role -------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> Iterator[World]:
    """The world is built once for the module and rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


def fingerprint() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models(include_auto_created=True)
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_each_role_gets_what_the_matrix_says(client, db, world, case, role):
    user = world.user(role)
    if user is not None:
        client.force_login(user)
    url = case.url(world)
    row = world.row_of_a(case.row) if case.row else None
    before = (fingerprint(), model_to_dict(row)) if case.confirms else None

    response = client.get(url)

    expected = case.outcomes[role]
    if isinstance(expected, Redirect):
        if expected == CHANGE_PAGE:
            target = url + "change/"
        elif expected == ON_SITE:
            target = "http://testserver" + world.row_of_a(Group).get_absolute_url()
        elif expected.back:
            target = redirect_to_login(url, reverse(expected.to))["Location"]
        else:
            target = reverse(expected.to)
        assert (response.status_code, response.get("Location")) == (302, target), url
    else:
        assert response.status_code == expected, (url, response.status_code)
    if expected == 200 and row is not None:
        # The page is about organisation A's row, not some other.
        assert escape(str(row)) in response.text
    if case.confirms:
        row.refresh_from_db()
        assert (fingerprint(), model_to_dict(row)) == before


def test_a_get_does_not_switch_the_language(client, db, world):
    client.force_login(world.a.facilitator)
    client.get(reverse("set_language"), {"language": "ru"})
    assert "django_language" not in client.cookies
    assert '<html lang="en"' in client.get(reverse("home")).text
