import re

import pytest
from django.test import RequestFactory
from django.utils import translation
from django.views.defaults import server_error

from measures.models import Measure
from tests.factories import CitationFactory, MeasureFactory, MeasureLinkFactory
from tests.world import add_measures, build_world, bulk_measures

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def codes(response):
    return [measure.code for measure in response.context["measures"]]


def facet_option(response, name, value):
    facet = next(f for f in response.context["facets"] if f.name == name)
    return next(o for o in facet.options if o.value == value)


# --- The list ------------------------------------------------------------------------------


def test_list_shows_every_public_measure_and_no_draft_or_embargoed_one(client, world):
    response = client.get("/maatregelen/")
    assert response.status_code == 200
    assert codes(response) == ["4.1", "5.1", "6.1"]
    html = response.content.decode()
    assert "3 maatregelen gevonden" in html
    assert "Geheime conceptmaatregel" not in html
    assert "Maatregel onder embargo" not in html
    assert 'href="/maatregelen/snellere-terugkeer/"' in html


def test_which_measures_szw_leads_and_under_which_pillars(client, world):
    response = client.get("/maatregelen/?lead_ministry=SZW")
    assert codes(response) == ["5.1", "6.1"]
    html = response.content.decode()
    assert re.search(r'name="lead_ministry" value="SZW" checked', html)
    # Each result names its pillar, with a link.
    assert '<a href="/pijlers/pijler-5/">5. Pijlertitel 5</a>' in html
    assert '<a href="/pijlers/pijler-6/">6. Pijlertitel 6</a>' in html


def test_what_the_agenda_does_about_return(client, world):
    response = client.get("/maatregelen/?route_stage=terugkeer")
    assert codes(response) == ["4.1"]
    assert facet_option(response, "route_stage", "terugkeer").selected


def test_filters_combine_and_accept_commas_and_repetition(client, world):
    assert codes(client.get("/maatregelen/?status=done,announced")) == ["5.1", "6.1"]
    assert codes(client.get("/maatregelen/?status=done&status=announced")) == ["5.1", "6.1"]
    assert codes(client.get("/maatregelen/?status=done,announced&pillar=6")) == ["6.1"]
    assert codes(client.get("/maatregelen/?ministry=szw")) == ["4.1", "5.1", "6.1"]
    assert codes(client.get("/maatregelen/?serves_pillar=5")) == ["5.1", "6.1"]
    assert codes(client.get("/maatregelen/?level=eu")) == ["6.1"]


def test_facets_count_each_option_under_the_other_filters(client, world):
    response = client.get("/maatregelen/?lead_ministry=SZW&status=done")
    assert codes(response) == ["5.1"]
    # Status counts ignore the status filter itself but respect lead_ministry=SZW.
    assert facet_option(response, "status", "done").count == 1
    assert facet_option(response, "status", "announced").count == 1
    assert facet_option(response, "status", "in_progress").count == 0
    assert facet_option(response, "status", "done").selected
    # Lead-ministry counts ignore lead_ministry but respect status=done.
    assert facet_option(response, "lead_ministry", "SZW").count == 1
    assert facet_option(response, "lead_ministry", "JenV").count == 0
    # Pillars that 5.1 serves (its own only); drafts never count.
    assert facet_option(response, "pillar", "5").count == 1
    assert facet_option(response, "pillar", "4").count == 0
    html = response.content.decode()
    assert re.search(r'in uitvoering <span class="facet-count">\(0\)</span>', html)


def test_serves_pillar_counts_primary_and_supporting_measures_once(client, world):
    response = client.get("/maatregelen/")
    assert facet_option(response, "serves_pillar", "5").count == 2
    assert facet_option(response, "serves_pillar", "1").count == 1
    assert facet_option(response, "pillar", "4").count == 1


def test_filters_without_a_control_are_kept_when_the_form_is_submitted(client, world):
    html = client.get("/maatregelen/?updated_since=2018-01-01&status=done").content.decode()
    assert '<input type="hidden" name="updated_since" value="2018-01-01">' in html
    assert 'type="hidden" name="status"' not in html


def test_search_box_finds_by_word(client, world):
    response = client.get("/maatregelen/?q=terugkeer")
    assert codes(response) == ["4.1"]
    assert 'value="terugkeer"' in response.content.decode()


def test_every_filter_control_has_a_label_and_the_form_uses_get(client, world):
    html = client.get("/maatregelen/").content.decode()
    form = html[
        html.index('<form class="filters"') : html.index(
            "</form>", html.index('<form class="filters"')
        )
    ]
    assert 'method="get"' in form
    ids = re.findall(r'<input[^>]* id="([^"]+)"', form)
    assert len(ids) > 10
    for control_id in ids:
        assert f'<label for="{control_id}">' in form


def test_invalid_filter_values_give_a_friendly_message_not_a_500(client, world):
    response = client.get("/maatregelen/?status=bogus&lead_ministry=XYZ")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Dit filter kan niet worden toegepast" in html
    assert "<strong>Status:</strong>" in html
    assert "<strong>Eerstverantwoordelijk ministerie:</strong>" in html
    assert "XYZ" in html
    assert list(response.context["measures"]) == []
    response = client.get("/en/maatregelen/?status=bogus")
    assert response.status_code == 400
    assert "This filter cannot be applied" in response.content.decode()


def test_too_long_search_is_a_message(client, world):
    response = client.get("/maatregelen/?q=" + "a" * 201)
    assert response.status_code == 400
    assert "te lang" in response.content.decode()


def test_pagination_keeps_the_filters_in_the_links(client, world):
    add_measures(world, 30)
    response = client.get("/maatregelen/?lead_ministry=SZW")
    assert response.context["paginator"].count == 32
    assert len(response.context["measures"]) == 25
    html = response.content.decode()
    assert 'href="?lead_ministry=SZW&amp;page=2"' in html
    page_2 = client.get("/maatregelen/?lead_ministry=SZW&page=2")
    assert len(page_2.context["measures"]) == 7


def pager_labels(html):
    pager = html[html.index('<nav class="pagination"') :]
    pager = pager[: pager.index("</nav>")]
    return [
        re.sub(r"<[^>]+>|Pagina |Page ", "", item) for item in re.findall(r"<li>(.*?)</li>", pager)
    ]


def test_the_pager_shows_the_ends_and_two_pages_around_the_current_one(client, world):
    bulk_measures(25 * 12 - 3)  # with the world's three: twelve pages
    html = client.get("/maatregelen/?status=announced,in_progress,done&page=6").content.decode()
    assert pager_labels(html) == [
        "Vorige", "1", "…", "4", "5", "6", "7", "8", "…", "12", "Volgende"
    ]  # fmt: skip
    assert '<span aria-current="page">6</span>' in html
    assert 'href="?status=announced%2Cin_progress%2Cdone&amp;page=5" rel="prev"' in html
    assert 'href="?status=announced%2Cin_progress%2Cdone&amp;page=7" rel="next"' in html
    assert 'href="?status=announced%2Cin_progress%2Cdone&amp;page=12"' in html
    # Near an end no gap is left for a single page.
    html = client.get("/maatregelen/?page=1").content.decode()
    assert pager_labels(html) == ["1", "2", "3", "…", "12", "Volgende"]
    html = client.get("/en/maatregelen/?page=12").content.decode()
    assert pager_labels(html)[:3] == ["Previous", "1", "…"]


def test_csv_and_api_links_carry_the_current_selection(client, world):
    html = client.get("/maatregelen/?lead_ministry=SZW&status=done&page=1").content.decode()
    assert 'href="/api/v1/measures/?lead_ministry=SZW&amp;status=done&amp;format=csv"' in html
    assert 'href="/api/v1/measures/?lead_ministry=SZW&amp;status=done"' in html


def test_list_in_english(client, world):
    html = client.get("/en/maatregelen/?route_stage=terugkeer").content.decode()
    assert "1 measure found" in html
    assert "Return" in html
    assert "Lead ministry" in html
    assert "in progress" in html
    assert 'href="/maatregelen/?route_stage=terugkeer" hreflang="nl"' in html


# --- One measure -----------------------------------------------------------------------------


def test_measure_page_shows_everything_about_the_measure(client, world):
    response = client.get("/maatregelen/snellere-terugkeer/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Maatregel 4.1" in html
    assert "Snellere terugkeer van afgewezen asielzoekers" in html
    assert (
        '<span class="status status--in_progress"><span class="visually-hidden">Status: </span>in uitvoering</span>'
        in html
    )
    assert "Wie geen recht op verblijf heeft, keert sneller terug." in html
    assert "Een langere toelichting over terugkeer." in html
    assert 'href="/pijlers/pijler-4/">Pijler 4: Pijlertitel 4' in html
    assert 'href="/pijlers/pijler-1/">Pijler 1: Pijlertitel 1' in html
    assert "<dt>Eerstverantwoordelijk</dt>" in html
    assert 'href="/ministeries/jenv/">Ministerie van Justitie en Veiligheid (JenV)' in html
    assert "<dt>Betrokken</dt>" in html
    assert 'href="/ministeries/szw/">' in html
    assert 'href="/maatregelen/?route_stage=terugkeer">Terugkeer</a>' in html
    assert 'href="/maatregelen/?level=nationaal">Nationaal</a>' in html
    assert "Immigratie- en Naturalisatiedienst" in html
    assert 'href="https://zoek.officielebekendmakingen.nl/kst-19637-2375.html"' in html
    assert "Kamerstukken 19 637 en 30 573, nr. 2375" in html
    assert "pijler 4, p. 12" in html
    assert "De uitvoering is begonnen." in html
    # The record date is labelled as such, apart from the policy dates (announced, status since).
    assert "<dt>Tekst bijgewerkt</dt>" in html


def test_measure_page_groups_links_by_kind_in_both_directions(client, world):
    response = client.get("/maatregelen/inburgering-met-werk/")
    groups = {
        group.label: [m.code for m, _ in group.items] for group in response.context["link_groups"]
    }
    assert groups == {"Wordt ondersteund door": ["4.1"], "Hangt af van": ["5.1"]}
    response = client.get("/maatregelen/arbeidsmigratie/")
    groups = {
        group.label: [m.code for m, _ in group.items] for group in response.context["link_groups"]
    }
    assert groups == {"Is een voorwaarde voor": ["6.1"]}


def test_measure_page_never_reveals_linked_drafts_or_embargoed_measures(client, world):
    response = client.get("/maatregelen/snellere-terugkeer/")
    groups = {
        group.label: [m.code for m, _ in group.items] for group in response.context["link_groups"]
    }
    assert groups == {"Ondersteunt": ["6.1"]}
    html = response.content.decode()
    assert "Werk helpt." in html
    assert "Geheime conceptmaatregel" not in html
    assert "Maatregel onder embargo" not in html


def test_related_links_show_once_from_either_side(client, world):
    MeasureLinkFactory(from_measure=world.labour, to_measure=world.work, kind="related")
    MeasureLinkFactory(from_measure=world.work, to_measure=world.labour, kind="related")
    response = client.get("/maatregelen/inburgering-met-werk/")
    groups = {
        group.label: [m.code for m, _ in group.items] for group in response.context["link_groups"]
    }
    assert groups["Hangt samen met"] == ["5.1"]


def test_measure_page_has_a_citation_with_its_permanent_link(client, world):
    html = client.get("/maatregelen/snellere-terugkeer/").content.decode()
    cite = html[html.index('id="cite-text"') :]
    cite = cite[: cite.index("</p>")]
    # The knowledge base publishes the page; the lead ministry did not write it.
    assert "Kennisbank integrale migratieagenda" in cite
    assert "Ministerie van Justitie en Veiligheid" not in cite
    assert "4.1 Snellere terugkeer van afgewezen asielzoekers" in cite
    assert "http://testserver/maatregelen/snellere-terugkeer/" in cite
    assert "geraadpleegd op" in cite
    assert 'href="http://testserver/maatregelen/snellere-terugkeer/" class="permalink"' in html


def test_measure_page_in_english(client, world):
    html = client.get("/en/maatregelen/inburgering-met-werk/").content.decode()
    assert '<html lang="en">' in html
    assert "Is supported by" in html
    assert "Depends on" in html
    assert "<summary>Cite</summary>" in html
    assert "Ministry of Social Affairs and Employment" in html
    # The content itself is Dutch, and says so.
    assert '<h1 lang="nl">Inburgering met werk</h1>' in html


@pytest.mark.parametrize(
    "path",
    [
        "/maatregelen/bestaat-niet/",
        "/maatregelen/geheime-conceptmaatregel/",
        "/maatregelen/maatregel-onder-embargo/",
        "/en/maatregelen/geheime-conceptmaatregel/",
    ],
)
def test_unknown_unpublished_and_embargoed_measures_are_404(client, world, path):
    response = client.get(path)
    assert response.status_code == 404
    html = response.content.decode()
    assert "Geheime conceptmaatregel" not in html
    assert ("Page not found" if path.startswith("/en/") else "Pagina niet gevonden") in html


# --- Ministries ------------------------------------------------------------------------------


def test_ministry_list_shows_officials_and_counts(client, world):
    response = client.get("/ministeries/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "W. Koolmees, minister" in html
    assert "M. Harbers, staatssecretaris" in html
    counts = {
        m.abbreviation: (m.measure_count, m.lead_count) for m in response.context["ministries"]
    }
    assert counts == {"SZW": (3, 2), "JenV": (1, 1)}
    assert 'href="/maatregelen/?lead_ministry=SZW"' in html
    assert 'href="/ministeries/szw/"' in html
    cards = html.split('<li class="ministry-card">')[1:]
    assert len(cards) == 2
    szw = next(card for card in cards if "W. Koolmees" in card)
    assert "afgerond: <strong>0</strong>" in next(card for card in cards if "M. Harbers" in card)
    assert "afgerond: <strong>1</strong>" in szw
    assert "in uitvoering: <strong>1</strong>" in szw


def test_ministry_page_groups_measures_by_role_and_pillar(client, world):
    response = client.get("/ministeries/szw/")
    assert response.status_code == 200
    groups = {
        group.role: [
            (pg.pillar.number, [m.code for m in pg.measures]) for pg in group.pillar_groups
        ]
        for group in response.context["role_groups"]
    }
    assert groups == {"lead": [(5, ["5.1"]), (6, ["6.1"])], "consulted": [(4, ["4.1"])]}
    html = response.content.decode()
    assert 'Eerstverantwoordelijk <span class="count">(2)</span>' in html
    assert 'href="/pijlers/pijler-5/">Pijler 5: Pijlertitel 5' in html
    assert "W. Koolmees" in html
    assert "Geheime conceptmaatregel" not in html


def test_ministry_page_shows_progress_as_numbers_in_text(client, world):
    html = client.get("/ministeries/szw/").content.decode()
    assert "Stand van de 3 maatregelen" in html
    assert "afgerond: <strong>1</strong>" in html
    assert "aangekondigd: <strong>1</strong>" in html
    assert "in uitvoering: <strong>1</strong>" in html
    assert "vervallen: <strong>0</strong>" in html
    # The bar is drawn with SVG attributes, never style=, and is hidden from screen readers.
    assert '<svg class="status-bar__graphic"' in html and 'aria-hidden="true"' in html


def test_ministry_pages_in_english_and_404(client, world):
    html = client.get("/en/ministeries/szw/").content.decode()
    assert "Ministry of Social Affairs and Employment" in html
    assert 'Lead <span class="count">(2)</span>' in html
    assert client.get("/ministeries/bestaat-niet/").status_code == 404


# --- Query counts ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "queries"),
    [
        # The content version, the facets and the number of rows (one statement, kept per
        # version), the facets' options (one), the page's rows and their three prefetches; the
        # filters' choices validate with a query each.
        ("/maatregelen/", 7),
        ("/maatregelen/?lead_ministry=SZW&route_stage=terugkeer,herkomst&q=maatregel", 9),
        # 11, plus one for the network of links two steps out (the explorer's neighbourhood).
        ("/maatregelen/snellere-terugkeer/", 12),
        ("/maatregelen/inburgering-met-werk/", 12),
        ("/ministeries/", 3),
        ("/ministeries/szw/", 4),
        ("/en/ministeries/jenv/", 4),
    ],
)
def test_measure_pages_query_count_does_not_grow_with_measures(
    client, world, path, queries, django_assert_max_num_queries
):
    add_measures(world, 3)
    with django_assert_max_num_queries(queries) as small:
        assert client.get(path).status_code == 200
    add_measures(world, 27)
    with django_assert_max_num_queries(queries) as large:
        assert client.get(path).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)


def test_measure_page_query_count_does_not_grow_with_links_and_citations(
    client, world, django_assert_max_num_queries
):
    def grow(count):
        for _ in range(count):
            other = MeasureFactory(code=f"3.{Measure.objects.count() + 100}")
            MeasureLinkFactory(from_measure=world.returns, to_measure=other)
            MeasureLinkFactory(from_measure=other, to_measure=world.returns, kind="depends_on")
            CitationFactory(measure=world.returns)

    grow(3)
    with django_assert_max_num_queries(12) as small:
        client.get("/maatregelen/snellere-terugkeer/")
    grow(27)
    with django_assert_max_num_queries(12) as large:
        response = client.get("/maatregelen/snellere-terugkeer/")
    assert len(response.context["link_groups"][0].items) == 31
    assert len(large.captured_queries) == len(small.captured_queries)


# --- Error pages -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "text"), [("nl", "Er ging iets mis"), ("en", "Something went wrong")]
)
def test_500_page_renders_in_the_right_language_without_a_request_context(language, text):
    with translation.override(language):
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert text in html
    assert f'<html lang="{language}">' in html
    assert 'class="skip-link"' in html


def test_the_lists_csv_and_api_links_answer_even_with_blank_form_fields(client, agenda):
    import re

    html = client.get("/maatregelen/?pillar=&status=&q=terugkeer&page=1").content.decode()
    links = re.findall(r'href="(/api/v1/measures/[^"]*)"', html)
    assert len(links) == 2
    for link in links:
        response = client.get(link.replace("&amp;", "&"))
        assert response.status_code == 200, link
        assert "pillar=" not in link and "page=" not in link
    assert "format=csv" in links[0]


def test_the_measure_page_links_to_its_own_change_feed(client, agenda):
    measure = Measure.objects.published().first()
    html = client.get(measure.get_absolute_url()).content.decode()
    feed = f"/maatregelen/{measure.slug}/feed/"
    assert f'<link rel="alternate" type="application/atom+xml" href="{feed}"' in html
    assert f'<a href="{feed}">' in html
    assert client.get(feed).status_code == 200


def test_the_lists_facets_are_counted_once_per_content_version_and_selection(
    client, world, django_assert_num_queries
):
    path = "/maatregelen/?lead_ministry=SZW"
    with django_assert_num_queries(8):
        first = client.get(path)
    # The same selection at the same version: the facets' statement is not run again.
    with django_assert_num_queries(7):
        again = client.get(path)
    assert again.context["facets"] == first.context["facets"]
    assert again.context["paginator"].count == first.context["paginator"].count
    # Another page or order of the same selection shares the counts.
    with django_assert_num_queries(7):
        client.get(path + "&ordering=-title")
    # A content write changes the version: the next request counts afresh and sees it.
    add_measures(world, 1)
    after = client.get(path)
    assert after.context["paginator"].count == first.context["paginator"].count + 1
