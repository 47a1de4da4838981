"""The session engine (``SESSION_ENGINE = "accounts.sessions"``): Django's database sessions,
stored in ``accounts.models.UserSession`` with the signed-in user's id beside the data."""

from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.core.exceptions import ValidationError


class SessionStore(DatabaseSessionStore):
    @classmethod
    def get_model_class(cls):
        from accounts.models import UserSession  # noqa: PLC0415  (models are not ready at import)

        return UserSession

    def create_model_instance(self, data):
        instance = super().create_model_instance(data)
        try:
            instance.user_id = get_user_model()._meta.pk.to_python(data.get(SESSION_KEY))
        except ValidationError:
            instance.user_id = None
        return instance


def end_all_sessions(user) -> int:
    """Signs the user out everywhere: every browser, every device. Returns how many ended."""
    deleted, _ = SessionStore.get_model_class().objects.filter(user_id=user.pk).delete()
    return deleted
