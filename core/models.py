"""The site's one piece of shared state: the version of the public content.

Every write to a content table bumps one row, in the same transaction, through a statement
trigger (`bump_content_version()`, see the migrations of the content apps); reading it is one
indexed lookup. ETags, Last-Modified and response-cache keys come from it, so they change on the
very commit that changes the content and never cost a scan of the content tables.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ContentVersion(models.Model):
    """A single row (id 1): a counter and the time of the last content write."""

    version = models.BigIntegerField(_("versie"), default=0)
    changed_at = models.DateTimeField(_("gewijzigd op"))

    class Meta:
        verbose_name = _("inhoudsversie")
        verbose_name_plural = _("inhoudsversies")
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="contentversion_single_row")
        ]

    def __str__(self) -> str:
        return f"{self.version} ({self.changed_at:%Y-%m-%d %H:%M:%S})"
