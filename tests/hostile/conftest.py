"""The world every hostile test posts into, and hypothesis profiles: `--hypothesis-profile=quick`
skips shrinking while writing tests."""

from collections.abc import Iterator

import pytest
from django.db import transaction
from hypothesis import Phase, settings

from tests.access_world import World, build_world

settings.register_profile("quick", phases=[Phase.explicit, Phase.generate])


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> Iterator[World]:
    """The world is built once for each module and rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)
