"""The content loader: the agenda's shipped content (content/agenda.yaml) into the database.

Reference data (pillars, ministries, sources, ...) is created here; measures and their parts are
written through `measures.services.measure_save`, as the system, like every other write.
"""

from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction

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
from measures.services import (
    SYSTEM,
    measure_correct,
    measure_responsibilities_replace,
    measure_save,
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
        # Into a knowledge base that never held a measure, the shipped agenda is its starting
        # point, not a change: its public story is the policy timeline the content carries
        # (announcements and dated steps, 2017-2022), not one "new" entry per measure dated
        # today. changelog.recorder reads this mark and records nothing for it. A later load
        # that adds a measure to a running knowledge base is a change, and is recorded.
        self.baseline = not Measure.history.exists()

    def mark_baseline(self, obj):
        if self.baseline:
            obj._content_baseline = True

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
        self.corrections(data)
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
                title_en=row.get("title_en", ""),
                summary=row["summary"],
                summary_en=row.get("summary_en", ""),
                description=row.get("description", ""),
                description_en=row.get("description_en", ""),
                announced_on=row.get("announced_on"),
                pillar=pillar,
                status=row.get("status", Measure.Status.ANNOUNCED),
                is_published=row.get("published", True),
            )
            self.mark_baseline(measure)
            problems_before = len(self.problems)
            try:
                measure_save(
                    measure=measure,
                    by=SYSTEM,
                    write_parts=lambda measure, row=row, label=label: self.measure_parts(
                        measure, row, label, ministries, sources
                    ),
                )
            except ValidationError as exc:
                self.problems.append(f"{label}: {'; '.join(exc.messages)}")
                continue
            if len(self.problems) > problems_before:
                continue
            self.remember("measure", code)
            created.add(code)
        return created

    def measure_parts(self, measure, row, label, ministries, sources) -> None:
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
        found = []
        for abbreviation, role in assignments:
            ministry = ministries.get(str(abbreviation).lower())
            if ministry is None:
                self.problems.append(f"{label}: unknown ministry {abbreviation!r} ({role})")
                continue
            found.append((ministry, role))
        try:
            measure_responsibilities_replace(measure=measure, assignments=found)
        except ValidationError as exc:
            self.problems.append(f"{label}: {'; '.join(exc.messages)}")
        if not row.get("citations"):
            self.problems.append(f"{label}: no citation")
        for citation in row.get("citations") or []:
            source = sources.get(citation["source"])
            if source is None:
                self.problems.append(f"{label}: unknown source {citation['source']!r}")
                continue
            self.save(Citation(measure=measure, source=source, locator=citation["locator"]), label)
        for step in row.get("status_history") or []:
            step = dict(step)
            if step.get("source") is not None:
                step["source"] = sources.get(step["source"])
                if step["source"] is None:
                    self.problems.append(f"{label}: unknown step source {step!r}")
                    continue
            self.save(StatusChange(measure=measure, **step), label)

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
                from_measure=source,
                to_measure=target,
                kind=row["kind"],
                note=row.get("note", ""),
                note_en=row.get("note_en", ""),
            )
            self.mark_baseline(link)
            if MeasureLink.objects.filter(
                from_measure=source, to_measure=target, kind=row["kind"]
            ).exists():
                self.report.count("link", created=False)
            elif self.save(link, f"link {key}"):
                self.remember("link", key)

    def corrections(self, data):
        """Bring text that an earlier load wrote into line with a corrected file, once.

        A fresh install already has the corrected text and records nothing; an install made
        before the correction gets the file's text through the services, recorded as a public
        correction with its reason (changelog.recorder), never as a silent rewrite.
        """
        measures = {str(m["code"]): m for m in data.get("measures") or []}
        pillars = {str(p["number"]): p for p in data.get("pillars") or []}
        for row in data.get("corrections") or []:
            kind, key = row["kind"], str(row["key"])
            item_key = f"{kind}:{key}:{row['date']}"
            if not self.should_create("correction", item_key):
                self.report.count("correction", created=False)
                continue
            if kind == "measure":
                target = Measure.objects.filter(code=key).first()
                wanted = measures.get(key)
            elif kind == "pillar":
                target = Pillar.objects.filter(number=key).first()
                wanted = pillars.get(key)
            else:
                self.problems.append(f"correction {item_key}: unknown kind {kind!r}")
                continue
            if wanted is None:
                self.problems.append(f"correction {item_key}: not in the file")
                continue
            if target is not None:
                changed = [f for f in row["fields"] if getattr(target, f) != wanted.get(f, "")]
                for name in changed:
                    setattr(target, name, wanted.get(name, ""))
                if changed and kind == "measure":
                    measure_correct(
                        measure=target,
                        by=SYSTEM,
                        reason=row["reason"],
                        reason_en=row.get("reason_en", ""),
                    )
                elif changed and self.save(target, f"correction {item_key}"):
                    pass
            self.remember("correction", item_key)


@transaction.atomic
def agenda_content_load(data: dict | None = None, path: Path = AGENDA_CONTENT) -> ContentLoadReport:
    """Load the agenda's content: everything or, on any problem, nothing (ContentError lists them)."""
    if data is None:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return _Loader(data).run()
