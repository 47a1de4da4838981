"""`make bench`: the app against its peers, at 1,000 and 100,000 measures, as ratios.

For each size it makes a throwaway database (on DATABASE_URL's server, or the embedded one:
never the development data), loads the shipped agenda's frame and generates measures up to N
(bench/world.py), and starts, on 127.0.0.1:

- the app twice, each gunicorn with 2 sync workers and production settings (bench/settings.py
  adds only the trivial view, the floor of the page scenarios: same settings, same middleware):
  once with the response cache switched off (RESPONSE_CACHE_SECONDS=0), so that its scenarios
  measure the rendering, and once with it on, as production runs, for the repeat reads;
- PostgREST 12 (npm) with a read-only role over the same tables, same columns and embeds;
- Datasette (pip, its own venv) over an SQLite copy of the public measures.

Every URL is fetched once first (its status and content type must be right), then wrk (16
connections) runs interleaved rounds: app scenario, peer, app, peer... A scenario slower than
SLOW_SECONDS a request runs with two connections (one per app worker) instead, for at least four
requests' time, and its rate is connections / mean latency (requests still in flight when a
round ends would otherwise be lost). No request may take longer than SCENARIO_CAP seconds: a
slower one counts as a timeout (the app's worker is killed and replaced after that time), so a
slow page shows as a low figure and never wedges a round; a page whose first request already
times out is not measured further at that size (its figure is 0, its timeouts are listed).
Medians of the rounds make the ratios. Any non-2xx/3xx answer fails the run; nothing about
time does.

    .venv/bin/python bench/run.py            # N = 1,000 and 100,000
    BENCH_SIZES=1000 .venv/bin/python bench/run.py
    BENCH_SMOKE=1 .venv/bin/python bench/run.py   # N = 200, 1-second rounds, every scenario once

The cache is the settings' default (per-process memory for the response cache) unless
REDIS_URL is set; each run then uses keys of its own.
"""

import json
import math
import os
import statistics
import sys
import tempfile
import time
import urllib.error
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
ROUND_SECONDS = 1 if SMOKE else float(os.environ.get("BENCH_ROUND_SECONDS", "3"))
CONNECTIONS = 16
WORKERS = 2
SLOW_SECONDS = 0.25
SCENARIO_CAP = float(os.environ.get("BENCH_SCENARIO_CAP", "15"))
JSON = "application/json"
HTML = "text/html"
CSV = "text/csv"


@dataclass
class Scenario:
    key: str
    server: str  # app (response cache off), cached (on), postgrest, datasette
    path: str
    content_type: str
    headers: dict = field(default_factory=dict)
    statuses: tuple = (200,)
    rates: list = field(default_factory=list)
    bad: int = 0
    socket_errors: int = 0
    timeouts: int = 0
    capped: bool = False  # its first request took longer than SCENARIO_CAP


PAGES = [
    ("pillar page", "pillar_page"),
    ("measures list page", "list_page"),
    ("measure page", "measure_page"),
    ("home page", "home_page"),
]

# (what, numerator, denominator, the target or None): the table, then search,
# CSV and Datasette. The floor of every page is the trivial view of the server without the
# response cache (a cache lookup in front of the trivial view would raise the floor).
RATIOS = [
    ("API list, page 50, with embeds, uncached / PostgREST", "api_list_50", "postgrest_list_50", 1.0),
    ("API list, page 500, uncached / PostgREST", "api_list_500", "postgrest_list_500", None),
    ("API detail, uncached / PostgREST single row with embeds", "api_detail", "postgrest_detail", 1.0),
    ("API repeat read answered 304 / PostgREST page 50", "api_304", "postgrest_list_50", 3.0),
    ("API repeat read from the response cache / PostgREST page 50", "api_list_50_cached",
     "postgrest_list_50", 3.0),
    *((f"{label} uncached / trivial view", key, "trivial", 0.2) for label, key in PAGES),
    *((f"{label} cached / trivial view", f"{key}_cached", "trivial", 0.5) for label, key in PAGES),
    ("API search (q=terugkeer), uncached / Datasette search", "api_search", "datasette_search", None),
    ("API CSV (pillar 4, lead JenV), uncached / PostgREST CSV", "api_csv", "postgrest_csv", None),
    ("API list, page 50, uncached / Datasette page 50", "api_list_50", "datasette_list_50", None),
]  # fmt: skip
GROWTH_TARGET = 1.3
RSS_TARGET_MIB = 150


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
    pages = {
        "pillar_page": f"/pijlers/{pillar}/",
        "list_page": "/maatregelen/",
        "measure_page": f"/maatregelen/{slug}/",
        "home_page": "/",
    }
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
        Scenario("api_list_50_cached", "cached", "/api/v1/measures/?page=2", JSON),
        Scenario("trivial", "app", "/bench/trivial/", "text/plain"),
        *(Scenario(key, "app", path, HTML) for key, path in pages.items()),
        *(Scenario(f"{key}_cached", "cached", path, HTML) for key, path in pages.items()),
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
    """One request; its status and content type must be what the scenario expects. Returns its
    time, or None when it took longer than SCENARIO_CAP."""
    try:
        answer = fetch(url, scenario.headers, timeout=SCENARIO_CAP)
    except (TimeoutError, urllib.error.URLError) as error:
        if isinstance(error, urllib.error.URLError) and not isinstance(error.reason, TimeoutError):
            raise
        return None
    if answer.status not in scenario.statuses or not answer.content_type.startswith(
        scenario.content_type
    ):
        raise SystemExit(
            f"FAIL {scenario.key}: {url} answered {answer.status} {answer.content_type!r}, "
            f"expected {scenario.statuses} {scenario.content_type!r}: {answer.body[:300]!r}"
        )
    return answer.seconds


def single_request_seconds(scenario: Scenario, url: str) -> float | None:
    """The time of one request once both workers are warm (the first ones load the code), or
    None when a request took longer than SCENARIO_CAP."""
    times = []
    for _ in range(WORKERS + 1):
        seconds = check(scenario, url)
        if seconds is None:
            return None
        times.append(seconds)
    return min(times[1:])


def cpu_ticks(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:  # a worker killed for taking too long
        return -1
    return int(fields[11]) + int(fields[12])  # utime + stime


def wait_until_idle(master_pid: int, origin: str) -> None:
    """Waits until the workers are idle: a sync worker still serves the requests a finished wrk
    left queued, which would otherwise count against the next scenario. Idle: no worker used
    CPU for a moment, and then the trivial view answers at once twice in a row. Bounded: a
    request running past the cap has its worker killed by then."""
    deadline = time.monotonic() + SCENARIO_CAP + 10
    before = [cpu_ticks(pid) for pid in child_pids(master_pid)]
    while time.monotonic() < deadline:
        time.sleep(0.2)
        after = [cpu_ticks(pid) for pid in child_pids(master_pid)]
        if after == before:
            break
        before = after
    quick = 0
    while quick < 2 and time.monotonic() < deadline:
        try:
            seconds = fetch(f"{origin}/bench/trivial/", timeout=SCENARIO_CAP).seconds
        except (TimeoutError, urllib.error.URLError):
            continue
        quick = quick + 1 if seconds < 0.02 else 0


def measure(scenario: Scenario, url: str, single: float) -> None:
    slow = single > SLOW_SECONDS
    # Slow: a few connections, so that answers come within the round (16 requests of a second
    # each, queued on 2 cores, would not), for the peers as much as for the app.
    connections = WORKERS if slow else CONNECTIONS
    seconds = min(SCENARIO_CAP, max(ROUND_SECONDS, 4 * single)) if slow else ROUND_SECONDS
    result = wrk(url, seconds, connections, scenario.headers, timeout=math.ceil(SCENARIO_CAP))
    if result.timeouts:
        rate = result.requests / result.seconds  # the answers that came within the cap
    elif slow and result.latency_mean:
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
    scenario.socket_errors += result.socket_errors
    scenario.timeouts += result.timeouts


def trivial_rss(processes: Processes, env: dict) -> float:
    """Peak RSS of a worker that has served only the trivial view."""
    port = free_port()
    master = start_gunicorn(processes, f"gunicorn-trivial-{port}", env, port, WORKERS)
    wrk(f"http://{HOST}:{port}/bench/trivial/", 1 if SMOKE else 2, CONNECTIONS)
    peak = max(peak_rss_mib(pid) for pid in child_pids(master.pid))
    processes.stop(f"gunicorn-trivial-{port}")
    return peak


def workers_peak_rss(master_pid: int) -> float:
    """The largest peak RSS among the master's current workers (sampled after every scenario,
    so that a worker killed at the cap has been seen before)."""
    return max((peak_rss_mib(pid) for pid in child_pids(master_pid)), default=0.0)


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
            ports = {server: free_port() for server in ("app", "cached", "postgrest", "datasette")}
            peers.start_postgrest(processes, base, name, ports["postgrest"], work)
            peers.start_datasette(processes, sqlite, ports["datasette"])
            floor_rss = trivial_rss(processes, env)
            # A worker whose request runs past the cap is killed and replaced by gunicorn.
            cap = SCENARIO_CAP + 5
            masters = {
                "app": start_gunicorn(
                    processes, "gunicorn-uncached", {**env, "RESPONSE_CACHE_SECONDS": "0"},
                    ports["app"], WORKERS, timeout=cap,
                ),
                "cached": start_gunicorn(
                    processes, "gunicorn-cached", {**env, "RESPONSE_CACHE_SECONDS": "86400"},
                    ports["cached"], WORKERS, timeout=cap,
                ),
            }  # fmt: skip
            origin = {key: f"http://{HOST}:{port}" for key, port in ports.items()}
            plan = scenarios(facts, origin["app"])
            peak_rss = dict.fromkeys(masters, 0.0)
            singles = {}
            for scenario in plan:
                singles[scenario.key] = single_request_seconds(
                    scenario, origin[scenario.server] + scenario.path
                )
                if singles[scenario.key] is None:
                    scenario.capped = True
                    scenario.timeouts += 1
                    log(f"  {scenario.key}: over {SCENARIO_CAP:g} s; not measured at this size")
                if scenario.server in masters:
                    wait_until_idle(masters[scenario.server].pid, origin[scenario.server])
            for number in range(ROUNDS):
                started = time.perf_counter()
                for scenario in plan:
                    if scenario.capped:
                        scenario.rates.append(0.0)
                        continue
                    measure(
                        scenario, origin[scenario.server] + scenario.path, singles[scenario.key]
                    )
                    if scenario.server in masters:
                        master = masters[scenario.server].pid
                        peak_rss[scenario.server] = max(
                            peak_rss[scenario.server], workers_peak_rss(master)
                        )
                        wait_until_idle(master, origin[scenario.server])
                log(f"  round {number + 1}/{ROUNDS}: {time.perf_counter() - started:.0f} s")
    finally:
        drop_database(base, name)  # and with it the reader's grants
    return {
        "measures": facts["measures"],
        "rates": {s.key: statistics.median(s.rates) for s in plan},
        "bad": {s.key: s.bad for s in plan if s.bad},
        "socket_errors": {s.key: s.socket_errors for s in plan if s.socket_errors},
        "timeouts": {s.key: s.timeouts for s in plan if s.timeouts},
        "capped": [s.key for s in plan if s.capped],
        "peak_rss_mib": peak_rss["app"],
        "cached_peak_rss_mib": peak_rss["cached"],
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
    print(f"\n| ratio (higher is better) | {head} | target |")
    print("|---|" + "---|" * len(sizes) + "---|")
    for label, numerator, denominator, target in RATIOS:
        cells = []
        for n in sizes:
            rates = results[n]["rates"]
            if numerator in results[n]["capped"]:
                cells.append(f"over {SCENARIO_CAP:g} s" + ("" if target is None else " ✗"))
                continue
            if not rates[denominator]:
                cells.append("–")
                continue
            ratio = rates[numerator] / rates[denominator]
            met = "" if target is None else (" ✓" if ratio >= target else " ✗")
            cells.append(fmt(ratio) + met)
        goal = f"≥ {target}" if target is not None else ""
        print(f"| {label} | {' | '.join(cells)} | {goal} |")
    print(f"\n| requests/s (median of {ROUNDS} rounds) | {head} |")
    print("|---|" + "---|" * len(sizes))
    for key in results[sizes[0]]["rates"]:
        print(f"| {key} | {' | '.join(fmt(results[n]['rates'][key]) for n in sizes)} |")
    if len(sizes) > 1:
        first, last = sizes[0], sizes[-1]
        print(
            f"\nGrowth from {first:,} to {last:,} measures (times slower; 1.0 = independent of "
            f"size; target ≤ {GROWTH_TARGET}):"
        )
        for key, rate in results[first]["rates"].items():
            later = results[last]["rates"][key]
            if not later:
                growth = "– (over the cap at the larger size)"
            else:
                growth = f"{fmt(rate / later)}×" + (" ✓" if rate / later <= GROWTH_TARGET else " ✗")
            print(f"  {key:24} {growth}")
    print()
    for n in sizes:
        result = results[n]
        if result["capped"]:
            print(
                f"Over the {SCENARIO_CAP:g}-second cap at N = {n:,} (not measured, figure 0): "
                f"{', '.join(result['capped'])}"
            )
        if result["timeouts"]:
            print(f"Requests over the cap at N = {n:,}: {result['timeouts']}")
        if result["socket_errors"]:
            print(f"Socket errors at N = {n:,}: {result['socket_errors']}")
        print(
            f"Peak RSS per gunicorn worker at N = {n:,}: {result['peak_rss_mib']:.0f} MiB "
            f"without the response cache, {result['cached_peak_rss_mib']:.0f} MiB with it "
            f"(trivial view only: {result['trivial_rss_mib']:.0f} MiB; target ≤ "
            f"{RSS_TARGET_MIB} MiB)"
        )


def main() -> int:
    stop_on_signals()
    started = time.perf_counter()
    ensure_wrk()
    PEERS.mkdir(parents=True, exist_ok=True)
    base = server_url()
    redis = os.environ.get("REDIS_URL")
    log(f"Response cache: {f'Redis at {redis}' if redis else 'per-process memory (no REDIS_URL)'}")
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
        capped = sorted({key for result in results.values() for key in result["capped"]})
        print(
            "bench smoke: every answer had the expected status"
            + (f"; over the cap (not a failure): {', '.join(capped)}." if capped else ".")
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
