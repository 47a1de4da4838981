"""The public change log: one event per public change to a measure, never naming an editor."""

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.mixins import BilingualNameMixin
from measures.models import Measure

# The names changelog.recorder gives to changes in a measure's parts.
PART_LABELS = {
    "responsibilities": _("ministeries"),
    "citations": _("bronnen"),
    "links": _("verbanden"),
    "status_changes": _("statusgeschiedenis"),
}


class ChangeEventQuerySet(models.QuerySet):
    def public(self, at=None):
        """Events that have happened: an embargo's end is written ahead, with its future time."""
        return self.filter(occurred_at__lte=at or timezone.now())

    def since(self, moment):
        """At or after `moment`: a mirror asking again from its newest time misses nothing."""
        return self.filter(occurred_at__gte=moment)

    def for_measure(self, measure):
        return self.filter(measure_pk=measure.pk)


class ChangeEventKind(models.TextChoices):
    CREATED = "created", _("nieuw")
    PUBLISHED = "published", _("gepubliceerd")
    CHANGED = "changed", _("gewijzigd")
    STATUS_CHANGED = "status_changed", _("status gewijzigd")
    UNPUBLISHED = "unpublished", _("niet meer openbaar")
    DELETED = "deleted", _("verwijderd")
    CORRECTED = "corrected", _("gecorrigeerd")


class ChangeEvent(BilingualNameMixin, models.Model):
    """One public change to a measure, for the change log, its feeds and the changes API.

    A snapshot, not a foreign key: a deleted or unpublished measure leaves a tombstone here so
    that a mirror can remove it too. Deliberately no user: public outputs never name editors.
    """

    Kind = ChangeEventKind

    TOMBSTONES = (Kind.UNPUBLISHED, Kind.DELETED)

    measure_pk = models.BigIntegerField(
        _("maatregel-id"), db_index=True, help_text=_("Blijft staan als de maatregel verdwijnt.")
    )
    code = models.CharField(_("code"), max_length=10)
    slug = models.SlugField(_("slug"), max_length=100)
    title = models.CharField(_("titel"), max_length=200)
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    changed_fields = ArrayField(
        models.CharField(max_length=40),
        verbose_name=_("gewijzigde velden"),
        default=list,
        blank=True,
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Measure.Status.choices, blank=True
    )
    reason = models.TextField(
        _("reden"), blank=True, help_text=_("Openbaar: waarom de status veranderde.")
    )
    reason_en = models.TextField(
        _("reden (Engels)"),
        blank=True,
        help_text=_("De reden in het Engels, waar er een is (bijvoorbeeld van een correctie)."),
    )
    occurred_at = models.DateTimeField(_("tijdstip"), default=timezone.now, db_index=True)
    change_set = models.CharField(
        _("wijzigingsset"),
        max_length=100,
        blank=True,
        editable=False,
        help_text=_(
            "De databasetransactie die de wijziging schreef: wat één transactie aan één "
            "maatregel wijzigt, is één openbare wijziging."
        ),
    )

    objects = ChangeEventQuerySet.as_manager()

    class Meta:
        ordering = ["occurred_at", "id"]
        get_latest_by = ["occurred_at", "id"]
        # The table of the days when the change log lived in the measures app; kept as it was.
        db_table = "measures_changeevent"
        indexes = [models.Index(fields=["change_set", "measure_pk"], name="changeevent_change_set")]
        verbose_name = _("openbare wijziging")
        verbose_name_plural = _("openbare wijzigingen")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ChangeEventKind.values),
                name="changeevent_kind_valid",
                violation_error_message=_("Onbekende soort wijziging."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.get_kind_display()} ({self.occurred_at:%Y-%m-%d %H:%M})"

    def get_absolute_url(self) -> str:
        return reverse("measures:measure-detail", kwargs={"slug": self.slug})

    @property
    def is_tombstone(self) -> bool:
        return self.kind in self.TOMBSTONES

    @property
    def changed_field_labels(self) -> list[str]:
        return field_labels(self.changed_fields)


def field_labels(names) -> list[str]:
    """Changed fields as readers know them: the labels of the measure's form."""
    labels = []
    for name in names:
        if name in PART_LABELS:
            labels.append(str(PART_LABELS[name]))
            continue
        try:
            labels.append(str(Measure._meta.get_field(name).verbose_name))
        except models.FieldDoesNotExist:
            labels.append(name)
    return labels
