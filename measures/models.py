from dataclasses import dataclass

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchRank, SearchVectorField
from django.db import models
from django.db.models import Prefetch, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.mixins import BilingualNameMixin
from measures.codes import CODE_MESSAGE, CODE_REGEX, code_order_expression, is_measure_code
from measures.search import Headline, Matches, measure_search_query, search_words
from measures.visibility import is_public, public_q
from pillars.models import GovernanceLevel, Pillar, RouteStage


class Ministry(BilingualNameMixin, models.Model):
    abbreviation = models.CharField(
        _("afkorting"),
        max_length=12,
        help_text=_(
            "De gangbare afkorting (JenV, BZ, BHOS, SZW, BZK); uniek, ongeacht hoofdletters."
        ),
    )
    slug = models.SlugField(
        _("slug"), unique=True, help_text=_("Het laatste deel van de vaste link.")
    )
    name = models.CharField(_("naam"), max_length=200)
    name_en = models.CharField(_("naam (Engels)"), max_length=200, blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("ministerie")
        verbose_name_plural = _("ministeries")
        constraints = [
            models.UniqueConstraint(
                Lower("abbreviation"),
                name="ministry_abbreviation_unique",
                violation_error_message=_("Er bestaat al een ministerie met deze afkorting."),
            ),
        ]

    def __str__(self) -> str:
        return self.abbreviation

    def get_absolute_url(self) -> str:
        return reverse("measures:ministry-detail", kwargs={"slug": self.slug})


class Official(models.Model):
    """A bewindspersoon: a minister or state secretary who answers for the agenda."""

    class Role(models.TextChoices):
        MINISTER = "minister", _("minister")
        STATE_SECRETARY = "staatssecretaris", _("staatssecretaris")

    name = models.CharField(_("naam"), max_length=120)
    role = models.CharField(_("functie"), max_length=20, choices=Role.choices)
    portfolio = models.CharField(
        _("portefeuille"),
        max_length=200,
        blank=True,
        help_text=_("Waarvoor deze bewindspersoon verantwoordelijk is."),
    )
    ministry = models.ForeignKey(
        Ministry, on_delete=models.PROTECT, related_name="officials", verbose_name=_("ministerie")
    )

    class Meta:
        ordering = ["ministry__name", "name"]
        verbose_name = _("bewindspersoon")
        verbose_name_plural = _("bewindspersonen")
        constraints = [
            models.UniqueConstraint(
                fields=["name", "ministry"], name="official_unique_per_ministry"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()}, {self.ministry.abbreviation})"


class Organisation(models.Model):
    """Another actor: an agency, an international organisation, municipalities, civil society."""

    class Kind(models.TextChoices):
        AGENCY = "agency", _("uitvoeringsorganisatie")
        INTERNATIONAL = "international", _("internationale organisatie")
        EU = "eu", _("Europese Unie")
        MUNICIPAL = "municipal", _("gemeenten")
        CIVIL_SOCIETY = "civil_society", _("maatschappelijke organisatie")
        RESEARCH = "research", _("onderzoek")

    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("naam"), max_length=200)
    abbreviation = models.CharField(_("afkorting"), max_length=20, blank=True)
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")

    def __str__(self) -> str:
        return self.abbreviation or self.name


class Source(BilingualNameMixin, models.Model):
    """A document the agenda's measures come from: a Kamerbrief, the coalition agreement, a law."""

    class Kind(models.TextChoices):
        KAMERBRIEF = "kamerbrief", _("Kamerbrief")
        COALITION_AGREEMENT = "coalition_agreement", _("regeerakkoord")
        LAW = "law", _("wet")
        EU_ACT = "eu_act", _("EU-besluit")
        POLICY_NOTE = "policy_note", _("beleidsnota")
        PRESS_RELEASE = "press_release", _("persbericht")
        PARLIAMENTARY = "parliamentary", _("parlementair stuk")
        RESEARCH = "research", _("onderzoek")
        WEBPAGE = "webpage", _("webpagina")
        INTERNATIONAL = "international", _("internationale afspraak")

    slug = models.SlugField(_("slug"), unique=True, max_length=100)
    title = models.CharField(_("titel"), max_length=300)
    title_en = models.CharField(
        _("titel (Engels)"),
        max_length=300,
        blank=True,
        help_text=_("Alleen een officiële Engelse titel; leeg: de Nederlandse titel."),
    )
    kind = models.CharField(_("soort"), max_length=30, choices=Kind.choices)
    date = models.DateField(_("datum"), null=True, blank=True)
    reference = models.CharField(
        _("officiële aanduiding"),
        max_length=200,
        blank=True,
        help_text=_("Bijvoorbeeld het Kamerstuknummer: 'Kamerstukken 19 637 en 30 573, nr. 2375'."),
    )
    url = models.URLField(_("internetadres"), blank=True, max_length=500)
    note = models.TextField(
        _("toelichting"), blank=True, help_text=_("Bijvoorbeeld hoe zeker de datum is.")
    )

    class Meta:
        ordering = ["-date", "title"]
        verbose_name = _("bron")
        verbose_name_plural = _("bronnen")

    def __str__(self) -> str:
        return self.title


# ts_rank's weights for the labels D, C, B, A: names, description, summary, title.
SEARCH_WEIGHTS = [0.1, 0.2, 0.4, 1.0]


# Ranking reads each match's search document (kilobytes); over a large match set that was most
# of a search's cost. So only the first RANKED_MATCHES matches in code order are ranked (a code
# typed as the search text always is), and any matches after them follow by code. Up to that
# many matches (the real agenda has about fifty measures) it is exactly best match first.
RANKED_MATCHES = 500


class AnyOf(models.Func):
    """`column = ANY(ARRAY(subquery))`: the array is computed once, and PostgreSQL looks its
    few values up by the column's index instead of collecting every match of the search (or,
    under an OR, running an `IN` subquery for every row of the table)."""

    output_field = models.BooleanField()

    def __init__(self, column, subquery):
        super().__init__(column, ArraySubquery(subquery))

    def as_sql(self, compiler, connection, **extra_context):
        column, array = self.get_source_expressions()
        column_sql, column_params = compiler.compile(column)
        array_sql, array_params = compiler.compile(array)
        return f"({column_sql} = ANY({array_sql}))", [*column_params, *array_params]


@dataclass(frozen=True)
class _RankedSearch:
    candidates: models.QuerySet  # the ranked matches' ids
    counted: models.QuerySet  # every match, in the form that counts fast
    conditions: int  # the WHERE's conditions when search() returned
    order: tuple


class MeasureQuerySet(models.QuerySet):
    """The query vocabulary for measures; pages, API and admin use these, not ad-hoc filters."""

    # search()'s ranked candidates, with the query's shape when it returned (see __getitem__).
    _ranked = None

    def _clone(self):
        clone = super()._clone()
        clone._ranked = self._ranked
        return clone

    def published(self, at=None):
        """Public measures at `at` (default now; never later than now): measures.visibility."""
        return self.filter(public_q(at))

    def search(self, text, vector: str = "search_vector"):
        """Measures matching every word of `text` (Dutch full-text), best match first.

        Annotates `rank` and orders by rank, then code: the first RANKED_MATCHES matches in code
        order are ranked, later ones have rank 0 (see above). Apply it after the other filters.
        Text without words (empty, blanks, only punctuation) is no search: the queryset comes
        back unchanged. See measures/search.py. `vector` names another search document to match
        (the text of a past day: as_of).
        """
        words = search_words(text)
        query = measure_search_query(words, once=False)
        if query is None:
            return self
        # Matching in the form PostgreSQL can plan by (measures/search.py): it reads a common
        # word's first matches along the code index, a rare word's through the GIN index.
        matches = Q(Matches(models.F(vector), query))
        # ... and, to count them all, in the form that has it use the GIN index's bitmap.
        counted = Q(Matches(models.F(vector), measure_search_query(words)))
        first: list = ["code_order", "pk"]
        whens = []
        # People cite measures by code ("4.3"): that measure comes first, then text matches.
        if is_measure_code(text):
            code = text.strip()
            matches |= Q(code=code)
            counted |= Q(code=code)
            first.insert(0, models.Case(models.When(code=code, then=0), default=1))
            whens.append(models.When(code=code, then=models.Value(1000.0)))
        candidates = self.filter(matches).order_by(*first).values("pk")[:RANKED_MATCHES]
        whens.append(
            models.When(
                pk__in=candidates,
                then=SearchRank(models.F(vector), query, weights=SEARCH_WEIGHTS),
            )
        )
        rank = models.Case(*whens, default=models.Value(0.0), output_field=models.FloatField())
        found = self.filter(matches).annotate(rank=rank).order_by("-rank", "code_order")
        found._ranked = _RankedSearch(
            candidates=candidates,
            counted=self.filter(counted),
            conditions=len(found.query.where.children),
            order=found.query.order_by,
        )
        return found

    def _unchanged_search(self) -> "_RankedSearch | None":
        """search()'s state when nothing filtered this queryset since (and it is not sliced)."""
        ranked = self._ranked
        if ranked is None or self.query.is_sliced or self._result_cache is not None:
            return None
        return ranked if len(self.query.where.children) == ranked.conditions else None

    def count(self):
        ranked = self._unchanged_search()
        if ranked is not None:
            return ranked.counted.count()
        return super().count()

    def __getitem__(self, k):
        """A page within the ranked candidates of a search, as they are (nothing filtered or
        reordered since), comes from the candidates alone: the same rows in the same order, but
        PostgreSQL reads a few hundred search documents instead of every match's."""
        ranked = self._unchanged_search() if isinstance(k, slice) else None
        if (
            ranked is not None
            and k.stop is not None
            and k.stop <= RANKED_MATCHES
            and self.query.order_by == ranked.order
        ):
            within = self.filter(AnyOf(models.F("pk"), ranked.candidates))
            within._ranked = None
            return within[k]
        return super().__getitem__(k)

    def with_snippet(self, text):
        """Annotates `snippet`: the summary with the words of `text` between markers.

        The markers are control characters, not HTML; render with the `highlight_snippet`
        template filter (measures.search.highlight_snippet), which escapes the text first.
        PostgreSQL computes the snippet after LIMIT, so only for the rows shown.
        """
        query = measure_search_query(search_words(text))
        if query is None:
            return self.annotate(snippet=models.F("summary"))
        return self.annotate(snippet=Headline(models.F("summary"), query))

    def with_lead_ministry(self):
        lead = Responsibility.objects.filter(role=Responsibility.Role.LEAD).select_related(
            "ministry"
        )
        return self.prefetch_related(
            Prefetch("responsibilities", queryset=lead, to_attr="lead_responsibilities")
        )

    def for_list(self):
        """What a list of measures shows: pillar, other pillars, lead ministry, route stages."""
        return (
            self.select_related("pillar")
            .prefetch_related("other_pillars", "route_stages")
            .with_lead_ministry()
        )

    def for_detail(self):
        """Everything a measure's own page or API detail shows, in a fixed number of queries."""
        return (
            self.select_related("pillar")
            .prefetch_related(
                "other_pillars",
                "route_stages",
                "levels",
                "organisations",
                Prefetch(
                    "responsibilities", queryset=Responsibility.objects.select_related("ministry")
                ),
                Prefetch("citations", queryset=Citation.objects.select_related("source")),
                Prefetch(
                    "status_changes",
                    queryset=StatusChange.objects.select_related("source").order_by("date", "id"),
                ),
                Prefetch(
                    "outgoing_links", queryset=MeasureLink.objects.select_related("to_measure")
                ),
                Prefetch(
                    "incoming_links", queryset=MeasureLink.objects.select_related("from_measure")
                ),
            )
            .with_lead_ministry()
        )


class MeasureManager(models.Manager.from_queryset(MeasureQuerySet)):
    def get_queryset(self):
        # The search vector is several kilobytes a row and only PostgreSQL reads it (in WHERE and
        # ORDER BY); loading it into every model instance would only cost transfer time.
        return super().get_queryset().defer("search_vector")


# Kept by name so that the services can record one history row for a whole change
# (measures.services.measures.measure_save), after its many-to-many fields are written.
MEASURE_HISTORY = HistoricalRecords(
    m2m_fields=["other_pillars", "route_stages", "levels", "organisations"],
)


class MeasureStatus(models.TextChoices):
    ANNOUNCED = "announced", _("aangekondigd")
    IN_PREPARATION = "in_preparation", _("in voorbereiding")
    IN_PROGRESS = "in_progress", _("in uitvoering")
    DONE = "done", _("afgerond")
    DROPPED = "dropped", _("vervallen")


class Measure(BilingualNameMixin, models.Model):
    """A beleidsvoornemen or maatregel of the agenda."""

    Status = MeasureStatus

    code = models.CharField(
        _("code"),
        max_length=10,
        unique=True,
        help_text=_(
            "Vaste code om naar te verwijzen: pijlernummer, punt, volgnummer (bijvoorbeeld 4.3)."
        ),
    )
    slug = models.SlugField(
        _("slug"), unique=True, max_length=100, help_text=_("Het laatste deel van de vaste link.")
    )
    title = models.CharField(_("titel"), max_length=200)
    title_en = models.CharField(
        _("titel (Engels)"),
        max_length=200,
        blank=True,
        db_default="",
        help_text=_(
            "Leeg: Engelse pagina's tonen de Nederlandse tekst, gemarkeerd als Nederlands."
        ),
    )
    summary = models.TextField(_("samenvatting"), help_text=_("Eén of twee zinnen: wat en waarom."))
    summary_en = models.TextField(
        _("samenvatting (Engels)"),
        blank=True,
        db_default="",
        help_text=_(
            "Leeg: Engelse pagina's tonen de Nederlandse tekst, gemarkeerd als Nederlands."
        ),
    )
    description = models.TextField(_("beschrijving"), blank=True)
    description_en = models.TextField(
        _("beschrijving (Engels)"),
        blank=True,
        db_default="",
        help_text=_(
            "Leeg: Engelse pagina's tonen de Nederlandse tekst, gemarkeerd als Nederlands."
        ),
    )
    announced_on = models.DateField(
        _("aangekondigd op"),
        null=True,
        blank=True,
        help_text=_(
            "Beleidsdatum: de dag waarop de maatregel voor het eerst werd aangekondigd "
            "(de datum van de eerste bron). Leeg als geen bron een datum geeft."
        ),
    )
    pillar = models.ForeignKey(
        Pillar,
        on_delete=models.PROTECT,
        related_name="primary_measures",
        verbose_name=_("pijler"),
        help_text=_("De pijler waaronder de maatregel in de agenda valt."),
    )
    other_pillars = models.ManyToManyField(
        Pillar,
        blank=True,
        related_name="supporting_measures",
        verbose_name=_("andere pijlers"),
        help_text=_("Pijlers waaraan de maatregel ook bijdraagt."),
    )
    route_stages = models.ManyToManyField(
        RouteStage,
        blank=True,
        related_name="measures",
        verbose_name=_("fasen van de migratieroute"),
    )
    levels = models.ManyToManyField(
        GovernanceLevel, blank=True, related_name="measures", verbose_name=_("bestuurslagen")
    )
    organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="measures", verbose_name=_("betrokken organisaties")
    )
    ministries = models.ManyToManyField(
        Ministry, through="Responsibility", related_name="measures", verbose_name=_("ministeries")
    )
    sources = models.ManyToManyField(
        Source, through="Citation", related_name="measures", verbose_name=_("bronnen")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ANNOUNCED
    )
    is_published = models.BooleanField(
        _("gepubliceerd"),
        default=False,
        help_text=_("Alleen gepubliceerde maatregelen zijn openbaar."),
    )
    embargo_until = models.DateTimeField(
        _("embargo tot"),
        null=True,
        blank=True,
        help_text=_("Optioneel: tot dit moment blijft een gepubliceerde maatregel verborgen."),
    )
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("laatst gewijzigd"), auto_now=True, db_index=True)
    version = models.PositiveIntegerField(
        _("versie"),
        default=1,
        db_default=1,
        editable=False,
        help_text=_(
            "Telt elke opslag; een bewerking die van een oudere versie uitgaat, wordt geweigerd."
        ),
    )
    # "4.10" sorts after "4.9": the code's two numbers as one sortable integer, kept by PostgreSQL.
    code_order = models.GeneratedField(
        expression=code_order_expression(),
        output_field=models.IntegerField(),
        db_persist=True,
        db_index=True,
    )
    # Dutch full-text search document, written only by PostgreSQL triggers (migration
    # 0003_measure_search_vector): they recompute it when the measure or a related name changes.
    search_vector = SearchVectorField(_("zoekindex"), null=True, editable=False)

    objects = MeasureManager()
    # Every edit is kept: who, when, what (also of the many-to-many dimensions).
    history = MEASURE_HISTORY

    class Meta:
        ordering = ["code_order"]
        verbose_name = _("maatregel")
        verbose_name_plural = _("maatregelen")
        permissions = [("publish_measure", _("Mag maatregelen publiceren en onder embargo zetten"))]
        indexes = [
            GinIndex(fields=["search_vector"], name="measure_search_vector_gin"),
            # The content version reads the latest embargo that has ended: an index lookup.
            models.Index(fields=["embargo_until"], name="measure_embargo_until"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=CODE_REGEX),
                name="measure_code_format",
                violation_error_message=CODE_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(status__in=MeasureStatus.values),
                name="measure_status_valid",
                violation_error_message=_("Onbekende status."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("measures:measure-detail", kwargs={"slug": self.slug})

    def is_public(self, at=None) -> bool:
        """The published() rule for this one measure, without a query (measures.visibility)."""
        return is_public(self, at)

    @property
    def latest_status_step(self):
        """The policy clock's "status since": the last dated step (uses for_detail()'s prefetch)."""
        steps = list(self.status_changes.all())
        return max(steps, key=lambda step: (step.date, step.pk)) if steps else None

    @property
    def lead_ministry(self):
        """The lead ministry; uses the prefetch from with_lead_ministry() when present."""
        if hasattr(self, "lead_responsibilities"):
            leads = self.lead_responsibilities
        else:
            leads = list(
                self.responsibilities.filter(role=Responsibility.Role.LEAD).select_related(
                    "ministry"
                )
            )
        return leads[0].ministry if leads else None


class ResponsibilityRole(models.TextChoices):
    LEAD = "lead", _("eerstverantwoordelijk")
    CO_RESPONSIBLE = "co", _("medeverantwoordelijk")
    CONSULTED = "consulted", _("betrokken")


ONE_LEAD_MESSAGE = _("Een maatregel heeft precies één eerstverantwoordelijk ministerie.")
ONE_ROLE_MESSAGE = _("Een ministerie heeft één rol per maatregel.")

# How roles are listed everywhere (pages, API, CSV, history): lead, co-responsible, consulted.
ROLE_ORDER = {role: position for position, role in enumerate(ResponsibilityRole.values)}


def role_order_key(responsibility) -> tuple[int, str]:
    """How a measure's ministries are listed: by ROLE_ORDER, then by the ministry's name."""
    return (ROLE_ORDER[responsibility.role], responsibility.ministry.name)


class Responsibility(models.Model):
    """A ministry's role on a measure. Exactly one lead per published measure (database-enforced)."""

    Role = ResponsibilityRole

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="responsibilities")
    ministry = models.ForeignKey(
        Ministry, on_delete=models.PROTECT, related_name="responsibilities"
    )
    role = models.CharField(_("rol"), max_length=10, choices=Role.choices)

    history = HistoricalRecords()

    class Meta:
        ordering = ["measure", "role", "ministry__name"]
        verbose_name = _("verantwoordelijkheid")
        verbose_name_plural = _("verantwoordelijkheden")
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "ministry"],
                name="responsibility_one_role_per_ministry",
                violation_error_message=ONE_ROLE_MESSAGE,
            ),
            models.UniqueConstraint(
                fields=["measure"],
                condition=Q(role=ResponsibilityRole.LEAD),
                name="responsibility_one_lead_per_measure",
                violation_error_message=ONE_LEAD_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(role__in=ResponsibilityRole.values),
                name="responsibility_role_valid",
                violation_error_message=_("Onbekende rol."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ministry.abbreviation}: {self.get_role_display()}"


class MeasureLink(BilingualNameMixin, models.Model):
    """A typed, annotated link from one measure to another."""

    class Kind(models.TextChoices):
        SUPPORTS = "supports", _("ondersteunt")
        DEPENDS_ON = "depends_on", _("hangt af van")
        RELATED = "related", _("hangt samen met")

    from_measure = models.ForeignKey(
        Measure,
        on_delete=models.CASCADE,
        related_name="outgoing_links",
        verbose_name=_("van maatregel"),
    )
    to_measure = models.ForeignKey(
        Measure,
        on_delete=models.CASCADE,
        related_name="incoming_links",
        verbose_name=_("naar maatregel"),
    )
    kind = models.CharField(_("soort verband"), max_length=20, choices=Kind.choices)
    note = models.TextField(
        _("toelichting"), blank=True, help_text=_("Waarom de maatregelen samenhangen.")
    )
    note_en = models.TextField(
        _("toelichting (Engels)"),
        blank=True,
        help_text=_(
            "Leeg: Engelse pagina's tonen de Nederlandse tekst, gemarkeerd als Nederlands."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["from_measure__code", "kind", "to_measure__code"]
        verbose_name = _("verband tussen maatregelen")
        verbose_name_plural = _("verbanden tussen maatregelen")
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_measure=models.F("to_measure")),
                name="measurelink_not_to_itself",
                violation_error_message=_("Een maatregel kan niet naar zichzelf verwijzen."),
            ),
            models.UniqueConstraint(
                fields=["from_measure", "to_measure", "kind"],
                name="measurelink_unique",
                violation_error_message=_("Dit verband bestaat al."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_measure.code} {self.get_kind_display()} {self.to_measure.code}"


class Citation(models.Model):
    """Where in a source a measure is found."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="citations")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="citations")
    locator = models.CharField(
        _("vindplaats"), max_length=200, help_text=_("Hoofdstuk, paragraaf of pagina in de bron.")
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["source__date", "id"]
        verbose_name = _("bronvermelding")
        verbose_name_plural = _("bronvermeldingen")
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "source", "locator"], name="citation_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source.title}, {self.locator}"


class StatusChange(BilingualNameMixin, models.Model):
    """A dated step in a measure's progress, with the public reason why it moved."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="status_changes")
    status = models.CharField(_("status"), max_length=20, choices=Measure.Status.choices)
    date = models.DateField(_("datum"))
    reason = models.TextField(_("reden"), help_text=_("Openbaar: waarom de status veranderde."))
    reason_en = models.TextField(
        _("reden (Engels)"),
        blank=True,
        help_text=_(
            "Leeg: Engelse pagina's tonen de Nederlandse tekst, gemarkeerd als Nederlands."
        ),
    )
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="status_changes",
        verbose_name=_("bron"),
        help_text=_("Het document dat deze stap en haar datum noemt."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["measure", "date", "id"]
        indexes = [
            # The timelines read the latest steps first: backwards along this index.
            models.Index(fields=["date", "id"], name="statuschange_date_id"),
        ]
        get_latest_by = "date"
        verbose_name = _("statuswijziging")
        verbose_name_plural = _("statuswijzigingen")
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason=""),
                name="statuschange_has_reason",
                violation_error_message=_("Een statuswijziging heeft een openbare reden."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure.code}: {self.get_status_display()} ({self.date})"


class LoadedContentItem(models.Model):
    """A record that the content loader once created an object, so that it never creates it again.

    Loading the shipped agenda is idempotent and respects editors: what they changed is not
    overwritten, and what they deleted does not come back.
    """

    kind = models.CharField(max_length=40)
    key = models.CharField(max_length=200)
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "key"]
        verbose_name = _("geladen inhoud")
        verbose_name_plural = _("geladen inhoud")
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="loadedcontentitem_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.key}"
