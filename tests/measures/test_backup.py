"""export_agenda → import_agenda into an empty database loses nothing: every row of content,
history, m2m history, change log and loader records comes back field by field, with its
primary key; new rows get fresh keys; search works; no recorder ran a second time."""

import re

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command
from django.db import connection

from measures.backup import backup_models
from measures.models import Measure
from measures.services import measure_set_published, measure_set_status
from pillars.models import RouteStage
from tests.factories import MeasureFactory


def _lexemes(search_vector: str | None) -> dict | None:
    """A tsvector's words and their weights. Positions are left out: they follow the order in
    which the triggers happened to concatenate related names, which an earlier rename can
    change without changing what is found."""
    if search_vector is None:
        return None
    return {
        word: sorted({p[-1] if p[-1].isalpha() else "D" for p in positions.split(",")})
        for word, positions in re.findall(r"'((?:[^']|'')*)':([0-9A-D,]+)", search_vector)
    }


def _snapshot() -> dict:
    snapshot = {}
    for model in backup_models():
        if model is Group:
            snapshot["groups"] = {
                group.name: sorted(
                    (p.content_type.app_label, p.codename) for p in group.permissions.all()
                )
                for group in Group.objects.all()
            }
            continue
        rows = list(model._base_manager.order_by("pk").values())
        for row in rows:
            if "search_vector" in row:
                row["search_vector"] = _lexemes(row["search_vector"])
        if model is User:
            for row, user in zip(rows, model._base_manager.order_by("pk"), strict=True):
                row["groups"] = sorted(user.groups.values_list("name", flat=True))
        snapshot[model._meta.label] = rows
    return snapshot


def _empty_the_database() -> None:
    """What a new, migrated database holds: no content, no accounts (groups stay)."""
    tables = [model._meta.db_table for model in backup_models() if model is not Group]
    with connection.cursor() as cursor:
        # The test's transaction has deferred foreign-key checks pending; TRUNCATE needs none.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"
        )
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


@pytest.fixture
def edited_agenda(agenda, editorial_groups):
    """The shipped agenda after a few editors' edits, so that history and change events exist."""
    editor = User.objects.create_user("hoofdredacteur", password="x-unused-9876")
    editor.groups.add(Group.objects.get(name="Hoofdredacteuren"))  # may also unpublish
    measure = Measure.objects.published().order_by("code_order").first()
    measure_set_status(
        measure=measure,
        status=next(s for s in Measure.Status.values if s != measure.status),
        reason="Het wetsvoorstel is ingediend.",
        by=editor,
    )
    measure.refresh_from_db()
    measure.title = "Terugkeer versneld: een nieuwe titel"
    measure._history_user = editor
    measure.save()
    measure.route_stages.set(RouteStage.objects.all()[:2])
    second = Measure.objects.published().order_by("code_order")[1]
    measure_set_published(measure=second, published=False, by=editor)
    return measure


def test_export_then_import_into_an_empty_database_restores_every_row_and_history_row(
    edited_agenda, tmp_path
):
    before = _snapshot()
    assert before["measures.HistoricalMeasure"] and before["changelog.ChangeEvent"]
    assert before["measures.HistoricalMeasure_route_stages"]
    assert before["measures.LoadedContentItem"]
    found_before = list(Measure.objects.search("terugkeer").values_list("code", flat=True))
    assert edited_agenda.code in found_before

    backup = tmp_path / "agenda.json"
    call_command("export_agenda", str(backup))
    _empty_the_database()
    assert not Measure.objects.exists()
    call_command("import_agenda", str(backup))

    after = _snapshot()
    assert after.keys() == before.keys()
    for label in before:
        assert after[label] == before[label], label  # search vectors included: the triggers ran
    assert list(Measure.objects.search("terugkeer").values_list("code", flat=True)) == found_before

    # Sequences were moved past the restored keys: new rows do not collide.
    new = MeasureFactory(code="6.98")
    assert new.pk > max(row["id"] for row in before["measures.Measure"])
    assert new.history.get().history_id > max(
        row["history_id"] for row in before["measures.HistoricalMeasure"]
    )


def test_import_refuses_a_database_that_holds_content(edited_agenda, tmp_path):
    backup = tmp_path / "agenda.json"
    call_command("export_agenda", str(backup))
    measures_before = Measure.objects.count()

    with pytest.raises(CommandError, match=r"not empty \(.*measures\.Measure.*\)"):
        call_command("import_agenda", str(backup))
    assert Measure.objects.count() == measures_before


@pytest.mark.django_db
def test_import_refuses_a_file_that_is_no_backup(tmp_path):
    other = tmp_path / "fixture.json"
    other.write_text('[{"model": "pillars.pillar", "pk": 1, "fields": {}}]')
    with pytest.raises(CommandError, match="not a backup written by export_agenda"):
        call_command("import_agenda", str(other))
