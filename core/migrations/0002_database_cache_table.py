"""The table of the database cache (core.cache.PostgresDatabaseCache), the shared cache when
REDIS_URL is unset: made here, so that `migrate` is all a new database needs."""

from io import StringIO

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

from core.cache import DATABASE_CACHE_TABLE


def create_cache_table(apps, schema_editor):
    # Django's own definition of the table (createcachetable), not a copy of it.
    command = CreateCacheTable(stdout=StringIO())
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, DATABASE_CACHE_TABLE, dry_run=False)
    # Unlogged: a cache needs no crash safety (PostgreSQL empties it after a crash), and a
    # commit that wrote only to it does not wait for the disk, which the API throttle's write
    # on every anonymous request would otherwise do.
    schema_editor.execute(f"ALTER TABLE {schema_editor.quote_name(DATABASE_CACHE_TABLE)} SET UNLOGGED")


def drop_cache_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(DATABASE_CACHE_TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("core", "0001_content_version")]

    operations = [migrations.RunPython(create_cache_table, drop_cache_table)]
