"""Test settings: SQLite unless DATABASE_URL points elsewhere (CI gives PostgreSQL)."""

import os

os.environ.setdefault("USAGE_LOCAL", "true")
os.environ.setdefault("SECRET_KEY", "django-insecure-tests-uniquement")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("DATABASE_URL", "sqlite:///db-tests.sqlite3")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SITE_URL", "http://testserver")

from config.settings.base import *  # noqa: E402, F403

# Tasks run in the test process so their effects can be asserted; the worker test sends
# its task explicitly through the broker.
CELERY_TASK_ALWAYS_EAGER = True
# Emails still go through the Celery backend, then into Django's test outbox. The CI worker is
# started with a file backend instead, so that tests can read what it really delivered.
EMAIL_DELIVERY_BACKEND = os.environ.get(
    "EMAIL_DELIVERY_BACKEND", "django.core.mail.backends.locmem.EmailBackend"
)
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", "")
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The live server of the browser tests speaks plain HTTP.
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# No collectstatic before the tests: whitenoise serves straight from the finders.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
