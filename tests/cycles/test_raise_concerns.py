"""raise_concerns: several concerns of a consultation at once, in a fixed number of queries."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cycles import services
from cycles.models import Concern, ConcernSource
from tests.cycles.factories import ConsultationFactory, CycleFactory

pytestmark = pytest.mark.django_db

WOLVES = services.NewConcern(
    title="Wolves at the water stream", category="natural_resources", raised_by=["women"]
)


def several(count: int) -> list[services.NewConcern]:
    return [
        services.NewConcern(
            title=f"Concern {number}",
            category="crime",
            raised_by=["youth", ("ethnic_group", "uzbek")],
            sensitivity="highly_sensitive" if number == 0 else "normal",
        )
        for number in range(count)
    ]


def test_it_records_the_concerns_their_voices_and_where_they_were_heard(cycle_a, facilitator_a):
    consultation = ConsultationFactory(cycle=cycle_a)

    concerns = services.raise_concerns(
        cycle_a, facilitator_a, [WOLVES, *several(2)], consultations=[consultation]
    )

    assert [concern.title for concern in concerns] == [
        "Wolves at the water stream",
        "Concern 0",
        "Concern 1",
    ]
    stored = Concern.objects.get(title="Concern 0")
    assert stored.sensitivity == "highly_sensitive"
    assert list(stored.raised_at.all()) == [consultation]
    assert sorted(stored.raised_by.values_list("who", "ethnicity")) == [
        ("ethnic_group", "uzbek"),
        ("youth", ""),
    ]
    assert stored.history.get().history_user == facilitator_a
    assert ConcernSource.history.filter(concern_id=stored.pk).count() == 2


def test_it_takes_as_many_queries_for_five_concerns_as_for_one(cycle_a, facilitator_a):
    consultation = ConsultationFactory(cycle=cycle_a)
    counts = []
    for count in (1, 5):
        with CaptureQueriesContext(connection) as queries:
            services.raise_concerns(
                cycle_a, facilitator_a, several(count), consultations=[consultation]
            )
        counts.append(len(queries))

    assert counts[0] == counts[1]
    assert Concern.objects.count() == 6


def test_a_refusal_names_the_concern_and_stores_nothing(cycle_a, facilitator_a):
    unnamed = services.NewConcern(
        title="Fights", category="crime", raised_by=[("ethnic_group", "")]
    )
    nobody = services.NewConcern(title="Thefts", category="crime", raised_by=[])

    with pytest.raises(ValidationError) as refused:
        services.raise_concerns(cycle_a, facilitator_a, [WOLVES, unnamed, nobody])

    assert refused.value.message_dict == {
        "1": ["Name the ethnic group when, and only when, an ethnic group raised it."],
        "2": ["Say who raised the concern."],
    }
    assert not Concern.objects.exists()


def test_it_refuses_a_closed_cycle_and_another_groups_consultation(cycle_a, facilitator_a):
    elsewhere = ConsultationFactory(cycle=CycleFactory())
    with pytest.raises(ValidationError, match="own consultations"):
        services.raise_concerns(cycle_a, facilitator_a, [WOLVES], consultations=[elsewhere])

    closed = CycleFactory(step=5, closed_on=cycle_a.started_on)
    with pytest.raises(ValidationError, match="is closed"):
        services.raise_concerns(closed, facilitator_a, [WOLVES])
    assert not Concern.objects.exists()
