import pytest
from django.apps import apps
from django.core.management.color import no_style
from django.db import connection

from measures.content_loader import agenda_content_load

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


@pytest.fixture(autouse=True)
def _fresh_api_throttle():
    """Every test starts with no API requests counted (the throttle's counts live in the
    cache), so that a suite's many anonymous requests never add up to a 429."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in Dutch, as a fresh request or command does: a request to an /en/ page
    leaves English active in the test's thread afterwards."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
