"""What the organisations' tests share: an organisation with its admin and a member."""

import pytest

from tests.factories import MembreFactory


@pytest.fixture
def admin():
    return MembreFactory(admin=True, organisation__nom="Les Jardins Solidaires de Lyon")


@pytest.fixture
def organisation(admin):
    return admin.organisation


@pytest.fixture
def membre(organisation):
    return MembreFactory(organisation=organisation)
