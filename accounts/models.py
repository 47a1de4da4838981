"""Sessions that know their user, so that signing out can end every one of them.

Django's own session table stores the user only inside the encoded session data; this one
keeps the user's id beside it, indexed (the documented way to extend the database session
engine: ``AbstractBaseSession`` and ``accounts.sessions.SessionStore``).
"""

from django.conf import settings
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.utils.translation import gettext_lazy as _


class UserSession(AbstractBaseSession):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gebruiker"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )

    class Meta(AbstractBaseSession.Meta):
        db_table = "accounts_session"
        verbose_name = _("sessie")
        verbose_name_plural = _("sessies")

    @classmethod
    def get_session_store_class(cls):
        from accounts.sessions import SessionStore  # noqa: PLC0415  (sessions imports this module)

        return SessionStore
