"""The content file's corrections reach installs made before them, recorded as corrections."""

import pytest

from changelog.models import ChangeEvent
from measures.content_loader import agenda_content_load
from measures.models import LoadedContentItem, Measure
from measures.services import SYSTEM, measure_save
from pillars.models import Pillar

pytestmark = pytest.mark.django_db

OLD_TITLE = "Dubbele nationaliteit beperken tot de eerste generatie"


def _as_before_the_correction():
    """The state of an install loaded before the 6.8 correction: the old text, no record of it."""
    LoadedContentItem.objects.filter(kind="correction").delete()
    measure = Measure.objects.get(code="6.8")
    measure.title = OLD_TITLE
    measure_save(measure=measure, by=SYSTEM)
    Pillar.objects.filter(number=6).update(description="… beperkt tot de eerste generatie …")


def test_a_fresh_install_has_the_corrected_text_and_records_no_correction(agenda):
    assert agenda.created["correction"] == 2
    assert "beperk" not in Measure.objects.get(code="6.8").title.lower()
    assert not ChangeEvent.objects.filter(kind=ChangeEvent.Kind.CORRECTED).exists()


def test_an_older_install_gets_the_corrected_text_once_as_a_public_correction(agenda):
    _as_before_the_correction()
    agenda_content_load()

    measure = Measure.objects.get(code="6.8")
    assert measure.title != OLD_TITLE
    assert "beperkt tot de eerste generatie" not in Pillar.objects.get(number=6).description
    correction = ChangeEvent.objects.get(kind=ChangeEvent.Kind.CORRECTED)
    assert correction.code == "6.8"
    assert correction.changed_fields == ["title"]
    assert correction.reason.startswith("De eerdere tekst")
    assert correction.reason_en.startswith("The earlier text")
    assert measure.history.first().history_type == "~"

    # Once applied, an editor's later change is theirs: loading again does not undo it.
    Measure.objects.filter(code="6.8").update(title=OLD_TITLE)
    report = agenda_content_load()
    assert report.skipped["correction"] == 2
    assert Measure.objects.get(code="6.8").title == OLD_TITLE
    assert ChangeEvent.objects.filter(kind=ChangeEvent.Kind.CORRECTED).count() == 1
