"""Response headers that neither Django nor django-csp set: Permissions-Policy (settings
PERMISSIONS_POLICY) and Cross-Origin-Resource-Policy. A view that must be reachable from other
origins (the observatoire's widget) sets its own CORP; this middleware keeps it."""

from django.conf import settings


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response
