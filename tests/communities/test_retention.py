"""The retention rule: people whose consent lapsed, or who left their groups long ago, are
anonymised by `manage.py apply_retention`; a second run changes nothing; --dry-run lists."""

import datetime
import hashlib
import io
import logging

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from communities.models import Person
from communities.selectors import years_before
from tests.factories import GroupFactory, MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db


def ago(years: int = 0, days: int = 0) -> datetime.date:
    return years_before(timezone.localdate(), years) - datetime.timedelta(days=days)


@pytest.fixture
def people(org_a, programme_a, superuser):
    group = GroupFactory(partner=org_a, programme=programme_a)
    other_group = GroupFactory(partner=org_a, programme=programme_a)

    def person(name, consent, *terms, anonymised=False):
        someone = PersonFactory(
            full_name=name, phone="+996 555 000 000", organisation=org_a, consent_date=consent
        )
        for index, (start, end) in enumerate(terms):
            MembershipFactory(
                person=someone, group=[group, other_group][index], start=start, end=end
            )
        if anonymised:
            Person.objects.filter(pk=someone.pk).update(
                full_name="Anonymised earlier",
                phone="",
                birth_year=None,
                anonymised_on=ago(1),
                anonymised_by=superuser,
            )
        return someone

    return {
        "active": person("Aigul Active", ago(1), (ago(2), None)),
        "lapsed": person("Bakyt Lapsed", ago(5, days=1), (ago(6), None)),
        "consent exactly five years old": person("Cholpon Boundary", ago(5), (ago(6), None)),
        "left long ago": person("Dilnoza Left", ago(2), (ago(8), ago(3, days=1))),
        "left recently": person("Elmira Recent", ago(2), (ago(8), ago(1))),
        "left one group, still in another": person(
            "Farrukh Still", ago(2), (ago(8), ago(4)), (ago(2), None)
        ),
        "term ends next year": person(
            "Gulnara Term", ago(2), (ago(8), timezone.localdate() + datetime.timedelta(days=365))
        ),
        "never in a group": person("Hamid Nogroup", ago(1)),
        "already anonymised": person("Iskander Done", ago(9), (ago(9), ago(7)), anonymised=True),
    }


def fingerprint() -> dict[str, object]:
    """Row counts of every table (history included) and a hash of the people's rows."""
    counts = {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models(include_auto_created=True)
    }
    rows = repr(list(Person.objects.order_by("pk").values_list()))
    return {**counts, "people": hashlib.sha256(rows.encode()).hexdigest()}


def retention(*args: str) -> str:
    out = io.StringIO()
    call_command("apply_retention", *args, stdout=out)
    return out.getvalue()


def anonymised_keys(people) -> set[str]:
    ids = set(
        Person.objects.filter(anonymised_on=timezone.localdate()).values_list("pk", flat=True)
    )
    return {key for key, person in people.items() if person.pk in ids}


def test_it_anonymises_lapsed_consent_and_long_departures_only(people, superuser, caplog):
    with caplog.at_level(logging.INFO, logger="cswg.retention"):
        output = retention("--user", superuser.username)

    assert anonymised_keys(people) == {"lapsed", "left long ago"}
    lapsed = Person.objects.get(pk=people["lapsed"].pk)
    assert lapsed.full_name == f"Anonymised person {lapsed.pk}"
    assert (lapsed.phone, lapsed.birth_year, lapsed.anonymised_by) == ("", None, superuser)
    last = lapsed.history.latest()
    assert (last.history_change_reason, last.history_user) == ("retention rule", superuser)
    # The others keep their names and phones.
    active = Person.objects.get(pk=people["active"].pk)
    assert (active.full_name, active.phone) == ("Aigul Active", "+996 555 000 000")
    # One line per person, by id, with the reason; a summary; no names.
    left = people["left long ago"].pk
    assert f"person {lapsed.pk} anonymised: consent older than 5 years\n" in output
    assert f"person {left} anonymised: left their last group more than 3 years ago\n" in output
    assert "Retention: 2 people anonymised." in output
    logged = [record.getMessage() for record in caplog.records if record.name == "cswg.retention"]
    assert logged == [
        f"person {lapsed.pk} anonymised: consent older than 5 years",
        f"person {left} anonymised: left their last group more than 3 years ago",
        "Retention: 2 people anonymised.",
    ]
    for name in ("Bakyt", "Dilnoza", "Lapsed"):
        assert name not in output
        assert not any(name in line for line in logged)


def test_a_second_run_finds_nobody_and_changes_nothing(people, superuser):
    retention("--user", superuser.username)
    before = fingerprint()

    output = retention("--user", superuser.username)

    assert fingerprint() == before
    assert output.strip().endswith("Retention: 0 people anonymised.")
    assert "person " not in output


def test_a_dry_run_lists_and_changes_nothing(people):
    before = fingerprint()

    output = retention("--dry-run")

    assert fingerprint() == before
    assert f"person {people['lapsed'].pk} would be anonymised: consent older" in output
    assert f"person {people['left long ago'].pk} would be anonymised: left" in output
    assert "Retention (dry run): 2 people would be anonymised." in output


def test_the_periods_come_from_the_settings(people, superuser, settings):
    settings.RETENTION_YEARS_AFTER_LEAVING = 0
    settings.CONSENT_VALID_YEARS = 10

    retention("--user", superuser.username)

    assert anonymised_keys(people) == {"left long ago", "left recently"}


def test_the_account_comes_from_retention_user(people, superuser, settings):
    settings.RETENTION_USER = superuser.username

    retention()

    assert Person.objects.get(pk=people["lapsed"].pk).anonymised_by == superuser


def test_it_refuses_without_an_accountable_user_and_changes_nothing(people):
    before = fingerprint()

    with pytest.raises(CommandError, match="--user USERNAME or the RETENTION_USER setting"):
        retention()

    assert fingerprint() == before


def test_it_refuses_an_account_not_allowed_to_anonymise(people, facilitator_a):
    before = fingerprint()

    with pytest.raises(CommandError, match="not an active account allowed to anonymise"):
        retention("--user", facilitator_a.username)

    assert fingerprint() == before


def test_years_before_keeps_the_day_or_falls_back_from_29_february():
    assert years_before(datetime.date(2026, 11, 22), 5) == datetime.date(2021, 11, 22)
    assert years_before(datetime.date(2024, 2, 29), 3) == datetime.date(2021, 2, 28)
