"""allauth's adapter (settings.ACCOUNT_ADAPTER): the visitor's address as the rest of the
site reads it, login limits that nobody can use to lock someone else out, and emails that name
the platform."""

from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.core.exceptions import ValidationError

from comptes.http import client_ip

# The domain of anonymised accounts (comptes.droits): reserved (RFC 2606), nobody signs up with it.
DOMAINE_COMPTES_SUPPRIMES = "compte-supprime.invalid"


class AccountAdapter(DefaultAccountAdapter):
    def clean_email(self, email: str) -> str:
        email = super().clean_email(email)
        if email.lower().rsplit("@", 1)[-1] == DOMAINE_COMPTES_SUPPRIMES:
            raise ValidationError("Cette adresse n'est pas une adresse de courriel utilisable.")
        return email

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """allauth names the site after the Sites framework, which the project doesn't install:
        the request's host stood in (« testserver », « 127.0.0.1:8000 »). Our emails name the
        platform and link to its address (templates/account/email/base_message.txt)."""
        site = SimpleNamespace(name="Alliances ODD 17", domain=urlsplit(settings.SITE_URL).netloc)
        super().send_mail(
            template_prefix, email, {**context, "current_site": site, "site_url": settings.SITE_URL}
        )

    def get_client_ip(self, request) -> str:
        # The same address as the reports' and the API's limits (TRUSTED_PROXIES).
        return client_ip(request)

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        """The key of the `login_failed` limit "per key": allauth uses the email alone, so five
        wrong passwords typed by anyone lock the account for its owner too. Here it is the
        (account, address) pair: failures count against the address that made them (and the
        limit per address holds an attacker trying many accounts), so a correct password from
        an address that hasn't failed is never refused. allauth has no public hook for this
        key; tests/comptes/test_connexion_limites.py fails if a new version stops calling it."""
        return (
            f"{super()._get_login_attempts_cache_key(request, **credentials)}:{client_ip(request)}"
        )
