"""API tokens: the holder revokes theirs (DELETE /api/v1/token/), a chief editor anyone's in
the admin; the next request with a revoked token is a 401."""

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def with_token(token) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def test_the_holder_revokes_their_token_and_the_next_request_is_a_401(editor):
    token = Token.objects.create(user=editor)
    client = with_token(token)
    assert client.get("/api/v1/pillars/").status_code == 200

    assert client.delete("/api/v1/token/").status_code == 204

    assert not Token.objects.filter(user=editor).exists()
    refused = client.get("/api/v1/pillars/")
    assert refused.status_code == 401
    assert refused.json()["detail"]
    assert client.delete("/api/v1/token/").status_code == 401


def test_revoking_needs_a_token(editor, client):
    response = APIClient().delete("/api/v1/token/")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    # A signed-in browser session is not enough (a forged request could revoke otherwise).
    client.force_login(editor)
    Token.objects.create(user=editor)
    assert client.delete("/api/v1/token/").status_code == 401
    assert Token.objects.filter(user=editor).exists()


def test_revoking_one_token_leaves_the_others(editor, chief_editor):
    mine, theirs = Token.objects.create(user=editor), Token.objects.create(user=chief_editor)
    assert with_token(mine).delete("/api/v1/token/").status_code == 204
    assert with_token(theirs).get("/api/v1/pillars/").status_code == 200


def test_a_chief_editor_revokes_an_editors_token_in_the_admin(
    client, editor, chief_editor, sign_in_to_admin
):
    token = Token.objects.create(user=editor)
    sign_in_to_admin(client, chief_editor)
    listing = client.get(reverse("admin:authtoken_tokenproxy_changelist")).content.decode()
    assert "redacteur" in listing
    assert token.key not in listing  # seeing a token in the list never lets one use it
    delete = reverse("admin:authtoken_tokenproxy_delete", args=[editor.pk])
    assert client.get(delete).status_code == 200
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert not Token.objects.filter(key=token.key).exists()
    assert with_token(token).get("/api/v1/pillars/").status_code == 401


def test_an_editor_sees_and_revokes_only_their_own_token(
    client, editor, chief_editor, sign_in_to_admin
):
    own, other = Token.objects.create(user=editor), Token.objects.create(user=chief_editor)
    sign_in_to_admin(client, editor)
    listing = client.get(reverse("admin:authtoken_tokenproxy_changelist")).content.decode()
    assert own.key in listing  # the owner sees their own key
    assert "hoofdredacteur" not in listing
    client.post(
        reverse("admin:authtoken_tokenproxy_delete", args=[chief_editor.pk]), {"post": "yes"}
    )
    assert Token.objects.filter(key=other.key).exists()
    client.post(reverse("admin:authtoken_tokenproxy_delete", args=[editor.pk]), {"post": "yes"})
    assert not Token.objects.filter(key=own.key).exists()
