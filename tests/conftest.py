"""The fixtures every test directory shares. The worlds they hand out are built in
tests/world.py; the shipped content is loaded by the content loader itself (`agenda`)."""

import pytest
from django.apps import apps
from django.core.management.color import no_style
from django.db import connection
from rest_framework.test import APIClient

from measures.content_loader import agenda_content_load
from tests import world as worlds
from tests.factories import MeasureFactory

CONTENT_APPS = ("pillars", "measures", "changelog")
# The first test that asks for the agenda loads it for real; later ones get the same rows back
# by COPY, which is a hundred times faster than running the loader (and its history) again.
_agenda_snapshot: dict = {}


def _content_models():
    return [
        model
        for label in CONTENT_APPS
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
    ]


def _content_is_empty(models) -> bool:
    return not any(model.objects.exists() for model in models)


def _dump(models) -> dict[str, bytes]:
    tables = {}
    with connection.cursor() as cursor:
        for model in models:
            table = model._meta.db_table
            with cursor.copy(f'COPY "{table}" TO STDOUT') as copy:
                tables[table] = b"".join(bytes(chunk) for chunk in copy)
    return tables


def _restore(models, tables: dict[str, bytes]) -> None:
    with connection.cursor() as cursor:
        # Foreign keys are deferred until commit, so the order of the tables does not matter.
        for table, data in tables.items():
            if data:
                with cursor.copy(f'COPY "{table}" FROM STDIN') as copy:
                    copy.write(data)
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)


@pytest.fixture
def agenda(db):
    """The shipped agenda content, loaded into the (otherwise empty) test database."""
    models = _content_models()
    if "tables" in _agenda_snapshot and _content_is_empty(models):
        _restore(models, _agenda_snapshot["tables"])
        return _agenda_snapshot["report"]
    was_empty = _content_is_empty(models)
    report = agenda_content_load()
    if was_empty:
        _agenda_snapshot.update(tables=_dump(models), report=report)
    return report


@pytest.fixture
def world(db):
    """The API's small agenda (tests/world.py `build_api_world`), as a dict. The page tests'
    modules name theirs `world` too: `build_world()`, the page agenda, in their own fixture."""
    return worlds.build_api_world()


@pytest.fixture
def grow_agenda(db):
    """Adds `n` richly linked public measures (and one draft) each time it is called."""
    return worlds.agenda_grower()


@pytest.fixture
def reference_data(db):
    """The pillars, stages and ministries the import tests' files name."""
    worlds.build_import_reference_data()


@pytest.fixture
def past_and_present(db):
    """A measure that changed since `tests.world.PAST` (and its neighbours), with history."""
    return worlds.build_past_and_present()


@pytest.fixture
def measure(db):
    return MeasureFactory(title="Terugkeer versterken", summary="Meer terugkeer.")


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def editor_token(db):
    # A chief editor: may also publish (a Redacteur may not: tests/measures/test_write_rules.py).
    return worlds.token_for("add_measure", "change_measure", "delete_measure", "publish_measure")


@pytest.fixture
def reader_token(db):
    return worlds.token_for()


@pytest.fixture
def editorial_groups(db):
    """The groups Redacteuren and Hoofdredacteuren of the data migration."""
    worlds.ensure_editorial_groups()


@pytest.fixture
def editor(editorial_groups):
    return worlds.editorial_member(worlds.EDITOR_GROUP, "jansen")


@pytest.fixture
def chief_editor(editorial_groups):
    return worlds.editorial_member(worlds.CHIEF_EDITOR_GROUP, "devries")


@pytest.fixture
def editor_client(client, editor, sign_in_to_admin):
    return sign_in_to_admin(client, editor)


@pytest.fixture
def chief_client(client, chief_editor, sign_in_to_admin):
    return sign_in_to_admin(client, chief_editor)


DATABASE_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences"}


@pytest.fixture(autouse=True)
def _fresh_api_throttle(request):
    """Every test that reaches the database starts with no API requests counted (the throttle's
    counts live in the default cache, a database table when REDIS_URL is unset), so that a
    suite's many anonymous requests never add up to a 429."""
    from django.core.cache import caches

    if request.node.get_closest_marker("django_db") is None and not (
        DATABASE_FIXTURES & set(request.fixturenames)
    ):
        return
    request.getfixturevalue(
        "transactional_db" if "transactional_db" in request.fixturenames else "db"
    )
    for alias in ("default", "responses"):
        caches[alias].clear()


@pytest.fixture
def unthrottled(settings):
    """The anonymous API throttle off, for tests that pin a view's own queries: without Redis
    the throttle reads and writes its count in the database cache, two queries per request
    whatever the view, pinned on their own in tests/api/test_throttling.py."""
    settings.API_ANON_RATE = None


@pytest.fixture
def sign_in_to_admin(db):
    """Signs a user in on a test client as the admin's two-step sign-in leaves them: password
    given and, for anyone with an authenticator app or who must have one (chief editors,
    superusers), its code given too. The one place tests get past the second step."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.roles import second_factor_required

    def sign_in(client, user):
        client.force_login(user)
        if second_factor_required(user) or TOTPDevice.objects.filter(user=user).exists():
            device, _ = TOTPDevice.objects.get_or_create(
                user=user, confirmed=True, defaults={"name": "Test-app"}
            )
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
        return client

    return sign_in


@pytest.fixture
def admin_client(admin_user, sign_in_to_admin):
    """pytest-django's admin_client (a client of its own), past the second step a superuser
    must take."""
    from django.test import Client

    return sign_in_to_admin(Client(), admin_user)


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in Dutch, as a fresh request or command does: a request to an /en/ page
    leaves English active in the test's thread afterwards."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
