"""The standard cast every test can ask for, and settings that only make sense under test."""

import os
import tempfile
from pathlib import Path

import pytest

from communities.models import User
from tests.factories import OrganisationFactory, ProgrammeFactory, UserFactory

# Playwright runs its own event loop in the test thread; Django's ORM calls from there are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_configure(config):
    from django.conf import settings

    # Tests talk plain HTTP to the test client and to live_server; HTTPS is a deployment concern.
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.SECURE_HSTS_SECONDS = 0
    # live_server serves files straight from static/, without a collectstatic manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # No phone in the suite: tests of two-factor sign-in turn it on with the settings fixture.
    settings.OTP_REQUIRED = False
    # Import uploads in a folder of this run's own, so that other runs cannot touch them.
    settings.IMPORT_UPLOAD_DIR = Path(tempfile.mkdtemp(prefix="cswg-test-imports-"))


@pytest.fixture(autouse=True)
def empty_cache():
    """Donors' reports are cached (cycles/reports/cache.py): no test sees another's."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def org_a(db):
    return OrganisationFactory(name="Foundation for Tolerance International", short_name="FTI")


@pytest.fixture
def org_b(db):
    return OrganisationFactory(name="Agency for Social Technologies", short_name="ASTI")


@pytest.fixture
def donor_org(db):
    return OrganisationFactory(name="UK Conflict Pool", kind="donor", country="")


@pytest.fixture
def programme_a(org_a, donor_org):
    return ProgrammeFactory(
        name="Ferghana Valley community security",
        donors=[donor_org],
        implementing_partners=[org_a],
    )


# Facilitators see only the groups they are assigned to: tests assign them
# (GroupFactory(facilitators=[facilitator_a]) or group.facilitators.add(...)).
@pytest.fixture
def facilitator_a(org_a):
    return UserFactory(username="facilitator_a", organisation=org_a, role=User.Role.FACILITATOR)


@pytest.fixture
def facilitator_b(org_b):
    return UserFactory(username="facilitator_b", organisation=org_b, role=User.Role.FACILITATOR)


@pytest.fixture
def partner_a(org_a):
    from cswg_portal.roles import sync_role

    user = UserFactory(
        username="partner_a", organisation=org_a, role=User.Role.PARTNER, is_staff=True
    )
    sync_role(user)
    return user


@pytest.fixture
def partner_b(org_b):
    from cswg_portal.roles import sync_role

    user = UserFactory(
        username="partner_b", organisation=org_b, role=User.Role.PARTNER, is_staff=True
    )
    sync_role(user)
    return user


@pytest.fixture
def donor_a(donor_org, programme_a):
    return UserFactory(username="donor_a", organisation=donor_org, role=User.Role.DONOR)


@pytest.fixture
def superuser(db):
    return UserFactory(
        username="root", organisation=None, role=User.Role.ADMIN, is_staff=True, is_superuser=True
    )
