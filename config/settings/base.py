"""Production-safe settings: everything that differs between machines comes from the environment.

`dev.py` and `test.py` only set defaults for local use; nothing here trusts a default
that would be unsafe on a public server (no DEBUG, no default secret, no wildcard host).
"""

from pathlib import Path
from urllib.parse import urlsplit

import environ
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

# A production start needs these: each missing one is named, in French, and the start refused
# (at the end of this file). dev.py and test.py set USAGE_LOCAL and their own defaults.
USAGE_LOCAL = env.bool("USAGE_LOCAL", default=False)
REGLAGES_MANQUANTS: list[str] = []


def _requis(nom: str, description: str) -> str:
    valeur = env.str(nom, default="")
    if not valeur:
        REGLAGES_MANQUANTS.append(f"{nom} ({description})")
    return valeur


SECRET_KEY = _requis("SECRET_KEY", "la clé secrète de Django, longue et aléatoire")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
if not ALLOWED_HOSTS:
    REGLAGES_MANQUANTS.append("ALLOWED_HOSTS (le ou les noms de domaine du site)")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "allauth",
    "allauth.account",
    "django_filters",
    "django_htmx",
    "csp",
    "dsfr",
    "template_partials",
    "widget_tweaks",
    # Django REST framework runs without being an installed app: installed, its French catalog
    # would replace Django's own wording of form messages (« adresse e-mail ») on every page.
    "drf_spectacular",
    "corsheaders",
    # History enforced by the database (issue 14): pgtrigger installs the triggers that refuse
    # to change a moderation decision, pghistory those that record who changed a membership, a
    # participation, a catalyseur or an organisation's identity (moderation/historique.py).
    # Both install nothing on SQLite, where the ORM writes the same history.
    "pgtrigger",
    "pghistory",
    # Ours, from the bottom layer up (docs/architecture.md; .importlinter holds the layers, and
    # opendata and api, plain packages, sit with the bottom ones): ready() registrations run in
    # this order.
    "comptes",
    "textes",
    "nomenclatures",
    "territoires",
    "recherche",
    "moderation",
    "organisations",
    "chartes",
    "alliances",
    "conventions",
    "suivis",
    "sauvegardes",
    "offres",
    "ressources",
    "observatoire",
    "espace",
    "pages",
    "banc",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Headers block below (issue 14): CSP, and Permissions-Policy/CORP on every answer, static
    # files included, hence before whitenoise.
    "csp.middleware.CSPMiddleware",
    "config.headers.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Before CommonMiddleware, as django-cors-headers asks; scoped by CORS_URLS_REGEX.
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page needs a login unless its view says otherwise (@login_not_required).
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # History (issue 14): the actor's id and the URL of each request that writes, attached to
    # the events that the database records (pghistory's context; our own on SQLite).
    "moderation.historique.HistoryMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # A new version of the conditions générales is accepted before going on (pages/).
    "pages.middleware.CGUMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                # Matomo's address, when audience measurement is on (MATOMO_URL below).
                "config.context_processors.mesure_audience",
            ],
        },
    },
]

DATABASES = {
    "default": env.db_url_config(
        _requis("DATABASE_URL", "l'adresse de la base PostgreSQL") or "sqlite://:memory:"
    )
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
# A kept connection is checked before each request reuses it: after a PostgreSQL restart, the
# first request of a worker reconnects instead of answering 500.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The pages run short queries that each read at most a few thousand rows (measured with
    # the `bench` command at 1.2 million alliances): compiling them (JIT) costs more than it
    # saves, and 16 MB per sort or bitmap keeps a text search's bitmap exact, not lossy.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "options", "-c jit=off -c work_mem=16MB"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "comptes.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accueil"

# django-allauth: the email address is the login, and it must be verified.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Alliances ODD 17] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env.str("ACCOUNT_DEFAULT_HTTP_PROTOCOL", default="https")
# Signing up with an address already in use must say so plainly (the issue asks for it);
# a professional directory is public anyway, so hiding which emails exist protects little.
ACCOUNT_PREVENT_ENUMERATION = False
ACCOUNT_ADAPTER = "comptes.adapter.AccountAdapter"
# Following the link of the confirmation email logs the person in (in the browser that signed
# up), instead of asking for the password they have just chosen.
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
# Failed logins: at most 20 per address in 10 minutes (someone trying many accounts), and 5 per
# account and address in 5 minutes (someone guessing one password). The second key holds the
# address too (comptes/adapter.py), so nobody can lock an account for its owner.
ACCOUNT_RATE_LIMITS = {"login_failed": "20/10m/ip,5/5m/key"}

LANGUAGE_CODE = "fr-fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
# The project's own French for texts of the apps it uses (allauth's « e-mail » becomes
# « courriel »): locale/ comes before the apps' catalogues. The .mo is committed.
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Redis serves as Celery broker, result store and cache. Without REDIS_URL (local use),
# tasks run eagerly in the web process and the cache stays in memory.
REDIS_URL = env.str("REDIS_URL", default="")
if not REDIS_URL and not USAGE_LOCAL:
    REGLAGES_MANQUANTS.append(
        "REDIS_URL (le broker des tâches et le cache : sans lui, les courriels partiraient "
        "depuis les pages)"
    )
if REDIS_URL:
    # Without Redis, the pages and the rate limits go on with each process's memory
    # (config/cache.py); a request waits for at most one short timeout.
    CACHES = {
        "default": {
            "BACKEND": "config.cache.RedisCacheDeSecours",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A web request that asks for a task must not wait for a broker that is down: the outbox and
# the periodic jobs catch up later. One quick attempt with short socket timeouts, and no
# result store (no task's result is read, except `sante.ping`'s), which Celery would otherwise
# try to reach again and again (19 s measured with Redis stopped).
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 1}
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_TASK_ACKS_LATE = True
CELERY_TIMEZONE = TIME_ZONE
# Periodic jobs, each with the reason it exists.
CELERY_BEAT_SCHEDULE: dict = {
    # The observatoire, its API and its CSV files read summary tables instead of counting a
    # million alliances per request: recompute them every hour (a few seconds of work).
    "observatoire-chiffres": {
        "task": "observatoire.tasks.observatoire_refresh_task",
        "schedule": 3600,
    },
    # The alliance search's totals, facet counts and map without filters at national scale
    # (alliances/facettes.py): every half hour, so that they lag the published alliances by
    # that much at most. The rewrite takes about 3 minutes at 1.2 million alliances.
    "recherche-comptages": {
        "task": "alliances.tasks.facettes_refresh",
        "schedule": 30 * 60,
    },
    # Offres whose date limite has passed leave the search in the night.
    "offres-expirees": {
        "task": "offres.tasks.offres_expire",
        "schedule": crontab(hour=1, minute=5),
    },
    # Saved searches: the daily digest of new offres and alliances, early in the morning.
    "alertes-quotidiennes": {
        "task": "offres.tasks.alertes_send_digests",
        "schedule": crontab(hour=7, minute=0),
        "args": ["quotidienne"],
    },
    # The weekly digest, on Monday mornings.
    "alertes-hebdomadaires": {
        "task": "offres.tasks.alertes_send_digests",
        "schedule": crontab(hour=7, minute=30, day_of_week="monday"),
        "args": ["hebdomadaire"],
    },
    # Catalyseurs: one morning email listing what entered their queue since the day before
    # (none when nothing did).
    "moderation-recapitulatifs": {
        "task": "moderation.tasks.moderation_digests_send",
        "schedule": crontab(hour=8, minute=0),
    },
    # Items waiting for more than 7 days go to the enclosing perimeter and to staff; hourly,
    # so that an item is escalated within the hour it becomes late.
    "moderation-escalade": {
        "task": "moderation.tasks.moderation_escalate",
        "schedule": crontab(minute=20),
    },
    # Alliance follow-ups (3, 6, 12 months, then yearly): each morning, plan those that fell
    # due and ask the partners, remind the silent ones, flag them to the catalyseurs after two
    # reminders. Idempotent: a second run the same day sends nothing.
    "suivis-echeances": {
        "task": "suivis.tasks.suivis_plan_and_remind_task",
        "schedule": crontab(hour=6, minute=30),
    },
    # Retention (CONSERVATION below): every night, each app removes or anonymises what has
    # been kept long enough, and warns the accounts about to be anonymised.
    "donnees-conservation": {
        "task": "comptes.droits.donnees_purge_task",
        "schedule": crontab(hour=3, minute=40),
    },
    # Beat's heartbeat, read by the readiness check (/sante/pret/).
    "sante-battement": {
        "task": "sante.battement",
        "schedule": 60,
    },
    # The outbox: every minute, send what still waits (the broker was down when its change
    # committed, or SMTP refused it), so that mail is delayed, never lost.
    "courriels-en-attente": {
        "task": "comptes.tasks.courriels_deliver_due",
        "schedule": crontab(),
    },
}

# From how many published alliances the search reads its totals and facet counts from
# `FacetteAlliance` (refreshed every 30 minutes) instead of counting the rows: below it, live
# counts are exact and fast enough.
RECHERCHE_COMPTAGES_A_PARTIR_DE = env.int("RECHERCHE_COMPTAGES_A_PARTIR_DE", default=50_000)
# At that scale, a search with a text, a place or dates is counted (and sorted by relevance)
# when it selects at most this many alliances; above, the page says « plus de … ».
RECHERCHE_COMPTAGES_PLAFOND = env.int("RECHERCHE_COMPTAGES_PLAFOND", default=5_000)

# The readiness check (/sante/pret/) reports an outbox whose oldest message waits longer.
SANTE_COURRIELS_MAX_S = env.int("SANTE_COURRIELS_MAX_S", default=15 * 60)

# How long personal data is kept (issue 18), in days; the données personnelles page shows them.
CONSERVATION = {
    # An account whose address was never confirmed.
    "comptes_non_confirmes": env.int("CONSERVATION_COMPTES_NON_CONFIRMES", default=30),
    # An account nobody logged in to, warned `avertissement_inactivite` days before.
    "comptes_inactifs": env.int("CONSERVATION_COMPTES_INACTIFS", default=3 * 365),
    "avertissement_inactivite": 30,
    # An invitation (to an organisation, or as a partner of an alliance) never accepted.
    "invitations": env.int("CONSERVATION_INVITATIONS", default=90),
    # The keyed hash of a visitor's address on a report.
    "empreintes_signalements": env.int("CONSERVATION_EMPREINTES", default=365),
    # An email delivered, in the outbox.
    "courriels_envoyes": env.int("CONSERVATION_COURRIELS", default=90),
}

# --- Public directories (issue 17, item 2; organisations/annuaires/): the registration pages
# prefill and check an organisation with the API Recherche d'entreprises (SIREN, SIRET, name),
# associations through its association fields (organisations/annuaires/associations.py says
# why). Each attempt waits at most ANNUAIRES_TIMEOUT seconds; answers stay in the cache for
# ANNUAIRES_CACHE_SECONDS. Tests and CI point both URLs at a local server replaying recorded
# answers (tests/serveurs/annuaires.py): these services are never reached from there.
ANNUAIRE_ENTREPRISES_URL = env.str(
    "ANNUAIRE_ENTREPRISES_URL", default="https://recherche-entreprises.api.gouv.fr"
)
ANNUAIRE_ASSOCIATIONS_URL = env.str(
    "ANNUAIRE_ASSOCIATIONS_URL", default="https://recherche-entreprises.api.gouv.fr"
)
ANNUAIRES_TIMEOUT = env.float("ANNUAIRES_TIMEOUT", default=4.0)
ANNUAIRES_CACHE_SECONDS = env.int("ANNUAIRES_CACHE_SECONDS", default=24 * 3600)

# Every email leaves through a Celery task, so a slow SMTP server never slows a page down.
EMAIL_BACKEND = "comptes.outbox.OutboxEmailBackend"
EMAIL_DELIVERY_BACKEND = env.str(
    "EMAIL_DELIVERY_BACKEND", default="django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
if (
    EMAIL_DELIVERY_BACKEND.endswith("smtp.EmailBackend")
    and not env.str("EMAIL_HOST", default="")
    and not USAGE_LOCAL
):
    REGLAGES_MANQUANTS.append("EMAIL_HOST (le serveur SMTP qui envoie les courriels)")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Alliances ODD 17 <ne-pas-repondre@alliances.beta.gouv.fr>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# The site's institutional pages (pages/): who publishes it, who hosts it, whom to write to,
# and the délégué à la protection des données. Shown beside the texts that staff edit.
EDITEUR = env.str("EDITEUR", default="Équipe de la plateforme Alliances ODD 17 (démonstration)")
DIRECTION_PUBLICATION = env.str(
    "DIRECTION_PUBLICATION", default="À renseigner (DIRECTION_PUBLICATION)"
)
HEBERGEUR = env.str("HEBERGEUR", default="À renseigner (HEBERGEUR)")
CONTACT_EMAIL = env.str("CONTACT_EMAIL", default="contact@alliances.beta.gouv.fr")
DPO_EMAIL = env.str("DPO_EMAIL", default="dpo@alliances.beta.gouv.fr")

DSFR_USE_INTEGRITY_CHECKSUMS = True

# Security: production is served over HTTPS behind a proxy that sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many reverse proxies in front of gunicorn append to X-Forwarded-For: the visitor's address
# is the entry that many places from the right (comptes.http.client_ip). 0 (the
# default) trusts no header and reads REMOTE_ADDR; set it to 1 behind one nginx or load balancer.
TRUSTED_PROXIES = env.int("TRUSTED_PROXIES", default=0)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # Django gives its own logger a console handler when DEBUG is on; through the root one as
    # well, every line would print twice in `make run`.
    "loggers": {"django": {"handlers": [], "level": "INFO", "propagate": True}},
}

# Absolute address of the site, for links in emails sent by Celery tasks (no request there).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
if not env.str("SITE_URL", default="") and not USAGE_LOCAL:
    REGLAGES_MANQUANTS.append("SITE_URL (l'adresse publique du site, pour les liens des courriels)")
# How long an invitation link to join an organisation stays valid.
INVITATION_MAX_AGE_DAYS = 14

# Background map tiles: IGN Géoplateforme « Plan IGN » (WMTS, free, no key). Maps keep working
# on their markers when tiles cannot load (no network, blocked host).
MAP_TILES_URL = env.str(
    "MAP_TILES_URL",
    default="https://data.geopf.fr/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"
    "&LAYER=GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2&STYLE=normal&TILEMATRIXSET=PM&FORMAT=image/png"
    "&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}",
)
MAP_TILES_ATTRIBUTION = env.str("MAP_TILES_ATTRIBUTION", default="© IGN – Plan IGN")

# --- Security headers (issue 14, item 6): Content-Security-Policy (django-csp 4), Permissions-
# Policy and Cross-Origin-Resource-Policy (config.headers). No inline script nor style anywhere:
# every script and stylesheet is a static file; json_script and JSON-LD blocks are data, which
# script-src does not govern. The map tiles' host comes from MAP_TILES_URL, never written twice.
# The widget (observatoire.views.observatoire_widget) replaces frame-ancestors to be embeddable.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", urlsplit(MAP_TILES_URL).netloc],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        **({} if DEBUG else {"upgrade-insecure-requests": True}),
    },
}
# --- Audience measurement (issue 18, item 6): Matomo in the configuration the CNIL exempts from
# consent, hence no banner: no cookie nor other tracker on the device (disableCookies, in
# static/js/mesure.js), no cross-site tracking nor user id (neither is enabled there), IP
# addresses anonymised and figures used for this platform's statistics only (both set on the
# Matomo server). Off, with no script at all, unless both settings are set. A context processor
# (config/context_processors.py) reads them per request for templates/base.html; the Matomo
# origin joins the CSP only when set.
MATOMO_URL = env.str("MATOMO_URL", default="")
MATOMO_SITE_ID = env.str("MATOMO_SITE_ID", default="")
if MATOMO_URL:
    _matomo = urlsplit(MATOMO_URL)
    for _directive in ("script-src", "connect-src", "img-src"):
        CONTENT_SECURITY_POLICY["DIRECTIVES"][_directive].append(
            f"{_matomo.scheme}://{_matomo.netloc}"
        )
# Browser features no page uses ("near me" on the maps is a postcode search, not geolocation).
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), encrypted-media=(), "
    "fullscreen=(self), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), "
    "payment=(), picture-in-picture=(), publickey-credentials-get=(), screen-wake-lock=(), "
    "serial=(), usb=(), xr-spatial-tracking=()"
)
# Django's default, written down: a page opened from another site can't reach this window.
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# --- End of the security headers block.

# Public API (/api/v1/, api/): read-only, anonymous, throttled per client address.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": ["api.base.ClientRateThrottle"],
    "EXCEPTION_HANDLER": "api.base.exception_handler",
    "DEFAULT_PAGINATION_CLASS": "api.base.Curseur",
    # JSON only; `format` is a filter of the library (a resource's format), not a renderer.
    "URL_FORMAT_OVERRIDE": None,
}
# Requests per client address and minute (api.base.ClientRateThrottle reads it per request).
API_RATE_PER_MINUTE = env.int("API_RATE_PER_MINUTE", default=120)
SPECTACULAR_SETTINGS = {
    "TITLE": "API des alliances ODD 17",
    "DESCRIPTION": (
        "Données publiques de la plateforme « Collective Impact à la française » : alliances "
        "publiées, organisations publiées (sans données personnelles), offres ouvertes, "
        "ressources, territoires et chiffres de l'observatoire. Lecture seule, sous Licence "
        "Ouverte 2.0."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # The documentation page lists enum values itself, in French.
    "ENUM_GENERATE_CHOICE_DESCRIPTION": False,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.base.add_error_responses",
        "api.base.declare_parameters",
    ],
}
# Anyone may read the API and the open data files from another site (GET only).
CORS_ALLOW_ALL_ORIGINS = True
CORS_URLS_REGEX = r"^/(api/v1|donnees)/.*$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Retry-After"]

if REGLAGES_MANQUANTS and not USAGE_LOCAL:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "La plateforme refuse de démarrer en production : il manque "
        + " ; ".join(REGLAGES_MANQUANTS)
        + ". Chaque variable est décrite dans le README (« Configuration »). Pour un usage "
        "local, lancez-la avec config.settings.dev."
    )
