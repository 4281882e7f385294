"""The API against its own OpenAPI schema (schemathesis, in process through the WSGI app):
for generated requests, valid and invalid, and any method, every check of schemathesis passes,
positive_data_acceptance included: a value the schema accepts is never refused (api/base.py)."""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from config.wsgi import application
from observatoire.chiffres import observatoire_refresh
from tests.factories import AllianceFactory, OrganisationFactory, ParticipationFactory

schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", application)


@pytest.fixture
def connexion_gardee():
    """As Django's test client does: the app must not close the database connection at the end
    of each request, which would end the test's transaction (PostgreSQL)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def donnees(settings, connexion_gardee):
    settings.API_RATE_PER_MINUTE = 100_000
    for typologie in ("mecenat", "innovation_societale"):
        alliance = AllianceFactory(typologie=typologie)
        alliance.domaines.set(["sante"])
        alliance.odd.set([17])
        ParticipationFactory(alliance=alliance, porteur=True)
        ParticipationFactory(alliance=alliance, organisation=OrganisationFactory(entreprise=True))
    observatoire_refresh()


@pytest.mark.django_db
@pytest.mark.usefixtures("donnees")
@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    # No example database in the working copy (.hypothesis/): every run starts afresh.
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_l_api_respecte_son_schema_openapi(case):
    case.call_and_validate()
