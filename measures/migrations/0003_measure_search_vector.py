"""Dutch full-text search: a stored search vector on Measure, kept current by PostgreSQL.

The vector is written only by triggers, so every way of changing data (the admin, the loader,
the API, raw SQL, bulk updates) keeps it current, including changes to related names.
Weights: title A, summary B, description C, names of the pillars, ministries, organisations
and sources attached to the measure D. Each text is indexed twice, Dutch-stemmed (plurals and
inflections: 'terugkeren' and 'terugkeer' share the stem) and unstemmed with the 'simple'
configuration (exact words and prefixes while typing: 'inburg:*').

Accents are folded by migratieagenda_fold(), an IMMUTABLE SQL function, applied to the
document here and to each query word in measures/search.py. The embedded PostgreSQL has no
contrib extensions (no unaccent), so this is lower() + translate(). It maps one character to one
character on purpose: migratieagenda_headline() relies on the folded text having the same length
as the original to put the highlight markers back into the unfolded summary.
"""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations

# Lower case first; upper case too, for servers whose lower() only knows ASCII (LC_CTYPE=C).
FOLD_FROM = (
    "áàâäãåāăąçćčĉċďđéèêëēėęěĕğĝġģĥħíìîïīįĭıĵķłĺľļŀñńňņóòôöõøōőŏŕřŗśšşŝșťţțŧúùûüūůűŭųũŵýÿŷźżž"
    "ÁÀÂÄÃÅĀĂĄÇĆČĈĊĎĐÉÈÊËĒĖĘĚĔĞĜĠĢĤĦÍÌÎÏĪĮĬĴĶŁĹĽĻĿÑŃŇŅÓÒÔÖÕØŌŐŎŔŘŖŚŠŞŜȘŤŢȚŦÚÙÛÜŪŮŰŬŲŨŴÝŸŶŹŻŽ"
)
FOLD_TO = (
    "aaaaaaaaacccccddeeeeeeeeegggghhiiiiiiiijklllllnnnnooooooooorrrsssssttttuuuuuuuuuuwyyyzzz"
    "aaaaaaaaacccccddeeeeeeeeegggghhiiiiiiijklllllnnnnooooooooorrrsssssttttuuuuuuuuuuwyyyzzz"
)

CREATE_FUNCTIONS = f"""
CREATE FUNCTION migratieagenda_fold(text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT translate(lower($1), '{FOLD_FROM}', '{FOLD_TO}') $$;
""" + r"""
-- The search document of one measure. STABLE, not IMMUTABLE: it reads the related tables.
CREATE FUNCTION measures_measure_search_document(
    measure_id bigint, title text, summary text, description text, pillar_id bigint
) RETURNS tsvector
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT setweight(to_tsvector('dutch', t.title), 'A')
        || setweight(to_tsvector('simple', t.title), 'A')
        || setweight(to_tsvector('dutch', t.summary), 'B')
        || setweight(to_tsvector('simple', t.summary), 'B')
        || setweight(to_tsvector('dutch', t.description), 'C')
        || setweight(to_tsvector('simple', t.description), 'C')
        || setweight(to_tsvector('dutch', t.names), 'D')
        || setweight(to_tsvector('simple', t.names), 'D')
      FROM (
        SELECT migratieagenda_fold(coalesce($2, '')) AS title,
               migratieagenda_fold(coalesce($3, '')) AS summary,
               migratieagenda_fold(coalesce($4, '')) AS description,
               migratieagenda_fold(concat_ws(' ',
                   (SELECT concat_ws(' ', p.title, p.title_en)
                      FROM pillars_pillar p WHERE p.id = $5),
                   (SELECT string_agg(concat_ws(' ', p.title, p.title_en), ' ')
                      FROM measures_measure_other_pillars mp
                      JOIN pillars_pillar p ON p.id = mp.pillar_id
                     WHERE mp.measure_id = $1),
                   (SELECT string_agg(concat_ws(' ', m.name, m.abbreviation), ' ')
                      FROM measures_responsibility r
                      JOIN measures_ministry m ON m.id = r.ministry_id
                     WHERE r.measure_id = $1),
                   (SELECT string_agg(concat_ws(' ', o.name, o.abbreviation), ' ')
                      FROM measures_measure_organisations mo
                      JOIN measures_organisation o ON o.id = mo.organisation_id
                     WHERE mo.measure_id = $1),
                   (SELECT string_agg(concat_ws(' ', s.title, s.reference), ' ')
                      FROM measures_citation c
                      JOIN measures_source s ON s.id = c.source_id
                     WHERE c.measure_id = $1)
               )) AS names
      ) AS t
$$;

CREATE FUNCTION measures_refresh_search_vectors(measure_ids bigint[]) RETURNS void
LANGUAGE sql VOLATILE AS $$
    UPDATE measures_measure m
       SET search_vector = measures_measure_search_document(
               m.id, m.title, m.summary, m.description, m.pillar_id)
     WHERE m.id IN (SELECT unnest($1));  -- a hashed set: = ANY() would be quadratic in bulk
$$;

-- The measure's own columns: recompute before the row is written.
CREATE FUNCTION measures_measure_search_vector_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector := measures_measure_search_document(
        NEW.id, NEW.title, NEW.summary, NEW.description, NEW.pillar_id);
    RETURN NEW;
END;
$$;

-- Rows that tie a measure to a name (responsibility, citation, the M2M through tables):
-- statement-level with transition tables, so a bulk insert recomputes each measure once.
CREATE FUNCTION measures_measure_link_search_vector_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM measures_refresh_search_vectors(
            ARRAY(SELECT DISTINCT measure_id FROM new_rows));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM measures_refresh_search_vectors(
            ARRAY(SELECT DISTINCT measure_id FROM old_rows));
    ELSE
        PERFORM measures_refresh_search_vectors(ARRAY(
            SELECT measure_id FROM new_rows UNION SELECT measure_id FROM old_rows));
    END IF;
    RETURN NULL;
END;
$$;

-- Renamed pillars, ministries, organisations and sources: only the rows whose indexed
-- names changed, then the measures that carry them.
CREATE FUNCTION measures_pillar_search_vector_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM measures_refresh_search_vectors(ARRAY(
        WITH changed AS (
            SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
             WHERE (n.title, n.title_en) IS DISTINCT FROM (o.title, o.title_en)
        )
        SELECT m.id FROM measures_measure m WHERE m.pillar_id IN (SELECT id FROM changed)
        UNION
        SELECT mp.measure_id FROM measures_measure_other_pillars mp
         WHERE mp.pillar_id IN (SELECT id FROM changed)));
    RETURN NULL;
END;
$$;

CREATE FUNCTION measures_ministry_search_vector_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM measures_refresh_search_vectors(ARRAY(
        SELECT DISTINCT r.measure_id FROM measures_responsibility r
         WHERE r.ministry_id IN (
            SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
             WHERE (n.name, n.abbreviation) IS DISTINCT FROM (o.name, o.abbreviation))));
    RETURN NULL;
END;
$$;

CREATE FUNCTION measures_organisation_search_vector_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM measures_refresh_search_vectors(ARRAY(
        SELECT DISTINCT mo.measure_id FROM measures_measure_organisations mo
         WHERE mo.organisation_id IN (
            SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
             WHERE (n.name, n.abbreviation) IS DISTINCT FROM (o.name, o.abbreviation))));
    RETURN NULL;
END;
$$;

CREATE FUNCTION measures_source_search_vector_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM measures_refresh_search_vectors(ARRAY(
        SELECT DISTINCT c.measure_id FROM measures_citation c
         WHERE c.source_id IN (
            SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
             WHERE (n.title, n.reference) IS DISTINCT FROM (o.title, o.reference))));
    RETURN NULL;
END;
$$;

-- The summary with the query's words between the markers \x01 and \x02 (never HTML: the
-- caller escapes the text first, then turns the markers into <mark>). ts_headline runs over
-- the folded summary, so that 'financiele' highlights 'financiële'; the markers are then put
-- back into the original, unfolded text, which has the same length.
CREATE FUNCTION migratieagenda_headline(document text, query tsquery) RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE COST 1000 AS $$
DECLARE
    original text := translate(coalesce(document, ''), E'\x01\x02', '');
    marked text;
    part text[];
    result text := '';
    taken integer := 0;
BEGIN
    marked := ts_headline('dutch', migratieagenda_fold(original), query,
        'HighlightAll=true, StartSel=' || E'\x01' || ', StopSel=' || E'\x02');
    IF length(translate(marked, E'\x01\x02', '')) <> length(original) THEN
        RETURN original;  -- folding changed the length: show the text without highlights
    END IF;
    FOR part IN SELECT regexp_matches(marked, E'([^\x01\x02]*)([\x01\x02]?)', 'g') LOOP
        result := result || substr(original, taken + 1, length(part[1])) || part[2];
        taken := taken + length(part[1]);
    END LOOP;
    RETURN result;
END;
$$;
"""

LINK_TABLES = [
    "measures_responsibility",
    "measures_citation",
    "measures_measure_other_pillars",
    "measures_measure_organisations",
]
NAME_TABLES = {
    "pillars_pillar": "measures_pillar_search_vector_trigger",
    "measures_ministry": "measures_ministry_search_vector_trigger",
    "measures_organisation": "measures_organisation_search_vector_trigger",
    "measures_source": "measures_source_search_vector_trigger",
}

# PostgreSQL allows transition tables only on single-event triggers without column lists.
CREATE_TRIGGERS = """
CREATE TRIGGER measure_search_vector
    BEFORE INSERT OR UPDATE OF title, summary, description, pillar_id ON measures_measure
    FOR EACH ROW EXECUTE FUNCTION measures_measure_search_vector_trigger();
"""
for table in LINK_TABLES:
    CREATE_TRIGGERS += f"""
CREATE TRIGGER {table}_search_insert AFTER INSERT ON {table}
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION measures_measure_link_search_vector_trigger();
CREATE TRIGGER {table}_search_update AFTER UPDATE ON {table}
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION measures_measure_link_search_vector_trigger();
CREATE TRIGGER {table}_search_delete AFTER DELETE ON {table}
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION measures_measure_link_search_vector_trigger();
"""
for table, function in NAME_TABLES.items():
    CREATE_TRIGGERS += f"""
CREATE TRIGGER {table}_search_update AFTER UPDATE ON {table}
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION {function}();
"""

BACKFILL = """
UPDATE measures_measure
   SET search_vector = measures_measure_search_document(id, title, summary, description, pillar_id);
"""

DROP = "DROP TRIGGER IF EXISTS measure_search_vector ON measures_measure;\n"
for table in LINK_TABLES:
    for event in ("insert", "update", "delete"):
        DROP += f"DROP TRIGGER IF EXISTS {table}_search_{event} ON {table};\n"
for table, function in NAME_TABLES.items():
    DROP += f"DROP TRIGGER IF EXISTS {table}_search_update ON {table};\n"
    DROP += f"DROP FUNCTION IF EXISTS {function}();\n"
DROP += """
DROP FUNCTION IF EXISTS migratieagenda_headline(text, tsquery);
DROP FUNCTION IF EXISTS measures_measure_link_search_vector_trigger();
DROP FUNCTION IF EXISTS measures_measure_search_vector_trigger();
DROP FUNCTION IF EXISTS measures_refresh_search_vectors(bigint[]);
DROP FUNCTION IF EXISTS measures_measure_search_document(bigint, text, text, text, bigint);
DROP FUNCTION IF EXISTS migratieagenda_fold(text);
"""



class Migration(migrations.Migration):

    dependencies = [
        ('measures', '0002_published_measure_needs_lead_ministry'),
        ('pillars', '0001_pillars_and_route_dimensions'),
    ]

    operations = [
        migrations.AddField(
            model_name='measure',
            name='search_vector',
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True, verbose_name='zoekindex'),
        ),
        migrations.AddIndex(
            model_name='measure',
            index=django.contrib.postgres.indexes.GinIndex(fields=['search_vector'], name='measure_search_vector_gin'),
        ),
        migrations.RunSQL(CREATE_FUNCTIONS + CREATE_TRIGGERS + BACKFILL, DROP),
    ]
