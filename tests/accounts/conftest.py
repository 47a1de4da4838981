import pytest
from django.test import Client

from tests import world as worlds

PASSWORD = worlds.EDITOR_PASSWORD


@pytest.fixture
def editor(db):
    return worlds.editorial_member(worlds.EDITOR_GROUP, "redacteur")


@pytest.fixture
def chief_editor(db):
    return worlds.editorial_member(worlds.CHIEF_EDITOR_GROUP, "hoofdredacteur")


@pytest.fixture
def superuser(db):
    return worlds.editorial_member(None, "beheerder", is_superuser=True)


def sign_in(client: Client, username: str, password: str = PASSWORD, prefix: str = ""):
    """The admin's sign-in form, as a browser posts it."""
    return client.post(
        f"{prefix}/admin/login/?next={prefix}/admin/",
        {"username": username, "password": password, "next": f"{prefix}/admin/"},
    )
