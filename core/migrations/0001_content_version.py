from django.db import migrations, models

BUMP_FUNCTION = """
CREATE OR REPLACE FUNCTION bump_content_version() RETURNS trigger AS $$
BEGIN
    -- From a sequence of its own and as an upsert, so that the version only ever grows, even
    -- when the row was removed (a test's flush, a manual cleanup): an old ETag never matches.
    INSERT INTO core_contentversion (id, version, changed_at)
    VALUES (1, nextval('core_content_version_seq'), now())
    ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version, changed_at = now();
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
"""


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="ContentVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("version", models.BigIntegerField(default=0, verbose_name="versie")),
                ("changed_at", models.DateTimeField(verbose_name="gewijzigd op")),
            ],
            options={
                "verbose_name": "inhoudsversie",
                "verbose_name_plural": "inhoudsversies",
                "constraints": [models.CheckConstraint(condition=models.Q(("id", 1)), name="contentversion_single_row")],
            },
        ),
        migrations.RunSQL(
            "CREATE SEQUENCE core_content_version_seq;"
            " INSERT INTO core_contentversion (id, version, changed_at)"
            " VALUES (1, nextval('core_content_version_seq'), now());",
            "DELETE FROM core_contentversion; DROP SEQUENCE IF EXISTS core_content_version_seq;",
        ),
        migrations.RunSQL(BUMP_FUNCTION, "DROP FUNCTION IF EXISTS bump_content_version();"),
    ]
