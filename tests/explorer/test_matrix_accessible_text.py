"""What a screen reader hears in the explorer's matrices: the pillar number, the right plural,
and in English role keys that match the role names."""

import re

import pytest

pytestmark = pytest.mark.django_db


def hidden_texts(html):
    return re.findall(r'<span class="explorer-sr"> ([^<]+)</span>', html)


def test_matrix_cells_name_their_pillar_and_use_singular_for_one(client, agenda):
    html = client.get("/verbanden/").content.decode()
    texts = hidden_texts(html)
    assert texts
    assert not any("pijler  " in text for text in texts)
    assert "maatregelen van pijler 1 met BHOS" in texts
    counts = re.findall(
        r'class="explorer-count" href="[^"]*">(\d+)<span class="explorer-sr"> (\w+)', html
    )
    assert counts
    for count, noun in counts:
        assert noun == ("maatregel" if count == "1" else "maatregelen"), (count, noun)
    assert any(noun == "maatregel" for count, noun in counts)


def test_english_role_keys_match_the_role_names(client, agenda):
    html = client.get("/en/verbanden/").content.decode()
    assert '<span aria-hidden="true">i</span>' not in html
    assert '<span aria-hidden="true">con</span><span class="explorer-sr">consulted:</span>' in html
    assert "con = consulted" in html
    assert "measures of pillar 1 with BHOS" in hidden_texts(html)
