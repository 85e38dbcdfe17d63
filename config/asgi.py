"""ASGI entry point (unused in production: gunicorn sync workers serve the app, PERF-NOTES.md)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_asgi_application()
