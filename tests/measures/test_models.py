import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from measures.models import Measure, MeasureLink, Responsibility, StatusChange
from tests.factories import MeasureFactory, MeasureLinkFactory, MinistryFactory, PillarFactory

pytestmark = pytest.mark.django_db


def test_a_second_lead_ministry_is_refused_by_the_database():
    measure = MeasureFactory()
    with (
        pytest.raises(IntegrityError, match="responsibility_one_lead_per_measure"),
        transaction.atomic(),
    ):
        Responsibility.objects.create(
            measure=measure, ministry=MinistryFactory(), role=Responsibility.Role.LEAD
        )


def test_a_second_lead_is_explained_by_validation_before_saving():
    measure = MeasureFactory()
    second = Responsibility(
        measure=measure, ministry=MinistryFactory(), role=Responsibility.Role.LEAD
    )
    with pytest.raises(ValidationError, match="precies één eerstverantwoordelijk"):
        second.full_clean()


def test_a_published_measure_without_lead_is_refused_at_commit():
    with pytest.raises(IntegrityError, match="measure_published_has_lead"), transaction.atomic():
        MeasureFactory(lead=False, is_published=True)
        # The check is deferred to the end of the transaction; ask for it now.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_removing_the_lead_of_a_published_measure_is_refused():
    measure = MeasureFactory()
    with pytest.raises(IntegrityError, match="measure_published_has_lead"), transaction.atomic():
        measure.responsibilities.all().delete()
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_a_draft_may_wait_for_its_lead_ministry():
    with transaction.atomic():
        draft = MeasureFactory(lead=False, is_published=False)
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    assert draft.lead_ministry is None


def test_a_link_from_a_measure_to_itself_is_refused():
    measure = MeasureFactory()
    with pytest.raises(IntegrityError, match="measurelink_not_to_itself"), transaction.atomic():
        MeasureLink.objects.create(
            from_measure=measure, to_measure=measure, kind=MeasureLink.Kind.RELATED
        )


def test_a_duplicate_link_is_refused():
    link = MeasureLinkFactory()
    with pytest.raises(IntegrityError, match="measurelink_unique"), transaction.atomic():
        MeasureLink.objects.create(
            from_measure=link.from_measure, to_measure=link.to_measure, kind=link.kind
        )


def test_a_duplicate_code_is_refused():
    measure = MeasureFactory()
    with pytest.raises(IntegrityError, match="measures_measure_code"), transaction.atomic():
        MeasureFactory(code=measure.code, pillar=measure.pillar)


def test_a_malformed_code_is_refused_with_the_rule_named():
    with pytest.raises(IntegrityError, match="measure_code_format"), transaction.atomic():
        MeasureFactory(code="pijler-4")


def test_an_unknown_status_is_refused():
    with pytest.raises(IntegrityError, match="measure_status_valid"), transaction.atomic():
        MeasureFactory(status="bijna-klaar")


def test_pillar_numbers_stay_between_one_and_six():
    with pytest.raises(IntegrityError, match="pillar_number_between_1_and_6"), transaction.atomic():
        PillarFactory(number=7)


def test_ministry_abbreviations_are_unique_whatever_the_case():
    MinistryFactory(abbreviation="JenV")
    with pytest.raises(IntegrityError, match="ministry_abbreviation_unique"), transaction.atomic():
        MinistryFactory(abbreviation="JENV")


def test_a_status_change_needs_a_public_reason():
    measure = MeasureFactory()
    with pytest.raises(IntegrityError, match="statuschange_has_reason"), transaction.atomic():
        StatusChange.objects.create(measure=measure, status="done", date="2019-01-01", reason="")


def test_codes_sort_by_number_not_by_text():
    pillar = PillarFactory(number=4)
    for code in ["4.10", "4.2", "4.1"]:
        MeasureFactory(code=code, pillar=pillar)
    assert list(Measure.objects.values_list("code", flat=True)) == ["4.1", "4.2", "4.10"]


def test_published_hides_drafts_and_measures_under_embargo():
    from datetime import timedelta

    from django.utils import timezone

    public = MeasureFactory()
    MeasureFactory(is_published=False)
    MeasureFactory(embargo_until=timezone.now() + timedelta(days=1))
    past_embargo = MeasureFactory(embargo_until=timezone.now() - timedelta(days=1))
    assert set(Measure.objects.published()) == {public, past_embargo}


def test_for_list_bundles_the_lead_ministry_in_a_fixed_number_of_queries(django_assert_num_queries):
    for _ in range(5):
        MeasureFactory()
    with django_assert_num_queries(4):  # measures+pillar, other pillars, route stages, leads
        leads = [measure.lead_ministry for measure in Measure.objects.for_list()]
    assert all(leads)
