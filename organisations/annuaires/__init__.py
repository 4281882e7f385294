"""Lookups in the public directories that prefill and check an organisation (issue 17, item 2).

One client module per service: `entreprises` (API Recherche d'entreprises) and `associations`;
`base` holds what they share (HTTP with timeouts and retries, the cache, `AnnuaireIndisponible`).
"""
