"""`make loadtest`: 256 connections for 30 s on a mix of pages and API, real content.

A throwaway database with the shipped agenda (load_agenda), gunicorn started as production
starts it (gunicorn.conf.py: its worker class, threads and worker count, here capped by
LOADTEST_WORKERS through WEB_CONCURRENCY) with production settings on 127.0.0.1, and the cache
production uses: REDIS_URL, else the machine's Redis on 127.0.0.1:6379 if one answers (keys of
this run's own), else the settings' default. One wrk whose Lua script picks each request's
path at random from a list of pages and API reads. Every path is fetched once first and must
answer 200 (as on a live site, the response cache then holds it). Prints requests/s, p50, p99,
errors and timeouts (wrk's timeout: 10 s). Fails only on wrong statuses, not on time.

    LOADTEST_SECONDS=30 LOADTEST_CONNECTIONS=256 .venv/bin/python bench/loadtest.py
    GUNICORN_WORKER_CLASS=sync .venv/bin/python bench/loadtest.py   # compare worker classes
"""

import json
import os
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import psycopg

from bench.harness import (
    HOST,
    PEERS,
    Processes,
    app_env,
    collect_static,
    create_database,
    drop_database,
    ensure_wrk,
    fetch,
    free_port,
    local_redis_url,
    log,
    manage,
    prepare_database,
    server_url,
    start_gunicorn_as_configured,
    stop_on_signals,
    wrk,
)

SECONDS = int(os.environ.get("LOADTEST_SECONDS", "30"))
CONNECTIONS = int(os.environ.get("LOADTEST_CONNECTIONS", "256"))
WORKERS = os.environ.get("LOADTEST_WORKERS", "4")
DATABASE = "migratieagenda_loadtest"

LUA = """
local paths = %s
math.randomseed(%d)
request = function()
  return wrk.format("GET", paths[math.random(#paths)])
end
"""


def paths(url: str) -> list[str]:
    with psycopg.connect(url) as connection:
        pillars = [r[0] for r in connection.execute("SELECT slug FROM pillars_pillar")]
        measures = connection.execute(
            "SELECT code, slug FROM measures_measure WHERE is_published ORDER BY code_order"
        ).fetchall()
    sample = random.Random(12).sample(measures, min(8, len(measures)))
    return [
        "/",
        "/en/",
        *(f"/pijlers/{slug}/" for slug in pillars),
        "/maatregelen/",
        "/maatregelen/?q=terugkeer",
        "/maatregelen/?pillar=4&status=in_progress",
        *(f"/maatregelen/{slug}/" for _, slug in sample),
        "/ministeries/",
        "/verbanden/",
        "/api/v1/measures/",
        "/api/v1/measures/?page_size=500",
        "/api/v1/measures/?q=terugkeer",
        "/api/v1/measures/?pillar=4&lead_ministry=JenV&format=csv",
        *(f"/api/v1/measures/{code}/" for code, _ in sample),
        "/api/v1/pillars/",
        "/api/v1/ministries/",
    ]


def main() -> int:
    stop_on_signals()
    ensure_wrk()
    PEERS.mkdir(parents=True, exist_ok=True)
    base = server_url()
    url = create_database(base, DATABASE)
    try:
        redis = local_redis_url()
        env = app_env(url, WEB_CONCURRENCY=WORKERS, **({"REDIS_URL": redis} if redis else {}))
        prepare_database(env)
        manage(env, "load_agenda")
        collect_static(env)
        mix = paths(url)
        with tempfile.TemporaryDirectory(prefix="loadtest-", dir=PEERS) as directory:
            script = Path(directory) / "mix.lua"
            script.write_text(LUA % ("{" + ", ".join(json.dumps(p) for p in mix) + "}", 12))
            with Processes(PEERS / "logs") as processes:
                port = free_port()
                start_gunicorn_as_configured(processes, "gunicorn-loadtest", env, port)
                origin = f"http://{HOST}:{port}"
                for path in mix:
                    answer = fetch(origin + path)
                    if answer.status != 200:
                        log(f"FAIL {path} answered {answer.status}")
                        return 1
                worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gunicorn.conf.py's")
                log(
                    f"loadtest: {CONNECTIONS} connections, {SECONDS} s, {WORKERS} workers "
                    f"({worker_class} worker class), {len(mix)} paths, cache: "
                    f"{f'Redis at {redis}' if redis else 'the default (no Redis)'}"
                )
                result = wrk(origin + "/", SECONDS, CONNECTIONS, script=script, timeout=10)
    finally:
        drop_database(base, DATABASE)
    errors = result.bad_statuses + result.socket_errors
    print(
        f"requests/s {result.requests_per_second:.1f}  p50 {result.latency_p50 * 1000:.0f} ms  "
        f"p99 {result.latency_p99 * 1000:.0f} ms  errors {errors} "
        f"(non-2xx/3xx {result.bad_statuses}, socket {result.socket_errors})  "
        f"timeouts {result.timeouts}  ({result.requests} requests)"
    )
    return 1 if result.bad_statuses else 0


if __name__ == "__main__":
    sys.exit(main())
