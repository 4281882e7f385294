"""allauth's adapter (settings.ACCOUNT_ADAPTER): the visitor's address as the rest of the
site reads it, and login limits that nobody can use to lock someone else out."""

from allauth.account.adapter import DefaultAccountAdapter

from comptes.http import client_ip


class AccountAdapter(DefaultAccountAdapter):
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
