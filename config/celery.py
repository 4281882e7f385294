import os
import socket
import time

from celery import Celery

# A worker or beat is a server process: production settings unless told otherwise (as wsgi.py;
# config/__init__.py imports this module first, so its default is the one that counts).
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

app = Celery("config")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="sante.ping", ignore_result=False)
def ping() -> dict:
    """Answer with the process that ran the task, so a test can tell a worker from eager mode."""
    return {"pid": os.getpid(), "host": socket.gethostname()}


# Where beat's heartbeat is kept (the readiness check, config/views.py, reads it).
BATTEMENT_CLE = "sante:beat:dernier"


@app.task(name="sante.battement")
def battement() -> float:
    """Periodic, every minute: beat is alive (read by /sante/pret/)."""
    from django.core.cache import cache

    maintenant = time.time()
    cache.set(BATTEMENT_CLE, maintenant, timeout=None)
    return maintenant
