"""Measure representations as plain rows: the CSV and XLSX files, and the list's JSON rows for
``as_of`` (today's JSON list and detail are built by PostgreSQL: ``sql_json``).

DRF's per-object serializers dominate the cost of large files, so the rows are built here as
plain lists. They come in one query in which PostgreSQL collects each measure's related names
into arrays (``ARRAY(SELECT ...)`` per relation, through the foreign-key indexes); pillars and
ministries are small tables whose representations are built once per request and shared by
every row that points to them. So a file costs the same few queries whatever its size.
"""

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import (
    Case,
    CharField,
    F,
    Func,
    IntegerField,
    OuterRef,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Concat

from api.links import LinkPrefixes
from api.viewsets import ReadOnlyApiViewSet
from measures.models import (
    ROLE_ORDER,
    Citation,
    Measure,
    Ministry,
    Responsibility,
    StatusChange,
)
from pillars.models import Pillar

LIST_VALUES = (
    "id",
    "code",
    "slug",
    "title",
    "title_en",
    "summary",
    "summary_en",
    "status",
    "pillar_id",
    "announced_on",
)
# PostgreSQL writes the timestamp as text (UTC, microseconds): parsing 500 timestamps into
# datetimes and formatting them again costs more than all the rest of a row.
ISO_UTC_SQL = """to_char(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')"""
UPDATED_AT_TEXT = Func(F("updated_at"), template=ISO_UTC_SQL, output_field=CharField())
CSV_JOIN = "; "
# The policy clock's "status since": the date of the measure's latest dated status step.
STATUS_SINCE = Subquery(
    StatusChange.objects.filter(measure_id=OuterRef("id"))
    .order_by("-date", "-id")
    .values("date")[:1]
)


def _array(queryset, value) -> ArraySubquery:
    return ArraySubquery(queryset.filter(measure_id=OuterRef("id")).values(value))


def relation_arrays() -> dict:
    """Annotations: each measure's related keys and names as arrays, in display order."""
    role_order = Case(
        *[When(role=role, then=Value(order)) for role, order in ROLE_ORDER.items()],
        output_field=IntegerField(),
    )
    responsibilities = Responsibility.objects.order_by(role_order, "ministry__name")
    arrays = {
        "other_pillar_ids": _array(
            Measure.other_pillars.through.objects.order_by("pillar__number"), "pillar_id"
        ),
        "responsibility_ministry_ids": _array(responsibilities, "ministry_id"),
        "responsibility_roles": _array(responsibilities, "role"),
        "route_stage_keys": _array(
            Measure.route_stages.through.objects.order_by("routestage__position"),
            "routestage__name",
        ),
        "level_keys": _array(
            Measure.levels.through.objects.order_by("governancelevel__position"),
            "governancelevel__name",
        ),
        "organisation_keys": _array(
            Measure.organisations.through.objects.order_by("organisation__name"),
            "organisation__name",
        ),
    }
    arrays["citation_texts"] = ArraySubquery(
        Citation.objects.filter(measure_id=OuterRef("id"))
        .order_by("source__date", "id")
        .annotate(
            text=Concat("source__title", Value(", "), "source__reference", Value(", "), "locator")
        )
        .values("text")
    )
    return arrays


class MeasureRows:
    def __init__(self, request):
        self.links = LinkPrefixes(request)
        self.measure_url = self.links.api("api:measure-detail", "code_or_slug")
        self.measure_web = self.links.web("measures:measure-detail")
        self.status_labels = {value: str(label) for value, label in Measure.Status.choices}
        self._pillars = None
        self._ministries = None

    # Nested references -------------------------------------------------------------------

    def pillar_ref(self, number: int, title: str) -> dict:
        return {
            "number": number,
            "title": title,
            "url": f"{self.links.api('api:pillar-detail', 'number')}{number}/",
        }

    def ministry_ref(self, abbreviation: str, name: str) -> dict:
        return {
            "abbreviation": abbreviation,
            "name": name,
            "url": f"{self.links.api('api:ministry-detail', 'abbreviation')}{abbreviation}/",
        }

    @property
    def pillars(self) -> dict[int, dict]:
        if self._pillars is None:
            self._pillars = {
                pk: self.pillar_ref(number, title)
                for pk, number, title in Pillar.objects.values_list("id", "number", "title")
            }
        return self._pillars

    @property
    def ministries(self) -> dict[int, dict]:
        if self._ministries is None:
            self._ministries = {
                pk: self.ministry_ref(abbreviation, name)
                for pk, abbreviation, name in Ministry.objects.values_list(
                    "id", "abbreviation", "name"
                )
            }
        return self._ministries

    # Rows ------------------------------------------------------------------------------------

    def json_rows(self, values) -> list[dict]:
        """The list representation of measures from plain values (``as_of`` builds them from
        the history); today's list is built by PostgreSQL (``sql_json``) in the same shape."""
        pillars, ministries, labels = self.pillars, self.ministries, self.status_labels
        measure_url, measure_web = self.measure_url, self.measure_web
        lead_role = Responsibility.Role.LEAD
        rows = []
        for row in values:
            lead = None
            roles = []
            for ministry_id, role in zip(
                row["responsibility_ministry_ids"], row["responsibility_roles"], strict=True
            ):
                ministry = ministries[ministry_id]
                if role == lead_role:
                    lead = ministry
                roles.append({"ministry": ministry, "role": role})
            rows.append(
                {
                    "code": row["code"],
                    "slug": row["slug"],
                    "title": row["title"],
                    "title_en": row["title_en"],
                    "summary": row["summary"],
                    "summary_en": row["summary_en"],
                    "status": row["status"],
                    "status_label": labels.get(row["status"], row["status"]),
                    "announced_on": row["announced_on"],
                    "status_since": row["status_since"],
                    "pillar": pillars[row["pillar_id"]],
                    "other_pillars": [pillars[p] for p in row["other_pillar_ids"]],
                    "lead_ministry": lead,
                    "responsibilities": roles,
                    "route_stages": row["route_stage_keys"],
                    "levels": row["level_keys"],
                    "organisations": row["organisation_keys"],
                    "updated_at": row["updated_at_text"],
                    "url": f"{measure_url}{row['code']}/",
                    "web_url": f"{measure_web}{row['slug']}/",
                }
            )
        return rows

    CSV_COLUMNS = (
        "code",
        "title",
        "status",
        "status_label",
        "pillar",
        "pillar_title",
        "other_pillars",
        "lead_ministry",
        "co_responsible",
        "consulted",
        "route_stages",
        "levels",
        "organisations",
        "sources",
        "summary",
        "description",
        "updated_at",
        "url",
        "web_url",
        "slug",
        "announced_on",
        "status_since",
        "title_en",
    )

    @staticmethod
    def csv_values(queryset):
        """The queryset as the values the CSV needs (names rather than keys): one query."""
        return queryset.values(
            *LIST_VALUES,
            "description",
            updated_at_text=UPDATED_AT_TEXT,
            status_since=STATUS_SINCE,
            **relation_arrays(),
        )

    def csv_rows(self, values) -> list[list]:
        """One flat row per measure; related values joined with "; "."""
        pillars, ministries = self.pillars, self.ministries
        rows = []
        for row in values:
            by_role = {role: [] for role in ROLE_ORDER}
            for ministry_id, role in zip(
                row["responsibility_ministry_ids"], row["responsibility_roles"], strict=True
            ):
                by_role[role].append(ministries[ministry_id]["abbreviation"])
            pillar = pillars[row["pillar_id"]]
            rows.append(
                [
                    row["code"],
                    row["title"],
                    row["status"],
                    self.status_labels.get(row["status"], row["status"]),
                    pillar["number"],
                    pillar["title"],
                    CSV_JOIN.join(str(pillars[p]["number"]) for p in row["other_pillar_ids"]),
                    CSV_JOIN.join(by_role[Responsibility.Role.LEAD]),
                    CSV_JOIN.join(by_role[Responsibility.Role.CO_RESPONSIBLE]),
                    CSV_JOIN.join(by_role[Responsibility.Role.CONSULTED]),
                    CSV_JOIN.join(row["route_stage_keys"]),
                    CSV_JOIN.join(row["level_keys"]),
                    CSV_JOIN.join(row["organisation_keys"]),
                    CSV_JOIN.join(text.replace(", , ", ", ") for text in row["citation_texts"]),
                    row["summary"],
                    row["description"],
                    row["updated_at_text"],
                    f"{self.measure_url}{row['code']}/",
                    f"{self.measure_web}{row['slug']}/",
                    row["slug"],
                    row["announced_on"] or "",
                    row["status_since"] or "",
                    row["title_en"],
                ]
            )
        return rows


class ContentReadOnlyViewSet(ReadOnlyApiViewSet):
    """The generic read-only viewset, representing with this app's `MeasureRows`."""

    def representation_links(self, request):
        return MeasureRows(request)
