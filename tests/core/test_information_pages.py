"""The pages a Dutch government site must have, in both languages, linked from every footer."""

import pytest

pytestmark = pytest.mark.django_db

PAGES = [
    ("/toegankelijkheid/", "Toegankelijkheidsverklaring", "Accessibility statement", "axe-core"),
    ("/privacy/", "Privacyverklaring", "Privacy statement", "IP-adres"),
    ("/contact/", "Contact", "Contact", "1400"),
    ("/over/", "Over deze site", "About this site", "19 637"),
]


@pytest.mark.parametrize(("path", "dutch", "english", "fact"), PAGES)
def test_information_page_exists_in_both_languages_and_is_in_every_footer(
    client, path, dutch, english, fact
):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"<h1>{dutch}</h1>" in html
    assert fact in html
    english_html = client.get("/en" + path).content.decode()
    assert f"<h1>{english}</h1>" in english_html
    for page, prefix in ((client.get("/maatregelen/").content.decode(), ""), (english_html, "/en")):
        footer = page[page.index('<footer class="site-footer">') :]
        assert f'href="{prefix}{path}"' in footer


def test_accessibility_statement_names_the_target_testing_limits_and_contact(client):
    html = client.get("/toegankelijkheid/").content.decode()
    assert "WCAG" in html and "2.1" in html and "AA" in html
    assert "Wat nog niet goed gaat" in html
    assert 'href="/contact/"' in html


def test_contact_page_shows_the_configured_address(client, settings):
    settings.SITE_CONTACT_EMAIL = "redactie@example.nl"
    assert 'href="mailto:redactie@example.nl"' in client.get("/contact/").content.decode()
