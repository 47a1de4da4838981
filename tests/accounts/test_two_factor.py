"""Two-step sign-in (django-otp, TOTP): required for chief editors and superusers, optional for
editors; set-up with a QR code under the strict CSP; recovery by a management command."""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import UserSession
from tests.accounts.conftest import sign_in

pytestmark = pytest.mark.django_db

VERIFY = "/admin/tweestapsverificatie/"
ENROL = "/admin/tweestapsverificatie/instellen/"


def code_of(device) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def wait_out_the_throttle(device):
    """After a wrong code django-otp refuses every code for 1 s, 2 s, 4 s, ...: the clock of
    the last failure moved back instead of waiting."""
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - timedelta(minutes=5)
    )


def an_app(user):
    return TOTPDevice.objects.create(user=user, name="Telefoon", confirmed=True)


@pytest.mark.parametrize("who", ["chief_editor", "superuser"])
def test_without_an_app_a_chief_editor_or_superuser_must_set_one_up_first(request, client, who):
    user = request.getfixturevalue(who)
    assert sign_in(client, user.username).status_code == 302
    for path in ("/admin/", "/admin/measures/measure/", "/admin/auth/user/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith(ENROL), path
    assert client.get("/admin/login/")["Location"].startswith(ENROL)


def test_setting_up_an_app_shows_a_qr_code_and_the_secret_then_asks_its_code(client, chief_editor):
    sign_in(client, "hoofdredacteur")
    page = client.get(ENROL + "?next=/admin/measures/measure/")
    body = page.content.decode()
    device = TOTPDevice.objects.get(user=chief_editor, confirmed=False)
    assert "<svg" in body and 'class="two-factor-qr"' in body
    assert "otpauth://totp/Migratieagenda" in body
    secret = re.search(r'<code class="two-factor-secret">([A-Z2-7 ]+)</code>', body).group(1)
    assert len(secret.replace(" ", "")) == 32
    assert "Voor uw rol is tweestapsverificatie verplicht" in body

    wrong = client.post(ENROL, {"code": "000000", "next": "/admin/measures/measure/"})
    assert wrong.status_code == 200
    assert "Deze code klopt niet" in wrong.content.decode()
    assert client.get("/admin/").status_code == 302  # still not in
    wait_out_the_throttle(device)

    done = client.post(ENROL, {"code": code_of(device), "next": "/admin/measures/measure/"})
    assert done.status_code == 302 and done["Location"] == "/admin/measures/measure/"
    assert TOTPDevice.objects.get(user=chief_editor).confirmed
    assert client.get("/admin/").status_code == 200


def test_the_secret_is_shown_once_a_new_visit_makes_a_new_one(client, chief_editor):
    sign_in(client, "hoofdredacteur")
    client.get(ENROL)
    first = TOTPDevice.objects.get(user=chief_editor).key
    client.get(ENROL)
    assert TOTPDevice.objects.get(user=chief_editor).key != first
    # Once set up, the page never shows it again.
    device = TOTPDevice.objects.get(user=chief_editor)
    client.post(ENROL, {"code": code_of(device)})
    body = client.get(ENROL).content.decode()
    assert device.key not in body and 'class="two-factor-qr"' not in body
    assert "U heeft al een authenticator-app ingesteld" in body


def test_with_an_app_a_chief_editor_gives_its_code_after_the_password(client, chief_editor):
    device = an_app(chief_editor)
    sign_in(client, "hoofdredacteur")
    assert client.get("/admin/")["Location"] == VERIFY + "?next=%2Fadmin%2F"
    wrong = client.post(VERIFY, {"code": "123456", "next": "/admin/"})
    assert "Deze code klopt niet" in wrong.content.decode()
    assert client.get("/admin/").status_code == 302
    wait_out_the_throttle(device)
    right = client.post(VERIFY, {"code": code_of(device), "next": "/admin/"})
    assert right.status_code == 302 and right["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_right_after_a_wrong_code_even_the_right_one_is_refused_for_a_while(client, chief_editor):
    device = an_app(chief_editor)
    sign_in(client, "hoofdredacteur")
    client.post(VERIFY, {"code": "123456"})
    assert client.post(VERIFY, {"code": code_of(device)}).status_code == 200
    assert client.get("/admin/").status_code == 302


def test_a_code_does_not_open_another_site_through_next(client, chief_editor):
    device = an_app(chief_editor)
    sign_in(client, "hoofdredacteur")
    response = client.post(VERIFY, {"code": code_of(device), "next": "https://evil.example/"})
    assert response["Location"] == "/admin/"


def test_an_editor_without_an_app_reaches_the_admin_with_the_password_alone(client, editor):
    sign_in(client, "redacteur")
    assert client.get("/admin/").status_code == 200
    # and may set one up from the admin's top bar
    assert ENROL in client.get("/admin/").content.decode()
    assert client.get(ENROL).status_code == 200
    assert "Voor uw rol is tweestapsverificatie verplicht" not in client.get(ENROL).content.decode()


def test_an_editor_who_set_up_an_app_is_asked_for_its_code_from_then_on(client, editor):
    sign_in(client, "redacteur")
    client.get(ENROL)
    client.post(ENROL, {"code": code_of(TOTPDevice.objects.get(user=editor))})
    assert client.get("/admin/").status_code == 200
    other = Client()
    sign_in(other, "redacteur")
    assert other.get("/admin/")["Location"].startswith(VERIFY)


def test_the_second_step_pages_are_english_under_en(client, chief_editor):
    sign_in(client, "hoofdredacteur", prefix="/en")
    response = client.get("/en/admin/")
    assert response["Location"].startswith("/en" + ENROL)
    body = client.get(response["Location"]).content.decode()
    assert "Set up two-step verification" in body
    assert "Scan this QR code with the app" in body


def test_the_set_up_page_needs_no_inline_script_or_style(client, chief_editor):
    sign_in(client, "hoofdredacteur")
    response = client.get(ENROL)
    body = response.content.decode()
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert " style=" not in body and "<style" not in body
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", body)
    assert not re.search(r"\son[a-z]+=", body)  # no event handler attributes


def test_the_recovery_command_removes_the_devices_and_ends_the_sessions(client, chief_editor):
    an_app(chief_editor)
    sign_in(client, "hoofdredacteur")
    assert UserSession.objects.filter(user=chief_editor).exists()
    out = StringIO()
    call_command("reset_two_factor", "hoofdredacteur", stdout=out)
    assert "1 apparaat" in out.getvalue()
    assert not TOTPDevice.objects.filter(user=chief_editor).exists()
    assert not UserSession.objects.filter(user=chief_editor).exists()
    # Signed out; at the next sign-in, a new app is set up.
    assert client.get("/admin/")["Location"].startswith("/admin/login/")
    sign_in(client, "hoofdredacteur")
    assert client.get("/admin/")["Location"].startswith(ENROL)


def test_the_recovery_command_can_hand_out_one_time_codes(client, chief_editor):
    an_app(chief_editor)
    out = StringIO()
    call_command("reset_two_factor", "hoofdredacteur", "--recovery-codes", "2", stdout=out)
    codes = re.findall(r"^  ([a-z2-7]{8})$", out.getvalue(), re.MULTILINE)
    assert len(codes) == 2
    assert StaticDevice.objects.get(user=chief_editor).token_set.count() == 2
    sign_in(client, "hoofdredacteur")
    assert client.get("/admin/")["Location"].startswith(VERIFY)
    assert client.post(VERIFY, {"code": codes[0].upper()})["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    # A code works once.
    again = Client()
    sign_in(again, "hoofdredacteur")
    assert again.post(VERIFY, {"code": codes[0]}).status_code == 200
    assert again.get("/admin/").status_code == 302


def test_the_recovery_command_names_an_unknown_user(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="geen gebruiker 'niemand'"):
        call_command("reset_two_factor", "niemand")
