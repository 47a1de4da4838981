from rest_framework import serializers

from changelog.models import ChangeEvent
from changelog.selectors import ANNOUNCED, POLICY, RECORD


class ChangeSourceSerializer(serializers.Serializer):
    """The document that dates a policy event (the change feed's own shape of a source)."""

    slug = serializers.CharField(help_text="The source's key in sources/.")
    title = serializers.CharField()
    title_en = serializers.CharField(help_text="Official English title; empty where none exists.")
    reference = serializers.CharField(help_text="Official reference, e.g. a Kamerstuk number.")
    date = serializers.DateField(allow_null=True)
    url = serializers.CharField(help_text="Where the document is published (may be empty).")


def change_source(source) -> dict:
    return {
        "slug": source.slug,
        "title": source.title,
        "title_en": source.title_en,
        "reference": source.reference,
        "date": source.date,
        "url": source.url,
    }


class ChangeSerializer(serializers.Serializer):
    """One entry of the change log (either clock); the schema of the change feed's entries."""

    id = serializers.IntegerField(
        help_text="Unique within its clock; a record entry's id increases with every change."
    )
    clock = serializers.ChoiceField(
        choices=[(POLICY, POLICY), (RECORD, RECORD)],
        help_text="policy: an event of the agenda on its own date (a dated status step); "
        "record: a change recorded in this knowledge base, at the moment it was recorded.",
    )
    code = serializers.CharField()
    slug = serializers.CharField()
    title = serializers.CharField(
        help_text="The measure's title: at the time of the change (record), or today's (policy)."
    )
    change = serializers.ChoiceField(
        choices=[*ChangeEvent.Kind.choices, (ANNOUNCED, "aangekondigd")],
        help_text="policy: announced or status_changed; record: created, published, changed, "
        "status_changed, corrected (an editorial correction), unpublished or deleted.",
    )
    tombstone = serializers.BooleanField(
        help_text="True when the measure is no longer public (unpublished, embargo, deleted)."
    )
    changed_fields = serializers.ListField(child=serializers.CharField())
    status = serializers.CharField(
        allow_null=True, help_text="The new status (status_changed, announced)."
    )
    reason = serializers.CharField(
        allow_null=True,
        help_text="The public reason of a status change or a correction, in Dutch.",
    )
    reason_en = serializers.CharField(
        allow_null=True, help_text="The reason in English, where there is one."
    )
    date = serializers.DateField(
        allow_null=True, help_text="Policy date of a policy entry; null for record entries."
    )
    source = ChangeSourceSerializer(
        allow_null=True, help_text="The document that dates a policy entry; null otherwise."
    )
    changed_at = serializers.DateTimeField(
        help_text="When it happened: the recording moment (record); for policy entries the start "
        "of the policy date in Dutch time, or the recording moment of a step recorded on its own "
        "date. Ordered by this, then clock and id; `since` compares it."
    )
    url = serializers.CharField(
        allow_null=True, help_text="The measure in the API; null for a tombstone."
    )
