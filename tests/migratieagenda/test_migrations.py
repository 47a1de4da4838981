from io import StringIO

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration():
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exit_:
        pytest.fail(f"Missing migrations:\n{out.getvalue()} ({exit_})")


STATE_BEFORE_SPINE = [
    ("measures", "0005_editor_and_chief_editor_groups"),
    ("pillars", "0001_pillars_and_route_dimensions"),
]
BEFORE_SPINE = [*STATE_BEFORE_SPINE, ("changelog", None), ("core", None)]


@pytest.mark.django_db(transaction=True)
def test_the_layout_migrations_apply_forward_on_a_database_with_content():
    """ChangeEvent moved from measures to changelog on the same table; measures got a version;
    the content tables bump the content version. Content written before survives."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE_SPINE)
    old = executor.loader.project_state(STATE_BEFORE_SPINE).apps
    pillar = old.get_model("pillars", "Pillar").objects.create(
        number=4, slug="terugkeer", title="Terugkeer", summary="Meer terugkeer."
    )
    measure = old.get_model("measures", "Measure").objects.create(
        code="4.1",
        slug="vrijwillig",
        title="Vrijwillige terugkeer",
        summary="Waarom.",
        pillar=pillar,
        is_published=False,
    )
    old.get_model("measures", "ChangeEvent").objects.create(
        measure_pk=measure.pk,
        code="4.1",
        slug="vrijwillig",
        title="Vrijwillige terugkeer",
        kind="created",
    )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    new = executor.loader.project_state(executor.loader.graph.leaf_nodes()).apps
    event = new.get_model("changelog", "ChangeEvent").objects.get()
    assert (event.code, event.kind, event.change_set) == ("4.1", "created", "")
    Measure = new.get_model("measures", "Measure")
    assert Measure.objects.get(code="4.1").version == 1
    with connection.cursor() as cursor:
        cursor.execute("SELECT version FROM core_contentversion WHERE id = 1")
        before = cursor.fetchone()[0]
        Measure.objects.filter(code="4.1").update(title="Andere titel")
        cursor.execute("SELECT version FROM core_contentversion WHERE id = 1")
        assert cursor.fetchone()[0] == before + 1
    from django.contrib.contenttypes.models import ContentType

    assert not ContentType.objects.filter(app_label="measures", model="changeevent").exists()
