from urllib.parse import parse_qs, urlsplit

import pytest

from measures.filters import MeasureFilterSet
from measures.models import Measure, MeasureLink, Responsibility
from tests.factories import (
    GovernanceLevelFactory,
    MeasureFactory,
    MeasureLinkFactory,
    MinistryFactory,
    PillarFactory,
    ResponsibilityFactory,
    RouteStageFactory,
)


def list_count(url: str) -> int:
    """What the measures list counts for the filter in `url` (the shared FilterSet)."""
    parts = urlsplit(url)
    assert parts.path.endswith("/maatregelen/"), url
    data = {key: values for key, values in parse_qs(parts.query).items()}
    filterset = MeasureFilterSet(data=data, queryset=Measure.objects.published())
    assert filterset.is_valid(), filterset.errors
    return filterset.qs.count()


@pytest.fixture
def grow_agenda(db):
    """Adds `n` richly linked public measures (and one draft) each time it is called."""
    pillars = [PillarFactory(number=n) for n in range(1, 7)]
    ministries = [MinistryFactory(abbreviation=f"X{letter}") for letter in "ABC"]
    stages = [RouteStageFactory(position=10 + i) for i in range(3)]
    levels = [GovernanceLevelFactory(position=10 + i) for i in range(2)]
    made = []

    def grow(n: int):
        for _ in range(n):
            i = len(made)
            # Explicit codes: the factory's own sequence would run past x.999 in a long session.
            measure = MeasureFactory(
                pillar=pillars[i % 6], code=f"{i % 6 + 1}.{i + 1}", lead=ministries[i % 3]
            )
            ResponsibilityFactory(measure=measure, ministry=ministries[(i + 1) % 3])
            ResponsibilityFactory(
                measure=measure,
                ministry=ministries[(i + 2) % 3],
                role=Responsibility.Role.CONSULTED,
            )
            measure.other_pillars.add(pillars[(i + 1) % 6], pillars[(i + 3) % 6])
            measure.route_stages.add(stages[i % 3])
            measure.levels.add(levels[i % 2])
            if made:
                MeasureLinkFactory(
                    from_measure=measure, to_measure=made[-1], kind=MeasureLink.Kind.DEPENDS_ON
                )
                MeasureLinkFactory(
                    from_measure=made[0], to_measure=measure, kind=MeasureLink.Kind.RELATED
                )
            made.append(measure)
        draft = MeasureFactory(
            pillar=pillars[0], code=f"1.{500 + len(made)}", lead=ministries[0], is_published=False
        )
        MeasureLinkFactory(from_measure=draft, to_measure=made[0])
        return made

    return grow


@pytest.fixture(scope="module")
def shared_agenda(django_db_setup, django_db_blocker):
    """The real content, loaded once per module inside a transaction rolled back at its end.

    Each test's own transaction (the `db` fixture) nests as a savepoint inside this one, so a
    test's writes still disappear after it, and the suite stays fast: loading the content
    takes seconds, reading it milliseconds.
    """
    from django.db import transaction

    from measures.content_loader import agenda_content_load

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield agenda_content_load()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def agenda_content(shared_agenda, db):
    return shared_agenda
