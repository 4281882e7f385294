"""Who is asking: the address of the person behind a request, for the limits per visitor
(reports, API). No app imports, no models."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The visitor's address. Behind `TRUSTED_PROXIES` reverse proxies, it is the entry that
    many places from the right of X-Forwarded-For (each proxy appends the address it received
    the request from; entries further left are typed by the client and trusted by nobody)."""
    address = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXIES
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            candidate = forwarded[-proxies]
            try:
                ipaddress.ip_address(candidate)
            except ValueError:
                return address
            return candidate
    return address
