from collections import Counter

import pytest

from measures.content_loader import ContentError, agenda_content_load
from measures.models import (
    Citation,
    Measure,
    MeasureLink,
    Ministry,
    Official,
    Responsibility,
    Source,
)
from pillars.models import GovernanceLevel, Pillar, RouteStage

pytestmark = pytest.mark.django_db


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            Pillar,
            RouteStage,
            GovernanceLevel,
            Ministry,
            Official,
            Measure,
            MeasureLink,
            Citation,
        )
    }


def test_the_shipped_agenda_meets_the_content_numbers(agenda):
    assert list(Pillar.objects.values_list("number", flat=True)) == [1, 2, 3, 4, 5, 6]
    assert set(Ministry.objects.values_list("abbreviation", flat=True)) == {
        "JenV",
        "BZ",
        "BHOS",
        "SZW",
        "BZK",
    }
    assert {name.split()[-1] for name in Official.objects.values_list("name", flat=True)} == {
        "Harbers",
        "Blok",
        "Kaag",
        "Koolmees",
        "Ollongren",
    }
    measures = Measure.objects.published()
    assert measures.count() >= 40
    per_pillar = Counter(measures.values_list("pillar__number", flat=True))
    assert all(per_pillar[number] >= 4 for number in range(1, 7)), per_pillar
    assert MeasureLink.objects.count() >= 20
    assert measures.filter(other_pillars__isnull=False).distinct().count() >= 8
    leads = Counter(Responsibility.objects.filter(role="lead").values_list("measure_id", flat=True))
    assert all(leads[m.pk] == 1 for m in measures)
    assert not measures.filter(citations__isnull=True).exists()
    assert not Citation.objects.filter(locator="").exists()
    kamerbrief = Source.objects.get(slug="kamerbrief-integrale-migratieagenda")
    assert "2375" in kamerbrief.reference
    assert str(kamerbrief.date) == "2018-03-29"


def test_loading_again_changes_nothing(agenda):
    before = counts()
    report = agenda_content_load()
    assert report.total_created == 0
    assert counts() == before


def test_loading_again_keeps_what_editors_changed_and_deleted(agenda):
    measure = Measure.objects.get(code="4.1")
    measure.title = "Titel zoals de redactie hem schreef"
    measure.save()
    deleted_code = "6.2"
    Measure.objects.filter(code=deleted_code).delete()

    agenda_content_load()

    assert Measure.objects.get(code="4.1").title == "Titel zoals de redactie hem schreef"
    assert not Measure.objects.filter(code=deleted_code).exists()


def test_a_content_file_with_a_bad_row_loads_nothing_and_lists_every_problem(db):
    data = {
        "pillars": [{"number": 1, "slug": "een", "title": "Een", "summary": "S"}],
        "ministries": [{"abbreviation": "JenV", "slug": "jenv", "name": "Justitie"}],
        "sources": [{"slug": "brief", "title": "Brief", "kind": "kamerbrief"}],
        "measures": [
            {
                "code": "1.1",
                "slug": "goed",
                "title": "Goed",
                "summary": "S",
                "pillar": 1,
                "responsibilities": {"lead": "JenV"},
                "citations": [{"source": "brief", "locator": "p. 1"}],
            },
            {
                "code": "1.2",
                "slug": "fout",
                "title": "Fout",
                "summary": "S",
                "pillar": 9,
                "responsibilities": {"lead": "XYZ"},
                "citations": [],
            },
            {
                "code": "1.3",
                "slug": "ook-fout",
                "title": "Ook fout",
                "summary": "S",
                "pillar": 1,
                "responsibilities": {"lead": "XYZ"},
                "citations": [{"source": "brief", "locator": "p. 2"}],
            },
        ],
    }
    with pytest.raises(ContentError) as error:
        agenda_content_load(data)
    problems = "\n".join(error.value.problems)
    assert "measure 1.2: unknown pillar 9" in problems
    assert "measure 1.3: unknown ministry 'XYZ'" in problems
    assert Pillar.objects.count() == 0
    assert Measure.objects.count() == 0
