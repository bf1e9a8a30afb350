from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The cross-cutting code (sign-in rules, roles); an app to connect its receiver and
    register its lookups."""

    name = "cswg_portal"
    verbose_name = _("CSWG Portal")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from cswg_portal import lookups
        from cswg_portal.middleware import stamp_sign_in

        lookups.register()

        # Connected here, not on import of the middleware, so that it also holds for logins
        # made before the first request is handled (management commands, the test client).
        user_logged_in.connect(stamp_sign_in, dispatch_uid="cswg_portal.stamp_sign_in")
