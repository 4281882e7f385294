"""Settings of the servers that the outage tests start in processes of their own (gunicorn, a
Celery worker): the test settings, with tasks sent through the broker and the Redis cache of
REDIS_URL, as in production."""

from config.settings.test import *  # noqa: F403
from config.settings.test import REDIS_URL

CELERY_TASK_ALWAYS_EAGER = False
CACHES = {
    "default": {
        "BACKEND": "config.cache.RedisCacheDeSecours",
        "LOCATION": REDIS_URL,
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
}
