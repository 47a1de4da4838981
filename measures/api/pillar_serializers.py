"""The pillar's JSON shape, for the OpenAPI schema (the view builds plain dicts)."""

from rest_framework import serializers


class PillarSerializer(serializers.Serializer):
    number = serializers.IntegerField(help_text="1–6: how the pillar is cited ('pijler 4').")
    slug = serializers.CharField()
    title = serializers.CharField()
    title_en = serializers.CharField()
    summary = serializers.CharField()
    measure_count = serializers.IntegerField(help_text="Public measures under this pillar.")
    url = serializers.CharField(help_text="This pillar in the API.")
    web_url = serializers.CharField(help_text="This pillar's public web page.")
