"""/verbanden/: the summary, matrices, route view and graph, as HTML that needs no JavaScript."""

import re

import pytest

from measures.models import Measure, MeasureLink
from tests.explorer.html import list_count, summary_items, tags

pytestmark = pytest.mark.django_db


def test_the_summary_names_pillars_ministry_stage_and_dependencies_with_links(client, agenda):
    response = client.get("/verbanden/")
    assert response.status_code == 200
    page = response.context["page"]
    items = summary_items(response.content.decode())
    assert set(items) == {"pillar-pair", "ministry", "route-stage", "depends-on"}

    top = page.summary.top_pairs[0]
    assert f"ijler {top.pillar_a.number} en {top.pillar_b.number}" in items["pillar-pair"]
    assert f"de meeste maatregelen ({top.count})" in items["pillar-pair"]
    for url in re.findall(r'href="([^"#]+)"', items["pillar-pair"]):
        assert list_count(url.replace("&amp;", "&")) == top.count

    ministry, pillar_count, url = page.summary.top_ministries[0]
    assert ministry.abbreviation in items["ministry"]
    assert f"{pillar_count} van de 6" in items["ministry"]

    quietest = page.summary.quietest_stages[0]
    assert quietest.term.display_name in items["route-stage"]
    assert f"({quietest.count})" in items["route-stage"]
    stage_url = re.search(r'href="([^"]+)"', items["route-stage"]).group(1)
    assert list_count(stage_url) == quietest.count == min(c.count for c in page.stages)

    assert 'href="#afhankelijkheden"' in items["depends-on"]
    assert 'id="afhankelijkheden"' in response.content.decode()


def test_every_number_in_the_matrices_links_to_exactly_its_measures(client, agenda):
    html = client.get("/verbanden/?pillar=3,4").content.decode()
    checked = 0
    for table_id in ("pillar-ministry", "pillar-pillar"):
        table = re.search(
            rf'<table class="explorer-matrix" id="{table_id}">.*?</table>', html, re.S
        )
        for url, number in re.findall(
            r'<a class="explorer-count" href="([^"]+)">(\d+)<', table.group(0)
        ):
            assert list_count(url.replace("&amp;", "&")) == int(number), url
            checked += 1
    assert checked > 10


def test_the_route_view_switches_to_governance_levels(client, agenda):
    html = client.get("/verbanden/?group=levels").content.decode()
    assert "Bestuurslagen" in html
    assert 'href="/maatregelen/?level=' in html
    assert (
        'href="/maatregelen/?route_stage=' not in html.split('id="route"')[1].split("</section>")[0]
    )


def test_the_graph_is_an_accessible_svg_with_a_legend_and_a_text_alternative(client, agenda):
    html = client.get("/verbanden/").content.decode()
    svg = re.search(r'<svg class="explorer-graph".*?</svg>', html, re.S).group(0)
    opening = tags(svg)[0][1]
    assert opening["role"] == "img"
    title_id, desc_id = opening["aria-labelledby"].split()
    assert f'<title id="{title_id}">' in svg and f'<desc id="{desc_id}">' in svg
    assert svg.count('class="explorer-graph__node"') == Measure.objects.published().count()
    assert svg.count("explorer-graph__edge ") == MeasureLink.objects.count()
    assert 'stroke-dasharray="8 4"' in svg  # depends on: dashed
    assert "marker-end=" in svg
    # Coordinates are written with a decimal point, whatever the language of the page.
    assert not re.search(r'\b[xy]="\d+,\d', svg)
    # The legend names every pillar with its shape, and every kind of link with its pattern.
    for number, shape in [(1, "cirkel"), (4, "ruit"), (6, "zeshoek")]:
        assert f"Pijler {number} ({shape})" in html
    assert "hangt af van (gestreepte lijn met pijl)" in html
    # The text alternative lists the same links.
    table = re.search(r'<table class="explorer-links">.*?</table>', html, re.S).group(0)
    assert table.count("<tr") == MeasureLink.objects.count() + 1


def test_the_page_has_no_inline_script_or_style_and_its_script_is_our_own(client, agenda):
    html = client.get("/verbanden/").content.decode()
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert scripts == [(' src="/static/js/explorer.js" defer', "")]
    assert all("style" not in attrs for _tag, attrs in tags(html))
    assert "css/explorer.css" in html
    # Every wide block scrolls in its own keyboard-focusable, labelled region.
    regions = [a for t, a in tags(html) if "explorer-scroll" in a.get("class", "")]
    assert len(regions) >= 4
    assert all(r["tabindex"] == "0" and r["role"] == "region" and r["aria-label"] for r in regions)


def test_the_english_page_lives_under_en(client, agenda):
    response = client.get("/en/verbanden/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    items = summary_items(html)
    assert "share the most measures" in items["pillar-pair"]
    assert "works on the most pillars" in items["ministry"]
    assert 'href="/en/maatregelen/?shared_pillars=' in items["pillar-pair"]
    assert "Legend" in html and "dashed line with arrow" in html


def test_a_bad_filter_is_a_400_naming_the_parameter(client, agenda):
    response = client.get("/verbanden/?pillar=9&ministry=XYZ")
    assert response.status_code == 400
    html = response.content.decode()
    assert "pillar:" in html and "ministry:" in html and "XYZ" in html
    assert 'class="explorer-matrix"' not in html


def test_the_measure_page_shows_its_network_two_steps_out(client, agenda):
    measure = (
        Measure.objects.published().filter(outgoing_links__kind="depends_on").distinct().first()
    )
    response = client.get(measure.get_absolute_url())
    html = response.content.decode()
    section = re.search(r'<section class="explorer-neighbourhood".*?</section>', html, re.S)
    assert section, "the measure page has no neighbourhood"
    svg = re.search(r'<svg class="explorer-graph".*?</svg>', section.group(0), re.S).group(0)
    assert f'data-code="{measure.code}"' in svg
    for link in measure.outgoing_links.filter(to_measure__in=Measure.objects.published()):
        assert f'data-code="{link.to_measure.code}"' in svg
    assert "css/explorer.css" in html.split("</head>")[0]


def test_the_measures_list_page_finds_as_many_as_each_number_says(client, agenda):
    """The same check as above, against the list page people actually land on."""
    html = client.get("/verbanden/?ministry=SZW,BZK").content.decode()
    links = re.findall(r'<a class="explorer-count" href="([^"]+)">(\d+)<', html)
    links += re.findall(
        r'<h3><a href="(/maatregelen/\?[^"]+)">[^<]+</a> <span class="explorer-route__count">\((\d+)',
        html,
    )
    assert len(links) > 10
    assert any("route_stage=" in url for url, _number in links)
    for url, number in links:
        listed = client.get(url.replace("&amp;", "&")).content.decode()
        found = re.search(r"(\d+) maatregel(?:en)? gevonden", listed)
        assert found and int(found.group(1)) == int(number), url
