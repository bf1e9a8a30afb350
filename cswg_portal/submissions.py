"""Create forms sent twice (a retry on a bad connection, a double click) create one record.

A create form (`OnceOnlyFormMixin`) carries a one-time token made when the page is shown. The
POST that creates the record claims the token (a `Submission` row, unique per user and token)
in the same transaction; a retried POST finds the claim and is sent to what the first one
saved (`already_saved`, `save_once`), even when both arrive at the same moment.
"""

import uuid
from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext

from cswg_portal.concurrency import VersionFormField
from cswg_portal.models import Submission

TOKEN_FIELD = "submission_token"

T = TypeVar("T")


class TokenFormField(VersionFormField):
    """A one-time submission token (a UUID), or None when missing or not a UUID."""

    def to_python(self, value):
        try:
            return uuid.UUID(str(value)) if value else None
        except ValueError:
            return None


class OnceOnlyFormMixin:
    """For a form that creates a record: a token made when the page is shown, so that the same
    POST sent twice (a retry on a bad connection, a double click) creates one record."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[TOKEN_FIELD] = TokenFormField(initial=uuid.uuid4)


class AlreadySaved(Exception):
    """The POST's token was used before: `url` is where its record is."""

    def __init__(self, url: str):
        super().__init__(url)
        self.url = url

    def response(self, request: HttpRequest) -> HttpResponse:
        messages.info(request, gettext("This was already saved; it is not saved twice."))
        return redirect(self.url)


def _token(request: HttpRequest, form: forms.BaseForm) -> uuid.UUID | None:
    return form.fields[TOKEN_FIELD].to_python(request.POST.get(form.add_prefix(TOKEN_FIELD)))


def already_saved(request: HttpRequest, form: forms.BaseForm) -> HttpResponse | None:
    """On a POST whose token this user already used, the way to what it saved; else None."""
    token = _token(request, form) if request.method == "POST" else None
    if token is None:
        return None
    url = (
        Submission.objects.filter(user=request.user, token=token)
        .values_list("redirect_to", flat=True)
        .first()
    )
    return AlreadySaved(url).response(request) if url else None


def save_once(
    request: HttpRequest, form: forms.BaseForm, create: Callable[[], T], url: Callable[[T], str]
) -> T:
    """Run `create()` and claim the form's token in one transaction.

    Raises AlreadySaved when the same POST claimed the token first (on PostgreSQL the claim
    waits for the other transaction and then fails on the unique constraint). Without a token
    it just creates.
    """
    token = _token(request, form)
    if token is None:
        return create()
    try:
        with transaction.atomic():
            claim = Submission.objects.create(user=request.user, token=token)
            created = create()
            claim.redirect_to = url(created)
            claim.save(update_fields=["redirect_to"])
    except IntegrityError:
        first = (
            Submission.objects.filter(user=request.user, token=token)
            .values_list("redirect_to", flat=True)
            .first()
        )
        if first is None:
            raise
        raise AlreadySaved(first) from None
    return created
