"""Seed grants against local contributions, per plan and per currency, computed in SQL."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from communities.models import Currency
from cycles import selectors, services
from cycles.models import ActionPlan, Contribution
from tests.cycles.factories import ActionPlanFactory, ActivityFactory, ContributionFactory

pytestmark = pytest.mark.django_db


def test_a_plan_adds_up_seed_grants_and_local_contributions(cycle_a):
    plan = ActionPlanFactory(cycle=cycle_a)
    ActivityFactory(plan=plan, seed_grant=Decimal("25000.50"), seed_grant_currency="KGS")
    ActivityFactory(plan=plan, seed_grant=Decimal("14999.50"), seed_grant_currency="KGS")
    ActivityFactory(plan=plan, seed_grant=None, seed_grant_currency="")
    ContributionFactory(plan=plan, value_pledged=Decimal("45000"), value_delivered=Decimal("30000"))
    ContributionFactory(
        plan=plan,
        source=Contribution.Source.COMMUNITY_LABOUR,
        kind=Contribution.Kind.IN_KIND,
        value_pledged=Decimal("15000"),
        value_delivered=Decimal("15000"),
    )

    (line,) = selectors.plan_money(plan)

    assert line.currency == "KGS"
    assert line.seed == Decimal("40000.00")
    assert line.pledged == Decimal("60000.00")
    assert line.delivered == Decimal("45000.00")
    assert line.local_share == Decimal("60.0")
    assert line.delivered_share == Decimal("75.0")


def test_amounts_in_different_currencies_are_never_added_together(cycle_a):
    plan = ActionPlanFactory(cycle=cycle_a)
    ActivityFactory(plan=plan, seed_grant=Decimal("500"), seed_grant_currency=Currency.USD)
    ActivityFactory(plan=plan, seed_grant=Decimal("10000"), seed_grant_currency=Currency.KGS)
    ContributionFactory(plan=plan, value_pledged=Decimal("30000"), currency=Currency.KGS)

    lines = {line.currency: line for line in selectors.plan_money(plan)}

    assert set(lines) == {"KGS", "USD"}
    assert (lines["KGS"].seed, lines["KGS"].pledged) == (Decimal("10000"), Decimal("30000"))
    assert lines["KGS"].local_share == Decimal("75.0")
    assert (lines["USD"].seed, lines["USD"].pledged) == (Decimal("500"), Decimal("0"))
    assert lines["USD"].local_share == Decimal("0.0")
    assert lines["USD"].delivered_share is None


def test_a_plan_without_money_has_no_lines(cycle_a):
    plan = ActionPlanFactory(cycle=cycle_a)

    assert selectors.plan_money(plan) == []


def test_totals_for_many_plans_come_from_one_annotated_query(cycle_a, django_assert_num_queries):
    for seed in ("1000", "3000"):
        plan = ActionPlanFactory(cycle=cycle_a, title=f"Plan {seed}")
        ActivityFactory(plan=plan, seed_grant=Decimal(seed), seed_grant_currency="TJS")
        ContributionFactory(plan=plan, value_pledged=Decimal("1000"), currency="TJS")

    with django_assert_num_queries(2):
        plans = list(selectors.plans_with_money(ActionPlan.objects.order_by("title")))
        lines = [selectors.money_lines(plan) for plan in plans]

    assert [(line.seed, line.local_share) for (line,) in lines] == [
        (Decimal("1000"), Decimal("50.0")),
        (Decimal("3000"), Decimal("25.0")),
    ]


def test_a_seed_grant_needs_its_currency(cycle_a):
    plan = ActionPlanFactory(cycle=cycle_a)

    with pytest.raises(ValidationError) as error:
        services.add_activity(plan, title="Festival", kind="festival", seed_grant=Decimal("10"))

    assert error.value.messages == [
        "Give a seed grant amount (not negative) together with its currency."
    ]
    with pytest.raises(IntegrityError):
        ActivityFactory(plan=plan, seed_grant=Decimal("10"), seed_grant_currency="")


def test_a_contribution_cannot_be_negative(cycle_a):
    plan = ActionPlanFactory(cycle=cycle_a)

    with pytest.raises(ValidationError):
        services.add_contribution(
            plan,
            source=Contribution.Source.BUSINESS,
            kind=Contribution.Kind.CASH,
            pledged_by="Bazaar traders",
            value_pledged=Decimal("-5"),
            currency="KGS",
        )
    with pytest.raises(IntegrityError):
        ContributionFactory(plan=plan, value_pledged=Decimal("-5"))
