"""Commitments police and local authorities make at meetings, and whether they were kept."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from cycles import services
from cycles.models import Commitment, Consultation
from tests.cycles.factories import CommitmentFactory, ConsultationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reporting_day(cycle_a):
    return ConsultationFactory(
        cycle=cycle_a,
        kind=Consultation.Kind.POLICE_REPORTING_DAY,
        held_on=datetime.date(2014, 10, 3),
        police_attended=True,
    )


def test_a_commitment_is_pending_until_followed_up(reporting_day, facilitator_a):
    commitment = services.record_commitment(
        reporting_day,
        facilitator_a,
        body=Commitment.Body.POLICE,
        made_by="Head of the Isfara district police",
        what="Street lights on the road to the school repaired.",
        due_on=datetime.date(2014, 12, 1),
    )
    assert commitment.status == Commitment.Status.PENDING

    services.follow_up_commitment(
        commitment,
        facilitator_a,
        status=Commitment.Status.KEPT,
        on=datetime.date(2014, 12, 5),
        note="Six lights working.",
    )

    commitment.refresh_from_db()
    assert (commitment.status, commitment.followed_up_on, commitment.note) == (
        "kept",
        datetime.date(2014, 12, 5),
        "Six lights working.",
    )
    assert list(reporting_day.commitments.all()) == [commitment]


def test_a_deadline_cannot_precede_the_meeting(reporting_day, facilitator_a):
    with pytest.raises(ValidationError) as error:
        services.record_commitment(
            reporting_day,
            facilitator_a,
            body=Commitment.Body.LOCAL_AUTHORITY,
            made_by="Jamoat head",
            what="Budget for the fence.",
            due_on=datetime.date(2014, 9, 1),
        )

    assert error.value.message_dict == {"due_on": ["The deadline cannot be before the meeting."]}


def test_a_settled_commitment_has_a_follow_up_date(reporting_day):
    with pytest.raises(IntegrityError):
        CommitmentFactory(consultation=reporting_day, status=Commitment.Status.NOT_KEPT)
