"""The templates stay ready for a strict Content-Security-Policy: no inline script, style
attribute or event handler, and nothing loaded from another host."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from tests.world import build_world

TEMPLATES = sorted((Path(settings.BASE_DIR) / "templates").rglob("*.html"))
FORBIDDEN = [
    (re.compile(r"<script(?![^>]*\bsrc=)", re.I), "inline <script>"),
    (re.compile(r"\sstyle\s*=", re.I), "style= attribute"),
    (re.compile(r"<style", re.I), "<style> element"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "inline event handler"),
    (
        re.compile(r"""(?:src|href)=["']?(?:https?:)?//(?!\{\{)""", re.I),
        "resource from another host",
    ),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def violations(text):
    return [label for pattern, label in FORBIDDEN if pattern.search(text)]


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: path.name)
def test_templates_have_nothing_a_strict_csp_would_block(template):
    assert violations(template.read_text(encoding="utf-8")) == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/pijlers/pijler-4/",
        "/maatregelen/",
        "/maatregelen/snellere-terugkeer/",
        "/ministeries/",
        "/ministeries/szw/",
        "/en/maatregelen/?status=onzin",
        "/bestaat-niet/",
    ],
)
def test_rendered_pages_have_nothing_a_strict_csp_would_block(client, path):
    build_world()
    html = client.get(path).content.decode()
    # Links to the content's own sources (the Kamerbrief) go to other hosts by design.
    html = html.replace('href="https://zoek.officielebekendmakingen.nl/kst-19637-2375.html"', "")
    # The permanent link is absolute, but to this very site.
    html = html.replace('href="http://testserver/', 'href="/')
    assert violations(html) == []
