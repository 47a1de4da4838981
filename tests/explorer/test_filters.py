"""The two filters the explorer added to MeasureFilterSet: ministry_role and shared_pillars."""

import pytest

from measures.filters import MeasureFilterSet
from measures.models import Measure, Responsibility
from tests.factories import MeasureFactory, MinistryFactory, PillarFactory, ResponsibilityFactory

pytestmark = pytest.mark.django_db


def codes(data) -> set[str]:
    filterset = MeasureFilterSet(data=data, queryset=Measure.objects.published())
    assert filterset.is_valid(), filterset.errors
    return {m.code for m in filterset.qs}


def errors(data) -> dict:
    filterset = MeasureFilterSet(data=data, queryset=Measure.objects.published())
    assert not filterset.is_valid()
    return filterset.errors


def test_ministry_role_narrows_ministry_to_that_role_of_the_same_ministry():
    jenv, bz = MinistryFactory(abbreviation="JenV"), MinistryFactory(abbreviation="BZ")
    jenv_leads = MeasureFactory(lead=jenv)
    bz_leads_jenv_co = MeasureFactory(lead=bz)
    ResponsibilityFactory(measure=bz_leads_jenv_co, ministry=jenv)

    assert codes({"ministry": "JenV"}) == {jenv_leads.code, bz_leads_jenv_co.code}
    assert codes({"ministry": "JenV", "ministry_role": "lead"}) == {jenv_leads.code}
    assert codes({"ministry": "jenv", "ministry_role": "co"}) == {bz_leads_jenv_co.code}
    # BZ leads the second measure, but JenV's role there is co: no mixing across ministries.
    assert codes({"ministry": "BZ", "ministry_role": "co"}) == set()
    assert codes({"ministry": "JenV", "ministry_role": "lead,co"}) == {
        jenv_leads.code,
        bz_leads_jenv_co.code,
    }


def test_ministry_role_alone_keeps_measures_where_some_ministry_has_that_role():
    consulted = MeasureFactory()
    ResponsibilityFactory(measure=consulted, role=Responsibility.Role.CONSULTED)
    MeasureFactory()
    assert codes({"ministry_role": "consulted"}) == {consulted.code}


def test_an_unknown_ministry_role_is_an_error_naming_the_parameter():
    assert "ministry_role" in errors({"ministry_role": "boss"})


def test_shared_pillars_needs_every_pillar_where_serves_pillar_needs_any():
    one, four, five = (PillarFactory(number=n) for n in (1, 4, 5))
    both = MeasureFactory(pillar=one)
    both.other_pillars.add(four)
    only_one = MeasureFactory(pillar=one)
    both_as_other_pillars = MeasureFactory(pillar=five)
    both_as_other_pillars.other_pillars.add(one, four)

    assert codes({"serves_pillar": "1,4"}) == {
        both.code,
        only_one.code,
        both_as_other_pillars.code,
    }
    assert codes({"shared_pillars": "1,4"}) == {both.code, both_as_other_pillars.code}
    assert codes({"shared_pillars": ["4", "1"]}) == {both.code, both_as_other_pillars.code}
    assert codes({"shared_pillars": "1,4,5"}) == {both_as_other_pillars.code}


def test_an_unknown_shared_pillar_is_an_error_naming_the_parameter():
    PillarFactory(number=1)
    assert "shared_pillars" in errors({"shared_pillars": "1,9"})
