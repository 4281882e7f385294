import os
import socket

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
