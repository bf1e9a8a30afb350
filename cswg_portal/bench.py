"""Benchmark mode (BENCH=true, set by `make bench` only): every response says how many SQL
queries it took, and a minimal page gives the framework's own cost to compare pages with.

Never turn it on in production: the header tells anyone how much work a page does.
"""

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

QUERY_COUNT_HEADER = "X-Query-Count"


class QueryCountMiddleware:
    """Counts every query of the request, the session and sign-in included (it comes first)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        response[QUERY_COUNT_HEADER] = str(count)
        return response


def minimal(request: HttpRequest) -> HttpResponse:
    """A small template and nothing else: the floor every page's time is compared with."""
    return render(request, "bench/minimal.html", {"user": request.user})
