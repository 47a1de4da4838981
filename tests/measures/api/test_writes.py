"""Writing measures: a token of a user with the model permission; 401 / 403 for everyone else."""

import pytest

from measures.models import Measure, MeasureLink
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/measures/"


def new_measure(**changes):
    return {
        "code": "4.30",
        "title": "Nieuwe terugkeermaatregel",
        "summary": "Wat en waarom.",
        "pillar": 4,
        "lead_ministry": "jenv",
        "responsibilities": [{"ministry": "BZ", "role": "co"}],
        "route_stages": ["terugkeer"],
        "status": "announced",
        **changes,
    }


def auth(token: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Token {token}"}


def test_anonymous_writes_are_401(api, world):
    response = api.post(URL, new_measure(), format="json")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert api.delete(f"{URL}4.1/").status_code == 401
    assert api.patch(f"{URL}4.1/", {"title": "x"}, format="json").status_code == 401
    assert Measure.objects.filter(code="4.1").exists()


def test_an_unknown_token_is_401(api, world):
    assert api.get(URL, **auth("0" * 40)).status_code == 401
    assert api.post(URL, new_measure(), format="json", **auth("0" * 40)).status_code == 401


def test_a_token_without_the_permission_is_403(api, world, reader_token):
    assert api.get(URL, **auth(reader_token)).status_code == 200
    response = api.post(URL, new_measure(), format="json", **auth(reader_token))
    assert response.status_code == 403
    assert api.delete(f"{URL}4.1/", **auth(reader_token)).status_code == 403
    assert not Measure.objects.filter(code="4.30").exists()


def test_a_token_with_the_permission_creates_updates_and_deletes(api, world, editor_token):
    source = SourceFactory(slug="kamerbrief-2018")
    created = api.post(
        URL,
        new_measure(
            citations=[{"source": "kamerbrief-2018", "locator": "p. 7"}],
            related_measures=[{"code": "4.1", "kind": "supports"}],
        ),
        format="json",
        **auth(editor_token),
    )
    assert created.status_code == 201, created.content
    data = created.json()
    assert created["Location"] == data["url"] == "http://testserver/api/v1/measures/4.30/"
    assert data["slug"] == "nieuwe-terugkeermaatregel"
    assert data["lead_ministry"]["abbreviation"] == "JenV"
    assert [(r["ministry"]["abbreviation"], r["role"]) for r in data["responsibilities"]] == [
        ("JenV", "lead"),
        ("BZ", "co"),
    ]
    assert data["citations"][0]["source"]["slug"] == source.slug
    assert data["related_measures"][0]["code"] == "4.1"
    assert api.get(f"{URL}4.30/").status_code == 200  # published, visible to everyone

    changed = api.patch(
        f"{URL}4.30/",
        {
            "status": "in_progress",
            "status_reason": "Wetsvoorstel ingediend.",
            "lead_ministry": "BZ",
            "responsibilities": [],
        },
        format="json",
        **auth(editor_token),
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["status"] == "in_progress"
    assert changed.json()["lead_ministry"]["abbreviation"] == "BZ"
    assert len(changed.json()["responsibilities"]) == 1
    assert changed.json()["title"] == "Nieuwe terugkeermaatregel"  # untouched by PATCH

    replaced = api.put(
        f"{URL}4.30/",
        new_measure(title="Vervangen", status_reason="Terug naar aangekondigd."),
        format="json",
        **auth(editor_token),
    )
    assert replaced.status_code == 200
    assert replaced.json()["title"] == "Vervangen"
    assert replaced.json()["related_measures"] == []  # PUT replaces: left out means empty
    assert replaced.json()["citations"] == []

    assert api.delete(f"{URL}4.30/", **auth(editor_token)).status_code == 204
    assert not Measure.objects.filter(code="4.30").exists()
    assert not MeasureLink.objects.filter(to_measure__code="4.30").exists()
    assert api.get(f"{URL}4.30/").status_code == 404


def test_editors_can_publish_a_draft_through_the_api(api, world, editor_token):
    assert api.get(f"{URL}3.2/").status_code == 404
    response = api.patch(f"{URL}3.2/", {"is_published": True}, format="json", **auth(editor_token))
    assert response.status_code == 200
    assert api.get(f"{URL}3.2/").status_code == 200


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"pillar": 9}, "pillar"),
        ({"lead_ministry": "XYZ"}, "lead_ministry"),
        ({"code": "9.99"}, "code"),
        ({"code": "4.1"}, "code"),  # taken
        ({"status": "klaar"}, "status"),
        ({"route_stages": ["mars"]}, "route_stages"),
        ({"responsibilities": [{"ministry": "JenV", "role": "co"}]}, "responsibilities"),
        ({"title": ""}, "title"),
    ],
)
def test_a_bad_write_is_a_400_naming_the_field(api, world, editor_token, changes, field):
    response = api.post(URL, new_measure(**changes), format="json", **auth(editor_token))
    assert response.status_code == 400, response.content
    data = response.json()
    assert f"field '{field}" in data["detail"]
    assert any(name.startswith(field) for name in data["errors"])
    assert not Measure.objects.filter(title="Nieuwe terugkeermaatregel").exists()


def test_a_missing_required_field_is_a_400(api, world, editor_token):
    payload = new_measure()
    del payload["lead_ministry"]
    response = api.post(URL, payload, format="json", **auth(editor_token))
    assert response.status_code == 400
    assert "lead_ministry" in response.json()["errors"]
