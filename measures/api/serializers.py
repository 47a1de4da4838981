"""Measures, ministries, sources and changes in the API.

Reads are built as plain dicts (``rows.py`` for lists, ``measure_detail`` below) for speed;
the Serializer classes here describe those shapes for the OpenAPI schema (schemathesis checks
that responses match them) and validate the shape of write requests, which then go through
``measures.services``.
"""

from django.utils import timezone
from rest_framework import serializers

from api.renderers import iso_utc
from measures.models import Measure, MeasureLink, Responsibility, Source, role_order_key
from measures.visibility import is_public

# Shapes (documentation of the JSON; see the module docstring) ------------------------------


class PillarRefSerializer(serializers.Serializer):
    number = serializers.IntegerField(help_text="The pillar's number, 1–6.")
    title = serializers.CharField()
    url = serializers.CharField(help_text="The pillar in this API.")


class MinistryRefSerializer(serializers.Serializer):
    abbreviation = serializers.CharField(help_text="For example JenV, BZ, BHOS, SZW, BZK.")
    name = serializers.CharField()
    url = serializers.CharField(help_text="The ministry in this API.")


class ResponsibilitySerializer(serializers.Serializer):
    ministry = MinistryRefSerializer()
    role = serializers.ChoiceField(
        choices=Responsibility.Role.choices,
        help_text="lead (eerstverantwoordelijk), co (medeverantwoordelijk) or consulted (betrokken).",
    )


class SourceRefSerializer(serializers.Serializer):
    slug = serializers.CharField(help_text="The source's key in sources/.")
    title = serializers.CharField()
    title_en = serializers.CharField(help_text="Official English title; empty where none exists.")
    reference = serializers.CharField(help_text="Official reference, e.g. a Kamerstuk number.")
    date = serializers.DateField(allow_null=True)
    url = serializers.CharField(help_text="Where the document is published (may be empty).")


class CitationSerializer(serializers.Serializer):
    source = SourceRefSerializer()
    locator = serializers.CharField(help_text="Chapter, section or page in the source.")


class RelatedMeasureSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    url = serializers.CharField()
    kind = serializers.ChoiceField(choices=MeasureLink.Kind.choices)
    direction = serializers.ChoiceField(
        choices=[("outgoing", "outgoing"), ("incoming", "incoming")],
        help_text="outgoing: this measure → the other (e.g. this one supports it); incoming: the other → this one.",
    )


class MeasureListItemSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Stable code: pillar number, dot, sequence (4.3).")
    slug = serializers.CharField(help_text="Stable permalink key.")
    title = serializers.CharField(help_text="The title in Dutch (authoritative).")
    title_en = serializers.CharField(
        help_text="The title in English; empty where there is no English text."
    )
    summary = serializers.CharField(help_text="The summary in Dutch (authoritative).")
    summary_en = serializers.CharField(
        help_text="The summary in English; empty where there is no English text."
    )
    status = serializers.ChoiceField(choices=Measure.Status.choices)
    status_label = serializers.CharField(
        help_text="The status in words (in the request's language)."
    )
    announced_on = serializers.DateField(
        allow_null=True,
        help_text="Policy date: the day the measure was first announced (its first source's "
        "date); null where no source gives one.",
    )
    status_since = serializers.DateField(
        allow_null=True,
        help_text="Policy date: the date of the latest dated status step (see status_history "
        "in the detail); null without steps.",
    )
    pillar = PillarRefSerializer()
    other_pillars = PillarRefSerializer(many=True)
    lead_ministry = MinistryRefSerializer(allow_null=True)
    responsibilities = ResponsibilitySerializer(many=True)
    route_stages = serializers.ListField(
        child=serializers.CharField(), help_text="Route-stage keys (as in the route_stage filter)."
    )
    levels = serializers.ListField(
        child=serializers.CharField(), help_text="Governance-level keys (as in the level filter)."
    )
    organisations = serializers.ListField(
        child=serializers.CharField(), help_text="Keys of the organisations involved."
    )
    updated_at = serializers.DateTimeField(
        help_text="Record date: when this knowledge base's text was last edited (not a policy "
        "date; see announced_on and status_since)."
    )
    url = serializers.CharField(help_text="This measure in the API.")
    web_url = serializers.CharField(help_text="This measure's public web page.")


class StatusStepSerializer(serializers.Serializer):
    date = serializers.DateField()
    status = serializers.ChoiceField(choices=Measure.Status.choices)
    status_label = serializers.CharField()
    reason = serializers.CharField(help_text="The public reason, in Dutch.")
    reason_en = serializers.CharField(help_text="The reason in English; may be empty.")
    source = SourceRefSerializer(allow_null=True, help_text="The document that dates the step.")


class MeasureDetailSerializer(MeasureListItemSerializer):
    description = serializers.CharField()
    description_en = serializers.CharField(
        help_text="The description in English; empty where there is no English text."
    )
    status_history = StatusStepSerializer(
        many=True, help_text="The policy timeline: the dated status steps, oldest first."
    )
    citations = CitationSerializer(many=True)
    related_measures = RelatedMeasureSerializer(many=True)


class OfficialSerializer(serializers.Serializer):
    name = serializers.CharField()
    role = serializers.CharField(help_text="minister or staatssecretaris.")
    portfolio = serializers.CharField()


class MinistrySerializer(serializers.Serializer):
    abbreviation = serializers.CharField()
    name = serializers.CharField()
    website = serializers.CharField()
    officials = OfficialSerializer(many=True)
    measure_count = serializers.IntegerField(help_text="Public measures with any role.")
    url = serializers.CharField()
    web_url = serializers.CharField()


class SourceSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    kind = serializers.ChoiceField(choices=Source.Kind.choices)
    kind_label = serializers.CharField()
    date = serializers.DateField(allow_null=True)
    reference = serializers.CharField()
    url = serializers.CharField(help_text="Where the document is published (may be empty).")
    measure_count = serializers.IntegerField(help_text="Public measures citing this source.")


# Representations ----------------------------------------------------------------------------


def _source_ref(source) -> dict:
    return {
        "slug": source.slug,
        "title": source.title,
        "title_en": source.title_en,
        "reference": source.reference,
        "date": source.date,
        "url": source.url,
    }


def measure_detail(measure: Measure, rows) -> dict:
    """A measure fetched with ``for_detail()`` as the detail JSON; ``rows`` is a MeasureRows."""
    steps = list(measure.status_changes.all())

    now = timezone.now()
    responsibilities = sorted(measure.responsibilities.all(), key=role_order_key)
    lead = next((r.ministry for r in responsibilities if r.role == Responsibility.Role.LEAD), None)
    related = [
        (link.to_measure, link.kind, "outgoing") for link in measure.outgoing_links.all()
    ] + [(link.from_measure, link.kind, "incoming") for link in measure.incoming_links.all()]
    return {
        "code": measure.code,
        "slug": measure.slug,
        "title": measure.title,
        "title_en": measure.title_en,
        "summary": measure.summary,
        "summary_en": measure.summary_en,
        "description": measure.description,
        "description_en": measure.description_en,
        "status": measure.status,
        "status_label": rows.status_labels.get(measure.status, measure.status),
        "announced_on": measure.announced_on,
        "status_since": steps[-1].date if steps else None,
        "status_history": [
            {
                "date": step.date,
                "status": step.status,
                "status_label": rows.status_labels.get(step.status, step.status),
                "reason": step.reason,
                "reason_en": step.reason_en,
                "source": _source_ref(step.source) if step.source else None,
            }
            for step in steps
        ],
        "pillar": rows.pillar_ref(measure.pillar.number, measure.pillar.title),
        "other_pillars": [
            rows.pillar_ref(p.number, p.title)
            for p in sorted(measure.other_pillars.all(), key=lambda p: p.number)
        ],
        "lead_ministry": rows.ministry_ref(lead.abbreviation, lead.name) if lead else None,
        "responsibilities": [
            {
                "ministry": rows.ministry_ref(r.ministry.abbreviation, r.ministry.name),
                "role": r.role,
            }
            for r in responsibilities
        ],
        "route_stages": [stage.slug for stage in measure.route_stages.all()],
        "levels": [level.slug for level in measure.levels.all()],
        "organisations": [
            o.slug for o in sorted(measure.organisations.all(), key=lambda o: o.name)
        ],
        "citations": [
            {
                "source": _source_ref(c.source),
                "locator": c.locator,
            }
            for c in measure.citations.all()
        ],
        "related_measures": [
            {
                "code": other.code,
                "title": other.title,
                "url": f"{rows.measure_url}{other.code}/",
                "kind": kind,
                "direction": direction,
            }
            for other, kind, direction in sorted(related, key=lambda item: item[0].code_order or 0)
            if is_public(other, now)
        ],
        "updated_at": iso_utc(measure.updated_at),
        "url": f"{rows.measure_url}{measure.code}/",
        "web_url": f"{rows.measure_web}{measure.slug}/",
    }


# Writes -------------------------------------------------------------------------------------


class ResponsibilityWriteSerializer(serializers.Serializer):
    ministry = serializers.CharField(help_text="Abbreviation (case-insensitive).")
    role = serializers.ChoiceField(
        choices=[
            (Responsibility.Role.CO_RESPONSIBLE.value, "co"),
            (Responsibility.Role.CONSULTED.value, "consulted"),
        ],
        help_text="co or consulted; the lead is given by lead_ministry.",
    )


class CitationWriteSerializer(serializers.Serializer):
    source = serializers.CharField(help_text="The source's slug (see sources/).")
    locator = serializers.CharField(max_length=200)


class RelatedMeasureWriteSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="The other measure's code.")
    kind = serializers.ChoiceField(choices=MeasureLink.Kind.choices)
    direction = serializers.ChoiceField(
        choices=[("outgoing", "outgoing"), ("incoming", "incoming")], default="outgoing"
    )


class MeasureWriteSerializer(serializers.Serializer):
    """The detail's keys, with references by key: pillar by number, ministries by abbreviation,
    route stages, levels, organisations and sources by slug, related measures by code.
    Lists replace what the measure had. PATCH changes only the keys it sends; PUT replaces
    the measure (lists it leaves out become empty)."""

    code = serializers.CharField(max_length=10)
    slug = serializers.SlugField(
        max_length=100, required=False, help_text="Default: from the title."
    )
    title = serializers.CharField(max_length=200)
    summary = serializers.CharField()
    description = serializers.CharField(required=False, allow_blank=True)
    status = serializers.ChoiceField(choices=Measure.Status.choices, required=False)
    pillar = serializers.IntegerField(help_text="The primary pillar's number.")
    other_pillars = serializers.ListField(child=serializers.IntegerField(), required=False)
    lead_ministry = serializers.CharField(help_text="Abbreviation of the lead ministry.")
    responsibilities = ResponsibilityWriteSerializer(many=True, required=False)
    route_stages = serializers.ListField(child=serializers.CharField(), required=False)
    levels = serializers.ListField(child=serializers.CharField(), required=False)
    organisations = serializers.ListField(child=serializers.CharField(), required=False)
    citations = CitationWriteSerializer(many=True, required=False)
    related_measures = RelatedMeasureWriteSerializer(many=True, required=False)
    status_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        write_only=True,
        help_text="Required when `status` changes: the public reason, shown in the change feed "
        "and on the measure's timeline. Missing or empty with a new status: 400 naming "
        "`status_reason`.",
    )
    is_published = serializers.BooleanField(
        required=False,
        help_text="Publishing, unpublishing and `embargo_until` need the publish permission "
        "(Hoofdredacteuren): without it a 403 names the field. Default: true for a user who may "
        "publish, false (a draft) otherwise. Drafts are not visible in the public API.",
    )
    embargo_until = serializers.DateTimeField(required=False, allow_null=True)
