"""A backup of the whole knowledge base as one JSON file, and its restore into an empty
database, with nothing lost: primary keys, the history tables (who changed what, when), the
public change log and the loader's memory of what it created.

Restoring writes rows as they were (Django's raw saves, as loaddata does), so no recorder runs
a second time: django-simple-history and the change log create records only on a real save,
and many-to-many rows are written as rows of their own tables, never through `.set()`, which
would record a history entry per measure. A measure's search vector is recomputed by the
database's triggers as its rows come back (the file's copy is what they compute).
"""

import json
from collections import Counter
from datetime import UTC, datetime, time

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction

FORMAT = "migratieagenda-backup"
FORMAT_VERSION = 1
# The apps whose every table is content, history or change log. Listed by label, so that a
# model moving between these apps needs no change here.
CONTENT_APP_LABELS = ("pillars", "measures", "changelog")


class BackupError(Exception):
    pass


class _LosslessEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder cuts times to milliseconds (ECMA-262); a backup keeps microseconds,
    which order history records and change events."""

    def default(self, o):
        if isinstance(o, datetime | time):
            return o.isoformat()
        return super().default(o)


def _content_models() -> list:
    return [
        model
        for label in CONTENT_APP_LABELS
        if label in apps.app_configs
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
    ]


def backup_models() -> list:
    """Every model in the file, in restore order: accounts first (history names editors)."""
    return [Group, get_user_model(), *_content_models()]


def _stored_fields(model) -> list[str]:
    """Concrete columns without the primary key (always written). Many-to-many fields are
    left out: their auto-created tables are backed up as models of their own."""
    return [field.name for field in model._meta.local_fields if not field.primary_key]


def _serialize(model) -> list[dict]:
    queryset = model._base_manager.order_by("pk")
    if model is Group:
        # Groups exist already after migrate (0005 creates the editor roles): matched by name,
        # their permissions by codename, since primary keys of both differ between databases.
        return serializers.serialize(
            "python",
            queryset,
            use_natural_foreign_keys=True,
            use_natural_primary_keys=True,
        )
    if model is get_user_model():
        return serializers.serialize("python", queryset, use_natural_foreign_keys=True)
    return serializers.serialize("python", queryset, fields=_stored_fields(model))


def agenda_export(stream) -> Counter:
    """Write every backed-up row to `stream` as one JSON document; returns rows per model."""
    objects = []
    counts: Counter = Counter()
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost:
            # One consistent snapshot of every table, whatever editors do meanwhile.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        for model in backup_models():
            rows = _serialize(model)
            counts[model._meta.label] = len(rows)
            objects.extend(rows)
    json.dump(
        {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "exported_at": datetime.now(UTC),
            "counts": dict(counts),
            "objects": objects,
        },
        stream,
        cls=_LosslessEncoder,
        ensure_ascii=False,
    )
    return counts


def rows_in_the_way() -> dict[str, int]:
    """Rows that an import would collide with: any content, history, change event or user.
    (Groups and permissions come with the migrations and are matched, not refused.)"""
    counts = {}
    for model in backup_models():
        if model is Group:
            continue
        count = model._base_manager.count()
        if count:
            counts[model._meta.label] = count
    return counts


def agenda_import(stream) -> Counter:
    """Restore a file written by agenda_export into an empty, migrated database."""
    try:
        document = json.load(stream)
    except ValueError as exc:
        raise BackupError(f"The file is not JSON: {exc}.") from exc
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BackupError(f"The file is not a backup written by export_agenda ({FORMAT}).")
    if document.get("version") != FORMAT_VERSION:
        raise BackupError(
            f"The backup has format version {document.get('version')}; "
            f"this version of the project reads version {FORMAT_VERSION}."
        )
    counts: Counter = Counter()
    with transaction.atomic():
        in_the_way = rows_in_the_way()
        if in_the_way:
            listed = ", ".join(f"{count} {label}" for label, count in in_the_way.items())
            raise BackupError(
                "The database is not empty "
                f"({listed}). import_agenda restores into an empty database only: create a "
                "new database, run `manage.py migrate`, and import again."
            )
        for restored in serializers.deserialize(
            "python", document["objects"], handle_forward_references=True
        ):
            restored.save()
            counts[restored.object._meta.label] += 1
        # New rows must not take the primary keys the restored ones came with.
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), backup_models()):
                cursor.execute(statement)
    expected = Counter({label: n for label, n in document.get("counts", {}).items() if n})
    if counts != expected:
        raise BackupError(f"Restored {dict(counts)}, but the file lists {dict(expected)}.")
    return counts
