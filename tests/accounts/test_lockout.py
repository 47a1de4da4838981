"""django-axes: after 5 failed sign-ins for one user name from one address, that pair is locked
out for the cool-off (15 minutes), even with the right password; a command lifts it."""

from datetime import timedelta
from io import StringIO

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client

from tests.accounts.conftest import PASSWORD, sign_in

pytestmark = pytest.mark.django_db


def fail_five_times(client, username="redacteur", prefix=""):
    return [sign_in(client, username, "verkeerd", prefix).status_code for _ in range(5)]


def test_the_fifth_failure_locks_out_and_then_the_right_password_is_refused(client, editor):
    assert fail_five_times(client) == [200, 200, 200, 200, 429]
    refused = sign_in(client, "redacteur", PASSWORD)
    assert refused.status_code == 429
    page = refused.content.decode()
    assert "Aanmelden is tijdelijk geblokkeerd" in page
    assert "over 15 minuten opnieuw" in page
    assert refused["Retry-After"] == str(15 * 60)
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302  # not signed in


def test_four_failures_do_not_lock_out(client, editor):
    for _ in range(4):
        assert sign_in(client, "redacteur", "verkeerd").status_code == 200
    assert sign_in(client, "redacteur", PASSWORD).status_code == 302


def test_the_lockout_holds_the_user_name_and_address_together(client, editor):
    fail_five_times(client)
    # The same editor from another address (their office) still signs in.
    assert sign_in(Client(REMOTE_ADDR="203.0.113.9"), "redacteur", PASSWORD).status_code == 302


def test_a_made_up_x_forwarded_for_does_not_escape_the_lockout(editor):
    statuses = [
        sign_in(Client(HTTP_X_FORWARDED_FOR=f"10.0.0.{n}"), "redacteur", "verkeerd").status_code
        for n in range(5)
    ]
    assert statuses == [200, 200, 200, 200, 429]
    assert (
        sign_in(Client(HTTP_X_FORWARDED_FOR="10.0.0.99"), "redacteur", PASSWORD).status_code == 429
    )


def test_after_the_cool_off_the_right_password_works_again(client, editor):
    fail_five_times(client)
    assert sign_in(client, "redacteur", PASSWORD).status_code == 429
    # Sixteen minutes later (the attempts' clock moved back instead of waiting).
    for attempt in AccessAttempt.objects.all():
        attempt.attempt_time -= timedelta(minutes=16)
        attempt.save()
    assert sign_in(client, "redacteur", PASSWORD).status_code == 302


def test_the_unlock_command_lifts_the_lockout_at_once(client, editor):
    fail_five_times(client)
    call_command("axes_reset_username", "redacteur", stdout=StringIO())
    assert sign_in(client, "redacteur", PASSWORD).status_code == 302


def test_the_lockout_page_is_english_under_en(client, editor):
    assert fail_five_times(client, prefix="/en")[-1] == 429
    page = sign_in(client, "redacteur", PASSWORD, prefix="/en").content.decode()
    assert "Signing in is blocked for a while" in page
    assert "try again in 15 minutes" in page
    assert 'lang="en"' in page
