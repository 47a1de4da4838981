"""The measure page shows the policy clock (announced, status since) and the record date apart."""

import pytest

from measures.models import Measure

pytestmark = pytest.mark.django_db


def test_the_measure_page_and_its_citation_show_both_clocks_each_labelled(client, agenda):
    measure = Measure.objects.get(code="1.4")
    html = client.get(measure.get_absolute_url()).content.decode()
    assert '<dt>Aangekondigd op</dt><dd><time datetime="2018-03-29">29 maart 2018</time>' in html
    assert '<dt>Status sinds</dt><dd><time datetime="2019-10-14">14 oktober 2019</time>' in html
    assert "<dt>Tekst bijgewerkt</dt>" in html
    citation = html[html.index('id="cite-text"') :].split("</p>")[0]
    assert "aangekondigd op 29 maart 2018, tekst bijgewerkt" in citation
    # The timeline names each step's source.
    assert "kst-19637-2535.html" in html.split('id="history-heading"')[1].split("</section>")[0]


def test_the_home_page_tells_the_agendas_dated_developments(client, agenda):
    html = client.get("/").content.decode()
    recent = html.split('id="recent-heading"')[1].split("</section>")[0]
    years = {int(part[:4]) for part in recent.split('datetime="')[1:]}
    assert years and max(years) <= 2022
