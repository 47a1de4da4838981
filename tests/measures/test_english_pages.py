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
    # Wherever the Dutch title is still quoted, it is marked as Dutch.
    assert {lang for data, lang in texts(response) if measure.title in data} <= {"nl"}


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


def dutch_texts():
    """The content's Dutch texts that have an English counterpart or stand for themselves."""
    from measures.models import MeasureLink, Ministry, Source, StatusChange

    texts = set()
    for measure in Measure.objects.published():
        texts |= {measure.title, measure.summary}
    for pillar in Pillar.objects.all():
        texts |= {pillar.title, pillar.summary}
    texts |= {link.note for link in MeasureLink.objects.all() if link.note}
    texts |= {step.reason for step in StatusChange.objects.all()}
    texts |= {source.title for source in Source.objects.all()}
    texts |= {ministry.name for ministry in Ministry.objects.all()}
    english = " ".join(
        " ".join(value.split())
        for model, fields in (
            (Measure, ("title_en", "summary_en", "description_en")),
            (Pillar, ("title_en", "summary_en", "description_en")),
            (MeasureLink, ("note_en",)),
            (StatusChange, ("reason_en",)),
        )
        for row in model.objects.values_list(*fields)
        for value in row
    )
    # A phrase long enough to be the text and not a word it shares with English; names that
    # the English text itself quotes (Wet inburgering 2021) are English text's business.
    phrases = {" ".join(text.split())[:40] for text in texts if len(text) > 12}
    return {phrase for phrase in phrases if phrase not in english}


def test_no_english_page_shows_dutch_content_unmarked(client, agenda):
    from measures.models import Ministry

    paths = ["/en/", "/en/maatregelen/", "/en/maatregelen/?page=2", "/en/ministeries/"]
    paths += ["/en/verbanden/", "/en/wijzigingen/", "/en/wijzigingen/?page=2"]
    paths += [f"/en{pillar.get_absolute_url()}" for pillar in Pillar.objects.all()]
    paths += [f"/en{ministry.get_absolute_url()}" for ministry in Ministry.objects.all()]
    paths += [f"/en{m.get_absolute_url()}" for m in Measure.objects.published()]
    paths += [
        "/en/maatregelen/?as_of=2019-10-14",
        f"/en{Measure.objects.get(code='4.7').get_absolute_url()}?as_of=2019-10-14",
    ]
    dutch = dutch_texts()
    unmarked = set()
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        for data, lang in texts(response):
            if lang != "nl":
                unmarked |= {(path, text) for text in dutch if text in data}
    assert not unmarked, "\n".join(f"{p}: {t}" for p, t in sorted(unmarked))


def test_english_pages_that_show_dutch_say_so(client, agenda):
    from measures.models import Ministry

    paths = ["/en/", "/en/maatregelen/", "/en/ministeries/", "/en/verbanden/", "/en/wijzigingen/"]
    paths += [f"/en{pillar.get_absolute_url()}" for pillar in Pillar.objects.all()]
    paths += [f"/en{ministry.get_absolute_url()}" for ministry in Ministry.objects.all()]
    paths += [f"/en{m.get_absolute_url()}" for m in Measure.objects.published()[:10]]
    silent = []
    for path in paths:
        response = client.get(path)
        dutch = [data for data, lang in texts(response) if lang == "nl" and data]
        # The language switch names Nederlands in Dutch: a name, not content.
        dutch = [data for data in dutch if data != "Nederlands"]
        if dutch and "only-in-dutch" not in response.content.decode():
            silent.append((path, dutch[:3]))
    assert not silent, silent
