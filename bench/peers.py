"""The benchmark's peers over the same content: PostgREST 12 with a read-only role over the same
PostgreSQL tables, and Datasette over an SQLite copy of the measures and their relations."""

import sqlite3
from pathlib import Path

import psycopg

from bench.harness import (
    HOST,
    Processes,
    execute,
    install_datasette,
    install_postgrest,
    wait_until_listening,
    with_database,
)

READER = "migratieagenda_bench_reader"
AUTHENTICATOR = "migratieagenda_bench_authenticator"
AUTHENTICATOR_PASSWORD = "bench-authenticator"

# The tables the API's measure list and detail read; the only ones the reader may select.
TABLES = [
    "measures_measure",
    "pillars_pillar",
    "measures_ministry",
    "measures_responsibility",
    "measures_measure_other_pillars",
    "measures_measure_route_stages",
    "pillars_routestage",
    "measures_measure_levels",
    "pillars_governancelevel",
    "measures_measure_organisations",
    "measures_organisation",
    "measures_citation",
    "measures_source",
    "measures_measurelink",
]

# The same columns and embeds as the API's list item (measures/api/rows.py).
LIST_SELECT = ",".join(
    [
        "code",
        "slug",
        "title",
        "summary",
        "status",
        "updated_at",
        "pillar:pillars_pillar!pillar_id(number,title)",
        # Django's through tables have their own id, so PostgREST embeds them as two steps.
        "other_pillars:measures_measure_other_pillars(pillar:pillars_pillar(number,title))",
        "lead_ministry:measures_responsibility(role,ministry:measures_ministry(abbreviation,name))",
        "responsibilities:measures_responsibility(role,ministry:measures_ministry(abbreviation,name))",
        "route_stages:measures_measure_route_stages(stage:pillars_routestage(slug))",
        "levels:measures_measure_levels(level:pillars_governancelevel(slug))",
        "organisations:measures_measure_organisations(organisation:measures_organisation(slug))",
    ]
)
# ... and the detail's: description, citations with their sources, links both ways.
DETAIL_SELECT = ",".join(
    [
        LIST_SELECT,
        "description",
        "citations:measures_citation(locator,source:measures_source(slug,title,reference,date,url))",
        "outgoing:measures_measurelink!from_measure_id(kind,measure:measures_measure!to_measure_id(code,title))",
        "incoming:measures_measurelink!to_measure_id(kind,measure:measures_measure!from_measure_id(code,title))",
    ]
)
# What the API's public rule filters (published, no embargo), and its order.
PUBLIC = "is_published=is.true&embargo_until=is.null&lead_ministry.role=eq.lead"


def postgrest_list(page_size: int, page: int = 2) -> str:
    return (
        f"/measures_measure?select={LIST_SELECT}&{PUBLIC}&order=code_order"
        f"&limit={page_size}&offset={(page - 1) * page_size}"
    )


def postgrest_detail(slug: str) -> str:
    return f"/measures_measure?select={DETAIL_SELECT}&{PUBLIC}&slug=eq.{slug}"


def postgrest_csv(pillar_id: int, ministry_id: int) -> str:
    return (
        f"/measures_measure?select={LIST_SELECT},description"
        f"&{PUBLIC}&pillar_id=eq.{pillar_id}&order=code_order"
        f"&lead_ministry.ministry_id=eq.{ministry_id}&lead_ministry=not.is.null"
    )


def create_roles(server_url: str) -> None:
    execute(
        server_url,
        f"""
        DO $$ BEGIN
          IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{READER}') THEN
            CREATE ROLE {READER} NOLOGIN;
          END IF;
          IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{AUTHENTICATOR}') THEN
            CREATE ROLE {AUTHENTICATOR} LOGIN NOINHERIT PASSWORD '{AUTHENTICATOR_PASSWORD}';
          END IF;
        END $$
        """,
        f"GRANT {READER} TO {AUTHENTICATOR}",
    )


def drop_roles(server_url: str) -> None:
    execute(server_url, f"DROP ROLE IF EXISTS {AUTHENTICATOR}", f"DROP ROLE IF EXISTS {READER}")


def grant_reads(database_url: str) -> None:
    execute(
        database_url,
        f"GRANT USAGE ON SCHEMA public TO {READER}",
        f"GRANT SELECT ON {', '.join(TABLES)} TO {READER}",
    )


def start_postgrest(
    processes: Processes, server_url: str, database: str, port: int, work: Path
) -> None:
    binary = install_postgrest()
    uri = with_database(server_url, database, AUTHENTICATOR, AUTHENTICATOR_PASSWORD)
    config = work / f"postgrest-{port}.conf"
    config.write_text(
        f'db-uri = "{uri}"\n'
        'db-schemas = "public"\n'
        f'db-anon-role = "{READER}"\n'
        f'server-host = "{HOST}"\n'
        f"server-port = {port}\n"
        "db-pool = 10\n"
        'log-level = "error"\n'
    )
    process = processes.start(f"postgrest-{port}", [binary, config])
    wait_until_listening(port, process)


def sqlite_copy(database_url: str, path: Path) -> None:
    """The public measures and their pillar and lead ministry, with full-text search (FTS5)."""
    path.unlink(missing_ok=True)
    with psycopg.connect(database_url) as source, sqlite3.connect(path) as target:
        target.executescript(
            """
            CREATE TABLE pillars (id INTEGER PRIMARY KEY, number INTEGER, title TEXT);
            CREATE TABLE ministries (id INTEGER PRIMARY KEY, abbreviation TEXT, name TEXT);
            CREATE TABLE measures (
                id INTEGER PRIMARY KEY, code TEXT, slug TEXT, title TEXT, summary TEXT,
                description TEXT, status TEXT, updated_at TEXT, code_order INTEGER,
                pillar_id INTEGER REFERENCES pillars(id),
                lead_ministry_id INTEGER REFERENCES ministries(id));
            CREATE INDEX measures_code_order ON measures (code_order);
            CREATE UNIQUE INDEX measures_slug ON measures (slug);
            """
        )
        target.executemany(
            "INSERT INTO pillars VALUES (?, ?, ?)",
            source.execute("SELECT id, number, title FROM pillars_pillar"),
        )
        target.executemany(
            "INSERT INTO ministries VALUES (?, ?, ?)",
            source.execute("SELECT id, abbreviation, name FROM measures_ministry"),
        )
        target.executemany(
            "INSERT INTO measures VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            source.execute(
                """
                SELECT m.id, m.code, m.slug, m.title, m.summary, m.description, m.status,
                       m.updated_at::text, m.code_order, m.pillar_id, r.ministry_id
                  FROM measures_measure m
                  JOIN measures_responsibility r ON r.measure_id = m.id AND r.role = 'lead'
                 WHERE m.is_published AND m.embargo_until IS NULL
                """
            ),
        )
        target.executescript(
            """
            CREATE VIRTUAL TABLE measures_fts USING fts5(
                title, summary, description, content="measures", content_rowid="id");
            INSERT INTO measures_fts (measures_fts) VALUES ('rebuild');
            """
        )


def start_datasette(processes: Processes, path: Path, port: int) -> None:
    binary = install_datasette()
    process = processes.start(
        f"datasette-{port}",
        [binary, "serve", "--immutable", path, "--host", HOST, "--port", str(port),
         "--setting", "max_returned_rows", "1000", "--setting", "sql_time_limit_ms", "30000"],
    )  # fmt: skip
    wait_until_listening(port, process)
