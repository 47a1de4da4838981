"""Signing out in one browser ends the user's sessions in every browser; sessions last a
working day."""

import pytest
from django.conf import settings
from django.test import Client

from accounts.models import UserSession
from tests import world as worlds
from tests.accounts.conftest import sign_in

pytestmark = pytest.mark.django_db


def test_signing_out_in_one_browser_signs_the_user_out_everywhere(editor):
    office, laptop, colleague = Client(), Client(), Client()
    worlds.editorial_member(worlds.EDITOR_GROUP, "collega")
    for client, username in ((office, "redacteur"), (laptop, "redacteur"), (colleague, "collega")):
        sign_in(client, username)
        assert client.get("/admin/").status_code == 200
    assert UserSession.objects.filter(user=editor).count() == 2

    assert office.post("/admin/logout/").status_code == 200

    assert laptop.get("/admin/")["Location"].startswith("/admin/login/")
    assert not UserSession.objects.filter(user=editor).exists()
    assert colleague.get("/admin/").status_code == 200  # someone else's session stays


def test_a_user_who_owes_a_code_can_still_sign_out(client, chief_editor):
    sign_in(client, "hoofdredacteur")
    assert client.post("/admin/logout/").status_code == 200
    assert "_auth_user_id" not in client.session


def test_a_session_lasts_a_working_day_and_ends_with_the_browser(client, editor):
    sign_in(client, "redacteur")
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert client.session.get_expiry_age() == 8 * 60 * 60
    assert client.session.get_expire_at_browser_close()
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert not cookie["max-age"] and not cookie["expires"]  # a browser-session cookie
