"""`manage.py clear_submissions`: old one-time tokens of create forms are deleted, new ones kept."""

import datetime
import io
import uuid

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from cswg_portal.models import Submission


def submission(user, days_ago: float) -> Submission:
    return Submission.objects.create(
        user=user,
        token=uuid.uuid4(),
        redirect_to="/consultations/1/",
        saved_at=timezone.now() - datetime.timedelta(days=days_ago),
    )


def test_it_deletes_tokens_older_than_the_days_given_and_keeps_the_rest(facilitator_a):
    old = submission(facilitator_a, 31)
    older = submission(facilitator_a, 400)
    recent = submission(facilitator_a, 29)
    out = io.StringIO()

    call_command("clear_submissions", stdout=out)

    assert list(Submission.objects.all()) == [recent]
    assert not Submission.objects.filter(pk__in=[old.pk, older.pk]).exists()
    assert out.getvalue() == "2 form tokens deleted.\n"


def test_days_can_be_shortened_and_a_second_run_deletes_nothing(facilitator_a):
    submission(facilitator_a, 3)
    kept = submission(facilitator_a, 1)
    call_command("clear_submissions", "--days", "2", stdout=io.StringIO())
    out = io.StringIO()

    call_command("clear_submissions", "--days", "2", stdout=out)

    assert list(Submission.objects.all()) == [kept]
    assert out.getvalue() == "0 form tokens deleted.\n"


@pytest.mark.parametrize("days", ["0", "-5", "many", "99999"])
def test_a_wrong_number_of_days_is_refused_and_nothing_is_deleted(facilitator_a, days):
    submission(facilitator_a, 100)

    with pytest.raises(CommandError):
        call_command("clear_submissions", "--days", days, stdout=io.StringIO())

    assert Submission.objects.count() == 1
