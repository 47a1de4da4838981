"""A small, known agenda for the page tests: a few measures with every kind of neighbour.

`build_world()` makes it; `add_measures(world, n)` adds n more fully linked public measures,
for the query-count tests that compare two sizes.
"""

import datetime
from types import SimpleNamespace

from django.utils import timezone

from measures.models import Measure, Responsibility
from tests.factories import (
    CitationFactory,
    GovernanceLevelFactory,
    MeasureFactory,
    MeasureLinkFactory,
    MinistryFactory,
    OfficialFactory,
    OrganisationFactory,
    PillarFactory,
    ResponsibilityFactory,
    RouteStageFactory,
    SourceFactory,
    StatusChangeFactory,
)


def build_world() -> SimpleNamespace:
    pillars = {
        number: PillarFactory(
            number=number,
            slug=f"pijler-{number}",
            title=f"Pijlertitel {number}",
            title_en=f"Pillar title {number}",
            summary=f"Samenvatting van pijler {number}.",
            summary_en=f"Summary of pillar {number}.",
        )
        for number in range(1, 7)
    }
    return_stage = RouteStageFactory(slug="terugkeer", name="Terugkeer", name_en="Return")
    origin = RouteStageFactory(slug="herkomst", name="Herkomst", name_en="Origin")
    national = GovernanceLevelFactory(slug="nationaal", name="Nationaal", name_en="National")
    eu = GovernanceLevelFactory(slug="eu", name="Europese Unie", name_en="European Union")
    szw = MinistryFactory(
        abbreviation="SZW",
        slug="szw",
        name="Ministerie van Sociale Zaken en Werkgelegenheid",
        name_en="Ministry of Social Affairs and Employment",
    )
    jenv = MinistryFactory(
        abbreviation="JenV",
        slug="jenv",
        name="Ministerie van Justitie en Veiligheid",
        name_en="Ministry of Justice and Security",
    )
    OfficialFactory(name="W. Koolmees", ministry=szw, portfolio="Inburgering")
    OfficialFactory(name="M. Harbers", ministry=jenv, role="staatssecretaris")
    ind = OrganisationFactory(
        slug="ind", name="Immigratie- en Naturalisatiedienst", abbreviation="IND"
    )
    kamerbrief = SourceFactory(
        slug="kamerbrief",
        title="Kamerbrief integrale migratieagenda",
        reference="Kamerstukken 19 637 en 30 573, nr. 2375",
        url="https://zoek.officielebekendmakingen.nl/kst-19637-2375.html",
        date=datetime.date(2018, 3, 29),
    )

    returns = MeasureFactory(
        code="4.1",
        slug="snellere-terugkeer",
        title="Snellere terugkeer van afgewezen asielzoekers",
        summary="Wie geen recht op verblijf heeft, keert sneller terug.",
        description="Een langere toelichting over terugkeer.",
        pillar=pillars[4],
        status=Measure.Status.IN_PROGRESS,
        lead=jenv,
    )
    returns.other_pillars.add(pillars[1])
    returns.route_stages.add(return_stage)
    returns.levels.add(national)
    returns.organisations.add(ind)
    ResponsibilityFactory(measure=returns, ministry=szw, role=Responsibility.Role.CONSULTED)
    CitationFactory(measure=returns, source=kamerbrief, locator="pijler 4, p. 12")
    StatusChangeFactory(
        measure=returns,
        status=Measure.Status.IN_PROGRESS,
        date=datetime.date(2019, 10, 14),
        reason="De uitvoering is begonnen.",
    )

    work = MeasureFactory(
        code="6.1",
        slug="inburgering-met-werk",
        title="Inburgering met werk",
        summary="Statushouders doen sneller mee door werk.",
        pillar=pillars[6],
        status=Measure.Status.ANNOUNCED,
        lead=szw,
    )
    work.other_pillars.add(pillars[5])
    work.levels.add(eu)
    CitationFactory(measure=work, source=kamerbrief, locator="pijler 6")

    labour = MeasureFactory(
        code="5.1",
        slug="arbeidsmigratie",
        title="Gerichte arbeidsmigratie",
        summary="Legale routes voor werk.",
        pillar=pillars[5],
        status=Measure.Status.DONE,
        lead=szw,
    )
    labour.route_stages.add(origin)

    draft = MeasureFactory(
        code="4.2",
        slug="geheime-conceptmaatregel",
        title="Geheime conceptmaatregel",
        pillar=pillars[4],
        is_published=False,
        lead=szw,
    )
    embargoed = MeasureFactory(
        code="4.3",
        slug="maatregel-onder-embargo",
        title="Maatregel onder embargo",
        pillar=pillars[4],
        embargo_until=timezone.now() + datetime.timedelta(days=7),
        lead=szw,
    )
    MeasureLinkFactory(from_measure=returns, to_measure=work, kind="supports", note="Werk helpt.")
    MeasureLinkFactory(from_measure=work, to_measure=labour, kind="depends_on")
    MeasureLinkFactory(from_measure=returns, to_measure=draft, kind="related")
    MeasureLinkFactory(from_measure=embargoed, to_measure=returns, kind="supports")
    return SimpleNamespace(**locals())


def add_measures(world: SimpleNamespace, count: int) -> list[Measure]:
    """`count` more public measures under pillar 4, each with every relation a page shows."""
    made = []
    start = 100 + Measure.objects.count()
    for index in range(count):
        measure = MeasureFactory(code=f"4.{start + index}", pillar=world.pillars[4], lead=world.szw)
        measure.other_pillars.add(world.pillars[2])
        measure.route_stages.add(world.return_stage, world.origin)
        measure.levels.add(world.national)
        measure.organisations.add(world.ind)
        ResponsibilityFactory(measure=measure, ministry=world.jenv)
        CitationFactory(measure=measure, source=world.kamerbrief)
        MeasureLinkFactory(from_measure=measure, to_measure=world.returns)
        MeasureLinkFactory(from_measure=world.work, to_measure=measure, kind="related")
        made.append(measure)
    return made
