from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The REST infrastructure (no models): parameters, conditional requests, errors, paging."""

    name = "api"
    verbose_name = "API"
