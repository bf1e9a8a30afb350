"""The one table of the cross-cutting code: the tokens of create forms already sent."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Submission(models.Model):
    """A create form's one-time token, claimed by the POST that saved it (see concurrency.py).

    A retried POST with the same token finds the row and goes to `redirect_to` instead of
    creating the record again.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    token = models.UUIDField(_("token"))
    redirect_to = models.CharField(_("saved record"), max_length=300, blank=True)
    saved_at = models.DateTimeField(_("saved at"), default=timezone.now)

    class Meta:
        ordering = ["-saved_at"]
        verbose_name = _("form submission")
        verbose_name_plural = _("form submissions")
        constraints = [
            # Also the index of the look-up by user and token on every create POST.
            models.UniqueConstraint(fields=["user", "token"], name="cswg_portal_submission_once"),
        ]

    def __str__(self):
        return f"{self.token} → {self.redirect_to}"
