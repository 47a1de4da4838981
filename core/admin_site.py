"""The editors' admin under the knowledge base's own name instead of "Django-beheer".

``SiteAdminConfig`` takes the place of ``django.contrib.admin`` in INSTALLED_APPS, so that
``admin.site`` (which every app registers on) is this site.
"""

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class SiteAdminSite(AdminSite):
    site_header = _("Beheer Migratieagenda")
    site_title = _("Beheer Migratieagenda")
    index_title = _("Overzicht")


class SiteAdminConfig(AdminConfig):
    default_site = "core.admin_site.SiteAdminSite"
