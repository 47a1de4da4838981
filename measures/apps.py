from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeasuresConfig(AppConfig):
    name = "measures"
    verbose_name = _("Maatregelen en verantwoordelijken")

    def ready(self):
        # Connects the history records to the public change log.
        from measures import changes  # noqa: F401
