"""Attendance and people reached by gender and age band, with the shares of women and youth."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from communities.models import AgeBand, Ethnicity, Gender
from cycles import selectors, services
from cycles.models import Activity, Consultation
from tests.cycles.factories import (
    ActivityFactory,
    AttendanceFactory,
    ConsultationFactory,
    CycleFactory,
    SuccessCriterionFactory,
)

pytestmark = pytest.mark.django_db

F, M = Gender.FEMALE, Gender.MALE


def test_record_consultation_stores_attendance_by_cell_and_by_ethnicity(cycle_a, facilitator_a):
    consultation = services.record_consultation(
        cycle_a.group,
        facilitator_a,
        kind=Consultation.Kind.WOMEN,
        held_on=datetime.date(2014, 4, 2),
        cycle=cycle_a,
        place="Somonion school",
        facilitator=facilitator_a,
        attendance={(F, AgeBand.YOUTH_18_28): 9, (F, AgeBand.ADULT_29_45): 12, (M, "60+"): 0},
        ethnic_attendance={Ethnicity.TAJIK: 19, Ethnicity.KYRGYZ: 2},
        local_authority_attended=True,
    )

    assert sorted(consultation.attendance.values_list("gender", "age_band", "count")) == [
        ("female", "18-28", 9),
        ("female", "29-45", 12),
    ]
    assert sorted(consultation.ethnic_attendance.values_list("ethnicity", "count")) == [
        ("kyrgyz", 2),
        ("tajik", 19),
    ]
    assert consultation.local_authority_attended and not consultation.police_attended


def test_a_consultation_belongs_to_its_own_groups_cycle(cycle_a, cycle_b, facilitator_a):
    with pytest.raises(ValidationError) as error:
        services.record_consultation(
            cycle_a.group,
            facilitator_a,
            kind=Consultation.Kind.COMMUNITY,
            held_on=datetime.date(2014, 4, 2),
            cycle=cycle_b,
        )

    assert error.value.message_dict == {"cycle": ["The cycle must be one of this group's cycles."]}


def test_trainings_and_events_can_happen_outside_a_cycle(group_a, facilitator_a):
    training = services.record_consultation(
        group_a,
        facilitator_a,
        kind=Consultation.Kind.TRAINING,
        held_on=datetime.date(2013, 11, 5),
        topic="The SARA problem-solving method",
    )

    assert training.cycle is None


def test_a_cycle_lists_its_trainings(cycle_a):
    training = ConsultationFactory(cycle=cycle_a, kind=Consultation.Kind.TRAINING)
    ConsultationFactory(cycle=cycle_a, kind=Consultation.Kind.COMMUNITY)

    assert list(cycle_a.trainings()) == [training]


def test_attendance_totals_and_shares_are_computed_per_consultation(cycle_a):
    consultation = ConsultationFactory(cycle=cycle_a)
    AttendanceFactory(consultation=consultation, gender=F, age_band=AgeBand.YOUTH_14_17, count=6)
    AttendanceFactory(consultation=consultation, gender=F, age_band=AgeBand.ELDER, count=3)
    AttendanceFactory(consultation=consultation, gender=M, age_band=AgeBand.YOUTH_18_28, count=5)
    AttendanceFactory(consultation=consultation, gender=M, age_band=AgeBand.ADULT_46_59, count=7)
    empty = ConsultationFactory(cycle=cycle_a, held_on=datetime.date(2014, 5, 1))

    rows = {c.pk: c for c in Consultation.objects.with_attendance()}

    counted = rows[consultation.pk]
    assert (counted.people, counted.women, counted.youth) == (21, 9, 11)
    assert (counted.women_share, counted.youth_share) == (Decimal("42.9"), Decimal("52.4"))
    nobody = rows[empty.pk]
    assert (nobody.people, nobody.women_share) == (0, None)


def test_people_consulted_in_a_cycle_add_up_across_consultations(group_a, cycle_a):
    for count in (10, 30):
        AttendanceFactory(
            consultation__cycle=cycle_a, gender=F, age_band=AgeBand.ADULT_29_45, count=count
        )
    AttendanceFactory(consultation__cycle=cycle_a, gender=M, age_band="14-17", count=40)
    other_cycle = CycleFactory(group=group_a, number=2, step=5, closed_on=datetime.date(2015, 1, 1))
    AttendanceFactory(consultation__cycle=other_cycle, count=1000)

    totals = selectors.consultation_totals(cycle_a.consultations.all())

    assert totals == {
        "people": 80,
        "women": 40,
        "youth": 40,
        "women_share": Decimal("50.0"),
        "youth_share": Decimal("50.0"),
    }


def test_one_row_per_gender_and_age_band(cycle_a):
    consultation = ConsultationFactory(cycle=cycle_a)
    AttendanceFactory(consultation=consultation, gender=F, age_band=AgeBand.ELDER)

    with pytest.raises(IntegrityError):
        AttendanceFactory(consultation=consultation, gender=F, age_band=AgeBand.ELDER)


def test_monitoring_updates_add_to_the_people_an_activity_reached(cycle_a, facilitator_a):
    activity = ActivityFactory(plan__cycle=cycle_a, status=Activity.Status.PLANNED)
    criterion = SuccessCriterionFactory(plan=activity.plan)

    services.record_monitoring_update(
        activity,
        facilitator_a,
        reported_on=datetime.date(2014, 12, 10),
        status=Activity.Status.IN_PROGRESS,
        progress="Day one of the festival of friendship.",
        reached={(F, AgeBand.CHILD): 80, (M, AgeBand.CHILD): 70},
        criteria_progress={criterion: "Children of both schools played together."},
    )
    update = services.record_monitoring_update(
        activity,
        facilitator_a,
        reported_on=datetime.date(2014, 12, 11),
        status=Activity.Status.DONE,
        progress="Day two.",
        reached={(F, AgeBand.CHILD): 20, (F, AgeBand.YOUTH_14_17): 30},
    )

    activity.refresh_from_db()
    assert activity.status == Activity.Status.DONE
    assert (activity.actual_start, activity.actual_end) == (
        datetime.date(2014, 12, 10),
        datetime.date(2014, 12, 11),
    )
    reached = Activity.objects.with_reach().get(pk=activity.pk)
    assert (reached.people, reached.women, reached.youth) == (200, 130, 30)
    assert reached.women_share == Decimal("65.0")
    assert sorted(update.reach.values_list("age_band", "count")) == [("0-13", 20), ("14-17", 30)]
    assert list(criterion.progress.values_list("progress", flat=True)) == [
        "Children of both schools played together."
    ]
