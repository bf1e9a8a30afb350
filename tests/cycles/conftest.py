"""Groups of the standard cast's organisations, each with its organisation's facilitator."""

import pytest

from tests.cycles.factories import CycleFactory
from tests.factories import GroupFactory


@pytest.fixture
def group_a(org_a, programme_a, facilitator_a):
    return GroupFactory(
        name="Somonion CSWG", partner=org_a, programme=programme_a, facilitators=[facilitator_a]
    )


@pytest.fixture
def group_b(org_b, facilitator_b):
    return GroupFactory(name="Vorukh CSWG", partner=org_b, facilitators=[facilitator_b])


@pytest.fixture
def cycle_a(group_a):
    return CycleFactory(group=group_a, number=1)


@pytest.fixture
def cycle_b(group_b):
    return CycleFactory(group=group_b, number=1)
