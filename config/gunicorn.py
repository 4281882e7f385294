"""gunicorn's settings (Procfile, systemd): everything from the environment, as on a PaaS.

- PORT: where to listen (the PaaS gives it; 8000 otherwise), on every interface.
- WEB_CONCURRENCY: worker processes (2 by default: a small machine; about twice the cores).
- GUNICORN_THREADS: threads per worker (1: the pages are CPU-bound, issue 19's measures).
- GUNICORN_TIMEOUT: seconds before a stuck worker is replaced (30).
- FORWARDED_ALLOW_IPS: the proxies whose X-Forwarded-* headers are trusted (127.0.0.1); the
  client address itself comes from TRUSTED_PROXIES in Django (comptes.http).
"""

import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# A worker is replaced after this many requests (with some spread), so that a slow leak never
# grows for days.
max_requests = 2000
max_requests_jitter = 200
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
# Who asked what, the answer and how long it took (microseconds), one line per request.
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(D)sus "%(a)s"'
