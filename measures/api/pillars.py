import re

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from api.viewsets import read_only_schema
from measures.api.pillar_serializers import PillarSerializer
from measures.api.rows import ContentReadOnlyViewSet
from measures.selectors.pillars import pillar_list_with_counts
from pillars.models import Pillar

NUMBER = re.compile(r"^[0-9]{1,4}$")


@read_only_schema(
    PillarSerializer,
    "pillars",
    "pillar with this number",
    OpenApiParameter(
        "number", OpenApiTypes.INT, location=OpenApiParameter.PATH, description="1–6."
    ),
)
class PillarViewSet(ContentReadOnlyViewSet):
    """The six pillars of the agenda, with how many public measures fall under each."""

    queryset = Pillar.objects.all()
    lookup_field = "number"

    def get_queryset(self):
        return pillar_list_with_counts().order_by("number")

    def lookup(self, queryset, value):
        return queryset.filter(number=int(value)).first() if NUMBER.match(value) else None

    def represent(self, pillar, rows):
        return {
            "number": pillar.number,
            "slug": pillar.slug,
            "title": pillar.title,
            "title_en": pillar.title_en,
            "summary": pillar.summary,
            "measure_count": pillar.measure_count,
            "url": rows.pillar_ref(pillar.number, pillar.title)["url"],
            "web_url": rows.links.web("pillars:detail") + f"{pillar.slug}/",
        }
