"""Helpers shared by the cycles back-office pages."""

from collections.abc import Callable, Iterable

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from cswg_portal.admin import ScopedAdmin, ScopedInlineMixin


class CyclesAdmin(ScopedAdmin):
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 3, "cols": 80})},
    }


def percent_text(value) -> str:
    return "-" if value is None else f"{value:.1f}%"


def html_table(css_class: str, headers: Iterable[str], rows: Iterable[Iterable]) -> str:
    """A table of escaped cells (values already marked safe stay as they are)."""
    head = format_html_join("", "<th>{}</th>", ((header,) for header in headers))
    body = format_html_join(
        "",
        "<tr>{}</tr>",
        ((format_html_join("", "<td>{}</td>", ((cell,) for cell in row)),) for row in rows),
    )
    return format_html(
        '<table class="{}"><thead><tr>{}</tr></thead><tbody>{}</tbody></table>',
        css_class,
        head,
        body,
    )


def bullet_list(items: Iterable[str]) -> str:
    return format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((i,) for i in items)))


def posted(request):
    """The POST data to bind a form to, or None on GET so that it shows unbound."""
    return request.POST if request.method == "POST" else None


def change_url(obj) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def own_organisation_users(field, request):
    """People outside the user's organisation are not offered as facilitators or reporters."""
    if field is not None and not request.user.sees_everything:
        field.queryset = field.queryset.filter(organisation=request.user.organisation_id)
    return field


class ReadOnlyInline(ScopedInlineMixin, admin.TabularInline):
    """A log shown under its parent: never added to or edited by hand."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ReadOnlyAdminMixin:
    """A log written only by services: listed and viewed, never edited in the admin."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def confirm_and_act(
    model_admin: admin.ModelAdmin,
    request,
    obj,
    *,
    form: forms.Form,
    act: Callable[[dict], tuple[str, str]],
    title: str,
    submit_label: str,
    notes: Iterable[str] = (),
    notes_title: str = "",
):
    """A confirmation page for one change: GET shows `form`, a valid POST runs `act`.

    `act(cleaned_data)` returns (success message, where to go next). A refusal
    (ValidationError) is shown on the form with its messages; nothing changes.
    """
    if request.method == "POST" and form.is_valid():
        try:
            message, next_url = act(form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            model_admin.message_user(request, message, messages.SUCCESS)
            return HttpResponseRedirect(next_url)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": title,
        "opts": model_admin.opts,
        "original": obj,
        "form": form,
        "notes": list(notes),
        "notes_title": notes_title or _("Still missing"),
        "submit_label": submit_label,
        "has_view_permission": True,
    }
    return TemplateResponse(request, "admin/cycles/action.html", context)
