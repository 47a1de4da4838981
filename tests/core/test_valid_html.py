"""Every page type, in Dutch and English, is valid HTML: 0 errors from the Nu Html Checker.

The checker is vnu.jar from npm (`make tools` fetches the pinned version) and runs on Java,
once over all pages written to a temporary folder."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from tests.world import build_world

pytestmark = pytest.mark.django_db

VNU_JAR = (
    Path(settings.BASE_DIR) / ".tools" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
)

PATHS = [
    "/",
    "/pijlers/pijler-4/",
    "/maatregelen/",
    "/maatregelen/?q=terugkeer&status=in_progress",
    "/maatregelen/?status=onzin",
    "/maatregelen/snellere-terugkeer/",
    "/ministeries/",
    "/ministeries/jenv/",
    "/verbanden/",
    "/wijzigingen/",
    "/wijzigingen/?pillar=4",
    "/maatregelen/?as_of=2000-01-01",
    "/maatregelen/?as_of={today}&status=in_progress",
    "/maatregelen/snellere-terugkeer/?as_of={today}",
    "/toegankelijkheid/",
    "/privacy/",
    "/contact/",
    "/over/",
    "/bestaat-niet/",
]


def vnu_errors(folder: Path) -> list[dict]:
    assert VNU_JAR.exists(), f"{VNU_JAR} is missing: run `make tools`"
    java = shutil.which("java")
    assert java, "Java is needed for the Nu Html Checker (apt-get install default-jre-headless)"
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", str(folder)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return json.loads(result.stderr or result.stdout)["messages"]


def test_every_page_type_in_both_languages_is_valid_html(client, tmp_path):
    build_world()
    written = 0
    today = timezone.localdate().isoformat()
    for path in (path.format(today=today) for path in PATHS):
        for prefix in ("", "/en"):
            response = client.get(prefix + path)
            assert response.status_code in (200, 400, 404), (path, response.status_code)
            name = (prefix + path).strip("/").replace("/", "_").replace("?", "_") or "home"
            name = name.replace("&", "_").replace("=", "-")
            (tmp_path / f"{name}.html").write_bytes(response.content)
            written += 1
    (tmp_path / "500.html").write_text(render_to_string("500.html"), encoding="utf-8")
    errors = vnu_errors(tmp_path)
    report = [
        f"{Path(message.get('url', '')).name}:{message.get('lastLine')}: {message['message']}"
        for message in errors
    ]
    assert written == 2 * len(PATHS)
    assert report == []


def test_the_checker_reports_invalid_html(tmp_path):
    # Guards the test above against a checker that finds nothing whatever it reads.
    (tmp_path / "bad.html").write_text(
        '<!doctype html><html lang="nl"><head><title>x</title></head><body>'
        '<time datetime="2026-12-01T10:00:00.123456+01:00">x</time><form action=""></form>'
        "</body></html>",
        encoding="utf-8",
    )
    assert len(vnu_errors(tmp_path)) >= 2
