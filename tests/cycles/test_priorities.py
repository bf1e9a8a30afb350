"""Scoring and ranking concerns, per perspective, and the flag on women's and youth's concerns."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from communities.models import Ethnicity
from cycles import selectors, services
from cycles.models import Concern, ConcernSource, PriorityScore
from tests.cycles.factories import (
    ConcernFactory,
    ConcernSourceFactory,
    ConsultationFactory,
    PriorityScoreFactory,
)

pytestmark = pytest.mark.django_db

Perspective = PriorityScore.Perspective


def score(concern, total_parts, perspective=Perspective.WHOLE_GROUP, ethnicity=""):
    seriousness, people, solvable, consensus = total_parts
    return PriorityScoreFactory(
        concern=concern,
        perspective=perspective,
        ethnicity=ethnicity,
        seriousness=seriousness,
        people_affected=people,
        solvable_locally=solvable,
        consensus=consensus,
    )


def test_concerns_are_ranked_by_the_whole_groups_score(cycle_a, facilitator_a):
    lighting = ConcernFactory(cycle=cycle_a, title="Street lighting")
    wolves = ConcernFactory(cycle=cycle_a, title="Wolves at the stream")
    fights = ConcernFactory(cycle=cycle_a, title="Fights after school")
    unscored = ConcernFactory(cycle=cycle_a, title="Bride kidnapping")
    score(lighting, (3, 4, 5, 5))  # 17
    score(wolves, (5, 4, 4, 5))  # 18
    score(fights, (4, 4, 4, 5))  # 17
    score(fights, (1, 1, 1, 1), Perspective.YOUTH)

    ranked = selectors.ranked_concerns(cycle_a, facilitator_a)

    assert [(c.title, c.rank, c.score) for c in ranked] == [
        ("Wolves at the stream", 1, 18),
        # Equal group scores: the average over all perspectives breaks the tie.
        ("Street lighting", 2, 17),
        ("Fights after school", 3, 17),
        ("Bride kidnapping", 4, None),
    ]
    assert ranked[2].average_score == pytest.approx(10.5)
    assert unscored.title == ranked[3].title


def test_a_perspective_has_its_own_ranking(cycle_a, facilitator_a):
    lighting = ConcernFactory(cycle=cycle_a, title="Street lighting")
    wolves = ConcernFactory(cycle=cycle_a, title="Wolves at the stream")
    score(lighting, (4, 4, 4, 4))
    score(wolves, (3, 3, 3, 3))
    score(lighting, (2, 2, 2, 2), Perspective.WOMEN)
    score(wolves, (5, 5, 5, 5), Perspective.WOMEN)

    ranked = selectors.ranked_concerns(cycle_a, facilitator_a, perspective=Perspective.WOMEN)

    assert [(c.title, c.rank, c.score) for c in ranked] == [
        ("Wolves at the stream", 1, 20),
        ("Street lighting", 2, 8),
    ]


def test_perspectives_are_shown_side_by_side(cycle_a, facilitator_a):
    wolves = ConcernFactory(cycle=cycle_a, title="Wolves at the stream")
    fights = ConcernFactory(cycle=cycle_a, title="Fights after school")
    score(wolves, (5, 4, 4, 5))
    score(wolves, (5, 5, 5, 5), Perspective.WOMEN)
    score(fights, (3, 3, 3, 3))
    score(fights, (5, 5, 4, 4), Perspective.YOUTH)
    score(fights, (2, 2, 2, 2), Perspective.ETHNIC_GROUP, Ethnicity.UZBEK)

    table = selectors.perspective_scores(cycle_a, facilitator_a)

    assert [label for _p, _e, label in table.columns] == [
        "Whole group",
        "Women",
        "Youth",
        "An ethnic group: Uzbek",
    ]
    assert [(concern.title, values) for concern, values in table.rows] == [
        ("Wolves at the stream", [18, 20, None, None]),
        ("Fights after school", [12, None, 18, 8]),
    ]


def test_a_concern_raised_only_by_women_or_youth_is_flagged(cycle_a, facilitator_a):
    wolves = ConcernFactory(cycle=cycle_a, title="Wolves at the stream")
    ConcernSourceFactory(concern=wolves, who=ConcernSource.Who.WOMEN)
    extortion = ConcernFactory(cycle=cycle_a, title="Extortion at school")
    ConcernSourceFactory(concern=extortion, who=ConcernSource.Who.WOMEN)
    ConcernSourceFactory(concern=extortion, who=ConcernSource.Who.YOUTH)
    lighting = ConcernFactory(cycle=cycle_a, title="Street lighting")
    ConcernSourceFactory(concern=lighting, who=ConcernSource.Who.WOMEN)
    ConcernSourceFactory(concern=lighting, who=ConcernSource.Who.ELDERS)
    ConcernFactory(cycle=cycle_a, title="Nobody recorded")

    flags = dict(Concern.objects.with_flags().values_list("title", "women_youth_only"))

    assert flags == {
        "Wolves at the stream": True,
        "Extortion at school": True,
        "Street lighting": False,
        "Nobody recorded": False,
    }
    ranked = {
        c.title: c.women_youth_only for c in selectors.ranked_concerns(cycle_a, facilitator_a)
    }
    assert ranked["Wolves at the stream"] is True


def test_score_concern_replaces_the_score_of_the_same_perspective(cycle_a, facilitator_a):
    concern = ConcernFactory(cycle=cycle_a)
    services.score_concern(
        concern, facilitator_a, seriousness=2, people_affected=2, solvable_locally=2, consensus=2
    )

    services.score_concern(
        concern, facilitator_a, seriousness=5, people_affected=4, solvable_locally=3, consensus=2
    )

    assert list(concern.scores.values_list("seriousness", "people_affected")) == [(5, 4)]


@pytest.mark.parametrize("value", [0, 6])
def test_scores_stay_between_1_and_5(cycle_a, facilitator_a, value):
    concern = ConcernFactory(cycle=cycle_a)

    with pytest.raises(ValidationError) as error:
        services.score_concern(
            concern,
            facilitator_a,
            seriousness=value,
            people_affected=3,
            solvable_locally=3,
            consensus=3,
        )
    assert "seriousness" in error.value.message_dict
    with pytest.raises(IntegrityError):
        PriorityScoreFactory(concern=concern, seriousness=value)


def test_an_ethnic_groups_perspective_names_the_group(cycle_a, facilitator_a):
    concern = ConcernFactory(cycle=cycle_a)

    with pytest.raises(ValidationError) as error:
        services.score_concern(
            concern,
            facilitator_a,
            seriousness=3,
            people_affected=3,
            solvable_locally=3,
            consensus=3,
            perspective=Perspective.ETHNIC_GROUP,
        )

    assert error.value.messages == [
        "Name the ethnic group when, and only when, scoring from its perspective."
    ]


def test_raise_concern_records_who_raised_it_and_where(cycle_a, facilitator_a):
    meeting = ConsultationFactory(cycle=cycle_a)

    concern = services.raise_concern(
        cycle_a,
        facilitator_a,
        title="Tension at the water distribution",
        category=Concern.Category.INTER_ETHNIC,
        raised_by=[ConcernSource.Who.ELDERS, (ConcernSource.Who.ETHNIC_GROUP, Ethnicity.TAJIK)],
        consultations=[meeting],
        sensitivity=Concern.Sensitivity.SENSITIVE,
    )

    assert sorted(str(source) for source in concern.raised_by.all()) == [
        "An ethnic group: Tajik",
        "Elders",
    ]
    assert list(concern.raised_at.all()) == [meeting]


def test_a_concern_cannot_be_raised_at_another_groups_consultation(cycle_a, facilitator_a):
    elsewhere = ConsultationFactory()

    with pytest.raises(ValidationError) as error:
        services.raise_concern(
            cycle_a,
            facilitator_a,
            title="Wolves",
            category=Concern.Category.OTHER,
            raised_by=[ConcernSource.Who.WOMEN],
            consultations=[elsewhere],
        )

    assert error.value.messages == [
        "A concern can only be raised at the group's own consultations."
    ]


def test_dropping_a_concern_needs_a_reason(cycle_a, facilitator_a):
    concern = ConcernFactory(cycle=cycle_a)

    with pytest.raises(ValidationError) as error:
        services.drop_concern(concern, facilitator_a, " ")

    assert error.value.messages == [
        "Say why the concern is dropped, so that it is not lost silently."
    ]
    services.drop_concern(concern, facilitator_a, "The district akimiat already handles it.")
    concern.refresh_from_db()
    assert (concern.status, concern.status_note) == (
        "dropped",
        "The district akimiat already handles it.",
    )


def test_only_open_concerns_are_prioritised(cycle_a, facilitator_a):
    concern = ConcernFactory(cycle=cycle_a, status=Concern.Status.RESOLVED)

    with pytest.raises(ValidationError) as error:
        services.prioritise([concern], facilitator_a)

    assert error.value.messages == [f"“{concern.title}” is resolved and cannot be prioritised."]


def test_a_concern_needs_to_say_who_raised_it(cycle_a, facilitator_a):
    with pytest.raises(ValidationError) as error:
        services.raise_concern(
            cycle_a, facilitator_a, title="Wolves", category="other", raised_by=[]
        )

    assert error.value.messages == ["Say who raised the concern."]
    assert not Concern.objects.exists()


def test_resolving_a_concern_keeps_how_it_was_resolved(cycle_a, facilitator_a):
    concern = ConcernFactory(cycle=cycle_a, status=Concern.Status.BEING_ADDRESSED)

    services.resolve_concern(concern, facilitator_a, "The fence keeps the wolves away.")

    concern.refresh_from_db()
    assert (concern.status, concern.status_note) == (
        "resolved",
        "The fence keeps the wolves away.",
    )
    assert concern.history.first().history_user == facilitator_a
