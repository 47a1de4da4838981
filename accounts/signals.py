from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver

from accounts.sessions import end_all_sessions


@receiver(user_logged_out)
def sign_out_everywhere(sender, request, user, **kwargs):
    # Signing out in one browser ends the sessions in every other one too (a shared computer,
    # a lost laptop): the editor signs out once, wherever they are.
    if user is not None:
        end_all_sessions(user)
