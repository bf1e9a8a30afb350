"""Two-factor sign-in: a six-digit code from an authenticator app (TOTP) after the password.

Partner staff and administrators see personal data of whole organisations, so a stolen
password alone must not open it. The first time, the code page shows a QR code to add the
portal to an app; afterwards it only asks for the code. An administrator who deletes a
person's TOTP device in the back office (a lost phone) makes them set it up again.
"""

import math
import re
from base64 import b32encode

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString, mark_safe
from django.utils.timesince import timeuntil
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from cswg_portal.roles import STAFF_ROLES

CODE_PATTERN = re.compile(r"[0-9]{6}")


def two_factor_required(user) -> bool:
    """Whether this signed-in user must enter a code (when OTP_REQUIRED is on)."""
    return user.is_superuser or user.is_staff or user.role in STAFF_ROLES


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Six-digit code"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_code(self) -> str:
        # Apps show the code as "123 456"; people type it the same way.
        code = "".join(self.cleaned_data["code"].split())
        if not CODE_PATTERN.fullmatch(code):
            raise forms.ValidationError(_("Enter the six digits that your app shows."))
        return code


def _wait_text(locked_until) -> str:
    seconds = math.ceil((locked_until - timezone.now()).total_seconds())
    if seconds < 60:
        return ngettext("%(count)d second", "%(count)d seconds", seconds) % {"count": seconds}
    return timeuntil(locked_until)


def _check_code(device: TOTPDevice, form: CodeForm) -> bool:
    """Verify the form's code on the device, adding the reason to the form when it fails.

    django-otp throttles a device after a wrong code: each further wrong code doubles the wait
    (1, 2, 4, 8, 16 seconds...) before another code is even looked at.
    """
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        allowed, details = device.verify_is_allowed()
        if not allowed:
            form.add_error(
                "code",
                _("Too many wrong codes in a row. Wait %(wait)s, then enter the current code.")
                % {"wait": _wait_text(details["locked_until"])},
            )
            return False
        if device.verify_token(form.cleaned_data["code"]):
            return True
    form.add_error(
        "code",
        _(
            "That code is not right. Enter the code your app shows now; if it is always "
            "refused, check that the time on your phone is set automatically."
        ),
    )
    return False


def _safe_next(request: HttpRequest) -> str:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return next_url
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _qr_code_svg(url: str) -> SafeString:
    title = _("QR code for your authenticator app")
    svg = segno.make(url, error="m").svg_inline(scale=5, dark="#000", light="#fff", title=title)
    return mark_safe(svg)  # segno escapes the title; the rest is its own markup


def _grouped(secret: str) -> str:
    return " ".join(secret[start : start + 4] for start in range(0, len(secret), 4))


@never_cache
@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """Ask for a code; the first time, set up the app with a QR code and the secret as text."""
    user = request.user
    next_url = _safe_next(request)
    if user.is_verified() or not two_factor_required(user):
        return redirect(next_url)

    device = TOTPDevice.objects.devices_for_user(user, confirmed=True).first()
    setting_up = device is None
    if setting_up:
        # One pending device per person, so reloading the page keeps the same secret.
        device = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
        if device is None:
            device = TOTPDevice.objects.create(
                user=user, name=_("Authenticator app"), confirmed=False
            )

    form = CodeForm(request.POST or None)
    if form.is_valid() and _check_code(device, form):
        if setting_up:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            messages.success(
                request,
                _(
                    "Two-factor sign-in is set up. Each time you sign in, enter the code "
                    "from your app."
                ),
            )
        otp_login(request, device)
        # A new session key for the now fully signed-in session, as at password sign-in.
        request.session.cycle_key()
        return redirect(next_url)

    context = {"form": form, "next": next_url}
    if setting_up:
        context |= {
            "otpauth_url": device.config_url,
            "qr_code": _qr_code_svg(device.config_url),
            "secret": _grouped(b32encode(device.bin_key).decode()),
        }
        return render(request, "registration/two_factor_setup.html", context)
    return render(request, "registration/two_factor_verify.html", context)
