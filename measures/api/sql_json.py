"""The measure list items and the measure detail of the API, as JSON built by PostgreSQL.

One statement per page: an ORM query picks the page's measure ids (filters, order, offset or
keyset, limit: whatever the FilterSet and the paginator made of the request), and PostgreSQL
builds each row's JSON around them with `json_build_object` and correlated subqueries through
the foreign-key indexes (pillar, other pillars, ministries with roles, route stages, levels,
organisations; the detail also its status steps, citations and public related measures). Python
receives one text per row and passes it to the response as it is (`orjson.Fragment`): no model
instances, no dicts, no re-serialising.

The shapes are those of ``rows.MeasureRows.json_rows`` (list) and ``serializers.measure_detail``
(detail), which still serve `as_of` and the answers to writes; tests compare them key for key.
`json` (not `jsonb`) keeps the keys in the order written here. The measure's own table is `m`.
"""

import datetime
import functools
import re
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connections, router
from django.utils.translation import get_language

from api.links import LinkPrefixes
from measures.models import ROLE_ORDER, Measure, Responsibility
from measures.selectors.versioning import (
    CONTENT_VERSION_SQL,
    ContentVersion,
    content_version_from_row,
)
from measures.visibility import public_moment, public_q


@dataclass(frozen=True)
class Sql:
    """A piece of SQL with its positional parameters."""

    text: str
    params: tuple = ()


_NAMED = re.compile(r"%\((\w+)\)s")


def bind(template: str, **values) -> Sql:
    """`template` with its `%(name)s` placeholders made positional: an `Sql` value is inlined
    with its own parameters, anything else becomes a parameter."""
    params: list = []

    def replace(match):
        value = values[match.group(1)]
        if isinstance(value, Sql):
            params.extend(value.params)
            return value.text
        params.append(value)
        return "%s"

    return Sql(_NAMED.sub(replace, template), tuple(params))


def _label(column: str, labels: dict[str, str]) -> Sql:
    """The status in words, in the request's language (a CASE over the few statuses)."""
    whens = " ".join("WHEN %s THEN %s" for _ in labels)
    params = tuple(item for pair in labels.items() for item in pair)
    return Sql(f"CASE {column} {whens} ELSE {column} END", params)


def _role_order(column: str) -> Sql:
    whens = " ".join("WHEN %s THEN %s" for _ in ROLE_ORDER)
    params = tuple(item for pair in ROLE_ORDER.items() for item in pair)
    return Sql(f"CASE {column} {whens} END", params)


def _compiled_public(connection, at) -> tuple[str, list]:
    query = Measure.objects.filter(public_q(at)).query
    return query.get_compiler(connection=connection).compile(query.where)


_PROBE = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
_public_sql: dict[str, str | None] = {}


def _public(connection) -> Sql:
    """visibility.public_q as SQL over the table `measures_measure` (unaliased), so that a
    hand-written statement applies the one rule of what is public, not a copy of it.

    Building and compiling the ORM query costs more than the rest of a detail's Python, so its
    text is kept per database when the moment is its only parameter (as the rule is today).
    """
    if connection.alias not in _public_sql:
        text, params = _compiled_public(connection, _PROBE)
        _public_sql[connection.alias] = text if list(params) == [_PROBE] else None
    text = _public_sql[connection.alias]
    if text is None:
        text, params = _compiled_public(connection, None)
        return Sql(text, tuple(params))
    return Sql(text, (public_moment(),))


PILLAR = """json_build_object('number', {p}.number, 'title', {p}.title,
    'url', %(pillar_url)s::text || {p}.number || '/')"""
MINISTRY = """json_build_object('abbreviation', mi.abbreviation, 'name', mi.name,
    'url', %(ministry_url)s::text || mi.abbreviation || '/')"""
SOURCE = """json_build_object('slug', src.slug, 'title', src.title, 'title_en', src.title_en,
    'reference', src.reference, 'date', src.date, 'url', src.url)"""

# The list item's keys, in order. {collate}: the detail sorts names as Python does (code
# points), the list as the database does; both as they always have.
ITEM = """json_build_object(
    'code', m.code,
    'slug', m.slug,
    'title', m.title,
    'title_en', m.title_en,
    'summary', m.summary,
    'summary_en', m.summary_en,%(description)s
    'status', m.status,
    'status_label', %(status_label)s,
    'announced_on', m.announced_on,
    'status_since', (
        SELECT s.date FROM measures_statuschange s
         WHERE s.measure_id = m.id ORDER BY s.date DESC, s.id DESC LIMIT 1),%(status_history)s
    'pillar', %(pillar)s,
    'other_pillars', array_to_json(ARRAY(
        SELECT %(other_pillar)s
          FROM measures_measure_other_pillars x JOIN pillars_pillar op ON op.id = x.pillar_id
         WHERE x.measure_id = m.id ORDER BY op.number)),
    'lead_ministry', (
        SELECT %(ministry)s
          FROM measures_responsibility r JOIN measures_ministry mi ON mi.id = r.ministry_id
         WHERE r.measure_id = m.id AND r.role = %(lead)s LIMIT 1),
    'responsibilities', array_to_json(ARRAY(
        SELECT json_build_object('ministry', %(ministry)s, 'role', r.role)
          FROM measures_responsibility r JOIN measures_ministry mi ON mi.id = r.ministry_id
         WHERE r.measure_id = m.id ORDER BY %(role_order)s, mi.name{collate}, mi.id)),
    'route_stages', array_to_json(ARRAY(
        SELECT rs.slug
          FROM measures_measure_route_stages x JOIN pillars_routestage rs ON rs.id = x.routestage_id
         WHERE x.measure_id = m.id ORDER BY rs.position, rs.id)),
    'levels', array_to_json(ARRAY(
        SELECT gl.slug
          FROM measures_measure_levels x JOIN pillars_governancelevel gl ON gl.id = x.governancelevel_id
         WHERE x.measure_id = m.id ORDER BY gl.position, gl.id)),
    'organisations', array_to_json(ARRAY(
        SELECT o.slug
          FROM measures_measure_organisations x JOIN measures_organisation o ON o.id = x.organisation_id
         WHERE x.measure_id = m.id ORDER BY o.name{collate}, o.id)),%(citations)s
    'updated_at', to_char(m.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    'url', %(measure_url)s::text || m.code || '/',
    'web_url', %(measure_web)s::text || m.slug || '/'
)"""

DESCRIPTION = """
    'description', m.description,
    'description_en', m.description_en,"""
STATUS_HISTORY = """
    'status_history', array_to_json(ARRAY(
        SELECT json_build_object('date', s.date, 'status', s.status,
                                 'status_label', %(step_label)s, 'reason', s.reason,
                                 'reason_en', s.reason_en,
                                 'source', CASE WHEN src.id IS NULL THEN NULL ELSE %(source)s END)
          FROM measures_statuschange s LEFT JOIN measures_source src ON src.id = s.source_id
         WHERE s.measure_id = m.id ORDER BY s.date, s.id)),"""
# Related measures both ways, public ones only, by the other measure's code (as the Python
# detail sorts them: outgoing before incoming, then the links' own order).
CITATIONS_AND_RELATED = """
    'citations', array_to_json(ARRAY(
        SELECT json_build_object('source', %(source)s, 'locator', c.locator)
          FROM measures_citation c JOIN measures_source src ON src.id = c.source_id
         WHERE c.measure_id = m.id ORDER BY src.date, c.id)),
    'related_measures', array_to_json(ARRAY(
        SELECT json_build_object('code', rel.code, 'title', rel.title,
                                 'url', %(measure_url)s::text || rel.code || '/',
                                 'kind', rel.kind, 'direction', rel.direction)
          FROM (SELECT measures_measure.code, measures_measure.title, measures_measure.code_order,
                       l.kind, 'outgoing' AS direction, 0 AS side,
                       l.kind::text AS first_key, measures_measure.code::text AS second_key
                  FROM measures_measurelink l
                  JOIN measures_measure ON measures_measure.id = l.to_measure_id
                 WHERE l.from_measure_id = m.id AND %(public)s
                UNION ALL
                SELECT measures_measure.code, measures_measure.title, measures_measure.code_order,
                       l.kind, 'incoming', 1, measures_measure.code::text, l.kind::text
                  FROM measures_measurelink l
                  JOIN measures_measure ON measures_measure.id = l.from_measure_id
                 WHERE l.to_measure_id = m.id AND %(public)s) rel
         ORDER BY COALESCE(rel.code_order, 0), rel.side, rel.first_key, rel.second_key)),"""

# The page's ids in the ORM's order: ARRAY(...) keeps the order of its subquery, which may
# select more than the id (a DISTINCT query also selects the columns it is ordered by).
PAGE = """SELECT (%(item)s)::text{columns}
  FROM unnest(ARRAY(SELECT selected.id FROM (%(ids)s) AS selected))
       WITH ORDINALITY AS page(id, position)
  JOIN measures_measure m ON m.id = page.id
  JOIN pillars_pillar p ON p.id = m.pillar_id
 ORDER BY page.position"""


@functools.cache
def _status_labels(language: str | None) -> dict[str, str]:
    """The statuses in words, per language (the active one when called)."""
    return {value: str(label) for value, label in Measure.Status.choices}


DETAIL = """SELECT found.*, content.*
  FROM (%(page)s) AS found
  LEFT JOIN (%(content_version)s) AS content ON true"""


class MeasureJson:
    """Builds the JSON of measures for one request (its host, scheme and language)."""

    def __init__(self, request):
        links = LinkPrefixes(request)
        self.labels = _status_labels(get_language())
        self.urls = {
            "pillar_url": links.api("api:pillar-detail", "number"),
            "ministry_url": links.api("api:ministry-detail", "abbreviation"),
            "measure_url": links.api("api:measure-detail", "code_or_slug"),
            "measure_web": links.web("measures:measure-detail"),
        }

    def _item(self, connection, *, detail: bool) -> Sql:
        urls = self.urls
        pillar_url = urls["pillar_url"]
        ministry = bind(MINISTRY, ministry_url=urls["ministry_url"])
        parts = {
            "description": Sql(""),
            "status_history": Sql(""),
            "citations": Sql(""),
        }
        if detail:
            source = Sql(SOURCE)
            parts = {
                "description": Sql(DESCRIPTION),
                "status_history": bind(
                    STATUS_HISTORY, step_label=_label("s.status", self.labels), source=source
                ),
                "citations": bind(
                    CITATIONS_AND_RELATED,
                    source=source,
                    measure_url=urls["measure_url"],
                    public=_public(connection),
                ),
            }
        return bind(
            ITEM.format(collate=' COLLATE "C"' if detail else ""),
            **parts,
            status_label=_label("m.status", self.labels),
            pillar=bind(PILLAR.format(p="p"), pillar_url=pillar_url),
            other_pillar=bind(PILLAR.format(p="op"), pillar_url=pillar_url),
            ministry=ministry,
            lead=Responsibility.Role.LEAD.value,
            role_order=_role_order("r.role"),
            measure_url=urls["measure_url"],
            measure_web=urls["measure_web"],
        )

    def _fetch(self, connection, ids: Sql, columns, *, detail: bool) -> list[tuple]:
        extra = "".join(f", m.{connection.ops.quote_name(column)}" for column in columns)
        statement = bind(
            PAGE.format(columns=extra), item=self._item(connection, detail=detail), ids=ids
        )
        with connection.cursor() as cursor:
            cursor.execute(statement.text, statement.params)
            return cursor.fetchall()

    def rows(self, queryset, columns=(), *, detail: bool = False) -> list[tuple]:
        """(JSON text, *columns) for each measure of `queryset` (ordered and sliced), in its
        order; `columns` are further columns of the measure's table (a keyset's sort keys)."""
        connection = connections[queryset.db]
        ids = queryset.values_list("id", flat=True).query
        try:
            ids_sql, ids_params = ids.get_compiler(connection=connection).as_sql()
        except EmptyResultSet:  # an empty slice (page size 0 past a count of 0), none_()
            return []
        return self._fetch(connection, Sql(ids_sql, tuple(ids_params)), columns, detail=detail)

    def detail(self, code_or_slug: str) -> tuple[str, int, ContentVersion] | None:
        """(JSON text, the measure's version, the content version) of today's public measure
        with this code or slug, or None. One statement, the content version included, so that
        a read without a validator to check costs one round trip."""
        connection = connections[router.db_for_read(Measure)]
        ids = bind(
            "SELECT id FROM measures_measure"
            " WHERE (code = %(key)s OR slug = %(key)s) AND %(public)s LIMIT 1",
            key=code_or_slug,
            public=_public(connection),
        )
        page = bind(
            PAGE.format(columns=", m.version"), item=self._item(connection, detail=True), ids=ids
        )
        statement = bind(DETAIL, page=page, content_version=Sql(CONTENT_VERSION_SQL))
        with connection.cursor() as cursor:
            cursor.execute(statement.text, statement.params)
            row = cursor.fetchone()
        if row is None:
            return None
        text, version, *content = row
        return text, version, content_version_from_row(content)
