"""gunicorn.conf.py: workers from the CPU count, limits, and one access log line per request
with method, path, status, duration and request id, and nothing secret."""

import re
import runpy
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent
CONF = BASE_DIR / "gunicorn.conf.py"


def _load(monkeypatch, cpus: int, **env) -> dict:
    monkeypatch.setattr("multiprocessing.cpu_count", lambda: cpus)
    for name in (
        "WEB_CONCURRENCY",
        "GUNICORN_TIMEOUT",
        "GUNICORN_WORKER_CLASS",
        "GUNICORN_THREADS",
    ):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(CONF))


def test_workers_follow_the_cpu_count_and_web_concurrency_caps_them(monkeypatch):
    assert _load(monkeypatch, cpus=4)["workers"] == 9
    assert _load(monkeypatch, cpus=4, WEB_CONCURRENCY="3")["workers"] == 3
    assert _load(monkeypatch, cpus=1, WEB_CONCURRENCY="16")["workers"] == 3
    assert _load(monkeypatch, cpus=4, WEB_CONCURRENCY="0")["workers"] == 1


def test_workers_serve_with_threads_unless_the_environment_says_otherwise(monkeypatch):
    conf = _load(monkeypatch, cpus=2)
    assert (conf["worker_class"], conf["threads"]) == ("gthread", 4)
    conf = _load(monkeypatch, cpus=2, GUNICORN_WORKER_CLASS="sync", GUNICORN_THREADS="1")
    assert (conf["worker_class"], conf["threads"]) == ("sync", 1)


def test_requests_are_limited_in_time_and_size_and_workers_are_recycled(monkeypatch):
    conf = _load(monkeypatch, cpus=2)
    assert conf["wsgi_app"] == "migratieagenda.wsgi:application"
    assert conf["timeout"] == 30
    assert conf["graceful_timeout"] == 30
    assert conf["limit_request_line"] == 4094
    assert conf["limit_request_fields"] == 50
    assert conf["max_requests"] == 1000
    assert 0 < conf["max_requests_jitter"] < conf["max_requests"]


def test_each_request_leaves_one_access_line_with_its_request_id_and_no_query_or_secrets(
    served_app,
):
    secrets = ["s3cret-token-in-query", "hunter2-password", "0123abcdtokenkey", "cookie-value-x"]
    reply = served_app.get(
        f"/api/v1/measures/?token={secrets[0]}&password={secrets[1]}",
        headers={
            "Authorization": f"Token {secrets[2]}",
            "Cookie": f"sessionid={secrets[3]}",
            "X-Request-ID": "lb-7f3a9c",
        },
    )
    assert reply.status in (400, 401)
    assert reply.headers["X-Request-ID"] == "lb-7f3a9c"

    page = served_app.get("/maatregelen/")
    generated = page.headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", generated)

    api_line = (
        r'method=GET path="/api/v1/measures/" status=40[01] duration_ms=\d+ request_id=lb-7f3a9c'
    )
    page_line = (
        rf'method=GET path="/maatregelen/" status=200 duration_ms=\d+ request_id={generated}'
    )
    log = served_app.log_text_once(api_line, page_line)
    assert re.search(api_line, log), log
    assert re.search(page_line, log), log
    for secret in secrets:
        assert secret not in log
