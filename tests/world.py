"""The test suite's one world builder: every agenda a test starts from is made here.

- `build_world()`: a small, known agenda with every kind of neighbour (the pages, citations,
  the CSP checks); `add_measures(world, n)` adds n more fully linked public measures, for the
  query-count tests that compare two sizes.
- `build_api_world()`: the API's small agenda (three pillars and ministries, codes that sort as
  numbers, 4.10 after 4.2, and a draft); `bulk_measures(n)` adds many published measures
  quickly, for the API's query counts.
- `agenda_grower()`: adds n richly linked measures (and a draft) per call across six pillars and
  three ministries, for the explorer's matrices at two sizes.
- `build_import_reference_data()`: what the spreadsheet import tests' files refer to.
- `build_past_and_present()`: measures with a history, as they stood on `PAST` and as they are
  now, for `as_of`.
- The editorial roles: `ensure_editorial_groups()`, `editorial_member()` and `token_for()`.

The shipped content is loaded by the content loader itself (`agenda` in tests/conftest.py),
which also hands these worlds to tests as fixtures.
"""

import datetime
import importlib
from types import SimpleNamespace

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db.models import F
from django.utils import timezone
from rest_framework.authtoken.models import Token

from measures.models import Citation, Measure, MeasureLink, Responsibility, StatusChange
from measures.services import SYSTEM, measure_set_published, measure_set_status
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


def build_api_world() -> dict:
    """A small agenda: 3 pillars, 3 ministries, stages, levels and 6 measures (one a draft)."""
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


def agenda_grower():
    """A function that adds `n` richly linked public measures (and one draft) each call."""
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


def build_import_reference_data() -> None:
    """What the import files of tests/measures/import_files.py name: pillars 1, 2 and 4, the
    stages terugkeer and herkomst, the ministries JenV, BZ and SZW."""
    PillarFactory(number=1), PillarFactory(number=2), PillarFactory(number=4)
    RouteStageFactory(slug="terugkeer"), RouteStageFactory(slug="herkomst")
    (
        MinistryFactory(abbreviation="JenV"),
        MinistryFactory(abbreviation="BZ"),
        MinistryFactory(abbreviation="SZW"),
    )


PAST = timezone.localdate() - datetime.timedelta(days=30)


def backdate_everything_so_far():
    """Move the history written so far back to PAST, keeping its order."""
    shift = timezone.now() - timezone.make_aware(datetime.datetime.combine(PAST, datetime.time(12)))
    for model in (Measure, Responsibility, Citation, MeasureLink, StatusChange):
        model.history.update(history_date=F("history_date") - shift)


def build_past_and_present() -> Measure:
    """On PAST: "Oude titel" (lead OUD, pillars 4 and 2, a citation), "Later verwijderd", and
    a draft. Since: the title, lead and status changed, the second measure was deleted and the
    draft published. Returns the changed measure."""
    old_lead, new_lead = MinistryFactory(abbreviation="OUD"), MinistryFactory(abbreviation="NIEUW")
    changed = MeasureFactory(title="Oude titel", lead=old_lead, pillar=PillarFactory(number=4))
    changed.other_pillars.add(PillarFactory(number=2))
    CitationFactory(measure=changed, locator="p. 7")
    gone = MeasureFactory(title="Later verwijderd")
    later = MeasureFactory(title="Later gepubliceerd", is_published=False, lead=False)
    backdate_everything_so_far()

    changed.title = "Nieuwe titel"
    changed.save()
    changed.other_pillars.clear()
    changed.responsibilities.update(ministry=new_lead)  # no history: a queryset update
    lead = changed.responsibilities.get()
    lead.ministry = new_lead
    lead.save()
    measure_set_status(
        measure=changed, status=Measure.Status.IN_PROGRESS, reason="Begonnen.", by=SYSTEM
    )
    gone.delete()
    Responsibility.objects.create(measure=later, ministry=new_lead, role="lead")
    measure_set_published(measure=later, published=True, by=SYSTEM)
    return changed


EDITOR_GROUP, CHIEF_EDITOR_GROUP = "Redacteuren", "Hoofdredacteuren"


def ensure_editorial_groups() -> None:
    """The groups of the data migration; made again if a transactional test's flush (browser
    tests) removed them."""
    if Group.objects.filter(name__in=[EDITOR_GROUP, CHIEF_EDITOR_GROUP]).count() < 2:
        ContentType.objects.clear_cache()
        roles = importlib.import_module("measures.migrations.0005_editor_and_chief_editor_groups")
        roles.create_groups(apps, None)


EDITOR_PASSWORD = "geheim-wachtwoord-123"


def editorial_member(group_name: str | None, username: str, **extra):
    """A staff user in one of the editorial groups (none: a staff user without a group)."""
    ensure_editorial_groups()
    fields = {
        "password": EDITOR_PASSWORD,
        "is_staff": True,
        "email": f"{username}@example.org",
        "first_name": "Redacteur",
        "last_name": username.capitalize(),
        **extra,
    }
    user = get_user_model().objects.create_user(username=username, **fields)
    if group_name:
        user.groups.add(Group.objects.get(name=group_name))
    return user


def token_for(*permissions: str) -> str:
    """An API token of a new user holding exactly these permissions (codenames)."""
    users = get_user_model().objects
    user = users.create_user(username=f"user{users.count()}", password="x" * 12)
    for codename in permissions:
        user.user_permissions.add(Permission.objects.get(codename=codename))
    return Token.objects.create(user=user).key
