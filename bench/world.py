"""Generated measures for the benchmark: the shipped agenda's frame (pillars, ministries, route
stages, levels, organisations, sources; loaded by load_agenda) with N measures in it, each with
responsibilities, other pillars, route stages, a level, organisations, links, a citation and
status steps, like the real ones. Written in SQL (INSERT ... SELECT generate_series, one
statement per table, in one transaction). The search vectors come from the migration's own
function (measures_measure_search_document), computed once per distinct document (see PERIOD),
and their GIN index is built once at the end: 100,000 measures take under a minute on 2 cores.
"""

import importlib

# Common words of the agenda's texts: every generated text is made of these.
COMMON = """
migratie asiel opvang gemeenten ketenpartners kabinet beleid uitvoering samenwerking landen
herkomst transit grens europese unie nederland terugkeer integratie inburgering taal werk
vergunning procedure aanvraag beslissing verblijf vreemdelingen vluchtelingen bescherming
regio steun financiering begroting ministerie minister staatssecretaris kamerbrief
regeerakkoord afspraken partners organisaties toezicht informatie onderzoek monitoring
evaluatie wetgeving capaciteit huisvesting onderwijs zorg arbeidsmarkt participatie
nieuwkomers gezinnen kinderen jongeren veiligheid criminaliteit mensenhandel mensensmokkel
grenzen bewaking registratie identificatie documenten visum paspoort sancties medewerking
ontwikkeling hulp humanitaire noodhulp internationale verdragen rechten plichten kansen
toekomst stelsel ketens digitale systemen gegevens snelheid kwaliteit kosten middelen
personeel opleiding begeleiding advies
""".split()  # noqa: SIM905 - easier to read and edit as text

SLUG_PREFIX = "bench-maatregel-"
# Measure i takes its texts and the names its search document carries (pillars, ministries,
# organisations, sources) from i modulo PERIOD, so that at most PERIOD distinct documents are
# computed (Dutch stemming is most of the generation's time: 100,000 documents took 799 s on the
# loaded machine). A multiple of 2, 3, 5 and 6, so that every other choice by i keeps its
# proportions; codes, slugs, statuses, dates, links and route stages still differ per measure.
PERIOD = 1200
# The tables whose inserts refresh a measure's search document.
LINK_TABLES = importlib.import_module("measures.migrations.0003_measure_search_vector").LINK_TABLES

_TEXT = (
    "(SELECT string_agg((%(words)s::text[])[1 + (((i %% {period})::bigint * {a} + k::bigint * {b}) %% {n})], ' ') "
    "FROM generate_series(1, {length}) AS k)"
)


def _text(a: int, b: int, length: int) -> str:
    return _TEXT.format(a=a, b=b, n=len(COMMON), length=length, period=PERIOD)


def _ids(table: str, order: str = "id") -> str:
    return f"(SELECT array_agg(id ORDER BY {order}) AS a, count(*)::int AS n FROM {table})"


# The search vectors of the measures in the temporary table `generated` (column id), with the
# search triggers off while they were written. Measures with the same texts and the same names
# attached have the same search document: a signature per measure (its texts, pillar and the
# ids of what its document names, in a fixed order) groups them, the migration's own function
# computes one document per group, and one UPDATE copies it to the group (the document's rule
# stays in that function).
SEARCH_DOCUMENTS = [
    """
    CREATE TEMPORARY TABLE signature AS
    SELECT g.id, md5(concat_ws('|', m.title, m.summary, m.description, m.pillar_id,
                               other_pillars.ids, ministries.ids, organisations.ids, sources.ids))
           AS key
      FROM generated g JOIN measures_measure m ON m.id = g.id
      LEFT JOIN (SELECT measure_id, string_agg(pillar_id::text, ',' ORDER BY pillar_id) AS ids
                   FROM measures_measure_other_pillars GROUP BY measure_id) other_pillars
             ON other_pillars.measure_id = g.id
      LEFT JOIN (SELECT measure_id, string_agg(ministry_id::text, ',' ORDER BY ministry_id) AS ids
                   FROM measures_responsibility GROUP BY measure_id) ministries
             ON ministries.measure_id = g.id
      LEFT JOIN (SELECT measure_id,
                        string_agg(organisation_id::text, ',' ORDER BY organisation_id) AS ids
                   FROM measures_measure_organisations GROUP BY measure_id) organisations
             ON organisations.measure_id = g.id
      LEFT JOIN (SELECT measure_id, string_agg(source_id::text, ',' ORDER BY source_id) AS ids
                   FROM measures_citation GROUP BY measure_id) sources
             ON sources.measure_id = g.id
    """,
    # MATERIALIZED: a subquery would be pulled up and the function run once per measure.
    """
    WITH documents AS MATERIALIZED (
        SELECT one.key, measures_measure_search_document(
                   x.id, x.title, x.summary, x.description, x.pillar_id) AS document
          FROM (SELECT DISTINCT ON (key) key, id FROM signature ORDER BY key, id) one
          JOIN measures_measure x ON x.id = one.id
    )
    UPDATE measures_measure m
       SET search_vector = documents.document
      FROM signature s JOIN documents ON documents.key = s.key
     WHERE m.id = s.id
    """,
]

STATEMENTS = [
    # Generated codes go past the three digits the real agenda's code format allows.
    "ALTER TABLE measures_measure DROP CONSTRAINT IF EXISTS measure_code_format",
    # The search triggers would compute a measure's document once per table written below;
    # the last statement computes it once, with every relation in place.
    "ALTER TABLE measures_measure DISABLE TRIGGER measure_search_vector",
    *(f"ALTER TABLE {table} DISABLE TRIGGER {table}_search_insert" for table in LINK_TABLES),
    f"""
    INSERT INTO measures_measure (code, slug, title, summary, description, pillar_id, status,
        is_published, created_at, updated_at)
    SELECT (1 + i %% 6) || '.' || (1000 + i / 6), '{SLUG_PREFIX}' || i,
           initcap({_text(7919, 104729, 6)}), {_text(6007, 15485863, 24)} || '.',
           {_text(3571, 32452843, 45)} || '.',
           (SELECT id FROM pillars_pillar WHERE number = 1 + i %% 6),
           (ARRAY['announced', 'in_preparation', 'in_progress', 'done', 'dropped'])[1 + i %% 5],
           i %% 50 <> 0,  -- one in fifty is a draft
           now() - (i %% 5000) * interval '1 hour', now() - (i %% 3000) * interval '1 hour'
      FROM generate_series(1, %(count)s) AS i
    """,
    f"""
    CREATE TEMPORARY TABLE generated AS
    SELECT id, i, i %% {PERIOD} AS j
      FROM (SELECT id, substr(slug, {len(SLUG_PREFIX) + 1})::int AS i
              FROM measures_measure WHERE slug LIKE '{SLUG_PREFIX}%%') AS numbered
    """,
    "CREATE UNIQUE INDEX ON generated (i)",
    f"""
    INSERT INTO measures_responsibility (measure_id, ministry_id, role)
    SELECT g.id, m.a[1 + g.j %% m.n], 'lead' FROM generated g, {_ids("measures_ministry")} m
    UNION ALL
    SELECT g.id, m.a[1 + (g.j + 1) %% m.n], 'co' FROM generated g, {_ids("measures_ministry")} m
     WHERE g.j %% 2 = 0
    UNION ALL
    SELECT g.id, m.a[1 + (g.j + 3) %% m.n], 'consulted'
      FROM generated g, {_ids("measures_ministry")} m WHERE g.j %% 3 = 0
    """,
    f"""
    INSERT INTO measures_measure_other_pillars (measure_id, pillar_id)
    SELECT g.id, p.a[1 + (g.j + 2) %% 6] FROM generated g, {_ids("pillars_pillar", "number")} p
    UNION ALL
    SELECT g.id, p.a[1 + (g.j + 3) %% 6] FROM generated g, {_ids("pillars_pillar", "number")} p
     WHERE g.j %% 2 = 0
    """,
    f"""
    INSERT INTO measures_measure_route_stages (measure_id, routestage_id)
    SELECT g.id, s.a[1 + g.i %% s.n] FROM generated g, {_ids("pillars_routestage")} s
    UNION ALL
    SELECT g.id, s.a[1 + (g.i + 1) %% s.n] FROM generated g, {_ids("pillars_routestage")} s
    """,
    f"""
    INSERT INTO measures_measure_levels (measure_id, governancelevel_id)
    SELECT g.id, l.a[1 + g.i %% l.n] FROM generated g, {_ids("pillars_governancelevel")} l
    """,
    f"""
    INSERT INTO measures_measure_organisations (measure_id, organisation_id)
    SELECT g.id, o.a[1 + g.j %% o.n] FROM generated g, {_ids("measures_organisation")} o
    UNION ALL
    SELECT g.id, o.a[1 + (g.j + 5) %% o.n] FROM generated g, {_ids("measures_organisation")} o
     WHERE g.j %% 2 = 0
    """,
    """
    INSERT INTO measures_measurelink (from_measure_id, to_measure_id, kind, note, note_en)
    SELECT g.id, previous.id, 'supports', 'Bouwt voort op de vorige maatregel.',
           'Builds on the previous measure.'
      FROM generated g JOIN generated previous ON previous.i = g.i - 1
    UNION ALL
    SELECT g.id, earlier.id, 'depends_on', '', ''
      FROM generated g JOIN generated earlier ON earlier.i = g.i - 7 WHERE g.i %% 3 = 0
    """,
    f"""
    INSERT INTO measures_citation (measure_id, source_id, locator)
    SELECT g.id, s.a[1 + g.j %% s.n], 'paragraaf ' || (1 + g.i %% 12)
      FROM generated g, {_ids("measures_source")} s
    """,
    """
    INSERT INTO measures_statuschange (measure_id, status, date, reason, reason_en)
    SELECT g.id, 'announced', date '2018-03-29' + g.i %% 365, 'Aangekondigd in de Kamerbrief.',
           'Announced in the letter to parliament.'
      FROM generated g
    UNION ALL
    SELECT g.id, m.status, date '2019-06-01' + g.i %% 700, 'Voortgang gemeld aan de Kamer.',
           'Progress reported to parliament.'
      FROM generated g JOIN measures_measure m ON m.id = g.id WHERE m.status <> 'announced'
    """,
    *SEARCH_DOCUMENTS,
]
# After the commit: a table with pending (deferred) trigger events cannot be altered.
AFTER_COMMIT = [
    "ALTER TABLE measures_measure ENABLE TRIGGER measure_search_vector",
    *(f"ALTER TABLE {table} ENABLE TRIGGER {table}_search_insert" for table in LINK_TABLES),
]


def generate(connection, count: int) -> None:
    """On an autocommit connection, adds `count` measures (one transaction: a published measure
    needs its lead by commit)."""
    with connection.transaction(), connection.cursor() as cursor:
        # The search vectors' indexes are built once at the end: updating a GIN index row by
        # row costs more than the documents themselves.
        indexes = cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'measures_measure' "
            "AND indexdef LIKE '%%search_vector%%'"
        ).fetchall()
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        for statement in STATEMENTS:
            cursor.execute(statement, {"words": COMMON, "count": count})
        # The deferred checks (foreign keys, a published measure has its lead) run now, with
        # every row in place: an index cannot be built on a table with pending trigger events.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for _, definition in indexes:
            cursor.execute(definition)
    for statement in AFTER_COMMIT:
        connection.execute(statement)
    connection.execute("VACUUM ANALYZE")
