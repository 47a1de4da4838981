import pytest
from django.contrib.auth.models import Group
from django.test import Client

from tests.editorial.conftest import editorial_groups  # noqa: F401  (the two roles' groups)

PASSWORD = "een-lang-wachtwoord-123"


def member(django_user_model, username, group_name=None, **extra):
    user = django_user_model.objects.create_user(
        username=username, password=PASSWORD, is_staff=True, **extra
    )
    if group_name:
        user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def editor(db, django_user_model):
    return member(django_user_model, "redacteur", "Redacteuren")


@pytest.fixture
def chief_editor(db, django_user_model):
    return member(django_user_model, "hoofdredacteur", "Hoofdredacteuren")


@pytest.fixture
def superuser(db, django_user_model):
    return member(django_user_model, "beheerder", is_superuser=True)


def sign_in(client: Client, username: str, password: str = PASSWORD, prefix: str = ""):
    """The admin's sign-in form, as a browser posts it."""
    return client.post(
        f"{prefix}/admin/login/?next={prefix}/admin/",
        {"username": username, "password": password, "next": f"{prefix}/admin/"},
    )
