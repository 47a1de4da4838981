"""Citing a measure: the box under its title and the BibTeX, RIS and CSL-JSON downloads."""

import json

import pytest

from tests.world import build_world

pytestmark = pytest.mark.django_db

MEASURE = "/maatregelen/snellere-terugkeer/"
REFERENCE = "Kamerstukken 19 637 en 30 573, nr. 2375"


@pytest.fixture
def world():
    return build_world()


def test_citation_box_sits_under_the_title_with_reference_and_publisher(client, world):
    html = client.get(MEASURE).content.decode()
    box = html[html.index('<details class="cite"') : html.index("</details>")]
    assert html.index("<h1") < html.index('<details class="cite"') < html.index("Beschrijving")
    assert "<summary>Citeer</summary>" in box
    assert REFERENCE in box
    assert "Kennisbank integrale migratieagenda" in box
    assert "Ministerie van Justitie en Veiligheid" not in box
    assert "Zo verwijst u naar deze maatregel" not in html
    assert 'href="/maatregelen/snellere-terugkeer/citeer.bib"' in box


def test_bibtex_download_is_a_misc_entry_with_the_reference(client, world):
    response = client.get(MEASURE + "citeer.bib")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/x-bibtex")
    text = response.content.decode()
    assert text.startswith("@misc{migratieagenda-4-1,\n")
    assert text.rstrip().endswith("}")
    assert "title = {4.1 Snellere terugkeer van afgewezen asielzoekers}" in text
    assert "author = {{Kennisbank integrale migratieagenda}}" in text
    assert f"note = {{{REFERENCE}}}" in text
    assert "url = {http://testserver/maatregelen/snellere-terugkeer/}" in text


def test_ris_download_has_type_and_end_lines(client, world):
    lines = client.get(MEASURE + "citeer.ris").content.decode().split("\r\n")
    assert lines[0] == "TY  - ELEC"
    assert "ER  - " in lines
    assert f"N1  - {REFERENCE}" in lines
    assert "PB  - Kennisbank integrale migratieagenda" in lines


def test_csl_json_download_is_valid_json_with_the_title(client, world):
    response = client.get(MEASURE + "citeer.json")
    (item,) = json.loads(response.content)
    assert item["title"] == "4.1 Snellere terugkeer van afgewezen asielzoekers"
    assert item["publisher"] == "Kennisbank integrale migratieagenda"
    assert item["references"] == REFERENCE
    assert item["URL"] == "http://testserver/maatregelen/snellere-terugkeer/"


def test_citation_of_a_draft_is_not_found(client, world):
    assert client.get("/maatregelen/geheime-conceptmaatregel/citeer.bib").status_code == 404


def test_english_citation_names_the_publisher_in_english_page(client, world):
    html = client.get("/en" + MEASURE).content.decode()
    assert "<summary>Cite</summary>" in html
    assert "accessed on" in html


def test_the_main_source_is_the_first_cited_source_with_a_reference(client, world):
    from tests.factories import CitationFactory, SourceFactory

    older = SourceFactory(slug="regeerakkoord", title="Regeerakkoord", reference="")
    older.date = world.kamerbrief.date.replace(year=2017)
    older.save()
    CitationFactory(measure=world.returns, source=older, locator="hoofdstuk 4")
    text = client.get(MEASURE + "citeer.ris").content.decode()
    assert f"N1  - {REFERENCE}" in text
