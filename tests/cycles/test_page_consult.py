"""Logging a consultation with its concerns, the consultation page, and prioritisation."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cycles.models import (
    Attendance,
    Commitment,
    Concern,
    ConcernSource,
    Consultation,
    EthnicAttendance,
    PriorityScore,
    SensitiveConcernRead,
)
from tests.cycles.factories import (
    AttendanceFactory,
    ConcernFactory,
    ConcernSourceFactory,
    ConsultationFactory,
    PriorityScoreFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, facilitator_a):
    client.force_login(facilitator_a)
    return client


def add_url(group) -> str:
    return reverse("cycles:consultation-add", args=[group.pk])


def consultation_data(**changes) -> dict:
    data = {
        "kind": Consultation.Kind.WOMEN,
        "held_on": "2014-04-10",
        "place": "Somonion school hall",
        "topic": "",
        "police_attended": "on",
        "notes": "Held after the harvest.",
        "attendance-female_18_28": "12",
        "attendance-female_29_45": "7",
        "attendance-male_60plus": "2",
        "ethnic-tajik": "15",
        "ethnic-kyrgyz": "4",
        "concerns-TOTAL_FORMS": "2",
        "concerns-INITIAL_FORMS": "0",
        "concerns-MIN_NUM_FORMS": "0",
        "concerns-MAX_NUM_FORMS": "30",
        "concerns-0-title": "Wolves at the water stream",
        "concerns-0-category": Concern.Category.NATURAL_RESOURCES,
        "concerns-0-raised_by": ["women"],
        "concerns-0-sensitivity": "normal",
        "concerns-1-title": "Beatings at home",
        "concerns-1-description": "Told by two women after the meeting.",
        "concerns-1-category": Concern.Category.GENDER_VIOLENCE,
        "concerns-1-raised_by": ["women", "ethnic_group"],
        "concerns-1-ethnicity": "tajik",
        "concerns-1-sensitivity": "highly_sensitive",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


# Logging a consultation ---------------------------------------------------------------------


def test_the_form_starts_with_today_and_the_open_cycle(signed_in, group_a, cycle_a):
    response = signed_in.get(add_url(group_a))

    assert response.context["cycle"] == cycle_a
    assert response.context["form"]["held_on"].value() == timezone.localdate()
    assert 'inputmode="numeric"' in response.text
    assert 'name="concerns-TOTAL_FORMS"' in response.text
    assert 'id="concern-empty-form"' in response.text


def test_a_consultation_with_attendance_and_two_concerns_is_stored(
    signed_in, group_a, cycle_a, facilitator_a
):
    response = signed_in.post(add_url(group_a), consultation_data())

    consultation = Consultation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == consultation.get_absolute_url()
    assert (consultation.group, consultation.cycle, consultation.facilitator) == (
        group_a,
        cycle_a,
        facilitator_a,
    )
    assert consultation.kind == Consultation.Kind.WOMEN
    assert consultation.held_on == datetime.date(2014, 4, 10)
    assert consultation.police_attended and not consultation.local_authority_attended
    assert set(Attendance.objects.values_list("gender", "age_band", "count")) == {
        ("female", "18-28", 12),
        ("female", "29-45", 7),
        ("male", "60+", 2),
    }
    assert set(EthnicAttendance.objects.values_list("ethnicity", "count")) == {
        ("tajik", 15),
        ("kyrgyz", 4),
    }
    wolves, beatings = Concern.objects.order_by("-title")
    assert (wolves.title, wolves.cycle, wolves.sensitivity) == (
        "Wolves at the water stream",
        cycle_a,
        "normal",
    )
    assert beatings.sensitivity == Concern.Sensitivity.HIGHLY_SENSITIVE
    assert beatings.description == "Told by two women after the meeting."
    assert set(beatings.raised_by.values_list("who", "ethnicity")) == {
        ("ethnic_group", "tajik"),
        ("women", ""),
    }
    assert list(wolves.raised_at.all()) == [consultation]
    assert list(beatings.raised_at.all()) == [consultation]


def test_empty_concern_forms_are_skipped(signed_in, group_a, cycle_a):
    data = consultation_data(**{f"concerns-1-{name}": None for name in ["title", "description"]})
    data.pop("concerns-1-category")
    data.pop("concerns-1-raised_by")
    data.pop("concerns-1-ethnicity")
    data["concerns-1-sensitivity"] = "normal"

    signed_in.post(add_url(group_a), data)

    assert list(Concern.objects.values_list("title", flat=True)) == ["Wolves at the water stream"]


@pytest.mark.parametrize(
    ("changes", "part", "message"),
    [
        ({"held_on": "2099-01-01"}, "Consultation details", "The date cannot be in the future."),
        ({"attendance-female_18_28": "-3"}, "Attendance by gender and age", "greater than"),
        (
            {
                "attendance-female_18_28": "",
                "attendance-female_29_45": "",
                "attendance-male_60plus": "",
            },
            "Attendance by gender and age",
            "Count who came: at least one person.",
        ),
        ({"ethnic-uzbek": "99"}, "Attendance by ethnic group", "but 21 attended in all"),
        ({"concerns-1-ethnicity": ""}, "Concern 2", "Say which ethnic group raised it."),
        ({"concerns-0-raised_by": None}, "Concern 1", "This field is required."),
        ({"attendance-female_18_28": "99999999999999999999"}, "Attendance", "less than"),
    ],
)
def test_invalid_input_anywhere_stores_nothing_and_keeps_what_was_typed(
    signed_in, group_a, cycle_a, changes, part, message
):
    response = signed_in.post(add_url(group_a), consultation_data(**changes))

    assert response.status_code == 200
    assert any(item.startswith(part) for item in response.context["summary"])
    assert message in response.text
    assert (
        Consultation.objects.count() == Concern.objects.count() == Attendance.objects.count() == 0
    )
    assert 'value="Somonion school hall"' in response.text
    assert 'value="Wolves at the water stream"' in response.text
    assert "Told by two women after the meeting." in response.text
    assert 'value="15"' in response.text


@pytest.mark.parametrize("total", ["31", str(2**31), str(2**63)])
def test_a_count_of_concerns_past_thirty_is_refused_without_building_them(
    signed_in, group_a, cycle_a, total
):
    response = signed_in.post(
        add_url(group_a), consultation_data(**{"concerns-TOTAL_FORMS": total})
    )

    assert response.status_code == 200
    assert "Please submit at most 30 forms." in response.text
    assert len(response.context["concerns"].forms) <= 30
    assert Consultation.objects.count() == Concern.objects.count() == 0


def test_a_refused_concern_undoes_the_consultation(signed_in, group_a, cycle_a, monkeypatch):
    from django.core.exceptions import ValidationError

    from cycles import services

    def refuse(*args, **kwargs):
        raise ValidationError("The cycle is closed.")

    monkeypatch.setattr(services, "raise_concerns", refuse)

    response = signed_in.post(add_url(group_a), consultation_data())

    assert "The cycle is closed." in response.text
    assert Consultation.objects.count() == Attendance.objects.count() == 0


def test_a_refusal_of_one_concern_shows_beside_it(signed_in, group_a, cycle_a, monkeypatch):
    from django.core.exceptions import ValidationError

    from cycles import services

    def refuse(*args, **kwargs):
        raise ValidationError({"1": ["Not this one."]})

    monkeypatch.setattr(services, "raise_concerns", refuse)

    response = signed_in.post(add_url(group_a), consultation_data())

    concern_forms = response.context["concerns"].forms
    assert concern_forms[1].non_field_errors() == ["Not this one."]
    assert not concern_forms[0].errors
    assert Consultation.objects.count() == 0


def test_an_event_without_an_open_cycle_is_recorded_outside_any_cycle(signed_in, group_a):
    data = consultation_data(
        kind=Consultation.Kind.TRUST_BUILDING, **{"concerns-TOTAL_FORMS": None}
    )
    data = {key: value for key, value in data.items() if not key.startswith("concerns-")}

    response = signed_in.get(add_url(group_a))
    assert response.context["concerns"] is None
    assert "Concerns can only be raised at consultations of an open cycle" in response.text
    assert 'name="concerns-TOTAL_FORMS"' not in response.text

    signed_in.post(add_url(group_a), data)

    consultation = Consultation.objects.get()
    assert (consultation.kind, consultation.cycle) == (Consultation.Kind.TRUST_BUILDING, None)
    assert Concern.objects.count() == 0


def test_a_trust_building_event_stays_outside_the_open_cycle(signed_in, group_a, cycle_a):
    data = {
        key: value
        for key, value in consultation_data(kind=Consultation.Kind.TRUST_BUILDING).items()
        if not key.startswith("concerns-") or key.endswith("_FORMS")
    }
    data["concerns-TOTAL_FORMS"] = "0"

    signed_in.post(add_url(group_a), data)

    assert Consultation.objects.get().cycle is None


def test_concerns_cannot_be_raised_at_a_trust_building_event(signed_in, group_a, cycle_a):
    response = signed_in.post(
        add_url(group_a), consultation_data(kind=Consultation.Kind.TRUST_BUILDING)
    )

    assert "no concerns can be raised at it" in response.text
    assert Consultation.objects.count() == Concern.objects.count() == 0


def test_a_group_led_consultation_has_no_facilitator(signed_in, group_a, cycle_a):
    signed_in.post(add_url(group_a), consultation_data(group_led="on"))

    assert Consultation.objects.get().facilitator is None


def test_another_organisations_group_is_not_found(signed_in, group_b, cycle_b):
    assert signed_in.get(add_url(group_b)).status_code == 404
    assert signed_in.post(add_url(group_b), consultation_data()).status_code == 404
    assert Consultation.objects.count() == 0


def test_donors_are_refused(client, group_a, cycle_a, donor_a):
    client.force_login(donor_a)

    assert client.post(add_url(group_a), consultation_data()).status_code == 403
    assert Consultation.objects.count() == 0


def test_the_form_page_has_a_query_budget(
    signed_in, group_a, cycle_a, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        signed_in.get(add_url(group_a))


# The consultation page ------------------------------------------------------------------------


@pytest.fixture
def consultation(cycle_a):
    consultation = ConsultationFactory(cycle=cycle_a, place="Somonion mosque")
    for gender, band, count in [
        ("female", "18-28", 6),
        ("female", "46-59", 2),
        ("male", "29-45", 2),
    ]:
        AttendanceFactory(consultation=consultation, gender=gender, age_band=band, count=count)
    return consultation


def detail_url(consultation) -> str:
    return reverse("cycles:consultation-detail", args=[consultation.pk])


def test_the_page_shows_attendance_with_totals_and_shares(signed_in, consultation):
    response = signed_in.get(detail_url(consultation))

    table = response.context["attendance"]
    assert table["totals"] == [8, 2]
    assert [(label, counts, total) for label, counts, total in table["rows"]][0][1:] == ([6, 0], 6)
    assert "80% women, 60% youth" in response.text


def test_highly_sensitive_concerns_are_masked_for_other_readers_and_reads_logged(
    client, signed_in, consultation, partner_a, facilitator_a
):
    secret = ConcernFactory(
        cycle=consultation.cycle,
        title="Beatings at home",
        sensitivity=Concern.Sensitivity.HIGHLY_SENSITIVE,
    )
    secret.raised_at.add(consultation)

    assert "Beatings at home" in signed_in.get(detail_url(consultation)).text
    assert SensitiveConcernRead.objects.get().user == facilitator_a

    client.force_login(partner_a)
    response = client.get(detail_url(consultation))
    assert "Beatings at home" not in response.text
    assert secret.masked_label in response.text
    assert SensitiveConcernRead.objects.count() == 1


def test_the_page_has_a_query_budget(signed_in, consultation, django_assert_max_num_queries):
    for number in range(5):
        concern = ConcernFactory(cycle=consultation.cycle)
        ConcernSourceFactory(concern=concern)
        concern.raised_at.add(consultation)
        Commitment.objects.create(
            consultation=consultation, body="police", made_by=f"Chief {number}", what="Patrols"
        )

    with django_assert_max_num_queries(14):
        response = signed_in.get(detail_url(consultation))
    assert len(response.context["concerns"]) == 5


def test_a_commitment_is_added(signed_in, consultation):
    response = signed_in.post(
        reverse("cycles:commitment-add", args=[consultation.pk]),
        {
            "body": "police",
            "made_by": "District police chief",
            "what": "Patrol the stream",
            "due_on": "2014-06-01",
        },
    )

    assert response.status_code == 302
    commitment = Commitment.objects.get()
    assert (commitment.consultation, commitment.made_by, commitment.due_on) == (
        consultation,
        "District police chief",
        datetime.date(2014, 6, 1),
    )


def test_a_commitment_due_before_the_meeting_is_refused(signed_in, consultation):
    response = signed_in.post(
        reverse("cycles:commitment-add", args=[consultation.pk]),
        {
            "body": "police",
            "made_by": "District police chief",
            "what": "Patrol",
            "due_on": "2000-01-01",
        },
    )

    assert "The deadline cannot be before the meeting." in response.text
    assert 'value="District police chief"' in response.text
    assert Commitment.objects.count() == 0


def test_a_commitment_at_another_organisations_consultation_is_not_found(signed_in, cycle_b):
    other = ConsultationFactory(cycle=cycle_b)
    response = signed_in.post(
        reverse("cycles:commitment-add", args=[other.pk]),
        {"body": "police", "made_by": "Chief", "what": "Patrol"},
    )

    assert response.status_code == 404
    assert Commitment.objects.count() == 0


# Prioritisation ----------------------------------------------------------------------------------


@pytest.fixture
def concerns(cycle_a):
    wolves = ConcernFactory(cycle=cycle_a, title="Wolves at the water stream")
    lighting = ConcernFactory(cycle=cycle_a, title="No street lighting")
    PriorityScoreFactory(
        concern=wolves, seriousness=3, people_affected=3, solvable_locally=3, consensus=3
    )
    PriorityScoreFactory(
        concern=lighting, seriousness=2, people_affected=2, solvable_locally=2, consensus=2
    )
    return wolves, lighting


def score_data(concern, *values) -> dict:
    names = ["seriousness", "people_affected", "solvable_locally", "consensus"]
    return {
        f"concern-{concern.pk}-{name}": value for name, value in zip(names, values, strict=True)
    }


def test_the_page_ranks_concerns_by_score(signed_in, cycle_a, concerns):
    response = signed_in.get(reverse("cycles:priorities", args=[cycle_a.pk]))

    assert [concern.title for concern, _form in response.context["rows"]] == [
        "Wolves at the water stream",
        "No street lighting",
    ]
    assert "Score 12 of 20" in response.text


def test_scoring_through_htmx_returns_the_list_ranked_again(signed_in, cycle_a, concerns):
    wolves, lighting = concerns

    response = signed_in.post(
        reverse("cycles:concern-score", args=[lighting.pk]),
        score_data(lighting, 5, 5, 4, 5),
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    assert response.text.lstrip().startswith("{% load") is False
    assert '<div id="priority-list"' in response.text
    assert "<html" not in response.text
    assert response.text.index("No street lighting") < response.text.index("Wolves at the water")
    assert "Score 19 of 20" in response.text
    score = PriorityScore.objects.get(concern=lighting)
    assert (score.seriousness, score.people_affected, score.solvable_locally, score.consensus) == (
        5,
        5,
        4,
        5,
    )


def test_scoring_without_htmx_redirects_back(signed_in, cycle_a, concerns):
    _wolves, lighting = concerns

    response = signed_in.post(
        reverse("cycles:concern-score", args=[lighting.pk]), score_data(lighting, 1, 1, 1, 1)
    )

    assert (
        response["Location"]
        == reverse("cycles:priorities", args=[cycle_a.pk]) + f"#concern-{lighting.pk}"
    )
    assert PriorityScore.objects.get(concern=lighting).seriousness == 1


def test_an_invalid_score_is_shown_beside_the_field_and_stores_nothing(
    signed_in, cycle_a, concerns
):
    _wolves, lighting = concerns

    response = signed_in.post(
        reverse("cycles:concern-score", args=[lighting.pk]),
        score_data(lighting, 9, 2, "", 2),
        HTTP_HX_REQUEST="true",
    )

    assert "Select a valid choice" in response.text
    assert "This field is required." in response.text
    assert PriorityScore.objects.get(concern=lighting).seriousness == 2


def test_scoring_another_organisations_concern_is_not_found(signed_in, cycle_b):
    other = ConcernFactory(cycle=cycle_b)

    response = signed_in.post(
        reverse("cycles:concern-score", args=[other.pk]), score_data(other, 5, 5, 5, 5)
    )

    assert response.status_code == 404
    assert not PriorityScore.objects.exists()


def test_the_priorities_page_has_a_query_budget(signed_in, cycle_a, django_assert_max_num_queries):
    for number in range(6):
        concern = ConcernFactory(cycle=cycle_a)
        ConcernSourceFactory(concern=concern)
        PriorityScoreFactory(concern=concern, seriousness=1 + number % 5)

    with django_assert_max_num_queries(14):
        response = signed_in.get(reverse("cycles:priorities", args=[cycle_a.pk]))
    assert len(response.context["rows"]) == 6


def test_marking_priorities(signed_in, cycle_a, concerns):
    wolves, lighting = concerns
    url = reverse("cycles:priorities-mark", args=[cycle_a.pk])

    assert signed_in.get(url).status_code == 200
    assert Concern.objects.filter(status=Concern.Status.PRIORITISED).count() == 0

    response = signed_in.post(url, {"concerns": [wolves.pk]})

    assert response.status_code == 302
    wolves.refresh_from_db()
    lighting.refresh_from_db()
    assert (wolves.status, lighting.status) == (Concern.Status.PRIORITISED, Concern.Status.OPEN)


def test_marking_nothing_or_another_groups_concern_is_refused(
    signed_in, cycle_a, cycle_b, concerns
):
    other = ConcernFactory(cycle=cycle_b)
    url = reverse("cycles:priorities-mark", args=[cycle_a.pk])

    assert "Tick at least one concern." in signed_in.post(url, {}).text
    response = signed_in.post(url, {"concerns": [other.pk]})

    assert "Select a valid choice" in response.text
    assert not Concern.objects.filter(status=Concern.Status.PRIORITISED).exists()


def test_dropping_a_concern_needs_a_reason(signed_in, cycle_a, concerns):
    wolves, _lighting = concerns
    url = reverse("cycles:concern-drop", args=[wolves.pk])

    response = signed_in.post(url, {"reason": "  "})
    assert "This field is required." in response.text
    wolves.refresh_from_db()
    assert wolves.status == Concern.Status.OPEN

    response = signed_in.post(url, {"reason": "The district already fences the stream."})

    assert response.status_code == 302
    wolves.refresh_from_db()
    assert (wolves.status, wolves.status_note) == (
        Concern.Status.DROPPED,
        "The district already fences the stream.",
    )


def test_dropping_another_organisations_concern_is_not_found(signed_in, cycle_b):
    other = ConcernFactory(cycle=cycle_b)

    assert (
        signed_in.post(reverse("cycles:concern-drop", args=[other.pk]), {"reason": "x"}).status_code
        == 404
    )
    other.refresh_from_db()
    assert other.status == Concern.Status.OPEN


def test_the_scoring_page_masks_highly_sensitive_concerns(client, cycle_a, partner_a):
    ConcernFactory(cycle=cycle_a, title="Beatings at home", sensitivity="highly_sensitive")
    client.force_login(partner_a)

    response = client.get(reverse("cycles:priorities", args=[cycle_a.pk]))

    assert "Beatings at home" not in response.text
    assert "Highly sensitive concern #" in response.text
    assert not SensitiveConcernRead.objects.exists()
    assert ConcernSource.objects.count() == 0
