"""Who must sign in with a second factor, and who may revoke anyone's API token: one rule.

A chief editor is a superuser or anyone with ``settings.CHIEF_EDITOR_PERMISSION`` (the group
Hoofdredacteuren has it through ``measures.publish_measure``); editors (Redacteuren) may add a
second factor but need not.
"""

from django.conf import settings


def is_chief_editor(user) -> bool:
    return bool(
        user.is_active and (user.is_superuser or user.has_perm(settings.CHIEF_EDITOR_PERMISSION))
    )


def second_factor_required(user) -> bool:
    return is_chief_editor(user)
