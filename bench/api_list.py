"""Benchmark: the API's list endpoint against a naive DRF ModelSerializer list of the same rows.

Run with `make bench`. It creates a throwaway database (next to the test databases, on the
same PostgreSQL), fills it with generated measures, requests a page of measures through the
whole Django stack from both endpoints in turns, prints the medians and their ratio, and drops
the database. Speed is shown as a ratio measured in one run, not as an absolute number.

    .venv/bin/python bench/api_list.py [--measures 5000] [--page-size 500] [--rounds 15]
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "migratieagenda.settings_test")

import django

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from django.urls import path  # noqa: E402
from rest_framework import generics, serializers  # noqa: E402
from rest_framework.pagination import PageNumberPagination  # noqa: E402
from rest_framework.permissions import AllowAny  # noqa: E402
from rest_framework.renderers import JSONRenderer  # noqa: E402

from measures.models import (  # noqa: E402
    Measure,
    Ministry,
    Organisation,
    Responsibility,
)
from migratieagenda.urls import urlpatterns as project_urlpatterns  # noqa: E402
from pillars.models import GovernanceLevel, Pillar, RouteStage  # noqa: E402

# The naive way: nested ModelSerializers over the QuerySet vocabulary -------------------------


class NaivePillarSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Pillar
        fields = ["number", "title", "url"]

    def get_url(self, pillar):
        return self.context["request"].build_absolute_uri(f"/api/v1/pillars/{pillar.number}/")


class NaiveMinistrySerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Ministry
        fields = ["abbreviation", "name", "url"]

    def get_url(self, ministry):
        return self.context["request"].build_absolute_uri(
            f"/api/v1/ministries/{ministry.abbreviation}/"
        )


class NaiveResponsibilitySerializer(serializers.ModelSerializer):
    ministry = NaiveMinistrySerializer()

    class Meta:
        model = Responsibility
        fields = ["ministry", "role"]


class NaiveMeasureSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display")
    pillar = NaivePillarSerializer()
    other_pillars = NaivePillarSerializer(many=True)
    lead_ministry = NaiveMinistrySerializer()
    responsibilities = NaiveResponsibilitySerializer(many=True)
    route_stages = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    levels = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    organisations = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    url = serializers.SerializerMethodField()
    web_url = serializers.SerializerMethodField()

    class Meta:
        model = Measure
        fields = [
            "code", "slug", "title", "summary", "status", "status_label", "pillar",
            "other_pillars", "lead_ministry", "responsibilities", "route_stages", "levels",
            "organisations", "updated_at", "url", "web_url",
        ]  # fmt: skip

    def get_url(self, measure):
        return self.context["request"].build_absolute_uri(f"/api/v1/measures/{measure.code}/")

    def get_web_url(self, measure):
        return self.context["request"].build_absolute_uri(measure.get_absolute_url())


class NaivePagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 500


class NaiveMeasureList(generics.ListAPIView):
    serializer_class = NaiveMeasureSerializer
    pagination_class = NaivePagination
    renderer_classes = [JSONRenderer]
    permission_classes = [AllowAny]
    throttle_classes = []

    def get_queryset(self):
        return (
            Measure.objects.published()
            .for_list()
            .prefetch_related("levels", "organisations", "responsibilities__ministry")
        )


urlpatterns = [path("naive/measures/", NaiveMeasureList.as_view()), *project_urlpatterns]

# Data ------------------------------------------------------------------------------------------


@transaction.atomic
def generate(count: int) -> None:
    pillars = [
        Pillar.objects.create(number=n, slug=f"pijler-{n}", title=f"Pijler {n}", summary="…")
        for n in range(1, 7)
    ]
    ministries = [
        Ministry.objects.create(abbreviation=a, slug=a.lower(), name=f"Ministerie {a}")
        for a in ("JenV", "BZ", "BHOS", "SZW", "BZK")
    ]
    stages = [
        RouteStage.objects.create(slug=f"fase-{n}", name=f"Fase {n}", position=n) for n in range(6)
    ]
    levels = [
        GovernanceLevel.objects.create(slug=f"laag-{n}", name=f"Laag {n}", position=n)
        for n in range(5)
    ]
    organisations = [
        Organisation.objects.create(slug=f"org-{n}", name=f"Organisatie {n}", kind="agency")
        for n in range(8)
    ]
    measures = Measure.objects.bulk_create(
        Measure(
            code=f"{n % 6 + 1}.{n // 6 + 1}",
            slug=f"maatregel-{n}",
            title=f"Maatregel {n} over migratie en terugkeer",
            summary="Een of twee zinnen over wat de maatregel doet en waarom. " * 2,
            pillar=pillars[n % 6],
            status=Measure.Status.values[n % 5],
            is_published=True,
        )
        for n in range(count)
    )
    Responsibility.objects.bulk_create(
        [Responsibility(measure=m, ministry=ministries[i % 5], role="lead") for i, m in enumerate(measures)]
        + [Responsibility(measure=m, ministry=ministries[(i + 1) % 5], role="co") for i, m in enumerate(measures)]
    )  # fmt: skip
    through = Measure.other_pillars.through
    through.objects.bulk_create(
        through(measure=m, pillar=pillars[(i + 2) % 6]) for i, m in enumerate(measures)
    )
    through = Measure.route_stages.through
    through.objects.bulk_create(
        through(measure=m, routestage=stages[(i + k) % 6])
        for i, m in enumerate(measures)
        for k in range(2)
    )
    through = Measure.levels.through
    through.objects.bulk_create(
        through(measure=m, governancelevel=levels[i % 5]) for i, m in enumerate(measures)
    )
    through = Measure.organisations.through
    through.objects.bulk_create(
        through(measure=m, organisation=organisations[i % 8]) for i, m in enumerate(measures)
    )


# Measuring -------------------------------------------------------------------------------------


def timed(client: Client, url: str) -> tuple[float, int, int]:
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        response = client.get(url)
        content = b"".join(response.streaming_content) if response.streaming else response.content
        elapsed = time.perf_counter() - start
    assert response.status_code == 200, (url, response.status_code, content[:300])
    return elapsed, len(queries), len(content)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--measures", type=int, default=5000)
    parser.add_argument("--page-size", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()

    connection.settings_dict["TEST"]["NAME"] = "migratieagenda_bench"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        generate(args.measures)
        with override_settings(ROOT_URLCONF=__name__, API_ANON_RATE=None):
            client = Client()
            page = f"?page_size={args.page_size}&page=2"
            contenders = {
                "API v1 (values + PostgreSQL arrays + orjson)": f"/api/v1/measures/{page}",
                "naive DRF ModelSerializer": f"/naive/measures/{page}",
                "API v1 CSV, all rows": "/api/v1/measures/?format=csv",
            }
            results = {name: [] for name in contenders}
            for _ in range(2):  # warm-up
                for url in contenders.values():
                    timed(client, url)
            for _ in range(args.rounds):  # in turns, so that both see the same machine load
                for name, url in contenders.items():
                    results[name].append(timed(client, url))
        print(
            f"\n{args.measures} measures, page of {args.page_size}, median of {args.rounds} rounds"
        )
        print(f"{'endpoint':46} {'median ms':>10} {'queries':>8} {'bytes':>10}")
        medians = {}
        for name, runs in results.items():
            medians[name] = statistics.median(run[0] for run in runs) * 1000
            print(f"{name:46} {medians[name]:10.1f} {runs[0][1]:8d} {runs[0][2]:10d}")
        fast, naive = list(medians.values())[:2]
        print(f"\nThe API's list is {naive / fast:.1f}× as fast as the naive serializer list.")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
