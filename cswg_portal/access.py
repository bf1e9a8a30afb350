"""Who may use the facilitators' pages, and fetching their objects through the user's scope.

The site's pages are for field work: facilitators, partner staff and administrators.
Donors read aggregated reports only, so every field-work page refuses them (403) whatever
the object; everybody else gets objects only through `visible_to(user)`, so a row outside
their scope is a 404, never a peek.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import get_object_or_404


def does_fieldwork(user) -> bool:
    """Facilitators, partner staff and administrators; not donors."""
    from communities.models import User

    if not user.is_authenticated or not user.is_active:
        return False
    return user.sees_everything or user.role in (User.Role.FACILITATOR, User.Role.PARTNER)


def fieldwork_required(view: Callable) -> Callable:
    """Sign-in first (anonymous people go to the login page), then 403 for donors."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not does_fieldwork(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapper)


def scoped_or_404(source: type[models.Model] | models.QuerySet, user, **lookup) -> models.Model:
    """The row matching `lookup` among those `user` may see, or 404.

    `source` is a model or a queryset of it (to add select_related and the like); its
    manager must offer `visible_to(user)`.
    """
    queryset = source._default_manager.all() if isinstance(source, type) else source
    return get_object_or_404(queryset.visible_to(user), **lookup)
