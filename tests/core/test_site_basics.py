"""What every public page and the site's root files tell browsers and crawlers."""

import re
import xml.etree.ElementTree as ET

import pytest

from tests.world import build_world

pytestmark = pytest.mark.django_db

SITEMAP_NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "x": "http://www.w3.org/1999/xhtml",
}


@pytest.fixture
def world():
    return build_world()


def test_robots_txt_allows_all_but_the_admin_and_points_at_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "User-agent: *\nAllow: /\n" in text
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


def test_favicon_ico_leads_to_a_real_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("icons/favicon.ico")
    html = client.get("/").content.decode()
    assert 'rel="icon"' in html and "favicon.svg" in html
    assert 'rel="apple-touch-icon"' in html


def test_sitemap_lists_public_pages_in_both_languages_with_lastmod(client, world):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    urls = root.findall("s:url", SITEMAP_NS)
    locations = {url.find("s:loc", SITEMAP_NS).text for url in urls}
    for path in [
        "/",
        "/maatregelen/",
        "/maatregelen/snellere-terugkeer/",
        "/pijlers/pijler-4/",
        "/ministeries/jenv/",
        "/verbanden/",
        "/wijzigingen/",
        "/toegankelijkheid/",
        "/privacy/",
        "/contact/",
        "/over/",
    ]:
        assert f"http://testserver{path}" in locations
        assert f"http://testserver/en{path}" in locations
    # Drafts and embargoed measures stay out: the rule is Measure.objects.published().
    assert not any("geheime-conceptmaatregel" in loc or "embargo" in loc for loc in locations)
    measure = next(
        url for url in urls if url.find("s:loc", SITEMAP_NS).text.endswith("/snellere-terugkeer/")
    )
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", measure.find("s:lastmod", SITEMAP_NS).text)
    hreflangs = {link.get("hreflang") for link in measure.findall("x:link", SITEMAP_NS)}
    assert hreflangs == {"nl", "en", "x-default"}


def test_sitemap_and_hreflang_use_the_configured_canonical_origin(client, world, settings):
    settings.SITE_CANONICAL_ORIGIN = "https://migratieagenda.example.nl"
    assert (
        b"<loc>https://migratieagenda.example.nl/over/</loc>" in client.get("/sitemap.xml").content
    )
    html = client.get("/maatregelen/snellere-terugkeer/").content.decode()
    assert (
        '<link rel="alternate" hreflang="en" '
        'href="https://migratieagenda.example.nl/en/maatregelen/snellere-terugkeer/">'
    ) in html


@pytest.mark.parametrize("path", ["/", "/wijzigingen/", "/en/maatregelen/", "/over/"])
def test_every_page_head_has_absolute_hreflang_x_default_and_the_site_feed(client, world, path):
    html = client.get(path).content.decode()
    head = html[: html.index("</head>")]
    dutch = path.removeprefix("/en")
    assert f'hreflang="nl" href="http://testserver{dutch}"' in head
    assert f'hreflang="en" href="http://testserver/en{dutch}"' in head
    assert f'hreflang="x-default" href="http://testserver{dutch}"' in head
    assert re.search(
        r'<link rel="alternate" type="application/atom\+xml" href="(/en)?/wijzigingen/feed/"', head
    )


def test_each_page_type_has_its_own_meta_description(client, world):
    paths = [
        "/",
        "/pijlers/pijler-4/",
        "/maatregelen/",
        "/maatregelen/snellere-terugkeer/",
        "/ministeries/",
        "/ministeries/jenv/",
        "/verbanden/",
        "/wijzigingen/",
        "/over/",
        "/toegankelijkheid/",
        "/privacy/",
        "/contact/",
    ]
    descriptions = {}
    for path in paths:
        html = client.get(path).content.decode()
        descriptions[path] = re.search(r'<meta name="description" content="([^"]*)">', html)[1]
    assert len(set(descriptions.values())) == len(paths), descriptions
    assert descriptions["/pijlers/pijler-4/"] == "Samenvatting van pijler 4."
    assert descriptions["/maatregelen/snellere-terugkeer/"] == world.returns.summary
