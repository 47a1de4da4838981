import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType

from tests.factories import MeasureFactory


@pytest.fixture(autouse=True)
def editorial_groups(db):
    """The groups of the data migration; made again if a module's flush (browser tests) removed them."""
    if Group.objects.filter(name__in=["Redacteuren", "Hoofdredacteuren"]).count() < 2:
        ContentType.objects.clear_cache()
        roles = importlib.import_module("measures.migrations.0005_editor_and_chief_editor_groups")
        roles.create_groups(apps, None)


def _member(django_user_model, group_name, username):
    user = django_user_model.objects.create_user(
        username=username,
        password="geheim-wachtwoord-123",
        is_staff=True,
        email=f"{username}@example.org",
        first_name="Redacteur",
        last_name=username.capitalize(),
    )
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def editor(db, django_user_model):
    return _member(django_user_model, "Redacteuren", "jansen")


@pytest.fixture
def chief_editor(db, django_user_model):
    return _member(django_user_model, "Hoofdredacteuren", "devries")


@pytest.fixture
def editor_client(client, editor, sign_in_to_admin):
    return sign_in_to_admin(client, editor)


@pytest.fixture
def chief_client(client, chief_editor, sign_in_to_admin):
    return sign_in_to_admin(client, chief_editor)


@pytest.fixture
def measure(db):
    return MeasureFactory(title="Terugkeer versterken", summary="Meer terugkeer.")
