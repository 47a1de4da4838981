from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core import admin_site


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        # Connects the sign-out receiver; signals import models, not ready at import time.
        from accounts import signals  # noqa: F401, PLC0415


class AccountsAdminConfig(admin_site.SiteAdminConfig):
    """django.contrib.admin with the two-step sign-in (accounts/admin_site.py); here, not there,
    because INSTALLED_APPS imports this module before any model is ready."""

    default = False  # "accounts" itself is AccountsConfig
    default_site = "accounts.admin_site.AccountsAdminSite"
