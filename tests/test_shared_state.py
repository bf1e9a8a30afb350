"""Several app servers share everything a request leaves behind: sessions, cache, lock-outs."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from cswg_portal.env import env_cache
from tests.test_settings import manage

LOCMEM = "django.core.cache.backends.locmem.LocMemCache"
REDIS = "django.core.cache.backends.redis.RedisCache"
DATABASE_CACHE = "django.core.cache.backends.db.DatabaseCache"


@pytest.mark.parametrize("url", ["", "  ", "locmem://"])
def test_without_a_cache_url_each_process_keeps_its_own_cache(monkeypatch, url):
    monkeypatch.setenv("CACHE_URL", url)

    assert env_cache("CACHE_URL") == {"BACKEND": LOCMEM}


@pytest.mark.parametrize(
    "url", ["redis://127.0.0.1:6379/1", "rediss://:secret@cache.example.org:6380/0"]
)
def test_a_redis_url_is_djangos_redis_cache(monkeypatch, url):
    monkeypatch.setenv("CACHE_URL", url)

    assert env_cache("CACHE_URL") == {"BACKEND": REDIS, "LOCATION": url}


@pytest.mark.parametrize(
    ("url", "table"), [("db://", "cswg_cache"), ("db://portal_cache", "portal_cache")]
)
def test_a_db_url_is_a_cache_table_in_the_database(monkeypatch, url, table):
    monkeypatch.setenv("CACHE_URL", url)

    assert env_cache("CACHE_URL") == {"BACKEND": DATABASE_CACHE, "LOCATION": table}


@pytest.mark.parametrize("url", ["memcached://127.0.0.1:11211", "redis", "redis://", "/tmp/c"])
def test_other_cache_urls_are_refused_naming_the_variable(monkeypatch, url):
    monkeypatch.setenv("CACHE_URL", url)

    with pytest.raises(ImproperlyConfigured, match="^CACHE_URL="):
        env_cache("CACHE_URL")


SHOW_STATE = (
    "from django.conf import settings; "
    "print(settings.CACHES['default']['BACKEND'], settings.SESSION_ENGINE, settings.AXES_HANDLER)"
)


@pytest.mark.parametrize(
    ("cache_url", "cache", "sessions"),
    [
        ("", LOCMEM, "django.contrib.sessions.backends.db"),
        ("db://", DATABASE_CACHE, "django.contrib.sessions.backends.db"),
        ("redis://127.0.0.1:6379/1", REDIS, "django.contrib.sessions.backends.cached_db"),
    ],
)
def test_sessions_live_in_the_database_with_a_copy_in_redis_when_there_is_one(
    cache_url, cache, sessions
):
    result = manage("shell", "--no-imports", "-c", SHOW_STATE, CACHE_URL=cache_url)

    assert result.returncode == 0, result.stderr
    # Lock-outs are counted in the database, so five wrong passwords lock a username on
    # every app server, not five per server.
    assert result.stdout.split() == [cache, sessions, "axes.handlers.database.AxesDatabaseHandler"]


@pytest.mark.parametrize(
    ("name", "value"),
    [("CACHE_URL", "memcached://127.0.0.1"), ("DATABASE_REPLICA_URL", "mysql://x/y")],
)
def test_a_bad_cache_or_replica_url_stops_start_up_naming_the_variable(name, value):
    result = manage("check", **{name: value})

    assert result.returncode != 0
    assert result.stderr.startswith(f"Configuration error: {name}")
