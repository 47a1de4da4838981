"""Benchmark: Dutch full-text search over 100,000 measures, with and without the GIN index.

Run with `make bench`. It creates a throwaway database next to the project's own (on the same
server: the embedded one, or DATABASE_URL's), migrates it, generates the measures in SQL
(INSERT ... SELECT generate_series; the search vectors from migration 0003's function, once per
distinct document, as bench/world.py fills them),
then runs the search that the list page and the API run, under EXPLAIN ANALYZE:

- with the planner free to choose (it must choose the GIN index), and
- with index scans switched off (a sequential scan over every vector),

and prints the database execution times and their ratio. It fails when the free plan does
not use the index or takes more than the 5 ms target. The database is dropped afterwards.
"""

import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "migratieagenda.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

MEASURES = int(os.environ.get("BENCH_MEASURES", "100000"))
REPEAT = 7
TARGET_MS = 5.0
INDEX = "measure_search_vector_gin"

from bench.world import COMMON, SEARCH_DOCUMENTS  # noqa: E402 - the texts' words; the vectors

SEARCH_TRIGGERS = [
    ("measures_measure", "measure_search_vector"),
    ("measures_responsibility", "measures_responsibility_search_insert"),
]

# Rare words: each one occurs in a handful of the 100,000 measures (a selective search).
RARE = """
marechaussee hervestiging statushouderschap vreemdelingenbewaring kennismigrantenregeling
dublinclaim taaleisverhoging grensprocedure landenbeleid ontheemdenopvang
""".split()  # noqa: SIM905 - easier to read and edit as text

PAGE_SIZE = 25
SELECTIVE_QUERY = "marechaussees"  # a plural: found by the Dutch stem of 'marechaussee'


def generate(cursor):
    cursor.execute("ALTER TABLE measures_measure DROP CONSTRAINT measure_code_format")
    # The search triggers would compute each document twice (the measure, then its lead);
    # SEARCH_DOCUMENTS computes each distinct one once, with every row in place.
    for table, trigger in SEARCH_TRIGGERS:
        cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {trigger}")
    cursor.execute(
        """
        INSERT INTO pillars_pillar (number, slug, title, title_en, summary, summary_en, description,
                                    description_en)
        SELECT n, 'pijler-' || n, 'Pijler ' || n, 'Pillar ' || n, '', '', '', ''
          FROM generate_series(1, 6) AS n;
        INSERT INTO measures_ministry (abbreviation, slug, name, name_en, website)
        VALUES ('JenV', 'jenv', 'Ministerie van Justitie en Veiligheid', '', ''),
               ('BZ', 'bz', 'Ministerie van Buitenlandse Zaken', '', ''),
               ('SZW', 'szw', 'Ministerie van Sociale Zaken en Werkgelegenheid', '', '');
        """
    )
    words = COMMON
    # Pseudo-random but repeatable word choices: (i * prime + k * prime) modulo the vocabulary.
    text = (
        "(SELECT string_agg((%(words)s::text[])[1 + ((i * {a} + k * {b}) %% {n})], ' ') "
        "FROM generate_series(1, {length}) AS k)"
    )
    title = text.format(a=7919, b=104729, n=len(words), length=5)
    summary = text.format(a=6007, b=15485863, n=len(words), length=14)
    description = text.format(a=3571, b=32452843, n=len(words), length=40)
    cursor.execute(
        f"""
        INSERT INTO measures_measure (code, slug, title, summary, description, pillar_id,
            status, is_published, created_at, updated_at)
        SELECT (1 + i %% 6) || '.' || i, 'maatregel-' || i,
               {title} || CASE WHEN i %% 997 = 0 THEN ' ' || (%(rare)s::text[])[1 + (i / 997) %% {len(RARE)}]
                              ELSE '' END,
               {summary} || CASE WHEN i %% 991 = 0 THEN ' ' || (%(rare)s::text[])[1 + (i / 991) %% {len(RARE)}]
                                ELSE '' END,
               {description},
               (SELECT id FROM pillars_pillar WHERE number = 1 + i %% 6),
               (ARRAY['announced', 'in_preparation', 'in_progress', 'done'])[1 + i %% 4],
               true, now(), now()
          FROM generate_series(1, %(count)s) AS i
        """,
        {"words": words, "rare": RARE, "count": MEASURES},
    )
    cursor.execute(
        """
        INSERT INTO measures_responsibility (measure_id, ministry_id, role)
        SELECT m.id, (SELECT id FROM measures_ministry ORDER BY id OFFSET m.id % 3 LIMIT 1), 'lead'
          FROM measures_measure m
        """
    )
    cursor.execute("CREATE TEMPORARY TABLE generated AS SELECT id FROM measures_measure")
    for statement in SEARCH_DOCUMENTS:
        cursor.execute(statement)
    # Fires the deferred checks now, so that the triggers can be switched back on.
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    for table, trigger in SEARCH_TRIGGERS:
        cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {trigger}")


def explain(cursor, sql, params):
    cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {sql}", params)
    result = cursor.fetchone()[0]
    result = json.loads(result) if isinstance(result, str) else result
    return result[0]


def plan_text(node, depth=0):
    name = node["Node Type"] + (f" using {node['Index Name']}" if "Index Name" in node else "")
    lines = ["  " * depth + name]
    for child in node.get("Plans", []):
        lines += plan_text(child, depth + 1)
    return lines


def measure(cursor, sql, params):
    explain(cursor, sql, params)  # warm the cache
    runs = [explain(cursor, sql, params) for _ in range(REPEAT)]
    return statistics.median(r["Execution Time"] for r in runs), runs[-1]


def main():
    from measures.filters import MeasureFilterSet
    from measures.models import Measure
    from measures.selectors import measure_facets

    database = settings.DATABASES["default"]
    database.setdefault("TEST", {})["NAME"] = "migratieagenda_bench_search"
    original_name = database["NAME"]
    started = time.perf_counter()
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        # One transaction: a published measure needs its lead ministry by commit time.
        with transaction.atomic(), connection.cursor() as cursor:
            generate(cursor)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE measures_measure")  # also flushes GIN's pending list
        print(f"search: {MEASURES:,} measures generated in {time.perf_counter() - started:.0f} s")

        queryset = (
            Measure.objects.published()
            .search(SELECTIVE_QUERY)
            .with_snippet(SELECTIVE_QUERY)[:PAGE_SIZE]
        )
        sql, params = queryset.query.sql_with_params()
        with connection.cursor() as cursor:
            hits = Measure.objects.published().search(SELECTIVE_QUERY).count()
            indexed_ms, indexed = measure(cursor, sql, params)
            cursor.execute("SET enable_bitmapscan = off")
            cursor.execute("SET enable_indexscan = off")
            scanned_ms, _ = measure(cursor, sql, params)
            cursor.execute("RESET enable_bitmapscan")
            cursor.execute("RESET enable_indexscan")

        facet_ms = {}
        for label, data in [("no search", {}), (f"q={SELECTIVE_QUERY}", {"q": SELECTIVE_QUERY})]:
            filterset = MeasureFilterSet(data, queryset=Measure.objects.published())
            filterset.is_valid()
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                measure_facets(filterset)
            facet_ms[label] = ((time.perf_counter() - started) * 1000, len(queries))

        plan = "\n".join(plan_text(indexed["Plan"]))
        print(f"search: q={SELECTIVE_QUERY!r} finds {hits} of {MEASURES:,} measures")
        print(f"search: plan with the index:\n{plan}")
        print(
            f"search: database time (EXPLAIN ANALYZE execution, median of {REPEAT}): "
            f"GIN index {indexed_ms:.2f} ms, sequential scan {scanned_ms:.2f} ms, "
            f"ratio {scanned_ms / indexed_ms:.0f}x; planning {indexed['Planning Time']:.2f} ms"
        )
        print(
            "search: facet counts (measure_facets, wall time, for information): "
            + ", ".join(
                f"{label} {ms:.0f} ms in {n} queries" for label, (ms, n) in facet_ms.items()
            )
        )
        failures = []
        if INDEX not in plan:
            failures.append(f"the plan does not use {INDEX}")
        if indexed_ms > TARGET_MS:
            failures.append(f"{indexed_ms:.2f} ms is over the {TARGET_MS} ms target")
        if hits == 0:
            failures.append("the selective search found nothing")
        if failures:
            print("search: FAIL: " + "; ".join(failures))
            return 1
        print(f"search: OK (index used, ≤ {TARGET_MS} ms)")
        return 0
    finally:
        connection.creation.destroy_test_db(original_name, verbosity=0)


if __name__ == "__main__":
    sys.exit(main())
