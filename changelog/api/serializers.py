from rest_framework import serializers

from changelog.models import ChangeEvent


class ChangeSerializer(serializers.Serializer):
    """One public change (a ChangeEvent); the schema of the change feed's entries."""

    id = serializers.IntegerField(help_text="Increases with every change; unique.")
    code = serializers.CharField()
    slug = serializers.CharField()
    title = serializers.CharField(help_text="The measure's title at the time of the change.")
    change = serializers.ChoiceField(choices=ChangeEvent.Kind.choices)
    tombstone = serializers.BooleanField(
        help_text="True when the measure is no longer public (unpublished, embargo, deleted)."
    )
    changed_fields = serializers.ListField(child=serializers.CharField())
    status = serializers.CharField(allow_null=True, help_text="The new status (status_changed).")
    reason = serializers.CharField(
        allow_null=True, help_text="The public reason of a status change."
    )
    changed_at = serializers.DateTimeField()
    url = serializers.CharField(
        allow_null=True, help_text="The measure in the API; null for a tombstone."
    )
