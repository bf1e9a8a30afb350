"""A database outage: a 503 page without a trace while it lasts, /healthz, and recovery by
itself when the database is back.

The PostgreSQL tests cut the portal off from a real server (without stopping the server, which
other sessions share): the connection is pointed at a closed port, or its backend is killed
from a second connection. They run only when DATABASE_URL is PostgreSQL; on SQLite the same
paths are driven by code that raises the errors the driver raises.
"""

import json
import logging
import socket

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import InterfaceError, OperationalError, close_old_connections, connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import include, path

from cswg_portal.env import env_database
from tests.test_headers import EXPECTED_POLICY, policy

UNAVAILABLE = "The portal is briefly unavailable"
HEALTHZ = "/healthz"

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL (DATABASE_URL=postgres://...): SQLite has no server to lose",
)


def lost_connection_view(request):
    raise OperationalError("server closed the connection unexpectedly")


def interface_error_view(request):
    raise InterfaceError("connection already closed")


def broken_query_view(request):
    raise OperationalError("no such column: secret_detail")


urlpatterns = [
    path("lost/", lost_connection_view),
    path("interface/", interface_error_view),
    path("", include("cswg_portal.urls")),
]


def assert_unavailable_page(response, *secrets: str) -> None:
    html = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    assert f'<h1 class="h3 mb-3">{UNAVAILABLE}</h1>' in html
    assert "reload the page" in html
    assert "Traceback" not in html
    assert "OperationalError" not in html
    for secret in secrets:
        assert secret not in html


def assert_healthy(response) -> None:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"status": "ok", "database": "ok"}


def closed_port() -> int:
    """A port on this machine where nothing listens: connecting is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# On any database: the middleware and handler500 ---------------------------------------------


@pytest.mark.django_db
@pytest.mark.urls(__name__)
@pytest.mark.parametrize("url", ["/lost/", "/interface/"])
def test_a_connection_lost_in_a_view_answers_503_without_a_trace(
    client, facilitator_a, url, caplog
):
    client.force_login(facilitator_a)

    with caplog.at_level(logging.ERROR, logger="cswg.database"):
        response = client.get(url)

    assert_unavailable_page(response, "server closed", "already closed", facilitator_a.username)
    assert policy(response) == EXPECTED_POLICY
    # One line in the log, naming the request and the error, not the user.
    records = [record for record in caplog.records if record.name == "cswg.database"]
    assert len(records) == 1
    line = records[0].getMessage()
    assert line.startswith(f"Database unavailable during GET {url}: ")
    assert "\n" not in line
    assert facilitator_a.username not in line


@pytest.mark.django_db
def test_a_database_down_before_the_session_is_read_answers_503(client, facilitator_a, monkeypatch):
    client.force_login(facilitator_a)

    def refuse():
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: refused')

    monkeypatch.setattr(connection, "ensure_connection", refuse)
    response = client.get("/")

    assert_unavailable_page(response, "5432", facilitator_a.username)


@pytest.mark.django_db
def test_a_connection_lost_inside_the_session_middleware_answers_503(
    client, settings, facilitator_a, monkeypatch
):
    """Django turns an error in a middleware into a response before an outer middleware
    sees it: handler500 gives the 503 page for a lost connection."""
    settings.DEBUG = False
    client.raise_request_exception = False
    client.force_login(facilitator_a)

    def lost(self):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(SessionStore, "load", lost)
    response = client.get("/")

    assert_unavailable_page(response, "server closed", facilitator_a.username)


@pytest.mark.django_db
def test_other_server_errors_keep_the_500_page(client, settings, facilitator_a, monkeypatch):
    settings.DEBUG = False
    client.raise_request_exception = False
    client.force_login(facilitator_a)

    def broken(self):
        raise RuntimeError("not a database outage")

    monkeypatch.setattr(SessionStore, "load", broken)
    response = client.get("/")

    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


@pytest.mark.django_db
def test_the_503_page_speaks_the_visitors_language(client, monkeypatch):
    def refuse():
        raise OperationalError("refused")

    monkeypatch.setattr(connection, "ensure_connection", refuse)
    response = client.get("/login/", headers={"accept-language": "ru"})

    html = response.content.decode()
    assert response.status_code == 503
    # The text follows once the Russian catalogue is compiled (make messages).
    assert '<html lang="ru">' in html


# /healthz -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_healthz_answers_ok_without_a_session(client):
    response = client.get(HEALTHZ)

    assert_healthy(response)
    assert "no-store" in response["Cache-Control"]
    assert "sessionid" not in response.cookies
    assert not response.has_header("Set-Cookie")


@pytest.mark.django_db
def test_healthz_answers_a_signed_in_user_without_touching_the_session(client, facilitator_a):
    client.force_login(facilitator_a)
    session_key = client.session.session_key

    response = client.get(HEALTHZ)

    assert_healthy(response)
    assert not response.has_header("Set-Cookie")
    assert client.session.session_key == session_key


@pytest.mark.django_db
def test_healthz_refuses_a_post(client):
    assert client.post(HEALTHZ).status_code == 405


@pytest.mark.django_db
def test_healthz_answers_503_json_when_the_database_fails(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused: secret host detail")

    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get(HEALTHZ)

    assert response.status_code == 503
    assert json.loads(response.content) == {"status": "error", "database": "unavailable"}
    assert "no-store" in response["Cache-Control"]
    assert response["Retry-After"] == "30"


@pytest.mark.django_db
def test_healthz_answers_503_while_migrations_are_not_applied(client, monkeypatch):
    monkeypatch.setattr(
        MigrationExecutor,
        "migration_plan",
        lambda self, targets: [("communities.0099_future", False)],
    )

    response = client.get(HEALTHZ)

    assert response.status_code == 503
    assert json.loads(response.content) == {"status": "error", "database": "migrations pending"}


# Settings -------------------------------------------------------------------------------


def test_postgres_connections_are_kept_checked_and_time_out(monkeypatch):
    monkeypatch.setenv("DB", "postgres://cswg:secret@db.internal:5432/cswg")

    config = env_database("DB", "sqlite:///unused.sqlite3", conn_max_age=120, connect_timeout=3)

    assert (config["CONN_MAX_AGE"], config["CONN_HEALTH_CHECKS"]) == (120, True)
    assert config["OPTIONS"]["connect_timeout"] == 3
    assert config["OPTIONS"]["options"] == "-c jit=off"


@pytest.mark.django_db
def test_postgres_compiles_no_query_just_in_time():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


def test_sqlite_gets_no_connect_timeout(monkeypatch):
    monkeypatch.setenv("DB", "sqlite:////srv/cswg/db.sqlite3")

    config = env_database("DB", "sqlite:///unused.sqlite3")

    assert (config["CONN_MAX_AGE"], config["CONN_HEALTH_CHECKS"]) == (60, True)
    assert "connect_timeout" not in config.get("OPTIONS", {})


# On a real PostgreSQL server ------------------------------------------------------------


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_pages_answer_503_while_postgres_is_unreachable_and_recover_by_themselves(
    client, facilitator_a, monkeypatch
):
    client.force_login(facilitator_a)
    assert client.get("/").status_code == 200
    port = connection.settings_dict["PORT"]

    # The server "goes down": the portal's connection is dropped and cannot be made again.
    monkeypatch.setitem(connection.settings_dict, "PORT", closed_port())
    connection.close()
    page = client.get("/")
    health = client.get(HEALTHZ)

    assert_unavailable_page(page, "127.0.0.1", "Connection refused", facilitator_a.username)
    assert health.status_code == 503
    assert json.loads(health.content) == {"status": "error", "database": "unavailable"}

    # The server is back: the next request works, with no restart.
    monkeypatch.setitem(connection.settings_dict, "PORT", port)
    page = client.get("/")

    assert page.status_code == 200
    assert page.wsgi_request.user == facilitator_a
    assert_healthy(client.get(HEALTHZ))


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_a_persistent_connection_killed_by_the_server_is_replaced_on_the_next_request(
    client, facilitator_a
):
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True
    assert connection.settings_dict["CONN_MAX_AGE"] > 0
    client.force_login(facilitator_a)
    assert client.get("/").status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]

    other = connection.copy()
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    finally:
        other.close()
    # What the WSGI handler does when a request starts (the test client leaves it out): a kept
    # connection is marked for a health check before its first use.
    close_old_connections()
    page = client.get("/")

    assert page.status_code == 200
    assert page.wsgi_request.user == facilitator_a
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != pid
