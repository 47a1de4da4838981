"""Measure representations built from ``.values()`` and a fixed number of batched queries.

DRF's per-object serializers dominate the cost of large pages, so lists (JSON and CSV) are
built here as plain dicts: one query for the page's rows, then one query per relation for the
whole page, whatever its size. Pillars and ministries are small tables: their nested
representations are built once per request and shared by every row that points to them.
"""

import datetime
from collections import defaultdict

from measures.models import Citation, Measure, Ministry, Responsibility
from migratieagenda.rest.links import LinkPrefixes
from pillars.models import Pillar

LIST_VALUES = ("id", "code", "slug", "title", "summary", "status", "pillar_id", "updated_at")
ROLE_ORDER = {
    Responsibility.Role.LEAD: 0,
    Responsibility.Role.CO_RESPONSIBLE: 1,
    Responsibility.Role.CONSULTED: 2,
}
CSV_JOIN = "; "


def iso_utc(value: datetime.datetime) -> str:
    """The same spelling as the JSON (orjson with OPT_UTC_Z): 2018-03-30T10:00:00Z."""
    return value.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")


class MeasureRows:
    def __init__(self, request):
        self.links = LinkPrefixes(request)
        self.measure_url = self.links.api("api:measure-detail", "code_or_slug")
        self.measure_web = self.links.web("measures:measure-detail")
        self.status_labels = {value: str(label) for value, label in Measure.Status.choices}
        self.role_labels = {value: str(label) for value, label in Responsibility.Role.choices}
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

    # Batched relations ---------------------------------------------------------------------

    @staticmethod
    def _grouped(queryset) -> dict[int, list]:
        grouped = defaultdict(list)
        for measure_id, *value in queryset:
            grouped[measure_id].append(value[0] if len(value) == 1 else tuple(value))
        return grouped

    def relations(self, ids: list[int], *, names: bool = False) -> dict[str, dict[int, list]]:
        """Per relation, the values of each measure in ``ids``: six queries for any page size."""
        label = "name" if names else "slug"
        through = Measure.other_pillars.through.objects.filter(measure_id__in=ids)
        responsibilities = sorted(
            Responsibility.objects.filter(measure_id__in=ids)
            .order_by()
            .values_list("measure_id", "ministry_id", "role"),
            key=lambda row: (ROLE_ORDER.get(row[2], 9), self.ministries[row[1]]["name"]),
        )
        return {
            "other_pillars": self._grouped(
                through.order_by("pillar__number").values_list("measure_id", "pillar_id")
            ),
            "responsibilities": self._grouped(responsibilities),
            "route_stages": self._grouped(
                Measure.route_stages.through.objects.filter(measure_id__in=ids)
                .order_by("routestage__position")
                .values_list("measure_id", f"routestage__{label}")
            ),
            "levels": self._grouped(
                Measure.levels.through.objects.filter(measure_id__in=ids)
                .order_by("governancelevel__position")
                .values_list("measure_id", f"governancelevel__{label}")
            ),
            "organisations": self._grouped(
                Measure.organisations.through.objects.filter(measure_id__in=ids)
                .order_by("organisation__name")
                .values_list("measure_id", f"organisation__{label}")
            ),
        }

    # Rows ------------------------------------------------------------------------------------

    def json_rows(self, values: list[dict]) -> list[dict]:
        """The list representation of measures (dicts from ``.values(*LIST_VALUES)``)."""
        if not values:
            return []
        related = self.relations([row["id"] for row in values])
        pillars, ministries = self.pillars, self.ministries
        other_pillars, responsibilities = related["other_pillars"], related["responsibilities"]
        stages, levels, organisations = (
            related["route_stages"],
            related["levels"],
            related["organisations"],
        )
        rows = []
        for row in values:
            pk = row["id"]
            lead = None
            roles = []
            for ministry_id, role in responsibilities.get(pk, ()):
                ministry = ministries[ministry_id]
                if role == Responsibility.Role.LEAD:
                    lead = ministry
                roles.append({"ministry": ministry, "role": role})
            rows.append(
                {
                    "code": row["code"],
                    "slug": row["slug"],
                    "title": row["title"],
                    "summary": row["summary"],
                    "status": row["status"],
                    "status_label": self.status_labels.get(row["status"], row["status"]),
                    "pillar": pillars[row["pillar_id"]],
                    "other_pillars": [pillars[p] for p in other_pillars.get(pk, ())],
                    "lead_ministry": lead,
                    "responsibilities": roles,
                    "route_stages": stages.get(pk, []),
                    "levels": levels.get(pk, []),
                    "organisations": organisations.get(pk, []),
                    "updated_at": row["updated_at"],
                    "url": f"{self.measure_url}{row['code']}/",
                    "web_url": f"{self.measure_web}{row['slug']}/",
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
    )
    CSV_VALUES = (*LIST_VALUES, "description")

    def csv_rows(self, values: list[dict]) -> list[list[str]]:
        """One flat row per measure; related values joined with "; ", names rather than keys."""
        if not values:
            return []
        ids = [row["id"] for row in values]
        related = self.relations(ids, names=True)
        citations = self._grouped(
            Citation.objects.filter(measure_id__in=ids)
            .order_by("source__date", "id")
            .values_list("measure_id", "source__title", "source__reference", "locator")
        )
        pillars, ministries = self.pillars, self.ministries
        rows = []
        for row in values:
            pk = row["id"]
            by_role = defaultdict(list)
            for ministry_id, role in related["responsibilities"].get(pk, ()):
                by_role[role].append(ministries[ministry_id]["abbreviation"])
            pillar = pillars[row["pillar_id"]]
            sources = [
                ", ".join(part for part in (title, reference, locator) if part)
                for title, reference, locator in citations.get(pk, ())
            ]
            rows.append(
                [
                    row["code"],
                    row["title"],
                    row["status"],
                    self.status_labels.get(row["status"], row["status"]),
                    pillar["number"],
                    pillar["title"],
                    CSV_JOIN.join(
                        str(pillars[p]["number"]) for p in related["other_pillars"].get(pk, ())
                    ),
                    CSV_JOIN.join(by_role[Responsibility.Role.LEAD]),
                    CSV_JOIN.join(by_role[Responsibility.Role.CO_RESPONSIBLE]),
                    CSV_JOIN.join(by_role[Responsibility.Role.CONSULTED]),
                    CSV_JOIN.join(related["route_stages"].get(pk, ())),
                    CSV_JOIN.join(related["levels"].get(pk, ())),
                    CSV_JOIN.join(related["organisations"].get(pk, ())),
                    CSV_JOIN.join(sources),
                    row["summary"],
                    row["description"],
                    iso_utc(row["updated_at"]),
                    f"{self.measure_url}{row['code']}/",
                    f"{self.measure_web}{row['slug']}/",
                    row["slug"],
                ]
            )
        return rows
