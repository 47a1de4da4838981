from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChangelogConfig(AppConfig):
    name = "changelog"
    verbose_name = _("Openbare wijzigingen")

    def ready(self):
        # Connects the history records to the public change log.
        from changelog import recorder  # noqa: F401, PLC0415 - its signal receivers, once apps load
