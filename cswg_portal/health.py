"""The database's health: the 503 page while it is down, and /healthz for monitoring.

While PostgreSQL is down (restart, failover, full disk) every page answers 503 with a page
that says to wait, never a trace; when it is back, the next request opens a new connection
(CONN_HEALTH_CHECKS, see settings) and the portal works again without a restart.
"""

import logging
import sys

from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.views import defaults
from django.views.decorators.http import require_safe

logger = logging.getLogger("cswg.database")

# What a lost or refused connection raises; other database errors are bugs (500).
CONNECTION_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def close_broken_connections() -> None:
    """Drop the connections so that the next request opens new ones.

    A connection inside a transaction is left to the code that opened it (Django marks it
    for rollback); closing a connection that is already gone may fail, which is fine.
    """
    for connection in connections.all(initialized_only=True):
        if connection.in_atomic_block:
            continue
        try:
            connection.close()
        except DatabaseError:
            connection.connection = None


def log_outage(request: HttpRequest, error: BaseException) -> None:
    # One line, without the query or its parameters: the first line of the driver's message
    # names the host and what failed, nothing about a person.
    message = str(error).strip().splitlines()[0][:200] if str(error).strip() else ""
    logger.error(
        "Database unavailable during %s %s: %s %s",
        request.method,
        request.path,
        type(error).__name__,
        message,
    )


def unavailable_response(request: HttpRequest) -> HttpResponse:
    """The 503 page, rendered without the database: no request, so no context processors."""
    language = translation.get_language_from_request(request)
    with translation.override(language):
        html = render_to_string("503.html", {"LANGUAGE_CODE": language})
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


def database_unavailable(request: HttpRequest, error: BaseException) -> HttpResponse:
    log_outage(request, error)
    close_broken_connections()
    return unavailable_response(request)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a lost database raised where the middleware cannot catch it (inside
    another middleware, whose errors Django turns into responses) still gets the 503 page."""
    error = sys.exc_info()[1]
    if isinstance(error, CONNECTION_ERRORS):
        return database_unavailable(request, error)
    return defaults.server_error(request)


@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers and every migration is applied, 503 otherwise.

    For a load balancer or an uptime monitor: no sign-in, no session, no trace.
    """
    connection = connections["default"]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as error:
        log_outage(request, error)
        close_broken_connections()
        body, status = {"status": "error", "database": "unavailable"}, 503
    else:
        if pending:
            logger.error("Health check: %d migrations are not applied", len(pending))
            body, status = {"status": "error", "database": "migrations pending"}, 503
        else:
            body, status = {"status": "ok", "database": "ok"}, 200
    response = JsonResponse(body, status=status)
    if status == 503:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response
