"""Starting the next cycle: unresolved concerns carry over and their history stays."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from cycles import services
from cycles.models import Concern, ConcernSource, Cycle
from tests.cycles.factories import (
    ConcernFactory,
    ConcernSourceFactory,
    ConsultationFactory,
    CycleFactory,
    PriorityScoreFactory,
)

pytestmark = pytest.mark.django_db

Status = Concern.Status
CLOSED = datetime.date(2014, 12, 1)


@pytest.fixture
def closed_cycle(group_a):
    return CycleFactory(
        group=group_a,
        number=1,
        step=5,
        closed_on=CLOSED,
        facilitation=Cycle.Facilitation.CO_FACILITATED,
    )


def test_the_next_cycle_carries_over_every_unresolved_concern(closed_cycle, facilitator_a):
    meeting = ConsultationFactory(cycle=closed_cycle)
    kept = {}
    for status in [Status.OPEN, Status.PRIORITISED, Status.BEING_ADDRESSED]:
        concern = ConcernFactory(
            cycle=closed_cycle,
            title=f"Still {status}",
            sensitivity=Concern.Sensitivity.SENSITIVE,
            status=status,
        )
        ConcernSourceFactory(concern=concern, who=ConcernSource.Who.WOMEN)
        ConcernSourceFactory(concern=concern, who=ConcernSource.Who.ETHNIC_GROUP, ethnicity="uzbek")
        concern.raised_at.add(meeting)
        PriorityScoreFactory(concern=concern)
        kept[concern.pk] = concern
    ConcernFactory(cycle=closed_cycle, title="Lighting", status=Status.RESOLVED)
    ConcernFactory(cycle=closed_cycle, title="Dropped", status=Status.DROPPED, status_note="No")

    new = services.start_next_cycle(closed_cycle, facilitator_a, datetime.date(2015, 2, 1))

    assert (new.number, new.step, new.previous, new.group) == (
        2,
        1,
        closed_cycle,
        closed_cycle.group,
    )
    assert new.facilitation == Cycle.Facilitation.CO_FACILITATED
    carried = new.concerns.order_by("title")
    assert [c.title for c in carried] == [
        "Still being_addressed",
        "Still open",
        "Still prioritised",
    ]
    for concern in carried:
        old = kept[concern.carried_from_id]
        status_before = old.status
        assert (concern.category, concern.sensitivity, concern.status) == (
            old.category,
            "sensitive",
            Status.OPEN,
        )
        assert sorted(concern.raised_by.values_list("who", "ethnicity")) == [
            ("ethnic_group", "uzbek"),
            ("women", ""),
        ]
        old.refresh_from_db()
        assert old.status == Status.CARRIED_OVER
        # The old concern keeps its scores, its consultations and its history.
        assert old.scores.count() == 1
        assert list(old.raised_at.all()) == [meeting]
        history = old.history.order_by("history_date").values_list("status", "history_user")
        assert list(history) == [(status_before, None), ("carried_over", facilitator_a.pk)]
    assert sorted(closed_cycle.concerns.values_list("status", flat=True)) == [
        "carried_over",
        "carried_over",
        "carried_over",
        "dropped",
        "resolved",
    ]


def test_the_next_cycle_may_change_who_facilitates(closed_cycle, facilitator_a):
    new = services.start_next_cycle(
        closed_cycle, facilitator_a, datetime.date(2015, 2, 1), Cycle.Facilitation.GROUP_LED
    )

    assert new.facilitation == Cycle.Facilitation.GROUP_LED
    assert list(new.step_changes.values_list("action", "to_step")) == [("started", 1)]


def test_an_open_cycle_has_no_next_cycle_yet(cycle_a, facilitator_a):
    with pytest.raises(ValidationError) as error:
        services.start_next_cycle(cycle_a, facilitator_a, datetime.date(2015, 2, 1))

    assert error.value.messages == ["Close this cycle before starting the next one."]


def test_a_cycle_is_followed_only_once(closed_cycle, facilitator_a):
    new = services.start_next_cycle(closed_cycle, facilitator_a, datetime.date(2015, 2, 1))
    new.step, new.closed_on = 5, datetime.date(2015, 12, 1)
    new.save()

    with pytest.raises(ValidationError) as error:
        services.start_next_cycle(closed_cycle, facilitator_a, datetime.date(2016, 2, 1))

    assert error.value.messages == ["This cycle has already been followed by another one."]


def test_the_next_cycle_cannot_start_before_the_close(closed_cycle, facilitator_a):
    with pytest.raises(ValidationError) as error:
        services.start_next_cycle(closed_cycle, facilitator_a, datetime.date(2014, 11, 30))

    assert error.value.messages == [
        "The next cycle cannot start before this one closed (2014-12-01)."
    ]
    assert not Cycle.objects.filter(previous=closed_cycle).exists()
