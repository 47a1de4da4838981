"""English pages show English content where there is some, and mark Dutch text as Dutch."""

from html.parser import HTMLParser

import pytest

from measures.models import Measure
from pillars.models import Pillar

pytestmark = pytest.mark.django_db

NOTICE_EN = "Only available in Dutch"


class _Texts(HTMLParser):
    """Each text in the page's body with the lang of its nearest element that declares one."""

    def __init__(self):
        super().__init__()
        self.stack = []
        self.texts = []

    def handle_starttag(self, tag, attrs):
        if tag in ("br", "img", "input", "link", "meta", "hr", "source"):
            return
        self.stack.append((tag, dict(attrs).get("lang")))

    def handle_endtag(self, tag):
        if tag not in ("br", "img", "input", "link", "meta", "hr", "source") and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if any(tag == "head" for tag, _ in self.stack):
            return  # the document title is the browser's, not the page's content
        langs = [lang for _, lang in self.stack if lang]
        self.texts.append((" ".join(data.split()), langs[-1] if langs else None))


def texts(response):
    parser = _Texts()
    parser.feed(response.content.decode())
    return parser.texts


def lang_of(response, text):
    found = [lang for data, lang in texts(response) if text in data]
    assert found, f"{text!r} not on the page"
    return found[0]


def test_an_english_measure_page_shows_the_english_text(client, agenda):
    measure = Measure.objects.get(code="1.4")
    response = client.get(f"/en{measure.get_absolute_url()}")
    assert response.status_code == 200
    assert lang_of(response, measure.title_en) == "en"
    assert lang_of(response, measure.summary_en) == "en"
    assert NOTICE_EN not in response.content.decode()
    # The Dutch title stays where it is quoted (the citation), marked as Dutch.
    assert {lang for data, lang in texts(response) if measure.title in data} == {"nl"}


def test_without_english_text_the_dutch_is_marked_and_a_notice_says_so(client, agenda):
    Measure.objects.filter(code="1.4").update(title_en="", summary_en="", description_en="")
    measure = Measure.objects.get(code="1.4")
    page = client.get(f"/en{measure.get_absolute_url()}")
    assert lang_of(page, measure.title) == "nl"
    assert lang_of(page, measure.summary) == "nl"
    assert NOTICE_EN in page.content.decode()
    listing = client.get("/en/maatregelen/", {"pillar": 1})
    assert lang_of(listing, measure.title) == "nl"
    # The same page in Dutch needs no notice.
    assert "alleen in het Nederlands" not in client.get(measure.get_absolute_url()).content.decode()


def test_a_pillar_page_in_english_shows_its_english_description(client, agenda):
    pillar = Pillar.objects.get(number=6)
    response = client.get(f"/en{pillar.get_absolute_url()}")
    first_line = pillar.description_en.split("\n")[0].strip()
    assert lang_of(response, " ".join(first_line.split()[:6])) == "en"
