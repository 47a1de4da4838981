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
    # The side menu took a fifth of a 1280 px screen, which the measure list needs for its
    # columns; the breadcrumbs and the overview lead to every table.
    enable_nav_sidebar = False


class SiteAdminConfig(AdminConfig):
    default_site = "core.admin_site.SiteAdminSite"
