"""`make bench`: the app against its peers, at 1,000 and 100,000 measures, as ratios.

For each size it makes a throwaway database (on DATABASE_URL's server, or the embedded one:
never the development data), loads the shipped agenda's frame and generates measures up to N
(bench/world.py), and starts, on 127.0.0.1:

- the app: gunicorn, 2 sync workers, production settings (bench/settings.py adds only the
  trivial view, the floor of the page scenarios: same settings, same middleware);
- PostgREST 12 (npm) with a read-only role over the same tables, same columns and embeds;
- Datasette (pip, its own venv) over an SQLite copy of the public measures.

Every URL is fetched once first (its status and content type must be right), then wrk (16
connections) runs interleaved rounds: app scenario, peer, app, peer... A scenario slower than
SLOW_SECONDS a request runs with one connection per worker instead, for at least four
requests' time, and its rate is connections / mean latency (requests still in flight when a
round ends would otherwise be lost). Medians of the rounds make the ratios. Any non-2xx/3xx
answer fails the run; nothing about time does.

    .venv/bin/python bench/run.py            # N = 1,000 and 100,000
    BENCH_SIZES=1000 .venv/bin/python bench/run.py
    BENCH_SMOKE=1 .venv/bin/python bench/run.py   # N = 200, 1-second rounds, every scenario once
"""

import json
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import psycopg

from bench import peers, world
from bench.harness import (
    HOST,
    PEERS,
    Processes,
    app_env,
    child_pids,
    collect_static,
    create_database,
    drop_database,
    ensure_wrk,
    fetch,
    free_port,
    log,
    manage,
    peak_rss_mib,
    prepare_database,
    server_url,
    start_gunicorn,
    stop_on_signals,
    wrk,
)

SMOKE = os.environ.get("BENCH_SMOKE", "") not in ("", "0")
SIZES = (
    [200] if SMOKE else [int(n) for n in os.environ.get("BENCH_SIZES", "1000,100000").split(",")]
)
ROUNDS = 1 if SMOKE else int(os.environ.get("BENCH_ROUNDS", "3"))
ROUND_SECONDS = 1 if SMOKE else float(os.environ.get("BENCH_ROUND_SECONDS", "4"))
CONNECTIONS = 16
WORKERS = 2
SLOW_SECONDS = 0.25
MAX_ROUND_SECONDS = 60
JSON = "application/json"
HTML = "text/html"
CSV = "text/csv"


@dataclass
class Scenario:
    key: str
    server: str  # app, postgrest, datasette
    path: str
    content_type: str
    headers: dict = field(default_factory=dict)
    statuses: tuple = (200,)
    rates: list = field(default_factory=list)
    bad: int = 0
    socket_errors: int = 0


# (what, numerator, denominator): the table, then search, CSV and Datasette.
RATIOS = [
    ("API list, page 50, with embeds / PostgREST", "api_list_50", "postgrest_list_50"),
    ("API list, page 500 / PostgREST", "api_list_500", "postgrest_list_500"),
    ("API detail / PostgREST single row with embeds", "api_detail", "postgrest_detail"),
    ("API repeat read answered 304 / PostgREST page 50", "api_304", "postgrest_list_50"),
    ("pillar page / trivial view", "pillar_page", "trivial"),
    ("measures list page / trivial view", "list_page", "trivial"),
    ("measure page / trivial view", "measure_page", "trivial"),
    ("home page / trivial view", "home_page", "trivial"),
    ("API search (q=terugkeer) / Datasette search", "api_search", "datasette_search"),
    ("API CSV (pillar 4, lead JenV) / PostgREST CSV", "api_csv", "postgrest_csv"),
    ("API list, page 50 / Datasette page 50", "api_list_50", "datasette_list_50"),
]


def build_world(base: str, name: str, count: int) -> tuple[str, dict, dict]:
    url = create_database(base, name)
    env = app_env(url)
    started = time.perf_counter()
    prepare_database(env)
    manage(env, "load_agenda")
    with psycopg.connect(url, autocommit=True) as connection:
        existing = connection.execute("SELECT count(*) FROM measures_measure").fetchone()[0]
        world.generate(connection, max(0, count - existing))
        facts = {
            "measures": connection.execute("SELECT count(*) FROM measures_measure").fetchone()[0],
            "pillar_slug": connection.execute(
                "SELECT slug FROM pillars_pillar WHERE number = 4"
            ).fetchone()[0],
            "pillar_id": connection.execute(
                "SELECT id FROM pillars_pillar WHERE number = 4"
            ).fetchone()[0],
            "ministry_id": connection.execute(
                "SELECT id FROM measures_ministry WHERE lower(abbreviation) = 'jenv'"
            ).fetchone()[0],
            # A published generated measure from the middle of the agenda.
            "measure_slug": connection.execute(
                "SELECT slug FROM measures_measure WHERE is_published ORDER BY code_order "
                "OFFSET (SELECT count(*) / 2 FROM measures_measure) LIMIT 1"
            ).fetchone()[0],
        }
    log(f"  {facts['measures']:,} measures ready in {time.perf_counter() - started:.0f} s")
    return url, env, facts


def scenarios(facts: dict, app: str) -> list[Scenario]:
    slug, pillar = facts["measure_slug"], facts["pillar_slug"]
    etag = fetch(f"{app}/api/v1/measures/?page=2").headers.get("ETag", "")
    count = {"Prefer": "count=exact"}
    return [
        Scenario("api_list_50", "app", "/api/v1/measures/?page=2", JSON),
        Scenario("postgrest_list_50", "postgrest", peers.postgrest_list(50), JSON, count, (200, 206)),
        Scenario("api_list_500", "app", "/api/v1/measures/?page_size=500", JSON),
        Scenario("postgrest_list_500", "postgrest", peers.postgrest_list(500, page=1), JSON, count, (200, 206)),
        Scenario("api_detail", "app", f"/api/v1/measures/{slug}/", JSON),
        Scenario(
            "postgrest_detail", "postgrest", peers.postgrest_detail(slug), "application/vnd.pgrst.object+json",
            {"Accept": "application/vnd.pgrst.object+json"},
        ),
        Scenario("api_304", "app", "/api/v1/measures/?page=2", "", {"If-None-Match": etag}, (304,)),
        Scenario("pillar_page", "app", f"/pijlers/{pillar}/", HTML),
        Scenario("trivial", "app", "/bench/trivial/", "text/plain"),
        Scenario("list_page", "app", "/maatregelen/", HTML),
        Scenario("measure_page", "app", f"/maatregelen/{slug}/", HTML),
        Scenario("home_page", "app", "/", HTML),
        Scenario("api_search", "app", "/api/v1/measures/?q=terugkeer", JSON),
        Scenario("datasette_search", "datasette", "/bench/measures.json?_search=terugkeer&_size=50", JSON),
        Scenario("api_csv", "app", "/api/v1/measures/?pillar=4&lead_ministry=JenV&format=csv", CSV),
        Scenario(
            "postgrest_csv", "postgrest", peers.postgrest_csv(facts["pillar_id"], facts["ministry_id"]),
            CSV, {"Accept": "text/csv"},
        ),
        Scenario("datasette_list_50", "datasette", "/bench/measures.json?_size=50&_sort=code_order&_labels=on", JSON),
    ]  # fmt: skip


def check(scenario: Scenario, url: str) -> float:
    """One request; its status and content type must be what the scenario expects."""
    answer = fetch(url, scenario.headers)
    if answer.status not in scenario.statuses or not answer.content_type.startswith(
        scenario.content_type
    ):
        raise SystemExit(
            f"FAIL {scenario.key}: {url} answered {answer.status} {answer.content_type!r}, "
            f"expected {scenario.statuses} {scenario.content_type!r}: {answer.body[:300]!r}"
        )
    return answer.seconds


def single_request_seconds(scenario: Scenario, url: str) -> float:
    """The time of one request once both workers are warm (the first ones load the code)."""
    times = [check(scenario, url) for _ in range(WORKERS + 1)]
    return min(times[1:])


def cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


def wait_until_idle(master_pid: int, app: str) -> None:
    """Waits until the workers are idle: a sync worker still serves the requests a finished wrk
    left queued, which would otherwise count against the next scenario. Idle: no worker used
    CPU for a moment, and then the trivial view answers at once twice in a row."""
    deadline = time.monotonic() + MAX_ROUND_SECONDS * 2
    workers = child_pids(master_pid)
    before = [cpu_ticks(pid) for pid in workers]
    while time.monotonic() < deadline:
        time.sleep(0.2)
        after = [cpu_ticks(pid) for pid in workers]
        if after == before:
            break
        before = after
    quick = 0
    while quick < 2 and time.monotonic() < deadline:
        quick = quick + 1 if fetch(f"{app}/bench/trivial/").seconds < 0.02 else 0


def measure(scenario: Scenario, url: str, single: float) -> None:
    slow = single > SLOW_SECONDS
    connections = WORKERS if slow and scenario.server == "app" else CONNECTIONS
    seconds = min(MAX_ROUND_SECONDS, max(ROUND_SECONDS, 4 * single)) if slow else ROUND_SECONDS
    result = wrk(url, seconds, connections, scenario.headers, timeout=120 if slow else 30)
    if slow and result.latency_mean:
        rate = connections / result.latency_mean  # Little's law: a closed loop, no think time
    else:
        rate = result.requests_per_second
    if os.environ.get("BENCH_VERBOSE"):
        log(
            f"    {scenario.key}: {connections} connections, {seconds:.1f} s, single {single:.3f} s, "
            f"{result.requests} requests, {rate:.1f}/s"
        )
    scenario.rates.append(rate)
    scenario.bad += result.bad_statuses
    scenario.socket_errors += result.socket_errors + result.timeouts


def trivial_rss(processes: Processes, env: dict) -> float:
    """Peak RSS of a worker that has served only the trivial view."""
    port = free_port()
    master = start_gunicorn(processes, f"gunicorn-trivial-{port}", env, port, WORKERS)
    wrk(f"http://{HOST}:{port}/bench/trivial/", 1 if SMOKE else 2, CONNECTIONS)
    peak = max(peak_rss_mib(pid) for pid in child_pids(master.pid))
    processes.stop(f"gunicorn-trivial-{port}")
    return peak


def run_size(base: str, count: int, work: Path) -> dict:
    log(f"\n== N = {count:,}")
    name = f"migratieagenda_bench_{count}"
    try:
        url, env, facts = build_world(base, name, count)
        peers.grant_reads(url)
        sqlite = work / str(count) / "bench.db"  # Datasette serves it at /bench/
        sqlite.parent.mkdir()
        peers.sqlite_copy(url, sqlite)
        with Processes(PEERS / "logs") as processes:  # kept for a look after the run
            ports = {"app": free_port(), "postgrest": free_port(), "datasette": free_port()}
            peers.start_postgrest(processes, base, name, ports["postgrest"], work)
            peers.start_datasette(processes, sqlite, ports["datasette"])
            floor_rss = trivial_rss(processes, env)
            master = start_gunicorn(processes, "gunicorn", env, ports["app"], WORKERS)
            origin = {key: f"http://{HOST}:{port}" for key, port in ports.items()}
            plan = scenarios(facts, origin["app"])
            singles = {s.key: single_request_seconds(s, origin[s.server] + s.path) for s in plan}
            for number in range(ROUNDS):
                started = time.perf_counter()
                for scenario in plan:
                    measure(
                        scenario, origin[scenario.server] + scenario.path, singles[scenario.key]
                    )
                log(f"  round {number + 1}/{ROUNDS}: {time.perf_counter() - started:.0f} s")
            workers_rss = [peak_rss_mib(pid) for pid in child_pids(master.pid)]
    finally:
        drop_database(base, name)  # and with it the reader's grants
    return {
        "measures": facts["measures"],
        "rates": {s.key: statistics.median(s.rates) for s in plan},
        "bad": {s.key: s.bad for s in plan if s.bad},
        "socket_errors": {s.key: s.socket_errors for s in plan if s.socket_errors},
        "peak_rss_mib": max(workers_rss),
        "trivial_rss_mib": floor_rss,
    }


def fmt(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 0.1:
        return f"{value:.2f}"
    return f"{value:.2g}"


def report(results: dict) -> None:
    sizes = list(results)
    head = " | ".join(f"N = {n:,}" for n in sizes)
    print(f"\n| ratio (higher is better) | {head} |")
    print("|---|" + "---|" * len(sizes))
    for label, numerator, denominator in RATIOS:
        cells = [
            fmt(results[n]["rates"][numerator] / results[n]["rates"][denominator])
            if results[n]["rates"][denominator]
            else "–"
            for n in sizes
        ]
        print(f"| {label} | {' | '.join(cells)} |")
    print(f"\n| requests/s (median of {ROUNDS} rounds) | {head} |")
    print("|---|" + "---|" * len(sizes))
    for key in results[sizes[0]]["rates"]:
        print(f"| {key} | {' | '.join(fmt(results[n]['rates'][key]) for n in sizes)} |")
    if len(sizes) > 1:
        first, last = sizes[0], sizes[-1]
        print(
            f"\nGrowth from {first:,} to {last:,} measures (times slower; 1.0 = independent of size):"
        )
        for key, rate in results[first]["rates"].items():
            later = results[last]["rates"][key]
            print(f"  {key:20} {fmt(rate / later) if later else '–'}×")
    print()
    for n in sizes:
        if results[n]["socket_errors"]:
            print(f"Socket errors or timeouts at N = {n:,}: {results[n]['socket_errors']}")
        print(
            f"Peak RSS per gunicorn worker at N = {n:,}: {results[n]['peak_rss_mib']:.0f} MiB "
            f"(trivial view only: {results[n]['trivial_rss_mib']:.0f} MiB)"
        )


def main() -> int:
    stop_on_signals()
    started = time.perf_counter()
    ensure_wrk()
    PEERS.mkdir(parents=True, exist_ok=True)
    base = server_url()
    results = {}
    with tempfile.TemporaryDirectory(prefix="bench-", dir=PEERS) as directory:
        work = Path(directory)
        peers.create_roles(base)
        try:
            collect_static(app_env(base))
            for count in SIZES:
                results[count] = run_size(base, count, work)
        finally:
            peers.drop_roles(base)
    report(results)
    (PEERS / "last-run.json").write_text(json.dumps(results, indent=2))
    print(f"\nTotal time {time.perf_counter() - started:.0f} s.")
    failures = [(n, r["bad"]) for n, r in results.items() if r["bad"]]
    if failures:
        print(f"FAIL: answers other than 2xx/3xx: {failures}")
        return 1
    if SMOKE:
        print("bench smoke: every scenario answered with the expected status.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
