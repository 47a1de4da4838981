"""Dutch full-text search over measures: matching, ranking, snippets, facets, bad input, speed."""

import datetime

import pytest
from django.db import connection
from django.http import QueryDict
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import measures.models as models_module
from measures.filters import MeasureFilterSet
from measures.models import Citation, Measure, Responsibility
from measures.search import SNIPPET_START, SNIPPET_STOP, highlight_snippet, search_words
from measures.selectors import measure_facets
from measures.selectors.measures import TOTAL, measure_facet_counts
from pillars.models import Pillar
from tests.factories import (
    CitationFactory,
    GovernanceLevelFactory,
    MeasureFactory,
    MinistryFactory,
    OrganisationFactory,
    PillarFactory,
    ResponsibilityFactory,
    RouteStageFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


def codes(queryset):
    return [measure.code for measure in queryset]


def found(text, queryset=None):
    return set(codes((queryset or Measure.objects.all()).search(text)))


@pytest.fixture
def pillar():
    return PillarFactory(number=4)  # "Pijler 4": its name matches none of the searches


# --- matching: stems, plurals, prefixes, accents ---------------------------------------------


def test_a_verb_finds_the_noun_by_its_dutch_stem(pillar):
    MeasureFactory(code="4.1", pillar=pillar, title="Gedwongen terugkeer, met voorrang")
    MeasureFactory(code="4.2", pillar=pillar, title="Opvang in de regio")

    assert found("terugkeren") == {"4.1"}
    assert found("Terugkeer") == {"4.1"}


def test_plural_and_singular_find_each_other(pillar):
    MeasureFactory(code="4.1", pillar=pillar, summary="Een asielzoeker meldt zich bij de IND.")
    MeasureFactory(code="4.2", pillar=pillar, summary="Alle asielzoekers krijgen taalles.")
    MeasureFactory(code="4.3", pillar=pillar, summary="Arbeidsmigratie faciliteren.")

    assert found("asielzoekers") == {"4.1", "4.2"}
    assert found("asielzoeker") == {"4.1", "4.2"}


def test_plurals_the_dutch_stemmer_misses_and_apostrophe_plurals_are_found(pillar):
    MeasureFactory(code="4.1", pillar=pillar, title="Eén procedure voor de marechaussee")
    MeasureFactory(code="4.2", pillar=pillar, summary="Een foto bij elke aanvraag.")
    MeasureFactory(code="4.3", pillar=pillar, summary="Proces van opvang.")

    assert found("procedures") == {"4.1"}
    assert found("marechaussees") == {"4.1"}
    assert found("foto's") == found("foto’s") == {"4.2"}


def test_the_beginning_of_a_word_finds_the_whole_word(pillar):
    MeasureFactory(code="4.1", pillar=pillar, title="Nieuw inburgeringsstelsel")
    MeasureFactory(code="4.2", pillar=pillar, description="Taaleis voor inburgering omhoog.")
    MeasureFactory(code="4.3", pillar=pillar, title="Grenstoezicht versterken")

    assert found("inburg") == {"4.1", "4.2"}
    assert found("INBURG") == {"4.1", "4.2"}


def test_accents_and_capitals_do_not_matter_either_way(pillar):
    MeasureFactory(code="4.1", pillar=pillar, title="Betere coördinatie in de keten")
    MeasureFactory(code="4.2", pillar=pillar, summary="Financiële steun voor gemeenten.")
    MeasureFactory(code="4.3", pillar=pillar, summary="Een coordinatie zonder trema.")

    assert found("coordinatie") == {"4.1", "4.3"}
    assert found("coördinatie") == {"4.1", "4.3"}
    assert found("COÖRDINATIE") == {"4.1", "4.3"}
    assert found("financiele") == {"4.2"}
    assert found("financiële") == {"4.2"}
    # A diaeresis typed as a combining character is still the same word.
    assert found("coo\u0308rdinatie") == {"4.1", "4.3"}


def test_every_word_must_match(pillar):
    MeasureFactory(code="4.1", pillar=pillar, title="Terugkeer van asielzoekers")
    MeasureFactory(code="4.2", pillar=pillar, title="Terugkeer van criminele vreemdelingen")
    MeasureFactory(code="4.3", pillar=pillar, title="Opvang van asielzoekers")

    assert found("terugkeer asielzoekers") == {"4.1"}
    assert found("asielzoekers, terugkeer!") == {"4.1"}


def test_dutch_stop_words_are_left_out_unless_they_are_all_there_is(pillar):
    MeasureFactory(code="4.1", pillar=pillar, title="Terugkeer asielzoekers bevorderen")
    MeasureFactory(code="4.2", pillar=pillar, title="Opvang", summary="Een plan voor de regio.")

    assert found("terugkeer van de asielzoekers") == {"4.1"}
    assert found("Het terugkeren") == {"4.1"}
    assert found("voor de") == {"4.2"}  # only stop words: searched as they are


def test_the_names_of_related_pillars_ministries_organisations_and_sources_are_found():
    pillar = PillarFactory(number=4, title="Terugkeer en vertrek", title_en="Return")
    integration = PillarFactory(number=6, title="Integratie", title_en="Integration")
    plain = MeasureFactory(code="4.1", pillar=pillar)
    other_pillar = MeasureFactory(code="4.2", pillar=pillar)
    other_pillar.other_pillars.add(integration)
    ministry = MeasureFactory(code="4.3", pillar=pillar)
    ResponsibilityFactory(
        measure=ministry,
        ministry=MinistryFactory(name="Ministerie van Buitenlandse Zaken", abbreviation="BZ"),
    )
    organisation = MeasureFactory(code="4.4", pillar=pillar)
    organisation.organisations.add(
        OrganisationFactory(name="Dienst Terugkeer en Vertrek", abbreviation="DTenV")
    )
    CitationFactory(
        measure=MeasureFactory(code="4.5", pillar=pillar),
        source=SourceFactory(title="Regeerakkoord Vertrouwen in de toekomst", reference="34 700"),
    )

    assert found("integratie") == {"4.2"}
    assert found("integration") == {"4.2"}  # the English title of a pillar
    everything = {"4.1", "4.2", "4.3", "4.4", "4.5"}
    assert found("return") == found("vertrek") == everything  # the primary pillar's titles
    assert found("buitenlandse") == {"4.3"}
    assert found("bz") == {"4.3"}
    assert found("dtenv") == {"4.4"}
    assert found("vertrouwen toekomst") == {"4.5"}
    assert found("34 700") == {"4.5"}
    assert found("vertrek dtenv") == {"4.4"}
    assert plain.code not in found("bz")


# --- the vector stays current: triggers on the measure and on related rows --------------------


def test_the_search_vector_follows_every_change_that_feeds_it(pillar):
    measure = MeasureFactory(code="4.1", pillar=pillar, title="Opvang")
    assert found("huisvesting") == set()

    measure.title = "Huisvesting van statushouders"
    measure.save()
    assert found("huisvesting") == {"4.1"}

    Measure.objects.filter(pk=measure.pk).update(summary="Snelle asielprocedure.")
    assert found("asielprocedure") == {"4.1"}

    ministry = MinistryFactory(name="Ministerie van Onderwijs", abbreviation="OCW")
    responsibility = ResponsibilityFactory(measure=measure, ministry=ministry)
    assert found("ocw") == {"4.1"}
    ministry.name = "Ministerie van Cultuur"
    ministry.save()
    assert found("cultuur") == {"4.1"}
    assert found("onderwijs") == set()
    responsibility.delete()
    assert found("cultuur") == set()

    organisation = OrganisationFactory(
        name="Centraal Orgaan opvang asielzoekers", abbreviation="COA"
    )
    measure.organisations.add(organisation)
    assert found("coa") == {"4.1"}
    organisation.abbreviation = "NCOA"
    organisation.save()
    assert found("ncoa") == {"4.1"}
    measure.organisations.clear()
    assert found("ncoa") == set()

    source = SourceFactory(title="Kamerbrief over flexibilisering")
    citation = CitationFactory(measure=measure, source=source)
    assert found("flexibilisering") == {"4.1"}
    source.reference = "Kamerstuk 19637"
    source.save()
    assert found("19637") == {"4.1"}
    Citation.objects.filter(pk=citation.pk).delete()
    assert found("19637") == set()

    integration = PillarFactory(number=6, title="Integratie")
    measure.other_pillars.add(integration)
    assert found("integratie") == {"4.1"}
    Pillar.objects.filter(pk=integration.pk).update(title="Participatie")
    assert found("participatie") == {"4.1"}
    measure.other_pillars.remove(integration)
    assert found("participatie") == set()

    pillar.title_en = "Departure"
    pillar.save()
    assert found("departure") == {"4.1"}


def test_an_unrelated_rename_leaves_other_measures_alone(pillar):
    measure = MeasureFactory(code="4.1", pillar=pillar)
    before = Measure.objects.filter(pk=measure.pk).values_list("search_vector", flat=True).get()
    MinistryFactory(name="Ministerie zonder maatregelen").save()
    pillar.summary = "Een andere samenvatting"  # not indexed
    pillar.save()
    after = Measure.objects.filter(pk=measure.pk).values_list("search_vector", flat=True).get()
    assert after == before


# --- ranking --------------------------------------------------------------------------------


def test_title_ranks_above_summary_above_description_above_names_then_by_code(pillar):
    MeasureFactory(code="4.1", pillar=pillar, description="Over terugkeer en nog eens terugkeer.")
    names = MeasureFactory(code="4.2", pillar=PillarFactory(number=2))
    names.organisations.add(OrganisationFactory(name="Dienst Terugkeer en Vertrek"))
    MeasureFactory(code="4.3", pillar=pillar, summary="Terugkeer bevorderen.")
    MeasureFactory(code="4.10", pillar=pillar, title="Terugkeer van vreemdelingen")
    MeasureFactory(code="4.9", pillar=pillar, title="Terugkeer van vreemdelingen")
    MeasureFactory(code="4.4", pillar=pillar, title="Opvang in de regio")

    results = list(Measure.objects.search("terugkeer"))

    # Equal titles tie on rank and then follow the code: 4.9 before 4.10.
    assert codes(results) == ["4.9", "4.10", "4.3", "4.1", "4.2"]
    ranks = [measure.rank for measure in results]
    assert ranks == sorted(ranks, reverse=True)
    assert ranks[0] == ranks[1] > ranks[2] > ranks[3] > ranks[4] > 0


@pytest.fixture
def three_ranked(monkeypatch):
    """Only the first three matches in code order are ranked (500 in production)."""
    monkeypatch.setattr(models_module, "RANKED_MATCHES", 3)


def test_only_the_first_matches_in_code_order_are_ranked_the_rest_follow_by_code(
    pillar, three_ranked
):
    for number in (1, 2, 3, 4):
        MeasureFactory(code=f"4.{number}", pillar=pillar, summary="Over terugkeer.")
    MeasureFactory(code="4.6", pillar=pillar, description="Terugkeer, ook in de beschrijving.")
    MeasureFactory(code="4.5", pillar=pillar, title="Terugkeer")
    MeasureFactory(code="4.7", pillar=pillar, title="Opvang")
    Measure.objects.filter(code="4.2").update(title="Terugkeer bevorderen")

    results = list(Measure.objects.search("terugkeer"))

    # 4.1-4.3 are ranked (4.2's title first); 4.4, 4.5 and 4.6 follow by code, although
    # 4.5's title would rank it first among all.
    assert codes(results) == ["4.2", "4.1", "4.3", "4.4", "4.5", "4.6"]
    assert [measure.rank > 0 for measure in results] == [True] * 3 + [False] * 3


def test_pages_within_the_ranked_matches_read_only_those_and_keep_the_order(pillar, three_ranked):
    for number in range(1, 8):
        title = "Terugkeer" if number in (3, 6) else "Over iets anders"
        MeasureFactory(code=f"4.{number}", pillar=pillar, title=title, summary="Terugkeer.")
    searched = Measure.objects.published().search("terugkeer")
    whole = codes(searched)
    assert whole[:3] == ["4.3", "4.1", "4.2"]

    pages = []
    for start in range(0, 8, 2):
        with CaptureQueriesContext(connection) as captured:
            pages += codes(searched.all()[start : start + 2])
        within = start + 2 <= 3
        assert ("= ANY(ARRAY(" in captured[0]["sql"]) is within, start
    assert pages == whole
    assert searched.count() == 7


def test_the_search_ranks_the_rows_the_other_filters_leave(pillar, three_ranked):
    old = timezone.now() - datetime.timedelta(days=400)
    MeasureFactory(code="4.1", pillar=pillar, summary="Terugkeer.")
    MeasureFactory(code="4.2", pillar=pillar, summary="Terugkeer.")
    MeasureFactory(code="4.3", pillar=pillar, summary="Terugkeer.")
    MeasureFactory(code="4.4", pillar=pillar, title="Terugkeer")
    Measure.objects.filter(code="4.1").update(updated_at=old)
    since = (old + datetime.timedelta(days=1)).date().isoformat()

    filterset = MeasureFilterSet(
        QueryDict(f"q=terugkeer&updated_since={since}"), queryset=Measure.objects.published()
    )

    # The three ranked are 4.2-4.4 (4.1 is filtered out first), so 4.4's title leads.
    assert codes(filterset.qs) == ["4.4", "4.2", "4.3"]


def test_an_empty_search_is_no_search_and_keeps_the_list_order(pillar):
    MeasureFactory(code="4.2", pillar=pillar)
    MeasureFactory(code="4.1", pillar=pillar)

    for text in ("", "   ", None):
        assert codes(Measure.objects.search(text)) == ["4.1", "4.2"]


def test_the_filterset_searches_and_keeps_the_rank_order(pillar):
    MeasureFactory(code="4.1", pillar=pillar, summary="Terugkeer bevorderen.")
    MeasureFactory(code="4.2", pillar=pillar, title="Terugkeer", status="done")
    MeasureFactory(code="4.3", pillar=pillar, title="Opvang")

    filterset = MeasureFilterSet(QueryDict("q=terugkeren"), queryset=Measure.objects.published())
    assert filterset.is_valid()
    assert filterset.search_text == "terugkeren"
    assert codes(filterset.qs) == ["4.2", "4.1"]

    filterset = MeasureFilterSet(QueryDict("q=terugkeren&status=done"), queryset=Measure.objects)
    assert codes(filterset.qs) == ["4.2"]
    assert MeasureFilterSet(QueryDict("status=done"), queryset=Measure.objects).search_text == ""


def test_the_api_lists_by_relevance_unless_an_ordering_is_asked(client, pillar):
    MeasureFactory(code="4.1", pillar=pillar, summary="Terugkeer bevorderen.")
    MeasureFactory(code="4.2", pillar=pillar, title="Terugkeer")
    MeasureFactory(code="4.3", pillar=pillar, title="Opvang")

    def api_codes(query_string):
        response = client.get(f"/api/v1/measures/?{query_string}")
        assert response.status_code == 200, response.content
        return [row["code"] for row in response.json()["results"]]

    assert api_codes("q=terugkeren") == ["4.2", "4.1"]
    assert api_codes("q=terugkeren&ordering=code") == ["4.1", "4.2"]
    assert api_codes("ordering=-code") == ["4.3", "4.2", "4.1"]


@pytest.mark.parametrize("value", ["?!&|", "x" * 201])
def test_a_bad_search_in_the_api_is_a_400_naming_q(client, value):
    response = client.get("/api/v1/measures/", {"q": value})
    assert response.status_code == 400
    body = response.json()
    assert list(body["errors"]) == ["q"]
    assert "'q'" in body["detail"]


def test_the_shipped_agenda_puts_the_measure_a_civil_servant_means_first(agenda):
    published = Measure.objects.published()
    for text, word in [
        ("terugkeren", "terugkeer"),
        ("inburgering", "inburgering"),
        ("asielzoekers", "asielzoeker"),
    ]:
        results = list(published.search(text)[:3])
        assert results, text
        assert all(word in measure.title.lower() for measure in results), (text, results)


# --- snippets ---------------------------------------------------------------------------------


def test_the_snippet_marks_the_matched_words_in_the_summary_with_its_accents(pillar):
    MeasureFactory(
        code="4.1",
        pillar=pillar,
        summary="Financiële steun voor de terugkeer van asielzoekers.",
    )

    measure = Measure.objects.search("financiele terugkeren").with_snippet("financiele terugkeren")[
        0
    ]

    assert measure.snippet == (
        f"{SNIPPET_START}Financiële{SNIPPET_STOP} steun voor de "
        f"{SNIPPET_START}terugkeer{SNIPPET_STOP} van asielzoekers."
    )
    assert highlight_snippet(measure.snippet) == (
        "<mark>Financiële</mark> steun voor de <mark>terugkeer</mark> van asielzoekers."
    )


def test_markup_in_a_title_or_summary_is_shown_as_text(pillar):
    MeasureFactory(
        code="4.1",
        pillar=pillar,
        title="<script>alert('titel')</script> terugkeer",
        summary="<script>alert(1)</script> terugkeer & <b>vertrek</b>",
    )
    measure = Measure.objects.search("terugkeer").with_snippet("terugkeer").get()

    html = Template(
        "{% load measure_search %}<h2>{{ measure.title }}</h2>"
        "<p>{{ measure.snippet|highlight_snippet }}</p>"
    ).render(Context({"measure": measure}))

    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#x27;titel&#x27;)&lt;/script&gt;" in html
    assert (
        "<p>&lt;script&gt;alert(1)&lt;/script&gt; <mark>terugkeer</mark> &amp; "
        "&lt;b&gt;vertrek&lt;/b&gt;</p>"
    ) in html


def test_marker_characters_typed_into_a_summary_cannot_open_unbalanced_marks(pillar):
    MeasureFactory(code="4.1", pillar=pillar, summary=f"Terugkeer{SNIPPET_START} zonder einde")
    measure = Measure.objects.search("terugkeer").with_snippet("terugkeer").get()
    assert highlight_snippet(measure.snippet) == "<mark>Terugkeer</mark> zonder einde"
    assert highlight_snippet(f"a{SNIPPET_START}b") == "a<mark>b</mark>"
    assert highlight_snippet(f"a{SNIPPET_STOP}b") == "ab"


def test_without_a_search_the_snippet_is_the_plain_summary(pillar):
    MeasureFactory(code="4.1", pillar=pillar, summary="Gewoon <em>de</em> samenvatting.")
    measure = Measure.objects.with_snippet("").get()
    assert highlight_snippet(measure.snippet) == "Gewoon &lt;em&gt;de&lt;/em&gt; samenvatting."


# --- bad input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("terugkeer " * 20 + "x", "te lang"),
        ("?!", "geen woorden"),
        ("&|!:*()'\"<->", "geen woorden"),
        ("  ...  ", "geen woorden"),
    ],
)
def test_a_bad_search_text_makes_the_filterset_invalid_and_names_q(value, message):
    filterset = MeasureFilterSet({"q": value}, queryset=Measure.objects)
    assert not filterset.is_valid()
    assert list(filterset.errors) == ["q"]
    assert message in str(filterset.errors["q"])


@pytest.mark.parametrize("value", ["", "   ", "\t"])
def test_an_empty_search_text_is_valid_and_no_search(value, pillar):
    MeasureFactory(code="4.1", pillar=pillar)
    filterset = MeasureFilterSet({"q": value}, queryset=Measure.objects)
    assert filterset.is_valid()
    assert filterset.search_text == ""
    assert codes(filterset.qs) == ["4.1"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("terugkeer & !", ["4.1"]),
        ("'terugkeer'", ["4.1"]),
        ('"terugkeer', ["4.1"]),
        ("terugkeer:*", ["4.1"]),
        ("terugkeer:B", ["4.1"]),  # 'B' is a word here, the start of 'bevorderen'
        ("(terugkeer | )", ["4.1"]),
        ("!!terugkeer", ["4.1"]),
        ("terugkeer <-> <b>", ["4.1"]),
        ("terugkeer\\", ["4.1"]),
        ("terugkeer ''' ", ["4.1"]),
        ("terugkeer 日本", []),
        ("x" * 200, []),
        ("opvang " * 28, ["4.2"]),
    ],
)
def test_tsquery_syntax_in_the_search_text_is_only_text(value, expected, pillar):
    MeasureFactory(code="4.1", pillar=pillar, title="Terugkeer bevorderen")
    MeasureFactory(code="4.2", pillar=pillar, title="Opvang")

    filterset = MeasureFilterSet({"q": value}, queryset=Measure.objects)
    assert filterset.is_valid(), filterset.errors
    # A tsquery syntax error would raise here.
    assert codes(filterset.qs.with_snippet(value)) == expected


def test_search_words_are_letters_and_digits_only():
    assert search_words("Terugkeer & (asiel|zoekers)! 'A2' B1:* _x_") == [
        "Terugkeer",
        "asiel",
        "zoekers",
        "A2",
        "B1",
        "x",
    ]
    assert search_words("terugkeer TERUGKEER") == ["terugkeer"]
    assert search_words("!?&|") == []


# --- facets --------------------------------------------------------------------------------


@pytest.fixture
def facet_data():
    """Twelve measures spread over pillars, ministries, statuses, stages and levels."""
    pillars = [PillarFactory(number=n) for n in (1, 2, 3)]
    ministries = [MinistryFactory(abbreviation=a) for a in ("JenV", "BZ", "SZW")]
    stages = [RouteStageFactory(slug=s) for s in ("herkomst", "terugkeer")]
    levels = [GovernanceLevelFactory(slug=s) for s in ("eu", "nationaal")]
    statuses = ["announced", "in_progress", "done"]
    for index in range(12):
        measure = MeasureFactory(
            pillar=pillars[index % 3],
            code=f"{index % 3 + 1}.{index + 1}",
            title="Terugkeer bevorderen" if index % 2 else "Opvang regelen",
            status=statuses[index % 3],
            lead=ministries[index % 3],
            is_published=index != 11,
        )
        if index % 4 == 0:
            Responsibility.objects.create(
                measure=measure, ministry=ministries[(index + 1) % 3], role="co"
            )
        measure.route_stages.set(stages[: index % 3])
        measure.levels.add(levels[index % 2])


FACETS = {"pillar", "serves_pillar", "ministry", "lead_ministry", "status", "route_stage", "level"}


@pytest.mark.parametrize(
    "query_string",
    [
        "",
        "q=terugkeer",
        "status=done",
        "q=terugkeer&ministry=BZ",
        "pillar=1,2&status=announced,in_progress",
        "route_stage=terugkeer&level=eu",
        "q=opvang&lead_ministry=jenv&serves_pillar=1",
    ],
)
def test_each_facet_count_equals_the_rows_that_choosing_the_value_shows(
    facet_data, query_string, django_assert_num_queries
):
    data = QueryDict(query_string)
    filterset = MeasureFilterSet(data, queryset=Measure.objects.published())
    assert filterset.is_valid(), filterset.errors

    # One statement for every facet's counts and one for the four reference tables, whatever
    # the number of values and facets in use.
    with django_assert_num_queries(2):
        facets = measure_facets(filterset)

    assert {facet.name for facet in facets} == FACETS
    # The same statement counts the selection itself, which the list's pager uses.
    assert measure_facet_counts(filterset)[TOTAL][""] == filterset.qs.count()
    for facet in facets:
        assert facet.options
        for option in facet.options:
            # Disjunctive faceting: the count is what choosing this value instead would show.
            narrowed = data.copy()
            narrowed.setlist(facet.name, [option.value])
            rows = MeasureFilterSet(narrowed, queryset=Measure.objects.published()).qs
            assert option.count == rows.count(), (facet.name, option)
            chosen = data.get(facet.name, "").lower().split(",")
            assert option.selected == (option.value.lower() in chosen)
    # The counts are of this search: the status facet adds up to the rows without a status filter.
    without_status = data.copy()
    without_status.setlist("status", [])
    unfiltered = MeasureFilterSet(without_status, queryset=Measure.objects.published())
    status = next(facet for facet in facets if facet.name == "status")
    assert sum(option.count for option in status.options) == unfiltered.qs.count()


def test_facet_queries_do_not_grow_with_measures_or_values(facet_data, django_assert_num_queries):
    def count_queries():
        filterset = MeasureFilterSet(QueryDict("q=terugkeer"), queryset=Measure.objects.published())
        assert filterset.is_valid()
        with django_assert_num_queries(2) as context:
            measure_facets(filterset)
        return len(context.captured_queries)

    before = count_queries()
    for number in range(20):
        measure = MeasureFactory(code=f"5.{number + 1}", title="Terugkeer", status="dropped")
        measure.route_stages.add(RouteStageFactory())
        measure.levels.add(GovernanceLevelFactory())
    assert count_queries() == before


# --- query counts and the index ---------------------------------------------------------------


def test_a_search_with_snippets_costs_the_same_queries_for_few_and_many_hits(
    pillar, django_assert_num_queries
):
    def run():
        queryset = Measure.objects.published().for_list().search("terugkeer")
        return list(queryset.with_snippet("terugkeer"))

    for index in range(3):
        MeasureFactory(code=f"4.{index + 1}", pillar=pillar, summary="Terugkeer bevorderen.")
    with django_assert_num_queries(4) as few:  # measures, other pillars, route stages, leads
        assert len(run()) == 3
    for index in range(3, 30):
        MeasureFactory(code=f"4.{index + 1}", pillar=pillar, summary="Terugkeer bevorderen.")
    with django_assert_num_queries(len(few.captured_queries)):
        assert len(run()) == 30


def insert_measures(count, pillar):
    """Many measures straight in SQL (the triggers fill their search vectors)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO measures_measure (code, slug, title, summary, description, pillar_id,
                status, is_published, created_at, updated_at)
            SELECT (1 + i / 1000) || '.' || (i %% 1000), 'bulk-' || i,
                   (ARRAY['Opvang', 'Grenstoezicht', 'Arbeidsmigratie', 'Asielprocedure'])[1 + i %% 4]
                       || ' in regio ' || i,
                   'Samenvatting over gemeenten en ketenpartners nummer ' || i,
                   'Beschrijving met beleid en uitvoering.', %s, 'announced', false, now(), now()
              FROM generate_series(1, %s) AS i
            """,
            [pillar.pk, count],
        )
        cursor.execute("ANALYZE measures_measure")


def test_a_selective_search_can_use_the_gin_index(pillar):
    # At this size a sequential scan is cheaper, so the planner is told to avoid it: the test
    # proves that the search's WHERE clause matches the index (same column, operator and
    # operator class). `make bench` shows the planner choosing it by itself at 100,000 rows.
    insert_measures(1000, pillar)
    MeasureFactory(code="6.1", pillar=pillar, title="Terugkeer bevorderen")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # until the test's transaction ends

    plan = Measure.objects.search("terugkeer").explain()

    assert "measure_search_vector_gin" in plan, plan
    assert codes(Measure.objects.search("terugkeer")) == ["6.1"]


def test_the_list_selector_gives_ranked_rows_with_snippets_in_constant_queries(
    pillar, django_assert_num_queries
):
    from measures.selectors import measure_list_filtered, measure_list_public

    def page(size):
        filterset = MeasureFilterSet({"q": "terugkeer"}, queryset=measure_list_public())
        assert filterset.is_valid()
        return list(measure_list_filtered(filterset)[:size])

    MeasureFactory(code="4.1", pillar=pillar, summary="Over terugkeer.")
    MeasureFactory(code="4.2", pillar=pillar, title="Terugkeer")
    with django_assert_num_queries(4):  # measures, other pillars, route stages, lead ministries
        rows = page(25)
    assert codes(rows) == ["4.2", "4.1"]
    assert highlight_snippet(rows[1].snippet) == "Over <mark>terugkeer</mark>."
    for index in range(3, 40):
        MeasureFactory(code=f"4.{index}", pillar=pillar, summary="Terugkeer.")
    with django_assert_num_queries(4):
        assert len(page(25)) == 25


# --- the pages: /maatregelen/ and the site-wide search box -------------------------------------


def test_the_list_page_shows_the_best_match_first_with_highlighted_snippets(client, pillar):
    MeasureFactory(code="4.1", pillar=pillar, summary="Vrijwillige terugkeer ondersteunen.")
    MeasureFactory(code="4.2", pillar=pillar, title="Terugkeer", summary="Gedwongen terugkeer.")
    MeasureFactory(code="4.3", pillar=pillar, title="Opvang", summary="Opvang in de regio.")

    response = client.get("/maatregelen/?q=terugkeren")

    assert response.status_code == 200
    assert codes(response.context["measures"]) == ["4.2", "4.1"]
    html = response.content.decode()
    assert "Gedwongen <mark>terugkeer</mark>." in html
    assert "Vrijwillige <mark>terugkeer</mark> ondersteunen." in html
    assert "Opvang in de regio" not in html


def test_the_list_page_shows_markup_in_titles_and_summaries_as_text(client, pillar):
    MeasureFactory(
        code="4.1",
        pillar=pillar,
        title="<script>alert('titel')</script> Terugkeer",
        summary="<script>alert('samenvatting')</script> over terugkeer",
    )

    html = client.get("/maatregelen/?q=terugkeer").content.decode()

    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;titel&#x27;)&lt;/script&gt; Terugkeer" in html
    assert (
        "&lt;script&gt;alert(&#x27;samenvatting&#x27;)&lt;/script&gt; over <mark>terugkeer</mark>"
        in html
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [("?!&", "geen woorden"), ("terugkeer " * 21, "te lang")],
)
def test_a_bad_search_on_the_page_is_a_friendly_message(client, pillar, value, message):
    MeasureFactory(code="4.1", pillar=pillar)
    response = client.get("/maatregelen/", {"q": value})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Dit filter kan niet worden toegepast" in html
    assert message in html


@pytest.mark.parametrize("value", ["terugkeer & !", "'\"():*|", "a:* | !b"])
def test_search_syntax_on_the_page_never_breaks_it(client, pillar, value):
    MeasureFactory(code="4.1", pillar=pillar, title="Terugkeer")
    assert client.get("/maatregelen/", {"q": value}).status_code in (200, 400)


def test_the_site_search_box_in_the_header_searches_the_list(client, pillar):
    MeasureFactory(code="4.1", pillar=pillar, title="Terugkeer bevorderen")
    html = client.get("/").content.decode()
    box = html[html.index('<form class="site-search"') :]
    box = box[: box.index("</form>")]
    assert 'action="/maatregelen/"' in box
    assert 'name="q"' in box
    assert codes(client.get("/maatregelen/?q=terugkeren").context["measures"]) == ["4.1"]


def test_the_search_page_costs_the_same_queries_for_few_and_many_hits(
    client, pillar, django_assert_max_num_queries
):
    def add(start, stop):
        for index in range(start, stop):
            MeasureFactory(code=f"4.{index}", pillar=pillar, summary="Over terugkeer.")

    add(1, 3)
    with django_assert_max_num_queries(30) as few:
        assert len(client.get("/maatregelen/?q=terugkeer").context["measures"]) == 2
    add(3, 40)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get("/maatregelen/?q=terugkeer").context["measures"]) == 25


def test_the_no_words_message_is_translated_on_english_pages(client, pillar):
    response = client.get("/en/maatregelen/", {"q": "?!"})
    assert response.status_code == 400
    assert "The search query contains no words" in response.content.decode()


@pytest.mark.django_db
def test_a_measure_code_typed_as_the_search_finds_that_measure_first():
    from tests.factories import MeasureFactory, PillarFactory

    cited = MeasureFactory(code="4.3", pillar=PillarFactory(number=4), title="Gedwongen vertrek")
    MeasureFactory(code="6.4", pillar=PillarFactory(number=6), title="Taaleis 4 3 niveaus")
    found = list(Measure.objects.search("4.3"))
    assert found[0] == cited
    assert [m.code for m in Measure.objects.search(" 4.3 ")][:1] == ["4.3"]


def test_the_api_and_the_page_find_a_measure_by_its_code(client, agenda):
    api = client.get("/api/v1/measures/?q=4.3").json()
    assert api["results"][0]["code"] == "4.3"
    page = client.get("/maatregelen/?q=4.3")
    assert page.status_code == 200
    assert page.context["measures"][0].code == "4.3"
