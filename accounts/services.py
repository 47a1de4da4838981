"""Writes of the accounts app: revoking an API token, resetting a user's second factor."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django_otp import devices_for_user
from rest_framework.authtoken.models import Token

from accounts.roles import is_chief_editor
from accounts.sessions import end_all_sessions


def may_revoke_token(*, token: Token, by) -> bool:
    """Its owner, and a chief editor (for anyone's)."""
    return token.user_id == by.pk or is_chief_editor(by)


@transaction.atomic
def token_revoke(*, token: Token, by) -> None:
    """The token stops working at once: the next request with it is a 401."""
    if not may_revoke_token(token=token, by=by):
        raise PermissionDenied(
            "Alleen de eigenaar of een hoofdredacteur mag deze sleutel intrekken."
        )
    # By key: the admin's TokenProxy answers its user's id as pk.
    Token.objects.filter(key=token.key).delete()


@transaction.atomic
def second_factor_reset(*, user) -> int:
    """Removes every device (authenticator apps, recovery codes) and ends the user's sessions:
    at the next sign-in they set up a new app. Returns how many devices were removed."""
    devices = list(devices_for_user(user, confirmed=None))
    for device in devices:
        device.delete()
    end_all_sessions(user)
    return len(devices)
