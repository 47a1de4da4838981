from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.mixins import BilingualNameMixin


class Pillar(BilingualNameMixin, models.Model):
    number = models.PositiveSmallIntegerField(
        _("nummer"),
        unique=True,
        help_text=_("Het vaste nummer 1–6 waarmee de pijler wordt aangehaald ('pijler 4')."),
    )
    slug = models.SlugField(
        _("slug"), unique=True, help_text=_("Het laatste deel van de vaste link.")
    )
    title = models.CharField(
        _("titel"), max_length=200, help_text=_("De titel zoals de Kamerbrief hem noemt.")
    )
    title_en = models.CharField(_("titel (Engels)"), max_length=200, blank=True)
    summary = models.TextField(
        _("samenvatting"), help_text=_("Eén of twee zinnen voor het overzicht.")
    )
    summary_en = models.TextField(_("samenvatting (Engels)"), blank=True)
    description = models.TextField(_("beschrijving"), blank=True)
    description_en = models.TextField(
        _("beschrijving (Engels)"),
        blank=True,
        help_text=_(
            "Leeg: Engelse pagina's tonen de Nederlandse tekst, gemarkeerd als Nederlands."
        ),
    )

    class Meta:
        ordering = ["number"]
        verbose_name = _("pijler")
        verbose_name_plural = _("pijlers")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(number__gte=1, number__lte=6),
                name="pillar_number_between_1_and_6",
                violation_error_message=_("Het nummer van een pijler ligt tussen 1 en 6."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("pillars:detail", kwargs={"slug": self.slug})

    @property
    def display_title(self) -> str:
        return self.localized("title")

    @property
    def display_summary(self) -> str:
        return self.localized("summary")

    @property
    def display_description(self) -> str:
        return self.localized("description")


class OrderedReferenceTerm(BilingualNameMixin, models.Model):
    """A small, editable list of terms with a fixed order (a dimension of the agenda)."""

    slug = models.SlugField(
        _("slug"), unique=True, help_text=_("Vaste sleutel, gebruikt in filters en de API.")
    )
    name = models.CharField(_("naam"), max_length=120)
    name_en = models.CharField(_("naam (Engels)"), max_length=120, blank=True)
    position = models.PositiveSmallIntegerField(
        _("volgorde"), unique=True, help_text=_("Bepaalt de volgorde in lijsten en overzichten.")
    )
    description = models.TextField(_("beschrijving"), blank=True)

    class Meta:
        abstract = True
        ordering = ["position"]

    def __str__(self) -> str:
        return self.name


class RouteStage(OrderedReferenceTerm):
    """A point on the migration route: origin, transit, EU border, the Netherlands, return, integration."""

    class Meta(OrderedReferenceTerm.Meta):
        verbose_name = _("fase van de migratieroute")
        verbose_name_plural = _("fasen van de migratieroute")


class GovernanceLevel(OrderedReferenceTerm):
    """A level at which the agenda acts: global, EU, bilateral, national, municipal."""

    class Meta(OrderedReferenceTerm.Meta):
        verbose_name = _("bestuurslaag")
        verbose_name_plural = _("bestuurslagen")
