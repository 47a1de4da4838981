from django.db import migrations, models

BUMP_FUNCTION = """
CREATE OR REPLACE FUNCTION bump_content_version() RETURNS trigger AS $$
BEGIN
    UPDATE core_contentversion SET version = version + 1, changed_at = now() WHERE id = 1;
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
            "INSERT INTO core_contentversion (id, version, changed_at) VALUES (1, 1, now());",
            "DELETE FROM core_contentversion;",
        ),
        migrations.RunSQL(BUMP_FUNCTION, "DROP FUNCTION IF EXISTS bump_content_version();"),
    ]
