"""Start-up from the environment: bad values stop it with the variable's name, good ones pass."""

import os
import secrets
import string
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from cswg_portal.env import (
    env_bool,
    env_choice,
    env_database,
    env_int,
    env_list,
    env_origins,
    env_time_zone,
)

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def manage(*args: str, timeout: int = 60, **environ: str) -> subprocess.CompletedProcess:
    """Run manage.py in a clean environment: only PATH, HOME and the given variables."""
    env = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", ""), **environ}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        env=env,
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def production_environment(**overrides: str) -> dict[str, str]:
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    return {
        "DEBUG": "false",
        "SECRET_KEY": "".join(secrets.choice(alphabet) for _ in range(50)),
        "ALLOWED_HOSTS": "portal.example.org",
        "CSRF_TRUSTED_ORIGINS": "https://portal.example.org",
        **overrides,
    }


# Start-up, in a fresh process each time because settings are read once.


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DEBUG", "maybe"),
        ("TIME_ZONE", "Mars/Olympus"),
        ("LANGUAGE_CODE", "fr"),
        ("DATABASE_URL", "mysql://x/y"),
        ("DATABASE_URL", "nonsense://"),
        ("CSRF_TRUSTED_ORIGINS", "portal.example.org"),
        ("AXES_FAILURE_LIMIT", "five"),
        ("OTP_REQUIRED", "sometimes"),
        ("SESSION_IDLE_MINUTES", "0"),
        ("SESSION_MAX_HOURS", "twelve"),
    ],
)
def test_a_bad_environment_value_stops_start_up_naming_the_variable(name, value):
    result = manage("check", **{name: value})

    assert result.returncode != 0
    # One line that an operator can act on, not a traceback.
    assert result.stderr.startswith(f"Configuration error: {name}")
    assert len(result.stderr.strip().splitlines()) == 1


def test_the_defaults_start_without_any_environment():
    result = manage("check")

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_a_production_environment_passes_the_deployment_checks():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **production_environment())

    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stdout + result.stderr


def test_production_without_a_secret_key_warns_about_it():
    environment = production_environment()
    del environment["SECRET_KEY"]

    result = manage("check", "--deploy", "--fail-level", "WARNING", **environment)

    assert result.returncode != 0
    assert "security.W009" in result.stderr


# The helpers in cswg_portal.env.


@pytest.mark.parametrize("word", ["1", "true", "TRUE", " yes ", "on", "On"])
def test_env_bool_reads_true_words(monkeypatch, word):
    monkeypatch.setenv("FEATURE", word)

    assert env_bool("FEATURE", False) is True


@pytest.mark.parametrize("word", ["0", "false", "False", "no", "off", "", "  "])
def test_env_bool_reads_false_words(monkeypatch, word):
    monkeypatch.setenv("FEATURE", word)

    assert env_bool("FEATURE", True) is False


def test_env_bool_falls_back_to_the_default_when_unset(monkeypatch):
    monkeypatch.delenv("FEATURE", raising=False)

    assert env_bool("FEATURE", True) is True
    assert env_bool("FEATURE", False) is False


@pytest.mark.parametrize("word", ["maybe", "2", "y", "enabled"])
def test_env_bool_refuses_other_words_naming_the_variable(monkeypatch, word):
    monkeypatch.setenv("FEATURE", word)

    with pytest.raises(ImproperlyConfigured, match=f"^FEATURE='{word}' is not a yes/no value"):
        env_bool("FEATURE", False)


def test_env_list_drops_blanks_and_spaces(monkeypatch):
    monkeypatch.setenv("HOSTS", " portal.example.org, ,localhost,,  10.0.0.5 ,")

    assert env_list("HOSTS", "ignored") == ["portal.example.org", "localhost", "10.0.0.5"]


def test_env_list_of_an_empty_value_is_empty(monkeypatch):
    monkeypatch.setenv("HOSTS", " , ")

    assert env_list("HOSTS", "localhost") == []


def test_env_list_reads_the_default_when_unset(monkeypatch):
    monkeypatch.delenv("HOSTS", raising=False)

    assert env_list("HOSTS", "127.0.0.1,localhost") == ["127.0.0.1", "localhost"]


def test_env_int_reads_a_whole_number_and_refuses_words(monkeypatch):
    monkeypatch.setenv("LIMIT", "7")
    assert env_int("LIMIT", 5) == 7

    monkeypatch.setenv("LIMIT", " ")
    assert env_int("LIMIT", 5) == 5

    monkeypatch.setenv("LIMIT", "five")
    with pytest.raises(ImproperlyConfigured, match="^LIMIT='five' is not a whole number"):
        env_int("LIMIT", 5)


def test_env_int_refuses_a_number_below_the_minimum(monkeypatch):
    monkeypatch.setenv("MINUTES", "1")
    assert env_int("MINUTES", 30, minimum=1) == 1

    monkeypatch.setenv("MINUTES", "0")
    with pytest.raises(ImproperlyConfigured, match="^MINUTES='0' is too small: use 1 or more"):
        env_int("MINUTES", 30, minimum=1)


def test_env_time_zone_defaults_to_bishkek(monkeypatch):
    monkeypatch.delenv("TIME_ZONE", raising=False)

    assert env_time_zone("TIME_ZONE", "Asia/Bishkek") == "Asia/Bishkek"


def test_env_time_zone_accepts_dushanbe_and_refuses_an_unknown_zone(monkeypatch):
    monkeypatch.setenv("TIME_ZONE", "Asia/Dushanbe")
    assert env_time_zone("TIME_ZONE", "Asia/Bishkek") == "Asia/Dushanbe"

    monkeypatch.setenv("TIME_ZONE", "Mars/Olympus")
    with pytest.raises(ImproperlyConfigured, match="^TIME_ZONE='Mars/Olympus' is not a known"):
        env_time_zone("TIME_ZONE", "Asia/Bishkek")


def test_env_choice_refuses_a_language_outside_the_list(monkeypatch):
    monkeypatch.setenv("LANGUAGE_CODE", "fr")

    with pytest.raises(ImproperlyConfigured, match="^LANGUAGE_CODE='fr' is not supported"):
        env_choice("LANGUAGE_CODE", "en", ["en", "ru"])


def test_env_origins_needs_a_scheme(monkeypatch):
    monkeypatch.setenv("ORIGINS", "https://portal.example.org, http://10.0.0.5:8000")
    assert env_origins("ORIGINS") == ["https://portal.example.org", "http://10.0.0.5:8000"]

    monkeypatch.setenv("ORIGINS", "https://portal.example.org,portal.example.org")
    with pytest.raises(ImproperlyConfigured, match="^ORIGINS: 'portal.example.org' must start"):
        env_origins("ORIGINS")


def test_env_database_reads_sqlite_and_postgres_urls(monkeypatch):
    monkeypatch.setenv("DB", "postgres://cswg:secret@db.internal:5432/cswg")
    postgres = env_database("DB", "sqlite:///unused.sqlite3")
    assert (postgres["ENGINE"], postgres["NAME"], postgres["HOST"], postgres["PORT"]) == (
        "django.db.backends.postgresql",
        "cswg",
        "db.internal",
        5432,
    )

    monkeypatch.delenv("DB")
    sqlite = env_database("DB", "sqlite:////srv/cswg/db.sqlite3")
    assert (sqlite["ENGINE"], sqlite["NAME"]) == (
        "django.db.backends.sqlite3",
        "/srv/cswg/db.sqlite3",
    )


@pytest.mark.parametrize("url", ["mysql://x/y", "nonsense://"])
def test_env_database_refuses_other_engines_naming_the_variable(monkeypatch, url):
    monkeypatch.setenv("DB", url)

    with pytest.raises(ImproperlyConfigured, match="^DB"):
        env_database("DB", "sqlite:///unused.sqlite3")
