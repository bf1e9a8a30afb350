"""The access log of highly sensitive concerns: who opened which one, when and where."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cycles.models.concern import Concern


class SensitiveConcernReadQuerySet(models.QuerySet):
    def visible_to(self, user) -> "SensitiveConcernReadQuerySet":
        """Only administrators look at who read what."""
        if user.is_authenticated and user.is_active and user.sees_everything:
            return self.all()
        return self.none()

    def record(self, concerns, user, path: str) -> None:
        """Log that `user` was shown the text of `concerns` on the page `path`.

        Pass the concerns whose text the page shows (annotated `with_text_access` or checked
        with `text_visible_to`); only the highly sensitive ones are logged, in one insert.
        """
        highly = Concern.Sensitivity.HIGHLY_SENSITIVE
        self.bulk_create(
            [
                SensitiveConcernRead(concern=concern, user=user, path=path[:300])
                for concern in concerns
                if concern.sensitivity == highly
            ]
        )


class SensitiveConcernRead(models.Model):
    """One opening of a highly sensitive concern's page (or its history) by a reader.

    Written by the admin and site pages, never edited: the trace of who read what, when and where.
    """

    concern = models.ForeignKey(
        Concern, verbose_name=_("concern"), on_delete=models.PROTECT, related_name="reads"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("read by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    read_at = models.DateTimeField(_("read at"), default=timezone.now)
    path = models.CharField(_("page"), max_length=300)

    objects = SensitiveConcernReadQuerySet.as_manager()

    class Meta:
        ordering = ["-read_at", "-pk"]
        verbose_name = _("read of a highly sensitive concern")
        verbose_name_plural = _("reads of highly sensitive concerns")
        indexes = [
            # The access log's list, newest first, and its date filter.
            models.Index(fields=["-read_at"], name="cycles_concernread_at_idx"),
        ]

    def __str__(self):
        return _("%(user)s read %(concern)s") % {"user": self.user, "concern": self.concern}
