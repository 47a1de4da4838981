"""Generated measures for the benchmark: the shipped agenda's frame (pillars, ministries, route
stages, levels, organisations, sources; loaded by load_agenda) with N measures in it, each with
responsibilities, other pillars, route stages, a level, organisations, links, a citation and
status steps, like the real ones. Written in SQL (INSERT ... SELECT generate_series, one
statement per table), so 100,000 measures take seconds; the search triggers fill the vectors.
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
# The tables whose inserts refresh a measure's search document.
LINK_TABLES = importlib.import_module("measures.migrations.0003_measure_search_vector").LINK_TABLES

_TEXT = (
    "(SELECT string_agg((%(words)s::text[])[1 + ((i::bigint * {a} + k::bigint * {b}) %% {n})], ' ') "
    "FROM generate_series(1, {length}) AS k)"
)


def _text(a: int, b: int, length: int) -> str:
    return _TEXT.format(a=a, b=b, n=len(COMMON), length=length)


def _ids(table: str, order: str = "id") -> str:
    return f"(SELECT array_agg(id ORDER BY {order}) AS a, count(*)::int AS n FROM {table})"


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
    SELECT id, substr(slug, {len(SLUG_PREFIX) + 1})::int AS i
      FROM measures_measure WHERE slug LIKE '{SLUG_PREFIX}%%'
    """,
    "CREATE UNIQUE INDEX ON generated (i)",
    f"""
    INSERT INTO measures_responsibility (measure_id, ministry_id, role)
    SELECT g.id, m.a[1 + g.i %% m.n], 'lead' FROM generated g, {_ids("measures_ministry")} m
    UNION ALL
    SELECT g.id, m.a[1 + (g.i + 1) %% m.n], 'co' FROM generated g, {_ids("measures_ministry")} m
     WHERE g.i %% 2 = 0
    UNION ALL
    SELECT g.id, m.a[1 + (g.i + 3) %% m.n], 'consulted'
      FROM generated g, {_ids("measures_ministry")} m WHERE g.i %% 3 = 0
    """,
    f"""
    INSERT INTO measures_measure_other_pillars (measure_id, pillar_id)
    SELECT g.id, p.a[1 + (g.i + 2) %% 6] FROM generated g, {_ids("pillars_pillar", "number")} p
    UNION ALL
    SELECT g.id, p.a[1 + (g.i + 3) %% 6] FROM generated g, {_ids("pillars_pillar", "number")} p
     WHERE g.i %% 2 = 0
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
    SELECT g.id, o.a[1 + g.i %% o.n] FROM generated g, {_ids("measures_organisation")} o
    UNION ALL
    SELECT g.id, o.a[1 + (g.i + 5) %% o.n] FROM generated g, {_ids("measures_organisation")} o
     WHERE g.i %% 2 = 0
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
    SELECT g.id, s.a[1 + g.i %% s.n], 'paragraaf ' || (1 + g.i %% 12)
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
    """
    UPDATE measures_measure m
       SET search_vector = measures_measure_search_document(
               m.id, m.title, m.summary, m.description, m.pillar_id)
      FROM generated g WHERE g.id = m.id
    """,
]
# After the commit: a table with pending (deferred) trigger events cannot be altered.
AFTER_COMMIT = [
    "ALTER TABLE measures_measure ENABLE TRIGGER measure_search_vector",
    *(f"ALTER TABLE {table} ENABLE TRIGGER {table}_search_insert" for table in LINK_TABLES),
]


def generate(connection, count: int) -> None:
    """On an autocommit connection, adds `count` measures (one transaction: a published measure needs its lead by commit)."""
    with connection.transaction(), connection.cursor() as cursor:
        for statement in STATEMENTS:
            cursor.execute(statement, {"words": COMMON, "count": count})
    for statement in AFTER_COMMIT:
        connection.execute(statement)
    connection.execute("VACUUM ANALYZE")
