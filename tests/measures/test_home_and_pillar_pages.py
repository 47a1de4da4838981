import datetime
import re

import pytest
from django.utils import timezone

from measures.models import Measure, StatusChange
from tests.world import add_measures, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def test_home_shows_the_six_pillars_with_counts_by_status_and_ministries(client, world):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    for number in range(1, 7):
        assert f'href="/pijlers/pijler-{number}/"' in html
        assert f"Pijlertitel {number}" in html
        assert f"Samenvatting van pijler {number}." in html
    # Pillar 4 has one public measure (4.1, in progress); the draft and embargoed ones don't count.
    pillar_4 = html[html.index("Pijlertitel 4") : html.index("Pijlertitel 5")]
    assert "1 maatregel<" in pillar_4
    assert "in uitvoering: <strong>1</strong>" in pillar_4
    assert "aangekondigd: <strong>0</strong>" in pillar_4
    assert 'href="/ministeries/jenv/"' in pillar_4
    assert 'href="/ministeries/szw/"' in pillar_4  # consulted on 4.1
    pillar_6 = html[html.index("Pijlertitel 6") :]
    assert "aangekondigd: <strong>1</strong>" in pillar_6


def test_home_explains_the_integral_approach_and_links_onwards(client, world):
    html = client.get("/").content.decode()
    assert "Langs de hele migratieroute" in html
    assert 'href="/maatregelen/?route_stage=terugkeer"' in html
    assert 'href="/verbanden/"' in html
    assert 'href="/api/v1/docs/"' in html


def test_home_lists_recent_policy_developments_of_public_measures_only(client, world):
    # The home page tells the policy's timeline (dated status steps), not the record's edits.
    world.labour.title = "Zojuist gewijzigde maatregel"
    world.labour.save()
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    for measure, day in ((world.draft, 3), (world.embargoed, 2), (world.labour, 1)):
        StatusChange.objects.create(
            measure=measure,
            status="in_progress",
            date=yesterday - datetime.timedelta(days=day),
            reason=f"Stap van {measure.code}",
        )
    # A step dated after today has not happened yet: not a development.
    StatusChange.objects.create(
        measure=world.work, status="done", date=datetime.date(2099, 1, 1), reason="Gepland."
    )
    response = client.get("/")
    recent = response.context["recent_developments"]
    assert recent[0].measure == world.labour
    assert {step.measure for step in recent}.isdisjoint({world.draft, world.embargoed})
    html = response.content.decode()
    assert "Zojuist gewijzigde maatregel" in html
    assert f"Stap van {world.labour.code}" in html
    assert f'<time datetime="{yesterday - datetime.timedelta(days=1):%Y-%m-%d}">' in html
    assert "Geheime conceptmaatregel" not in html and "Gepland." not in html


def test_home_in_english_uses_english_titles_and_interface(client, world):
    response = client.get("/en/")
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Pillar title 4" in html
    assert "Summary of pillar 4." in html
    assert "The six pillars" in html
    assert "De zes pijlers" not in html
    assert 'href="/en/pijlers/pijler-4/"' in html
    # The language switch leads back to the Dutch page.
    assert 'href="/" hreflang="nl" lang="nl"' in html


def test_every_page_has_skip_link_search_and_navigation(client, world):
    html = client.get("/").content.decode()
    body = html[html.index("<body>") :]
    assert body.index('class="skip-link" href="#main"') < body.index(
        "<a ", body.index("skip-link") + 1
    )
    assert '<main id="main"' in html
    assert '<label for="site-search-q">' in html
    assert 'name="q"' in html
    for href in ("/maatregelen/", "/ministeries/", "/verbanden/", "/wijzigingen/", "/api/v1/docs/"):
        assert f'href="{href}"' in html
    assert 'href="/en/" hreflang="en" lang="en"' in html


def test_pillar_page_marks_primary_and_supporting_measures(client, world):
    response = client.get(world.pillars[4].get_absolute_url())
    assert response.status_code == 200
    assert response.context["primary_measures"] == [world.returns]
    html = response.content.decode()
    assert "Pijlertitel 4" in html
    assert "Snellere terugkeer van afgewezen asielzoekers" in html
    assert "Geheime conceptmaatregel" not in html
    assert "Maatregel onder embargo" not in html
    assert "status status--in_progress" in html and "in uitvoering" in html
    assert "Terugkeer" in html
    # Pillar 5 has 5.1 under it and 6.1 supporting it.
    response = client.get(world.pillars[5].get_absolute_url())
    assert response.context["primary_measures"] == [world.labour]
    assert response.context["supporting_measures"] == [world.work]


def test_pillar_page_shows_ministries_shared_pillars_and_data_links(client, world):
    response = client.get(world.pillars[4].get_absolute_url())
    html = response.content.decode()
    ministries = {
        m.abbreviation: (m.measure_count, m.lead_count) for m in response.context["ministries"]
    }
    assert ministries == {"JenV": (1, 1), "SZW": (1, 0)}
    assert response.context["shared_pillars"] == [(world.pillars[1], 1)]
    assert 'href="/pijlers/pijler-1/"' in html
    assert 'href="/api/v1/measures/?serves_pillar=4&amp;format=csv"' in html
    assert 'href="/api/v1/measures/?serves_pillar=4"' in html
    assert 'href="/maatregelen/?serves_pillar=4"' in html


def test_pillar_page_in_english(client, world):
    html = client.get("/en/pijlers/pijler-4/").content.decode()
    assert "Pillar title 4" in html
    assert "Measures under this pillar" in html
    assert "Ministry of Justice and Security" in html


def test_unknown_pillar_is_a_404_in_the_sites_style(client, world):
    response = client.get("/pijlers/bestaat-niet/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()
    response = client.get("/en/pijlers/bestaat-niet/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.parametrize(
    ("url", "queries"),
    # The pillar pages: the pillar, the content version, its figures (one aggregate), the
    # pillars sharing its measures, the ministries involved (these three kept per version),
    # the first measures of both lists and their three prefetches, and the latest steps of
    # the pillar's timeline.
    # The home page: the content version, measures by status, the ministries of each pillar
    # with the pillars, the ministries (these kept per version), and the latest developments.
    [("/", 5), ("/en/", 5), ("/pijlers/pijler-4/", 10), ("/pijlers/pijler-2/", 10)],
)
def test_pillar_pages_query_count_does_not_grow_with_measures(
    client, world, url, queries, django_assert_max_num_queries
):
    add_measures(world, 3)
    with django_assert_max_num_queries(queries) as small:
        assert client.get(url).status_code == 200
    add_measures(world, 27)
    assert Measure.objects.published().count() >= 30
    with django_assert_max_num_queries(queries) as large:
        assert client.get(url).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)


def test_pillar_page_shows_the_first_measures_and_counts_all_of_them(client, world):
    from measures.pillar_views import PILLAR_MEASURES_SHOWN

    added = add_measures(world, PILLAR_MEASURES_SHOWN + 5)  # under pillar 4, also serving 2
    response = client.get(world.pillars[4].get_absolute_url())
    # The first ten in the list's order (4.1, then the added ones by code), not all sixteen.
    assert response.context["primary_measures"] == [world.returns, *added[:9]]
    assert response.context["primary_count"] == 16
    html = response.content.decode()
    assert '<span class="count">(16)</span>' in html
    assert (
        '<a href="/maatregelen/?pillar=4">Alle 16 maatregelen onder pijler 4 in de lijst met '
        "filters</a>" in html
    )
    assert added[-1].title not in html
    # The figures count every measure, not only those shown.
    assert sum(row.count for row in response.context["statuses"]) == 16
    assert response.context["shared_pillars"] == [(world.pillars[1], 1), (world.pillars[2], 15)]
    ministries = {
        m.abbreviation: (m.measure_count, m.lead_count) for m in response.context["ministries"]
    }
    assert ministries == {"JenV": (16, 1), "SZW": (16, 15)}

    response = client.get(world.pillars[2].get_absolute_url())
    assert response.context["supporting_measures"] == added[:PILLAR_MEASURES_SHOWN]
    assert (response.context["supporting_count"], response.context["serving_count"]) == (15, 15)
    html = response.content.decode()
    assert '<a href="/maatregelen/?serves_pillar=2">Alle 15 maatregelen die bijdragen' in html
    # The list the link leads to has exactly that many rows.
    listed = client.get("/maatregelen/?serves_pillar=2")
    assert listed.context["paginator"].count == 15


def test_a_measure_naming_its_own_pillar_among_its_others_is_shared_once(client, world):
    world.work.other_pillars.add(world.pillars[6])  # 6.1: under pillar 6, also serving 5
    response = client.get(world.pillars[5].get_absolute_url())
    assert response.context["shared_pillars"] == [(world.pillars[6], 1)]
    assert response.context["supporting_count"] == 1


def test_pillar_page_csv_link_gives_exactly_the_rows_the_page_counts(client, world):
    response = client.get(world.pillars[1].get_absolute_url())
    html = response.content.decode()
    primary = response.context["primary_count"]
    serving = response.context["serving_count"]
    assert primary != serving  # pillar 1 also has a measure from pillar 4 contributing to it
    for rows, expected in (("primary", primary), ("all", serving)):
        href = re.search(rf'href="([^"]+)" data-rows="{rows}"', html)[1].replace("&amp;", "&")
        body = b"".join(client.get(href).streaming_content).decode()
        csv_rows = body.strip().splitlines()
        assert len(csv_rows) - 1 == expected  # one header line
    assert f'<span class="count">({primary})</span>' in html
    assert f'<span class="count">({serving})</span>' in html


def test_the_pillar_page_has_a_bounded_timeline_of_its_measures(client, agenda):
    from measures.pillar_views import PILLAR_TIMELINE_LENGTH
    from pillars.models import Pillar

    pillar = Pillar.objects.get(number=6)
    html = client.get(pillar.get_absolute_url()).content.decode()
    block = html.split('id="timeline-heading"')[1].split("</section>")[0]
    steps = re.findall(r'<li><time datetime="([0-9-]+)">', block)
    assert (
        len(steps)
        == PILLAR_TIMELINE_LENGTH
        < StatusChange.objects.filter(measure__pillar=pillar).count()
    )
    assert steps == sorted(steps, reverse=True) and steps[0] == "2022-01-01"
    codes = set(re.findall(r'<span class="code">([0-9.]+)</span>', block))
    assert codes and {code.split(".")[0] for code in codes} == {"6"}
    assert "Wet inburgering 2021" in block  # each step names its source
    assert 'href="/wijzigingen/?pillar=6"' in block


@pytest.mark.parametrize(
    ("url", "computed", "repeat"), [("/", 5, 2), ("/pijlers/pijler-4/", 10, 7)]
)
def test_the_figures_are_computed_once_per_content_version(
    client, world, url, computed, repeat, django_assert_num_queries
):
    with django_assert_num_queries(computed):
        first = client.get(url)
    # At the same version the figures come from the cache: only the version is read for them.
    with django_assert_num_queries(repeat):
        again = client.get(url)
    assert _status_counts(again) == _status_counts(first)
    # A content write changes the version: the next request counts the new measure.
    add_measures(world, 1)
    assert sum(_status_counts(client.get(url))) == sum(_status_counts(first)) + 1


def _status_counts(response) -> list[int]:
    if "overviews" in response.context:
        overviews = response.context["overviews"]
        return [status.count for overview in overviews for status in overview.statuses]
    return [status.count for status in response.context["statuses"]]
