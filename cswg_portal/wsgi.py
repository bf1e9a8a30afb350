"""WSGI entry point: `gunicorn cswg_portal.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cswg_portal.settings")

application = get_wsgi_application()
