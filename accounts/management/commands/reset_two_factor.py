"""Recovery for an editor who lost their authenticator app:

    manage.py reset_two_factor USERNAME [--recovery-codes N]

removes the user's devices and ends their sessions; at the next sign-in they set up a new app.
With --recovery-codes, it also prints N one-time codes (shown only here) that stand in for the
app's code at the sign-in, for a user who must get in before they can set up a new one.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from accounts.services import second_factor_reset


class Command(BaseCommand):
    help = (
        "Zet de tweestapsverificatie van een gebruiker terug (telefoon kwijt): verwijdert de "
        "apparaten en beëindigt de sessies; met --recovery-codes N ook N eenmalige herstelcodes."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--recovery-codes",
            type=int,
            default=0,
            metavar="N",
            help="Maak N eenmalige herstelcodes (1-10) en toon ze hier, één keer.",
        )

    @transaction.atomic
    def handle(self, username, recovery_codes, **options):
        if not 0 <= recovery_codes <= 10:
            raise CommandError("--recovery-codes: geef een aantal van 0 tot en met 10.")
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist as missing:
            raise CommandError(f"Er is geen gebruiker '{username}'.") from missing
        removed = second_factor_reset(user=user)
        self.stdout.write(
            f"{removed} apparaat/apparaten van {username} verwijderd en alle sessies beëindigd; "
            "bij de volgende aanmelding stelt de gebruiker een nieuwe app in."
        )
        if recovery_codes:
            device = StaticDevice.objects.create(user=user, name="Herstelcodes", confirmed=True)
            codes = [StaticToken.random_token() for _ in range(recovery_codes)]
            StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
            self.stdout.write(
                "Eenmalige herstelcodes (geef ze veilig door; ze staan nergens anders):"
            )
            for code in codes:
                self.stdout.write(f"  {code}")
