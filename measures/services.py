"""Writes beyond the admin: each function is atomic and validates with full_clean()."""

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from measures.changes import collect_changes
from measures.models import (
    Citation,
    LoadedContentItem,
    Measure,
    MeasureLink,
    Ministry,
    Official,
    Organisation,
    Responsibility,
    Source,
    StatusChange,
)
from pillars.models import GovernanceLevel, Pillar, RouteStage

AGENDA_CONTENT = Path(__file__).resolve().parent / "content" / "agenda.yaml"


@dataclass
class ContentLoadReport:
    created: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str, created: bool) -> None:
        bucket = self.created if created else self.skipped
        bucket[kind] = bucket.get(kind, 0) + 1

    @property
    def total_created(self) -> int:
        return sum(self.created.values())


class ContentError(Exception):
    """The content file is wrong; `problems` lists every bad entry, and nothing was saved."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


class _Loader:
    """Creates what the content file has and the database never had; changes nothing else.

    Every object the loader creates is recorded in LoadedContentItem, so an object that an
    editor changed keeps its changes and one an editor deleted stays deleted.
    """

    def __init__(self, data: dict):
        self.data = data
        self.report = ContentLoadReport()
        self.problems: list[str] = []
        self.loaded = {(item.kind, item.key) for item in LoadedContentItem.objects.all()}

    def should_create(self, kind: str, key: str) -> bool:
        return (kind, key) not in self.loaded

    def remember(self, kind: str, key: str) -> None:
        LoadedContentItem.objects.create(kind=kind, key=key)
        self.loaded.add((kind, key))
        self.report.count(kind, created=True)

    def save(self, obj, label: str) -> bool:
        try:
            obj.full_clean()
        except ValidationError as exc:
            self.problems.append(f"{label}: {'; '.join(exc.messages)}")
            return False
        obj.save()
        return True

    def simple(self, kind: str, model, rows, key_field: str, lookup=None):
        for row in rows or []:
            key = str(row[key_field])
            if not self.should_create(kind, key):
                self.report.count(kind, created=False)
                continue
            existing = model.objects.filter(
                **(lookup(row) if lookup else {key_field: row[key_field]})
            )
            if existing.exists():
                self.report.count(kind, created=False)
                continue
            if self.save(model(**row), f"{kind} {key}"):
                self.remember(kind, key)

    def run(self) -> ContentLoadReport:
        data = self.data
        self.simple("pillar", Pillar, data.get("pillars"), "number")
        self.simple("route_stage", RouteStage, data.get("route_stages"), "slug")
        self.simple("governance_level", GovernanceLevel, data.get("governance_levels"), "slug")
        self.simple(
            "ministry",
            Ministry,
            data.get("ministries"),
            "abbreviation",
            lookup=lambda row: {"abbreviation__iexact": row["abbreviation"]},
        )
        self.simple("organisation", Organisation, data.get("organisations"), "slug")
        self.simple("source", Source, data.get("sources"), "slug")
        self.officials(data.get("officials"))
        created_codes = self.measures(data.get("measures"))
        self.links(data.get("links"), created_codes)
        if self.problems:
            raise ContentError(self.problems)
        return self.report

    def officials(self, rows):
        for row in rows or []:
            key = f"{row['ministry']}:{row['name']}"
            if not self.should_create("official", key):
                self.report.count("official", created=False)
                continue
            ministry = Ministry.objects.filter(abbreviation__iexact=row["ministry"]).first()
            if ministry is None:
                self.problems.append(
                    f"official {row['name']}: unknown ministry {row['ministry']!r}"
                )
                continue
            official = Official(**{**row, "ministry": ministry})
            if Official.objects.filter(name=row["name"], ministry=ministry).exists():
                self.report.count("official", created=False)
            elif self.save(official, f"official {row['name']}"):
                self.remember("official", key)

    def lookup_many(self, model, field_name: str, values, label: str):
        values = [str(v) for v in values or []]
        found = {
            str(getattr(obj, field_name)): obj
            for obj in model.objects.filter(**{f"{field_name}__in": values})
        }
        missing = [v for v in values if v not in found]
        if missing:
            self.problems.append(f"{label}: unknown {model._meta.model_name} {', '.join(missing)}")
        return [found[v] for v in values if v in found]

    def measures(self, rows) -> set[str]:
        created = set()
        ministries = {m.abbreviation.lower(): m for m in Ministry.objects.all()}
        sources = {s.slug: s for s in Source.objects.all()}
        for row in rows or []:
            code = str(row["code"])
            label = f"measure {code}"
            if (
                not self.should_create("measure", code)
                or Measure.objects.filter(code=code).exists()
            ):
                self.report.count("measure", created=False)
                continue
            pillar = Pillar.objects.filter(number=row["pillar"]).first()
            if pillar is None:
                self.problems.append(f"{label}: unknown pillar {row['pillar']!r}")
                continue
            measure = Measure(
                code=code,
                slug=row["slug"],
                title=row["title"],
                summary=row["summary"],
                description=row.get("description", ""),
                pillar=pillar,
                status=row.get("status", Measure.Status.ANNOUNCED),
                is_published=row.get("published", True),
            )
            if not self.save(measure, label):
                continue
            measure.other_pillars.set(
                self.lookup_many(Pillar, "number", row.get("other_pillars"), label)
            )
            measure.route_stages.set(
                self.lookup_many(RouteStage, "slug", row.get("route_stages"), label)
            )
            measure.levels.set(self.lookup_many(GovernanceLevel, "slug", row.get("levels"), label))
            measure.organisations.set(
                self.lookup_many(Organisation, "slug", row.get("organisations"), label)
            )
            roles = row.get("responsibilities") or {}
            assignments = [(roles.get("lead"), Responsibility.Role.LEAD)]
            assignments += [
                (abbr, Responsibility.Role.CO_RESPONSIBLE) for abbr in roles.get("co") or []
            ]
            assignments += [
                (abbr, Responsibility.Role.CONSULTED) for abbr in roles.get("consulted") or []
            ]
            for abbreviation, role in assignments:
                ministry = ministries.get(str(abbreviation).lower())
                if ministry is None:
                    self.problems.append(f"{label}: unknown ministry {abbreviation!r} ({role})")
                    continue
                self.save(Responsibility(measure=measure, ministry=ministry, role=role), label)
            if not row.get("citations"):
                self.problems.append(f"{label}: no citation")
            for citation in row.get("citations") or []:
                source = sources.get(citation["source"])
                if source is None:
                    self.problems.append(f"{label}: unknown source {citation['source']!r}")
                    continue
                self.save(
                    Citation(measure=measure, source=source, locator=citation["locator"]), label
                )
            for step in row.get("status_history") or []:
                self.save(StatusChange(measure=measure, **step), label)
            self.remember("measure", code)
            created.add(code)
        return created

    def links(self, rows, created_codes: set[str]):
        codes = {str(r["from"]) for r in rows or []} | {str(r["to"]) for r in rows or []}
        by_code = {m.code: m for m in Measure.objects.filter(code__in=codes)}
        for row in rows or []:
            key = f"{row['from']}>{row['kind']}>{row['to']}"
            if not self.should_create("link", key):
                self.report.count("link", created=False)
                continue
            source, target = by_code.get(str(row["from"])), by_code.get(str(row["to"]))
            if source is None or target is None:
                self.problems.append(f"link {key}: unknown measure")
                continue
            link = MeasureLink(
                from_measure=source, to_measure=target, kind=row["kind"], note=row.get("note", "")
            )
            if MeasureLink.objects.filter(
                from_measure=source, to_measure=target, kind=row["kind"]
            ).exists():
                self.report.count("link", created=False)
            elif self.save(link, f"link {key}"):
                self.remember("link", key)


@transaction.atomic
def agenda_content_load(data: dict | None = None, path: Path = AGENDA_CONTENT) -> ContentLoadReport:
    """Load the agenda's content: everything or, on any problem, nothing (ContentError lists them)."""
    if data is None:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    # One public "created" event per new measure, not one per row the loader writes.
    with collect_changes():
        return _Loader(data).run()


def _as_editor(user, *objects) -> None:
    # django-simple-history records this user on the historical record (never shown publicly).
    if user is not None:
        for obj in objects:
            obj._history_user = user


@transaction.atomic
def measure_set_status(
    measure: Measure, status: str, reason: str, date=None, user=None
) -> StatusChange:
    """Move a measure to another status; the public reason is required and kept with its date."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Geef een openbare reden voor de statuswijziging.")}, code="required"
        )
    if status == measure.status:
        raise ValidationError({"status": _("De maatregel heeft deze status al.")}, code="unchanged")
    change = StatusChange(
        measure=measure, status=status, date=date or timezone.localdate(), reason=reason
    )
    change.full_clean()
    measure.status = status
    measure.full_clean()
    measure._status_change_reason = reason
    _as_editor(user, measure, change)
    with collect_changes():
        measure.save()
        change.save()
    return change


@transaction.atomic
def measure_set_published(measure: Measure, published: bool, user=None) -> bool:
    """Publish or unpublish a measure; returns whether anything changed. Callers check rights."""
    if measure.is_published == published:
        return False
    if published and measure.lead_ministry is None:
        # The database would refuse it at commit; explain it before.
        raise ValidationError(
            _("Een gepubliceerde maatregel heeft een eerstverantwoordelijk ministerie nodig."),
            code="no_lead",
        )
    measure.is_published = published
    measure.full_clean()
    _as_editor(user, measure)
    with collect_changes():
        measure.save()
    return True


# Measures through the API: the detail's keys, references by key -----------------------------

MEASURE_CODE = re.compile(r"^[1-6]\.[0-9]{1,3}$")  # as the measure_code_format constraint
MEASURE_SCALAR_FIELDS = (
    "code",
    "slug",
    "title",
    "summary",
    "description",
    "status",
    "is_published",
    "embargo_until",
)


def _resolve_many(model, field: str, values, key: str, errors: dict, *, iexact=False) -> list:
    values = list(values or [])
    lookup = f"{field}__iexact" if iexact else f"{field}__in"
    if iexact:
        found = {}
        for obj in model.objects.all():
            found[str(getattr(obj, field)).lower()] = obj
        keys = [str(v).lower() for v in values]
    else:
        found = {str(getattr(obj, field)): obj for obj in model.objects.filter(**{lookup: values})}
        keys = [str(v) for v in values]
    missing = [str(v) for v, k in zip(values, keys, strict=True) if k not in found]
    if missing:
        choices = ", ".join(sorted(str(getattr(o, field)) for o in model.objects.all()))
        errors[key] = [f"Unknown value: {', '.join(missing)}. Choose from: {choices}."]
        return []
    return [found[k] for k in keys]


def _measure_apply(measure: Measure, data: dict) -> Measure:
    """Set what ``data`` holds (keys absent are left alone); validate everything; save."""
    from django.utils.text import slugify

    errors: dict[str, list[str]] = {}
    for name in MEASURE_SCALAR_FIELDS:
        if name in data:
            setattr(measure, name, data[name])
    if not measure.slug and measure.title:
        measure.slug = slugify(measure.title)[:100]
    if "pillar" in data:
        pillars = _resolve_many(Pillar, "number", [data["pillar"]], "pillar", errors)
        if pillars:
            measure.pillar = pillars[0]
    lead = None
    if "lead_ministry" in data:
        leads = _resolve_many(
            Ministry, "abbreviation", [data["lead_ministry"]], "lead_ministry", errors, iexact=True
        )
        lead = leads[0] if leads else None
    related = {}
    for key, model, key_field in (
        ("other_pillars", Pillar, "number"),
        ("route_stages", RouteStage, "slug"),
        ("levels", GovernanceLevel, "slug"),
        ("organisations", Organisation, "slug"),
    ):
        if key in data:
            related[key] = _resolve_many(model, key_field, data[key], key, errors)
    others = None
    if "responsibilities" in data:
        rows = data["responsibilities"] or []
        ministries = _resolve_many(
            Ministry,
            "abbreviation",
            [r["ministry"] for r in rows],
            "responsibilities",
            errors,
            iexact=True,
        )
        others = list(zip(ministries, [r["role"] for r in rows], strict=False))
    citations = None
    if "citations" in data:
        rows = data["citations"] or []
        sources = _resolve_many(Source, "slug", [r["source"] for r in rows], "citations", errors)
        citations = list(zip(sources, [r["locator"] for r in rows], strict=False))
    links = None
    if "related_measures" in data:
        rows = data["related_measures"] or []
        targets = _resolve_many(
            Measure, "code", [r["code"] for r in rows], "related_measures", errors
        )
        links = list(zip(targets, rows, strict=False))
    try:
        measure.full_clean()
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            # The code's format is a table constraint; name the field it is about.
            if name == NON_FIELD_ERRORS and not MEASURE_CODE.match(measure.code or ""):
                name = "code"
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)

    measure.save()
    for key, objects in related.items():
        getattr(measure, key).set(objects)
    if lead is not None or others is not None:
        current_lead = lead or measure.lead_ministry
        others = (
            others
            if others is not None
            else [
                (r.ministry, r.role)
                for r in measure.responsibilities.exclude(role=Responsibility.Role.LEAD)
            ]
        )
        if any(ministry == current_lead for ministry, _ in others):
            raise ValidationError(
                {"responsibilities": ["The lead ministry cannot also have another role."]}
            )
        measure.responsibilities.all().delete()
        assignments = [(current_lead, Responsibility.Role.LEAD)] if current_lead else []
        for responsibility in [
            Responsibility(measure=measure, ministry=ministry, role=role)
            for ministry, role in assignments + others
        ]:
            responsibility.full_clean(exclude=["measure"])
            responsibility.save()
    if citations is not None:
        measure.citations.all().delete()
        for source, locator in citations:
            citation = Citation(measure=measure, source=source, locator=locator)
            citation.full_clean(exclude=["measure"])
            citation.save()
    if links is not None:
        measure.outgoing_links.all().delete()
        measure.incoming_links.all().delete()
        for other, row in links:
            outgoing = row.get("direction", "outgoing") == "outgoing"
            link = MeasureLink(
                from_measure=measure if outgoing else other,
                to_measure=other if outgoing else measure,
                kind=row["kind"],
            )
            link.full_clean()
            link.save()
    return measure


@transaction.atomic
def measure_create(*, data: dict) -> Measure:
    """Create a measure from the API's keys; ``lead_ministry`` is required, published by default."""
    missing = [
        key for key in ("code", "title", "summary", "pillar", "lead_ministry") if key not in data
    ]
    if missing:
        raise ValidationError({key: ["This field is required."] for key in missing})
    measure = Measure(is_published=True)
    return _measure_apply(measure, {"is_published": True, **data})


@transaction.atomic
def measure_update(*, measure: Measure, data: dict) -> Measure:
    """Change the keys in ``data``; lists replace what the measure had."""
    return _measure_apply(measure, data)


@transaction.atomic
def measure_delete(*, measure: Measure) -> None:
    measure.delete()
