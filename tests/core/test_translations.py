"""The English catalogue is complete, and the committed .mo is the compiled .po.

Compiling needs no gettext system package (`make translations` uses polib), so a fresh
machine serves English pages from the committed .mo; this test catches a .po edited without
recompiling.
"""

from pathlib import Path

import polib
import pytest
from django.conf import settings

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"


def entries(catalogue):
    return {
        (entry.msgctxt, entry.msgid, entry.msgid_plural): (
            entry.msgstr,
            tuple(sorted(entry.msgstr_plural.items())),
        )
        for entry in catalogue
        if not entry.obsolete and "fuzzy" not in entry.flags
    }


def test_every_english_interface_string_is_translated():
    po = polib.pofile(str(CATALOGUE / "django.po"))
    assert len(po) > 100
    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []


def test_the_committed_mo_matches_the_po(tmp_path):
    po = polib.pofile(str(CATALOGUE / "django.po"))
    compiled = tmp_path / "django.mo"
    po.save_as_mofile(str(compiled))
    committed = polib.mofile(str(CATALOGUE / "django.mo"))
    assert entries(committed) == entries(polib.mofile(str(compiled)))
    assert committed.metadata.get("Plural-Forms") == "nplurals=2; plural=(n != 1);"


@pytest.mark.django_db
def test_the_english_change_log_and_feed_speak_english(client):
    from tests.factories import MeasureFactory

    MeasureFactory()
    page = client.get("/en/wijzigingen/").content.decode()
    assert "Follow the changes" in page
    assert "Volg de wijzigingen" not in page
    feed = client.get("/en/wijzigingen/feed/").content.decode()
    assert "Integrated migration agenda: changes" in feed
    assert "Wat er veranderde" not in feed


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_the_dutch_gap_filling_catalogues_are_complete_and_compiled(domain, tmp_path):
    """locale/nl/ translates only what Django's admin and django-import-export leave English."""
    folder = Path(settings.BASE_DIR) / "locale" / "nl" / "LC_MESSAGES"
    po = polib.pofile(str(folder / f"{domain}.po"))
    assert po.untranslated_entries() == [] and po.fuzzy_entries() == []
    compiled = tmp_path / f"{domain}.mo"
    po.save_as_mofile(str(compiled))
    assert entries(polib.mofile(str(folder / f"{domain}.mo"))) == entries(
        polib.mofile(str(compiled))
    )
