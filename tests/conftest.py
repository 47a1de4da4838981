import pytest

from measures.services import agenda_content_load


@pytest.fixture
def agenda(db):
    """The shipped agenda content, loaded into the test database."""
    return agenda_content_load()


@pytest.fixture(autouse=True)
def _fresh_api_throttle():
    """Every test starts with no API requests counted (the throttle's counts live in the
    cache), so that a suite's many anonymous requests never add up to a 429."""
    from django.core.cache import cache

    cache.clear()
