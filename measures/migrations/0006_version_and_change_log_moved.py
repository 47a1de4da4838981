from django.db import migrations, models

# Every content table bumps the content version in the statement's own transaction (core's
# ContentVersion): ETags and cache keys then cost one indexed read, whatever the size.
CONTENT_TABLES = [
    "measures_ministry",
    "measures_official",
    "measures_organisation",
    "measures_source",
    "measures_measure",
    "measures_measure_other_pillars",
    "measures_measure_route_stages",
    "measures_measure_levels",
    "measures_measure_organisations",
    "measures_responsibility",
    "measures_measurelink",
    "measures_citation",
    "measures_statuschange",
    "measures_changeevent",
]


def create_triggers(table):
    return (
        f'CREATE TRIGGER "{table}_bumps_content_version" '
        f'AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "{table}" '
        "FOR EACH STATEMENT EXECUTE FUNCTION bump_content_version();"
    )


def drop_triggers(table):
    return f'DROP TRIGGER IF EXISTS "{table}_bumps_content_version" ON "{table}";'


class Migration(migrations.Migration):

    dependencies = [
        ('measures', '0005_editor_and_chief_editor_groups'),
        ('pillars', '0001_pillars_and_route_dimensions'),
        ('changelog', '0001_change_event_moved_from_measures'),
        ('core', '0001_content_version'),
    ]

    operations = [
        # ChangeEvent now lives in the changelog app, on the same table.
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='ChangeEvent')]
        ),
        migrations.AddField(
            model_name='historicalmeasure',
            name='version',
            field=models.PositiveIntegerField(db_default=1, default=1, editable=False, help_text='Telt elke opslag; een bewerking die van een oudere versie uitgaat, wordt geweigerd.', verbose_name='versie'),
        ),
        migrations.AddField(
            model_name='measure',
            name='version',
            field=models.PositiveIntegerField(db_default=1, default=1, editable=False, help_text='Telt elke opslag; een bewerking die van een oudere versie uitgaat, wordt geweigerd.', verbose_name='versie'),
        ),
        migrations.AddIndex(
            model_name='measure',
            index=models.Index(fields=['embargo_until'], name='measure_embargo_until'),
        ),
        *[migrations.RunSQL(create_triggers(table), drop_triggers(table)) for table in CONTENT_TABLES],
    ]
