"""Local settings: SQLite, eager tasks, emails printed in the console. Never for a server."""

import os

os.environ.setdefault("USAGE_LOCAL", "true")
os.environ.setdefault("SECRET_KEY", "django-insecure-dev-uniquement")
os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("DATABASE_URL", "sqlite:///db.sqlite3")
os.environ.setdefault("EMAIL_DELIVERY_BACKEND", "django.core.mail.backends.console.EmailBackend")
os.environ.setdefault("ACCOUNT_DEFAULT_HTTP_PROTOCOL", "http")

from config.settings.base import *  # noqa: E402, F403
