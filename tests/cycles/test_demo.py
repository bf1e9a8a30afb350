"""`manage.py load_demo` writes the case studies' cycles through the services."""

import datetime
import io
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.db.models import F, Max, Min, Q, Sum
from django.urls import reverse
from simple_history.models import HistoricalChanges

from communities import demo
from communities.models import AgeBand, Currency, Gender, Programme, User
from cycles import selectors
from cycles.models import (
    ActionPlan,
    Activity,
    Commitment,
    Concern,
    ConcernSource,
    Consultation,
    Contribution,
    Cycle,
    CycleStepChange,
    Evaluation,
    ExchangeRate,
    PlanEvent,
    ReportSignOff,
)

DEMO_USERS = {"facilitator", "partner", "admin"}


@pytest.fixture(scope="module")
def demo_output(django_db_setup, django_db_blocker):
    """Load the demo once for the module, inside a transaction rolled back afterwards, so
    that other test modules still start from an empty database."""
    out = io.StringIO()
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def loaded(demo_output, db):
    return demo_output


def user(username: str) -> User:
    return User.objects.get(username=username)


def cycle_of(group_name: str, number: int) -> Cycle:
    return Cycle.objects.get(group__name=group_name, number=number)


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models(include_auto_created=True)
    }


def test_open_cycles_stand_at_each_of_the_five_steps(loaded):
    steps = {
        (cycle.group.name, cycle.step) for cycle in Cycle.objects.open().select_related("group")
    }

    assert {step for _name, step in steps} == {1, 2, 3, 4, 5}
    assert (demo.TASH_BULAK_LCPC, 1) in steps
    assert (demo.YRYS_LCPC, 2) in steps
    assert (demo.MIRMAHMUDOV_LCPC, 3) in steps
    assert (demo.VORUKH_CSWG, 4) in steps
    assert (demo.BAZAR_KORGON_CSWG, 5) in steps


def test_the_cycle_at_step_one_shows_what_its_analysis_still_lacks(loaded):
    cycle = cycle_of(demo.TASH_BULAK_LCPC, 1)

    assert cycle.missing_context() == ["dividers", "connectors", "risks"]
    assert set(cycle.trainings().values_list("topic", flat=True)) == {
        "Community security approach",
        "SARA problem-solving method",
    }


def test_a_closed_cycle_is_followed_by_one_carrying_its_unresolved_concerns(loaded):
    first = cycle_of(demo.BAZAR_KORGON_CSWG, 1)
    second = cycle_of(demo.BAZAR_KORGON_CSWG, 2)

    assert first.is_closed
    assert Evaluation.objects.filter(cycle=first).exists()
    assert second.previous == first
    assert second.started_on > first.closed_on
    carried = second.concerns.filter(carried_from__isnull=False).select_related("carried_from")
    assert {concern.carried_from.title for concern in carried} == {
        "Open sewage ditch along the school road",
        "Dark streets between the Uzbek and Kyrgyz parts of the village",
        "Fights between pupils of the Uzbek and Kyrgyz schools",
    }
    assert all(c.carried_from.status == Concern.Status.CARRIED_OVER for c in carried)
    assert all(c.carried_from.cycle == first for c in carried)
    assert first.concerns.get(status=Concern.Status.RESOLVED).title.startswith("Pupils do not")


def test_partners_facilitate_first_cycles_and_less_later(loaded):
    first = dict(Cycle.objects.filter(number=1).values_list("group__name", "facilitation"))
    later = set(Cycle.objects.filter(number__gt=1).values_list("facilitation", flat=True))

    # The Mady LCPC's first cycle is led by the CSWG members who joined it.
    assert first.pop(demo.MADY_LCPC) == Cycle.Facilitation.GROUP_LED
    assert set(first.values()) == {Cycle.Facilitation.PARTNER_LED}
    assert later == {Cycle.Facilitation.CO_FACILITATED}
    assert Cycle.objects.filter(number__gt=1, previous__isnull=False).count() == 6


def test_somonion_women_raised_the_wolves_at_their_own_consultation(loaded):
    wolves = Concern.objects.get(title__startswith="Wolves threaten women")
    consultation = wolves.raised_at.get()

    assert list(wolves.raised_by.values_list("who", flat=True)) == [ConcernSource.Who.WOMEN]
    assert wolves.cycle == cycle_of(demo.SOMONION_CSWG, 1)
    assert consultation.kind == Consultation.Kind.WOMEN
    assert consultation.held_on == datetime.date(2011, 4, 11)
    assert set(consultation.attendance.values_list("gender", flat=True)) == {Gender.FEMALE}
    assert consultation.attendance.aggregate(people=Sum("count"))["people"] == 44
    assert list(consultation.ethnic_attendance.values_list("ethnicity", "count")) == [("tajik", 44)]


def test_the_wolves_concern_is_flagged_and_scored_by_the_group_and_by_women(loaded):
    cycle = cycle_of(demo.SOMONION_CSWG, 1)
    admin = user("admin")

    ranked = {concern.title: concern for concern in selectors.ranked_concerns(cycle, admin)}
    table = selectors.perspective_scores(cycle, admin)
    wolves_row = next(scores for concern, scores in table.rows if concern.title.startswith("Wolv"))

    wolves = ranked["Wolves threaten women and children fetching water at the stream"]
    assert wolves.women_youth_only is True
    assert ranked["Rough treatment and demands for money at border posts"].women_youth_only is False
    assert [label for _p, _e, label in table.columns] == ["Whole group", "Women", "Youth"]
    assert wolves_row == [14, 19, None]
    assert wolves.status == Concern.Status.RESOLVED


def test_vorukh_prioritised_domestic_violence_in_2014(loaded):
    violence = Concern.objects.get(cycle__group__name=demo.VORUKH_CSWG, category="gender_violence")
    prioritised = violence.history.filter(status=Concern.Status.PRIORITISED).get()

    assert violence.sensitivity in (
        Concern.Sensitivity.SENSITIVE,
        Concern.Sensitivity.HIGHLY_SENSITIVE,
    )
    assert violence.status == Concern.Status.BEING_ADDRESSED
    assert prioritised.history_date.year == 2014
    assert set(violence.raised_at.values_list("kind", flat=True)) == {Consultation.Kind.WOMEN}


def test_vorukh_plan_is_approved_with_its_checks_and_reached_over_500(loaded):
    plan = ActionPlan.objects.get(
        cycle__group__name=demo.VORUKH_CSWG, concerns__category="gender_violence"
    )
    sessions = Activity.objects.with_reach().get(plan=plan, title__contains="15 mahallas")

    assert plan.status in ActionPlan.Status.approved()
    assert plan.events.get(to_status=ActionPlan.Status.APPROVED).by == user("admin")
    assert plan.harm_risks and plan.tension_avoidance
    assert plan.criteria.count() == 3
    assert not plan.criteria.filter(Q(baseline="") | Q(target="")).exists()
    assert sessions.people == 526
    assert sessions.people > 500
    assert sessions.updates.count() == 3
    assert sessions.status == Activity.Status.DONE
    assert sessions.actual_start == datetime.date(2014, 7, 25)
    sources = set(plan.contributions.values_list("source", flat=True))
    assert {"local_authority_budget", "community_labour"} <= sources
    assert set(
        plan.activities.exclude(seed_grant=None).values_list("seed_grant_currency", flat=True)
    ) == {"TJS"}


def test_vorukh_plan_money_is_computed_from_the_amounts_entered(loaded):
    plan = ActionPlan.objects.get(title="Breaking the silence on domestic violence")

    assert selectors.plan_money(plan) == [
        selectors.MoneyLine(
            currency=Currency.TJS,
            seed=Decimal("6000.00"),
            pledged=Decimal("6600.00"),
            delivered=Decimal("6100.00"),
            local_share=Decimal("52.4"),
            delivered_share=Decimal("92.4"),
        )
    ]


def test_the_bazar_korgon_festival_reached_200_children_in_december_2014(loaded):
    festival = Activity.objects.with_reach().get(
        plan__cycle__group__name=demo.BAZAR_KORGON_CSWG, kind=Activity.Kind.FESTIVAL
    )
    bands = set(festival.reach.values_list("gender", "age_band"))

    assert festival.people == 200
    assert festival.youth == 76
    assert bands == {
        (gender, band)
        for gender in (Gender.FEMALE, Gender.MALE)
        for band in (AgeBand.CHILD, AgeBand.YOUTH_14_17)
    }
    assert festival.actual_start == festival.actual_end == datetime.date(2014, 12, 19)
    assert festival.plan.status == ActionPlan.Status.COMPLETED


def test_the_round_tables_and_the_police_inspectors_campaign_are_there(loaded):
    first, second = cycle_of(demo.BAZAR_KORGON_CSWG, 1), cycle_of(demo.BAZAR_KORGON_CSWG, 2)

    campaign = Activity.objects.get(plan__cycle=first, title__contains="drills")
    assert campaign.responsible.endswith("juvenile police inspector")
    assert campaign.status == Activity.Status.DONE
    assert Activity.objects.filter(plan__cycle=second, kind=Activity.Kind.ROUND_TABLE).exists()


def test_mirmahmudov_hosted_the_exchange_visit_in_2015(loaded):
    visit = Consultation.objects.get(kind=Consultation.Kind.EXCHANGE_VISIT)

    assert visit.group.name == demo.MIRMAHMUDOV_LCPC
    assert visit.cycle == cycle_of(demo.MIRMAHMUDOV_LCPC, 2)
    assert visit.held_on == datetime.date(2015, 9, 24)
    assert "Tash-Bulak" in visit.notes and "Yrys" in visit.notes
    assert visit.facilitator == user("facilitator")


def test_the_demo_partner_finds_a_submitted_plan_in_the_review_queue(loaded, client):
    client.force_login(user("partner"))

    queue = client.get(
        reverse("admin:cycles_actionplan_changelist"), {"status__exact": "submitted"}
    )

    assert queue.status_code == 200
    assert [plan.title for plan in queue.context["cl"].result_list] == [
        "Keeping young people away from extremist recruiters"
    ]
    assert "Review queue (1 submitted)" in queue.content.decode()


def opportunity_keys(username: str) -> list[tuple[str, str, str]]:
    return [
        (str(opportunity.first), str(opportunity.second), opportunity.category)
        for opportunity in selectors.joint_planning_opportunities(user(username))
    ]


@pytest.mark.parametrize("username", ["partner", "admin"])
def test_kok_tash_and_somonion_can_plan_jointly_on_the_border_posts(loaded, username):
    somonion, kok_tash = cycle_of(demo.SOMONION_CSWG, 2), cycle_of(demo.KOK_TASH_CSWG, 2)
    (opportunity,) = selectors.joint_planning_opportunities(user(username))

    assert opportunity_keys(username) == [(str(somonion), str(kok_tash), Concern.Category.BORDER)]
    assert not somonion.is_closed and not kok_tash.is_closed
    assert kok_tash.started_on == datetime.date(2014, 3, 3)
    assert set(opportunity.concerns.values_list("cycle__group__name", "title")) == {
        (demo.SOMONION_CSWG, "Rough treatment and demands for money at border posts"),
        (demo.KOK_TASH_CSWG, "Border guards stop young men on the road and ask for money"),
        (
            demo.KOK_TASH_CSWG,
            "Women afraid to work the fields by the border line since the shooting",
        ),
    }


def test_the_crossing_already_taken_up_by_the_joint_group_is_no_opportunity(loaded):
    plan = ActionPlan.objects.get(cycle__group__name=demo.ROAD_CROSSING_JOINT)
    sides = plan.concerns.exclude(cycle=plan.cycle)

    assert set(sides.values_list("cycle__group__name", "cycle__number")) == {
        (demo.KOK_TASH_CSWG, 1),
        (demo.SOMONION_CSWG, 2),
    }
    assert set(sides.values_list("category", "status")) == {
        (Concern.Category.ROAD_SAFETY, Concern.Status.RESOLVED)
    }
    assert Concern.Category.ROAD_SAFETY not in {key[2] for key in opportunity_keys("admin")}


def test_the_demo_partner_finds_the_opportunity_from_the_cycle_list(loaded, client):
    client.force_login(user("partner"))
    url = reverse("admin:cycles_cycle_opportunities")

    changelist = client.get(reverse("admin:cycles_cycle_changelist"))
    page = client.get(url)

    assert f'href="{url}"' in changelist.content.decode()
    assert page.status_code == 200
    assert page.context["can_create"] is True
    assert [(str(o.first), str(o.second)) for o in page.context["opportunities"]] == [
        ("Somonion CSWG, cycle 2", "Kok-Tash CSWG, cycle 2")
    ]
    rows = page.content.decode().split('<tr class="opportunity">')[1:]
    assert len(rows) == 1
    assert "Kok-Tash CSWG" in rows[0] and "Border and border guards" in rows[0]


def test_the_demo_partner_turns_the_opportunity_into_a_joint_group(loaded, client):
    client.force_login(user("partner"))
    somonion, kok_tash = cycle_of(demo.SOMONION_CSWG, 2), cycle_of(demo.KOK_TASH_CSWG, 2)

    response = client.post(
        reverse("admin:cycles_cycle_opportunities"),
        {"first": somonion.pk, "second": kok_tash.pk, "category": Concern.Category.BORDER},
    )

    plan = ActionPlan.objects.select_related("cycle__group").get(
        cycle__group__kind="joint", status=ActionPlan.Status.DRAFT
    )
    group = plan.cycle.group
    assert response.status_code == 302
    assert (group.partner.short_name, plan.cycle.step) == ("FTI", Cycle.Step.PLANNING)
    assert set(group.communities.values_list("name", flat=True)) == {"Somonion", "Kok-Tash"}
    assert list(group.facilitators.values_list("username", flat=True)) == ["facilitator"]
    assert plan.concerns.count() == 3
    assert opportunity_keys("partner") == []


def test_a_returned_plan_carries_the_reviewers_comment(loaded):
    event = PlanEvent.objects.select_related("plan", "by").get(to_status=ActionPlan.Status.RETURNED)

    assert event.plan.status == ActionPlan.Status.RETURNED
    assert event.by == user("partner")
    assert "confidential" in event.comment
    assert event.at.date() == datetime.date(2015, 11, 12)


def test_plans_exist_in_every_status(loaded):
    statuses = set(ActionPlan.objects.values_list("status", flat=True))

    assert statuses == set(ActionPlan.Status.values)


def test_police_and_officials_commitments_are_followed_up(loaded):
    commitments = Commitment.objects.filter(
        consultation__kind=Consultation.Kind.POLICE_REPORTING_DAY,
        consultation__group__name__in=[demo.KHOJA_ALO_MAHALLA, demo.SOMONION_CSWG],
    )

    assert set(commitments.values_list("status", flat=True)) == set(Commitment.Status.values)
    assert set(commitments.values_list("body", flat=True)) == {"police", "local_authority"}
    assert not commitments.exclude(status="pending").filter(followed_up_on=None).exists()
    assert not commitments.filter(due_on__lt=F("consultation__held_on")).exists()
    assert Consultation.objects.filter(
        kind=Consultation.Kind.POLICE_REPORTING_DAY, cycle=None
    ).exists()


def test_local_contributions_sit_next_to_seed_grants_in_som_and_somoni(loaded):
    totals = Contribution.objects.aggregate(
        pledged=Sum("value_pledged"), delivered=Sum("value_delivered")
    )
    grants = set(
        Activity.objects.exclude(seed_grant=None).values_list("seed_grant_currency", flat=True)
    )

    assert set(Contribution.objects.values_list("currency", flat=True)) == {"KGS", "TJS"}
    assert grants == {"KGS", "TJS"}
    assert totals["pledged"] != totals["delivered"]
    assert Contribution.objects.filter(value_delivered__lt=F("value_pledged")).exists()
    assert Contribution.objects.filter(value_delivered__gt=F("value_pledged")).exists()
    assert set(Contribution.objects.values_list("kind", flat=True)) == {"cash", "in_kind"}


def test_concerns_cover_every_sensitivity_and_many_categories(loaded):
    assert set(Concern.objects.values_list("sensitivity", flat=True)) == set(
        Concern.Sensitivity.values
    )
    assert Concern.objects.values("category").distinct().count() >= 10


def test_groups_are_trained_on_the_four_themes(loaded):
    topics = set(
        Consultation.objects.filter(kind=Consultation.Kind.TRAINING).values_list("topic", flat=True)
    )

    assert {
        "Community security approach",
        "SARA problem-solving method",
        "Conflict sensitivity and do no harm",
        "Gender and security",
    } <= topics


def test_dates_are_historical_and_consistent(loaded):
    in_cycle = Consultation.objects.exclude(cycle=None)

    assert not in_cycle.filter(held_on__lt=F("cycle__started_on")).exists()
    assert not in_cycle.filter(held_on__gt=F("cycle__closed_on")).exists()
    assert not Evaluation.objects.filter(held_on__lt=F("cycle__started_on")).exists()
    assert not Evaluation.objects.filter(held_on__gt=F("cycle__closed_on")).exists()
    for model, field in [
        (Consultation, "held_on"),
        (CycleStepChange, "changed_at__date"),
        (PlanEvent, "at__date"),
        (Cycle, "started_on"),
    ]:
        span = model.objects.aggregate(first=Min(field), last=Max(field))
        assert datetime.date(2011, 1, 1) <= span["first"] <= span["last"], model
        assert span["last"] < datetime.date(2016, 1, 1), model
    for model in apps.get_app_config("cycles").get_models():
        if issubclass(model, HistoricalChanges) and hasattr(model, "history_date"):
            assert not model.objects.filter(history_date__year__gte=2016).exists(), model


def test_ethnic_attendance_adds_up_to_the_gender_and_age_count(loaded):
    counted = Consultation.objects.annotate(ethnic=Sum("ethnic_attendance__count")).exclude(
        ethnic=None
    )
    people = dict(
        Consultation.objects.annotate(people=Sum("attendance__count")).values_list("pk", "people")
    )

    assert counted.count() == Consultation.objects.count()
    assert all(consultation.ethnic == people[consultation.pk] for consultation in counted)


def test_the_demo_users_recorded_everything(loaded):
    fti = {"plan__cycle__group__partner__short_name": "FTI"}

    assert set(CycleStepChange.objects.values_list("changed_by__username", flat=True)) <= DEMO_USERS
    assert set(
        PlanEvent.objects.filter(to_status="approved", **fti).values_list("by__username", flat=True)
    ) == {"partner"}
    assert set(
        PlanEvent.objects.filter(to_status="submitted", **fti).values_list(
            "by__username", flat=True
        )
    ) == {"facilitator"}
    for model in apps.get_app_config("cycles").get_models():
        if issubclass(model, HistoricalChanges) and hasattr(model, "history_user"):
            users = set(model.objects.values_list("history_user__username", flat=True))
            assert users <= DEMO_USERS, model


def test_it_reports_the_cycles_it_added(loaded):
    assert "  cycles: 17" in loaded
    assert "  action plans: 17" in loaded
    assert "Demo data loaded." in loaded


def test_running_it_again_changes_nothing(loaded):
    before = row_counts()
    out = io.StringIO()

    call_command("load_demo", stdout=out)

    assert row_counts() == before
    assert "nothing changed" in out.getvalue()
    assert "cycles:" not in out.getvalue()


def test_the_demo_donor_opens_the_last_signed_off_year_with_money_in_pounds(loaded, client):
    client.force_login(user("donor"))
    programme = Programme.objects.get(name=demo.FERGHANA_PROGRAMME)

    response = client.get(reverse("reports:programme", args=[programme.pk]))

    assert response.status_code == 200
    period = response.context["period"]
    assert (period.start, period.end) == (datetime.date(2014, 1, 1), datetime.date(2014, 12, 31))
    assert "Signed off by FTI" in response.context["sign_off_text"]
    charts = {chart["key"]: chart for chart in response.context["charts"]["charts"]}
    money = charts["money"]
    seed, pledged, delivered = money["spec"]["datasets"][0]["data"]
    assert seed > 0 and pledged > 0 and delivered > 0
    assert money["note"] == ""


def test_the_demo_rates_and_sign_offs_were_entered_by_the_demo_users(loaded):
    assert ExchangeRate.objects.count() == 10
    assert set(ExchangeRate.history.values_list("history_user__username", flat=True)) == {"admin"}
    signed = ReportSignOff.objects.values_list("programme__name", "period_start__year")
    assert sorted(signed) == sorted(
        [(demo.FERGHANA_PROGRAMME, year) for year in (2012, 2013, 2014)]
        + [(demo.LCPC_PROGRAMME, 2014)]
    )
    assert set(ReportSignOff.objects.values_list("signed_by__username", flat=True)) == {"partner"}
