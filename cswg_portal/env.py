"""Reading settings from the environment, failing loudly on a bad value.

A typo in a production variable must stop start-up with a message that names the variable,
not leave the portal running with a silent default.
"""

import os
import zoneinfo

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name}={raw!r} is not a yes/no value: use one of true, false, 1, 0, yes, no, on, off."
    )


def env_int(name: str, default: int, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name}={raw!r} is too small: use {minimum} or more.")
    return value


def env_list(name: str, default: str) -> list[str]:
    """A comma-separated list; blanks are dropped."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_origins(name: str) -> list[str]:
    origins = env_list(name, "")
    for origin in origins:
        if not origin.startswith(("http://", "https://")):
            raise ImproperlyConfigured(
                f"{name}: {origin!r} must start with https:// (or http://), "
                "e.g. https://portal.example.org."
            )
    return origins


def env_choice(name: str, default: str, allowed: list[str]) -> str:
    value = env_str(name, default)
    if value not in allowed:
        raise ImproperlyConfigured(f"{name}={value!r} is not supported: use one of {allowed}.")
    return value


def env_time_zone(name: str, default: str) -> str:
    value = env_str(name, default)
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ImproperlyConfigured(
            f"{name}={value!r} is not a known time zone, e.g. Asia/Bishkek or Asia/Dushanbe."
        ) from None
    return value


def env_database(name: str, default: str, conn_max_age: int = 60, connect_timeout: int = 5) -> dict:
    """The database of URL `name`, with persistent connections checked before reuse.

    A connection kept for `conn_max_age` seconds is tested at the start of each request
    (CONN_HEALTH_CHECKS) and replaced when the server dropped it, so the portal recovers by
    itself after a database restart. PostgreSQL gives up connecting after `connect_timeout`
    seconds, so that a server that is down answers a 503 quickly instead of hanging requests.
    """
    import dj_database_url

    url = env_str(name, default)
    try:
        config = dj_database_url.parse(url, conn_max_age=conn_max_age, conn_health_checks=True)
    except (ValueError, KeyError) as error:
        raise ImproperlyConfigured(
            f"{name} could not be read ({error}). Examples: sqlite:////path/to/db.sqlite3 or "
            "postgres://user:password@host:5432/dbname."
        ) from None
    supported = {"django.db.backends.sqlite3", "django.db.backends.postgresql"}
    if config.get("ENGINE") not in supported:
        raise ImproperlyConfigured(f"{name}: only SQLite and PostgreSQL are supported.")
    if config["ENGINE"] == "django.db.backends.postgresql":
        options = config.setdefault("OPTIONS", {})
        options.setdefault("connect_timeout", connect_timeout)
        # No JIT compilation: it cost up to 75 ms per query above jit_above_cost, more than
        # it saved on the reports' aggregates over a few hundred thousand rows (a donor
        # report at 2,000 communities: 1.2 s with it, 0.95 s without; docs/performance.md).
        options.setdefault("options", "-c jit=off")
    return config


CACHE_TABLE = "cswg_cache"


def env_cache(name: str) -> dict:
    """The default cache of URL `name`.

    redis://host:6379/1 (or rediss://) is Django's Redis cache; db:// is a table in the
    database (`manage.py createcachetable` makes it); empty or locmem:// keeps the cache in
    each process, which is right for a single server only.
    """
    url = env_str(name, "")
    scheme, _sep, rest = url.partition("://")
    scheme = scheme.lower()
    if not url or scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if scheme in {"redis", "rediss"} and rest:
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if scheme == "db":
        table = rest.strip("/") or CACHE_TABLE
        return {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": table}
    raise ImproperlyConfigured(
        f"{name}={url!r} is not supported: use redis://host:6379/1, db:// or leave it empty."
    )
