"""With its PostgreSQL stopped, the site answers 503 with Retry-After (a page for people, JSON
for the API) and the probes say so; started again, the very next request is served."""

import json


def _assert_served(app):
    page = app.get("/maatregelen/")
    assert page.status == 200, page.text
    api = app.get("/api/v1/measures/")
    assert api.status == 200, api.text
    ready = app.get("/readyz")
    assert ready.status == 200
    assert json.loads(ready.body)["checks"]["database"] == {"ok": True}


def test_a_stopped_database_is_a_503_with_retry_after_and_the_next_request_after_it_is_back_is_served(
    served_app,
):
    _assert_served(served_app)

    served_app.stop_database()
    try:
        page = served_app.get("/maatregelen/")
        assert page.status == 503
        assert page.headers["Retry-After"] == "7"
        assert page.headers["Content-Type"].startswith("text/html")
        assert "Even niet beschikbaar" in page.text
        assert 'class="site-nav"' in page.text  # the site's own layout, rendered without it

        english = served_app.get("/en/maatregelen/")
        assert english.status == 503
        assert "Temporarily unavailable" in english.text

        api = served_app.get("/api/v1/measures/?status=in_progress")
        assert api.status == 503
        assert api.headers["Retry-After"] == "7"
        assert api.headers["Content-Type"] == "application/json"
        assert "database is unavailable" in json.loads(api.body)["detail"]

        alive = served_app.get("/healthz")
        assert alive.status == 200
        assert json.loads(alive.body) == {"status": "ok"}

        ready = served_app.get("/readyz")
        assert ready.status == 503
        assert ready.headers["Retry-After"] == "7"
        body = json.loads(ready.body)
        assert body["status"] == "unavailable"
        assert body["checks"]["database"]["ok"] is False
        # Without Redis the shared cache is a table in the same database: down with it.
        assert body["checks"]["cache"]["ok"] is False
    finally:
        served_app.start_database()

    # The same worker, not restarted: it reconnects by itself.
    _assert_served(served_app)
