import pytest

from measures.services import agenda_content_load


@pytest.fixture
def agenda(db):
    """The shipped agenda content, loaded into the test database."""
    return agenda_content_load()
