"""Measures written from the API's keys: references by their public keys, lists replaced.

`measure_create` and `measure_update` resolve what `data` names (pillar numbers, ministry
abbreviations, slugs, codes), report every unknown reference at once, and write through
`measure_save`, so the API obeys the same rules as every other path.
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from measures.models import (
    Citation,
    Measure,
    MeasureLink,
    Ministry,
    Organisation,
    Responsibility,
    Source,
)
from measures.services.measures import can_publish, measure_responsibilities_replace, measure_save
from pillars.models import GovernanceLevel, Pillar, RouteStage

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
RELATED_KEYS = (
    ("other_pillars", Pillar, "number"),
    ("route_stages", RouteStage, "slug"),
    ("levels", GovernanceLevel, "slug"),
    ("organisations", Organisation, "slug"),
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


def _measure_apply(measure: Measure, data: dict, *, by, expected_version=None) -> Measure:
    """Set what ``data`` holds (keys absent are left alone); validate everything; save."""
    errors: dict[str, list[str]] = {}
    for name in MEASURE_SCALAR_FIELDS:
        if name in data:
            setattr(measure, name, data[name])
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
    for key, model, key_field in RELATED_KEYS:
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
    if errors:
        raise ValidationError(errors)

    def write_parts(measure):
        for key, objects in related.items():
            getattr(measure, key).set(objects)
        if lead is not None or others is not None:
            current_lead = lead or measure.lead_ministry
            kept = (
                others
                if others is not None
                else [
                    (r.ministry, r.role)
                    for r in measure.responsibilities.select_related("ministry").exclude(
                        role=Responsibility.Role.LEAD
                    )
                ]
            )
            lead_row = [(current_lead, Responsibility.Role.LEAD)] if current_lead else []
            measure_responsibilities_replace(measure=measure, assignments=lead_row + kept)
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

    return measure_save(
        measure=measure,
        by=by,
        status_reason=data.get("status_reason", ""),
        expected_version=expected_version,
        write_parts=write_parts,
    )


@transaction.atomic
def measure_create(*, data: dict, by) -> Measure:
    """Create a measure from the API's keys; ``lead_ministry`` is required.

    Without ``is_published`` a measure is public at once when its author may publish, and a
    draft otherwise.
    """
    missing = [
        key for key in ("code", "title", "summary", "pillar", "lead_ministry") if key not in data
    ]
    if missing:
        raise ValidationError({key: ["This field is required."] for key in missing})
    return _measure_apply(Measure(), {"is_published": can_publish(by), **data}, by=by)


@transaction.atomic
def measure_update(*, measure: Measure, data: dict, by, expected_version=None) -> Measure:
    """Change the keys in ``data``; lists replace what the measure had."""
    return _measure_apply(measure, data, by=by, expected_version=expected_version)
