"""Highly sensitive concerns: everyone in scope sees one exists and its category; only the
group's facilitators, partner staff given the permission and administrators read its text,
and each opening of its page is written to the access log."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser, Permission
from django.urls import reverse

from communities.models import User
from cycles import selectors
from cycles.models import Concern, PriorityScore, SensitiveConcernRead
from tests.cycles.factories import (
    ActionPlanFactory,
    ConcernFactory,
    CycleFactory,
    PriorityScoreFactory,
)
from tests.factories import GroupFactory, UserFactory

pytestmark = pytest.mark.django_db

HIGHLY = Concern.Sensitivity.HIGHLY_SENSITIVE
TITLE = "Husbands beating wives after the bazaar closes"
DESCRIPTION = "Three women of the upper mahalla told the council of women."
NOTE = "Taken up with the neighbourhood inspector in private."
LABEL = "Highly sensitive concern #{pk} (Domestic and gender-based violence)"


@pytest.fixture
def violence(cycle_a):
    return ConcernFactory(
        cycle=cycle_a,
        title=TITLE,
        description=DESCRIPTION,
        status_note=NOTE,
        category=Concern.Category.GENDER_VIOLENCE,
        sensitivity=HIGHLY,
    )


def allow_reading(user) -> User:
    user.user_permissions.add(Permission.objects.get(codename="view_highly_sensitive_concern"))
    return User.objects.get(pk=user.pk)  # a fresh object: permissions are cached


@pytest.fixture
def reader_a(partner_a):
    """Partner staff of org A holding the explicit permission."""
    return allow_reading(partner_a)


@pytest.fixture
def colleague_a(org_a):
    """A facilitator of org A who does not work with the concern's group."""
    return UserFactory(username="colleague_a", organisation=org_a, role=User.Role.FACILITATOR)


@pytest.fixture
def administrator(db):
    return UserFactory(username="administrator", organisation=None, role=User.Role.ADMIN)


def url(model, view, *args):
    return reverse(f"admin:cycles_{model._meta.model_name}_{view}", args=args)


# --- Who may read the text --------------------------------------------------------------

READS = {
    "facilitator_a": True,  # assigned to the concern's group
    "reader_a": True,
    "superuser": True,
    "administrator": True,
    "partner_a": False,  # of the right organisation, without the permission
    "colleague_a": False,
    "donor_a": False,
    "facilitator_b": False,
    "partner_b": False,
}


@pytest.mark.parametrize(("user_fixture", "reads"), READS.items())
def test_the_text_is_for_the_groups_facilitators_permitted_partners_and_administrators(
    request, violence, user_fixture, reads
):
    user = request.getfixturevalue(user_fixture)

    assert violence.text_visible_to(user) is reads
    annotated = Concern.objects.with_text_access(user).get(pk=violence.pk)
    assert annotated.text_access is reads
    assert Concern.objects.text_readable_by(user).filter(pk=violence.pk).exists() is reads


def test_the_permission_of_another_organisation_opens_nothing(violence, partner_b):
    reader_b = allow_reading(partner_b)

    assert not violence.text_visible_to(reader_b)
    assert not Concern.objects.visible_to(reader_b).exists()


def test_an_inactive_or_anonymous_user_reads_nothing(violence, facilitator_a):
    facilitator_a.is_active = False
    facilitator_a.save()

    assert not violence.text_visible_to(facilitator_a)
    assert not violence.text_visible_to(AnonymousUser())


def test_other_concerns_are_readable_by_everyone_who_sees_the_group(cycle_a, partner_a, donor_a):
    for sensitivity in (Concern.Sensitivity.NORMAL, Concern.Sensitivity.SENSITIVE):
        concern = ConcernFactory(cycle=cycle_a, sensitivity=sensitivity)
        for user in (partner_a, donor_a):
            assert concern.text_visible_to(user)
            assert Concern.objects.with_text_access(user).get(pk=concern.pk).text_access


def test_everyone_in_scope_sees_that_it_exists_and_its_category(
    violence, partner_a, donor_a, colleague_a, facilitator_b
):
    for user in (partner_a, donor_a):
        (seen,) = Concern.objects.visible_to(user)
        assert seen.category == Concern.Category.GENDER_VIOLENCE
    # Out of scope altogether: not even its existence.
    assert not Concern.objects.visible_to(colleague_a).exists()
    assert not Concern.objects.visible_to(facilitator_b).exists()


def test_its_name_is_masked_wherever_it_is_named_without_a_reader(violence):
    score = PriorityScoreFactory(concern=violence)

    assert str(violence) == LABEL.format(pk=violence.pk)
    assert TITLE not in str(score)
    assert TITLE not in str(violence.history.first())


# --- The admin pages ---------------------------------------------------------------------


def test_the_changelist_masks_it_for_partner_staff_without_the_permission(
    client, partner_a, violence
):
    client.force_login(partner_a)

    html = client.get(url(Concern, "changelist")).content.decode()

    assert LABEL.format(pk=violence.pk) in html
    assert TITLE not in html


def test_the_changelist_shows_the_title_to_a_reader(client, reader_a, violence):
    client.force_login(reader_a)

    html = client.get(url(Concern, "changelist")).content.decode()

    assert TITLE in html
    assert not SensitiveConcernRead.objects.exists()  # listing is not opening


def test_the_page_without_the_permission_is_read_only_and_without_the_text(
    client, partner_a, violence
):
    client.force_login(partner_a)

    response = client.get(url(Concern, "change", violence.pk))

    html = response.content.decode()
    assert response.status_code == 200
    for text in (TITLE, DESCRIPTION, NOTE):
        assert text not in html
    assert LABEL.format(pk=violence.pk) in html
    assert "Domestic and gender-based violence" in html
    assert 'name="_save"' not in html
    assert not SensitiveConcernRead.objects.exists()


@pytest.mark.parametrize("user_fixture", ["reader_a", "superuser"])
def test_a_reader_opens_the_page_and_the_read_is_logged_once(
    client, request, violence, user_fixture
):
    user = request.getfixturevalue(user_fixture)
    client.force_login(user)
    page = url(Concern, "change", violence.pk)

    html = client.get(page).content.decode()

    assert TITLE in html and DESCRIPTION in html
    read = SensitiveConcernRead.objects.get()
    assert (read.concern, read.user, read.path) == (violence, user, page)
    client.get(page)
    assert SensitiveConcernRead.objects.count() == 2


def test_opening_an_ordinary_concern_is_not_logged(client, reader_a, cycle_a):
    concern = ConcernFactory(cycle=cycle_a, title="Street lighting")
    client.force_login(reader_a)

    assert "Street lighting" in client.get(url(Concern, "change", concern.pk)).content.decode()
    assert not SensitiveConcernRead.objects.exists()


def test_a_partner_cannot_post_changes_to_a_concern_it_may_not_read(client, partner_a, violence):
    client.force_login(partner_a)

    response = client.post(url(Concern, "change", violence.pk), {"title": "Changed"})

    assert response.status_code == 403
    violence.refresh_from_db()
    assert violence.title == TITLE


def test_its_history_is_refused_without_the_permission(client, partner_a, violence):
    version = violence.history.first()
    client.force_login(partner_a)

    assert client.get(url(Concern, "history", violence.pk)).status_code == 403
    old = client.get(f"{url(Concern, 'history', violence.pk)}{version.history_id}/")
    assert old.status_code == 403
    assert TITLE not in old.content.decode()


def test_its_history_is_not_found_for_another_organisation(client, partner_b, violence):
    client.force_login(allow_reading(partner_b))

    assert client.get(url(Concern, "history", violence.pk)).status_code == 404


def test_a_reader_opens_its_history_and_each_view_is_logged(client, reader_a, violence):
    version = violence.history.first()
    client.force_login(reader_a)

    history = client.get(url(Concern, "history", violence.pk))
    old = client.get(f"{url(Concern, 'history', violence.pk)}{version.history_id}/")

    assert history.status_code == old.status_code == 200
    assert TITLE in old.content.decode()
    assert list(SensitiveConcernRead.objects.order_by("pk").values_list("path", flat=True)) == [
        url(Concern, "history", violence.pk),
        f"{url(Concern, 'history', violence.pk)}{version.history_id}/",
    ]


def test_a_concern_once_highly_sensitive_keeps_its_history_closed(client, partner_a, violence):
    violence.sensitivity = Concern.Sensitivity.SENSITIVE
    violence.title = "Family troubles"
    violence.save()
    client.force_login(partner_a)

    # The current text is for everyone in scope; the old versions still hold the first text.
    assert "Family troubles" in client.get(url(Concern, "change", violence.pk)).content.decode()
    assert client.get(url(Concern, "history", violence.pk)).status_code == 403


def test_searching_by_the_hidden_title_finds_nothing_without_the_permission(
    client, partner_a, violence
):
    client.force_login(partner_a)

    listed = client.get(url(Concern, "changelist"), {"q": "beating"}).context["cl"].result_list
    scores = client.get(url(PriorityScore, "changelist"), {"q": "beating"})
    by_group = client.get(url(Concern, "changelist"), {"q": "Somonion"})

    assert list(listed) == []
    assert list(scores.context["cl"].result_list) == []
    # Not by the group's name either: a search result is a hint about the text.
    assert list(by_group.context["cl"].result_list) == []


def test_searching_by_the_title_finds_it_for_a_reader(client, reader_a, violence):
    PriorityScoreFactory(concern=violence)
    client.force_login(reader_a)

    listed = client.get(url(Concern, "changelist"), {"q": "beating"}).context["cl"].result_list
    scores = client.get(url(PriorityScore, "changelist"), {"q": "beating"})

    assert [concern.pk for concern in listed] == [violence.pk]
    assert len(scores.context["cl"].result_list) == 1


def autocomplete(client, term):
    return client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "cycles",
            "model_name": "actionplan",
            "field_name": "concerns",
            "term": term,
        },
    ).json()["results"]


def test_the_autocomplete_does_not_match_the_hidden_title(client, partner_a, violence):
    client.force_login(partner_a)

    assert autocomplete(client, "beating") == []
    # Without a search term it is listed, masked.
    assert autocomplete(client, "") == [
        {"id": str(violence.pk), "text": LABEL.format(pk=violence.pk)}
    ]


def test_the_autocomplete_matches_it_for_a_reader_under_its_masked_label(
    client, reader_a, violence
):
    client.force_login(reader_a)

    assert autocomplete(client, "beating") == [
        {"id": str(violence.pk), "text": LABEL.format(pk=violence.pk)}
    ]


def test_the_score_list_and_plan_page_name_it_by_its_label(client, reader_a, violence):
    PriorityScoreFactory(concern=violence)
    plan = ActionPlanFactory(cycle=violence.cycle, title="Safe homes")
    plan.concerns.add(violence)
    client.force_login(reader_a)

    scores = client.get(url(PriorityScore, "changelist")).content.decode()
    plan_page = client.get(reverse("admin:cycles_actionplan_change", args=[plan.pk]))

    assert TITLE not in scores
    assert LABEL.format(pk=violence.pk) in scores
    assert TITLE not in plan_page.content.decode()
    assert "Safe homes" in plan_page.content.decode()


@pytest.mark.parametrize(("user_fixture", "shown"), [("partner_a", False), ("reader_a", True)])
def test_the_cycles_priorities_table_shows_the_title_only_to_readers(
    client, request, violence, user_fixture, shown
):
    PriorityScoreFactory(concern=violence, seriousness=5)
    client.force_login(request.getfixturevalue(user_fixture))

    html = client.get(url(type(violence.cycle), "change", violence.cycle.pk)).content.decode()

    assert (TITLE in html) is shown
    assert (LABEL.format(pk=violence.pk) in html) is not shown
    assert "Domestic and gender-based violence" in html


def test_the_ranking_masks_it_for_those_who_may_not_read_it(violence, partner_a, facilitator_a):
    (hidden,) = selectors.ranked_concerns(violence.cycle, partner_a)
    (shown,) = selectors.ranked_concerns(violence.cycle, facilitator_a)

    assert hidden.title_for_reader == LABEL.format(pk=violence.pk)
    assert shown.title_for_reader == TITLE


@pytest.mark.parametrize(("user_fixture", "shown"), [("partner_a", False), ("reader_a", True)])
def test_the_carry_over_confirmation_names_it_by_access(
    client, request, violence, user_fixture, shown
):
    cycle = violence.cycle
    cycle.step, cycle.closed_on = 5, datetime.date(2014, 12, 1)
    cycle.save()
    client.force_login(request.getfixturevalue(user_fixture))

    html = client.get(url(type(cycle), "start_next", cycle.pk)).content.decode()

    assert (TITLE in html) is shown
    assert (LABEL.format(pk=violence.pk) in html) is not shown


def test_the_cross_border_page_never_shows_it(client, superuser, org_a, org_b, violence):
    cycle_a = violence.cycle
    community = cycle_a.group.communities.get()
    community.on_border = True
    community.save()
    facing = GroupFactory(partner=org_b)
    community.facing_communities.add(facing.communities.get())
    for cycle in (cycle_a, CycleFactory(group=facing, number=1)):
        ConcernFactory(cycle=cycle, category=violence.category, status="prioritised")
    violence.status = Concern.Status.PRIORITISED
    violence.save()
    client.force_login(superuser)

    response = client.get(reverse("admin:cycles_cycle_opportunities"))

    assert len(response.context["opportunities"]) == 1
    assert TITLE not in response.content.decode()
    assert violence not in response.context["opportunities"][0].concerns


# --- The access log ------------------------------------------------------------------------


def test_the_access_log_is_for_administrators_only(
    client, reader_a, facilitator_a, superuser, violence, cycle_a
):
    read = SensitiveConcernRead.objects.create(concern=violence, user=reader_a, path="/x/")
    other = ConcernFactory(cycle=cycle_a, sensitivity=HIGHLY)
    later = SensitiveConcernRead.objects.create(concern=other, user=facilitator_a, path="/y/")
    client.force_login(reader_a)

    assert client.get(url(SensitiveConcernRead, "changelist")).status_code == 403
    assert client.get(url(SensitiveConcernRead, "change", read.pk)).status_code == 403
    assert "reads of highly sensitive" not in client.get(reverse("admin:index")).text.lower()

    client.force_login(superuser)
    response = client.get(url(SensitiveConcernRead, "changelist"))
    assert [row.pk for row in response.context["cl"].result_list] == [later.pk, read.pk]
    mine = client.get(url(SensitiveConcernRead, "changelist"), {"user__id__exact": reader_a.pk})
    assert [row.pk for row in mine.context["cl"].result_list] == [read.pk]
    filters = {spec.title for spec in response.context["cl"].filter_specs}
    assert {"read by", "concern", "read at"} <= {str(title) for title in filters}


def test_nobody_writes_or_deletes_the_access_log_by_hand(client, superuser, reader_a, violence):
    read = SensitiveConcernRead.objects.create(concern=violence, user=reader_a, path="/x/")
    client.force_login(superuser)

    assert client.get(url(SensitiveConcernRead, "add")).status_code == 403
    assert client.get(url(SensitiveConcernRead, "delete", read.pk)).status_code == 403
    page = client.get(url(SensitiveConcernRead, "change", read.pk)).content.decode()
    assert 'name="_save"' not in page
    assert client.post(url(SensitiveConcernRead, "change", read.pk), {}).status_code == 403
    assert SensitiveConcernRead.objects.count() == 1


def count_changelist_queries(client, django_assert_max_num_queries) -> int:
    with django_assert_max_num_queries(15) as captured:
        response = client.get(url(Concern, "changelist"))
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_the_concern_list_keeps_its_query_budget(
    client, reader_a, cycle_a, django_assert_max_num_queries
):
    def add(count):
        for n in range(count):
            ConcernFactory(cycle=cycle_a, sensitivity=HIGHLY if n % 2 else "normal")

    add(2)
    client.force_login(reader_a)
    with_two = count_changelist_queries(client, django_assert_max_num_queries)

    add(10)
    with_twelve = count_changelist_queries(client, django_assert_max_num_queries)

    assert with_two == with_twelve
