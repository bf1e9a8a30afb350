from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from communities import views as community_views
from cswg_portal import accounts, health
from cswg_portal.admin import scoped_view_on_site

# Password reset by e-mail is left out on purpose: the portal sends no mail, and
# an administrator resets a forgotten password in the back office.
auth_urls = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password_change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("two-factor/", accounts.two_factor, name="two-factor"),
]

# A lost database connection raised inside a middleware gets the 503 page, not the 500 one.
handler500 = "cswg_portal.health.server_error"

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    # Shadows the admin's own "view on site" (admin:view_on_site) with one that keeps to scope.
    path(
        "admin/r/<int:content_type_id>/<path:object_id>/",
        admin.site.admin_view(scoped_view_on_site),
    ),
    path("admin/", admin.site.urls),
    *auth_urls,
    path("", community_views.home, name="home"),
    path("reports/", include("cycles.reports.urls")),
    path("", include("communities.urls")),
    path("", include("cycles.urls")),
]

if settings.BENCH:
    from cswg_portal import bench

    urlpatterns.append(path("bench/minimal/", bench.minimal, name="bench-minimal"))
