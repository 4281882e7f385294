"""The public API, /api/v1/: read-only JSON built with Django REST framework, described by an
OpenAPI 3 schema (drf-spectacular).

Each app brings its own `api.py` (serializers and viewsets) and registers its routes in its
AppConfig.ready() (registry.py); urls.py puts them on the router. The shared rules (throttle,
pagination, strict parameters, errors) live in base.py. This package imports none of the apps
it serves.
"""
