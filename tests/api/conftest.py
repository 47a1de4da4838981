import pytest
from django.contrib.auth.models import Permission, User
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from measures.models import Citation, Measure, Responsibility
from tests.factories import (
    CitationFactory,
    GovernanceLevelFactory,
    MeasureFactory,
    MeasureLinkFactory,
    MinistryFactory,
    OrganisationFactory,
    PillarFactory,
    ResponsibilityFactory,
    RouteStageFactory,
    SourceFactory,
)


@pytest.fixture
def api():
    return APIClient()


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def world(db):
    """A small agenda: 3 pillars, 3 ministries, stages, levels and 8 measures."""
    pillars = {n: PillarFactory(number=n) for n in (1, 3, 4)}
    jenv = MinistryFactory(abbreviation="JenV", name="Justitie en Veiligheid", slug="jenv")
    bz = MinistryFactory(abbreviation="BZ", name="Buitenlandse Zaken", slug="bz")
    szw = MinistryFactory(abbreviation="SZW", name="Sociale Zaken", slug="szw")
    terugkeer = RouteStageFactory(slug="terugkeer", name="Terugkeer")
    herkomst = RouteStageFactory(slug="herkomst", name="Herkomst")
    eu = GovernanceLevelFactory(slug="eu", name="Europese Unie")
    nationaal = GovernanceLevelFactory(slug="nationaal", name="Nationaal")
    ind = OrganisationFactory(slug="ind", name="IND")
    m = {}
    m["4.1"] = MeasureFactory(
        code="4.1",
        slug="terugkeer-intensiveren",
        title="Terugkeer intensiveren",
        pillar=pillars[4],
        lead=jenv,
        status="in_progress",
    )
    m["4.2"] = MeasureFactory(
        code="4.2",
        slug="landenaanpak",
        title="Landenaanpak",
        pillar=pillars[4],
        lead=bz,
        status="announced",
    )
    m["4.10"] = MeasureFactory(
        code="4.10",
        slug="lvv",
        title="Landelijke vreemdelingenvoorzieningen",
        pillar=pillars[4],
        lead=jenv,
        status="done",
    )
    m["1.1"] = MeasureFactory(
        code="1.1",
        slug="grondoorzaken",
        title="Grondoorzaken aanpakken",
        pillar=pillars[1],
        lead=bz,
        status="in_progress",
    )
    m["3.1"] = MeasureFactory(
        code="3.1",
        slug="asielstelsel",
        title="Europees asielstelsel",
        pillar=pillars[3],
        lead=jenv,
        status="in_preparation",
    )
    m["3.2"] = MeasureFactory(
        code="3.2",
        slug="verborgen",
        title="Concept",
        pillar=pillars[3],
        lead=jenv,
        is_published=False,
    )
    m["4.1"].route_stages.add(terugkeer)
    m["4.2"].route_stages.add(terugkeer, herkomst)
    m["1.1"].route_stages.add(herkomst)
    m["4.1"].levels.add(nationaal)
    m["3.1"].levels.add(eu)
    m["4.1"].organisations.add(ind)
    m["1.1"].other_pillars.add(pillars[4])
    ResponsibilityFactory(measure=m["4.2"], ministry=jenv, role=Responsibility.Role.CO_RESPONSIBLE)
    ResponsibilityFactory(measure=m["1.1"], ministry=szw, role=Responsibility.Role.CONSULTED)
    CitationFactory(measure=m["4.1"], locator="p. 4")
    MeasureLinkFactory(from_measure=m["4.1"], to_measure=m["4.2"], kind="supports")
    MeasureLinkFactory(from_measure=m["3.2"], to_measure=m["4.1"], kind="related")
    return {"pillars": pillars, "measures": m, "jenv": jenv, "bz": bz, "szw": szw}


def token_for(*permissions: str) -> str:
    user = User.objects.create_user(username=f"user{User.objects.count()}", password="x" * 12)
    for codename in permissions:
        user.user_permissions.add(Permission.objects.get(codename=codename))
    return Token.objects.create(user=user).key


@pytest.fixture
def editor_token(db):
    # A chief editor: may also publish (a Redacteur may not: tests/measures/test_write_rules.py).
    return token_for("add_measure", "change_measure", "delete_measure", "publish_measure")


@pytest.fixture
def reader_token(db):
    return token_for()


def bulk_measures(count: int, pillar_number: int = 2) -> list[Measure]:
    """Many published measures, each with a lead ministry, a stage, a level and a citation."""
    pillar = PillarFactory(number=pillar_number)
    lead, co = MinistryFactory(), MinistryFactory()
    stage, level = RouteStageFactory(), GovernanceLevelFactory()
    source = SourceFactory()
    measures = Measure.objects.bulk_create(
        Measure(
            code=f"{pillar_number}.{n}",
            slug=f"bulk-{pillar_number}-{n}",
            title=f"Maatregel {n}",
            summary="Samenvatting.",
            pillar=pillar,
            is_published=True,
        )
        for n in range(1, count + 1)
    )
    Responsibility.objects.bulk_create(
        [Responsibility(measure=m, ministry=lead, role="lead") for m in measures]
        + [Responsibility(measure=m, ministry=co, role="co") for m in measures]
    )
    Measure.route_stages.through.objects.bulk_create(
        Measure.route_stages.through(measure=m, routestage=stage) for m in measures
    )
    Measure.levels.through.objects.bulk_create(
        Measure.levels.through(measure=m, governancelevel=level) for m in measures
    )
    Citation.objects.bulk_create(
        Citation(measure=m, source=source, locator="p. 1") for m in measures
    )
    return measures
