from django.db import migrations

# The frame's tables bump the content version too (see core.models.ContentVersion).
FRAME_TABLES = ["pillars_pillar", "pillars_routestage", "pillars_governancelevel"]


def create_trigger(table):
    return (
        f'CREATE TRIGGER "{table}_bumps_content_version" '
        f'AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "{table}" '
        "FOR EACH STATEMENT EXECUTE FUNCTION bump_content_version();"
    )


def drop_trigger(table):
    return f'DROP TRIGGER IF EXISTS "{table}_bumps_content_version" ON "{table}";'


class Migration(migrations.Migration):
    dependencies = [("pillars", "0001_pillars_and_route_dimensions"), ("core", "0001_content_version")]

    operations = [
        migrations.RunSQL(create_trigger(table), drop_trigger(table)) for table in FRAME_TABLES
    ]
