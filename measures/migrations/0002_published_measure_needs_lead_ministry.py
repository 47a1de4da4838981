"""A published measure must have a lead ministry, checked by PostgreSQL at commit time.

The partial unique index on Responsibility allows at most one lead; this deferred constraint
trigger adds "at least one" for published measures. It is deferred so that a measure and its
responsibilities can be saved in one transaction (the admin's inlines, the loader), and it
leaves drafts free, so editors can prepare a measure before its owners are settled.
"""

from django.db import migrations

CREATE = r"""
CREATE FUNCTION measures_published_measure_has_lead() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    checked_id bigint;
    checked_code text;
BEGIN
    IF TG_TABLE_NAME = 'measures_measure' THEN
        checked_id := NEW.id;
    ELSE
        checked_id := OLD.measure_id;
    END IF;
    SELECT code INTO checked_code FROM measures_measure
     WHERE id = checked_id AND is_published;
    IF FOUND AND NOT EXISTS (
        SELECT 1 FROM measures_responsibility
         WHERE measure_id = checked_id AND role = 'lead'
    ) THEN
        RAISE EXCEPTION 'measure_published_has_lead: published measure % has no lead ministry', checked_code
            USING ERRCODE = 'check_violation', CONSTRAINT = 'measure_published_has_lead';
    END IF;
    RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER measure_published_has_lead
    AFTER INSERT OR UPDATE OF is_published ON measures_measure
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION measures_published_measure_has_lead();

CREATE CONSTRAINT TRIGGER responsibility_keeps_lead
    AFTER UPDATE OR DELETE ON measures_responsibility
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION measures_published_measure_has_lead();
"""

DROP = """
DROP TRIGGER IF EXISTS responsibility_keeps_lead ON measures_responsibility;
DROP TRIGGER IF EXISTS measure_published_has_lead ON measures_measure;
DROP FUNCTION IF EXISTS measures_published_measure_has_lead();
"""


class Migration(migrations.Migration):
    dependencies = [("measures", "0001_measures_ministries_and_sources")]

    operations = [migrations.RunSQL(CREATE, DROP)]
