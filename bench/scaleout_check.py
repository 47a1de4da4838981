"""`make scaleout-check`: the deployment of docs/deployment.md, rehearsed on one machine.

Starts, all on 127.0.0.1: a PostgreSQL primary (initdb) and a streaming replica of it
(pg_basebackup -R), from /usr/lib/postgresql/<version>/bin; its own Redis (redis-server); two
app servers (gunicorn, production settings, DATABASE_URL = primary, DATABASE_REPLICA_URL =
replica, REDIS_URL shared) behind nginx. Both PostgreSQL servers log every statement, so the
check can see which one served a read: a search for a word that occurs nowhere else appears in
the SQL of exactly the server that ran it. Then it checks, printing PASS or FAIL for each:

1. a change made through one app server (an API PATCH with a token) is visible on the next
   request through the other;
2. anonymous reads through the load balancer go to the replica;
3. an editor's read right after their write goes to the primary (the pin cookie of the write);
4. the replica has the change too (streaming replication).

Everything it started is stopped when it ends, also on failure or Ctrl-C.
"""

import glob
import json
import os
import pwd
import secrets
import shutil
import string
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import (
    HOST,
    PEERS,
    ROOT,
    Processes,
    app_env,
    collect_static,
    fetch,
    free_port,
    log,
    manage,
    start_gunicorn,
    stop_on_signals,
    wait_until_listening,
)

DATABASE = "migratieagenda"
RESULTS: list[tuple[str, bool, str]] = []


def postgresql_bin() -> Path:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[4]))
    if not candidates:
        raise SystemExit("FAIL: no PostgreSQL server binaries in /usr/lib/postgresql/*/bin")
    return Path(candidates[-1])


def as_postgres(argv: list) -> list:
    """PostgreSQL refuses to run as root: run it as the postgres system user then."""
    if os.geteuid() != 0:
        return [str(a) for a in argv]
    return ["runuser", "-u", "postgres", "--", *[str(a) for a in argv]]


def start_postgres(processes: Processes, name: str, data: Path, port: int, socket_dir: Path):
    process = processes.start(
        name,
        as_postgres(
            [
                postgresql_bin() / "postgres",
                "-D",
                data,
                "-p",
                port,
                "-c",
                f"listen_addresses={HOST}",
                "-c",
                f"unix_socket_directories={socket_dir}",
                "-c",
                "wal_level=replica",
                "-c",
                "max_wal_senders=5",
                "-c",
                "log_statement=all",
                "-c",
                "log_destination=stderr",
                "-c",
                "logging_collector=off",
                "-c",
                "fsync=off",  # a rehearsal: durability is not what it checks
            ]
        ),
    )
    wait_until_listening(port, process)


def check(name: str, passed: bool, detail: str) -> None:
    RESULTS.append((name, passed, detail))
    log(f"{'PASS' if passed else 'FAIL'}  {name}: {detail}")


def marker() -> str:
    return "zz" + "".join(secrets.choice(string.ascii_lowercase) for _ in range(12))


def main() -> int:
    stop_on_signals()
    started = time.monotonic()
    for tool in ("nginx", "redis-server", "runuser"):
        if not shutil.which(tool) and not Path("/usr/sbin", tool).exists():
            raise SystemExit(f"FAIL: {tool} is not installed (apt-get install nginx redis-server)")
    PEERS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="scaleout-", dir="/tmp") as directory:
        work = Path(directory)
        if os.geteuid() == 0:
            postgres = pwd.getpwnam("postgres")
            os.chown(work, postgres.pw_uid, postgres.pw_gid)
        work.chmod(0o755)
        ports = {name: free_port() for name in ("primary", "replica", "redis", "a", "b", "lb")}
        with Processes(work / "logs") as processes:
            (work / "logs").chmod(0o777)
            # PostgreSQL primary, and a replica streaming from it.
            subprocess.run(
                as_postgres([postgresql_bin() / "initdb", "-D", work / "primary", "-U",
                             "postgres", "--auth=trust", "--no-sync"]),
                check=True, stdout=subprocess.DEVNULL, timeout=120,
            )  # fmt: skip
            start_postgres(processes, "primary", work / "primary", ports["primary"], work)
            primary = f"postgres://postgres@{HOST}:{ports['primary']}/{DATABASE}"
            subprocess.run(
                as_postgres([postgresql_bin() / "createdb", "-h", HOST, "-p", ports["primary"],
                             "-U", "postgres", DATABASE]),
                check=True, timeout=60,
            )  # fmt: skip
            env = app_env(primary)
            manage(env, "migrate", "--noinput")
            manage(env, "load_agenda")
            collect_static(env)
            token = subprocess.run(
                [sys.executable, "manage.py", "shell", "-c",
                 "from django.contrib.auth.models import User; "
                 "from rest_framework.authtoken.models import Token; "
                 "u = User.objects.create_superuser('editor', 'editor@example.org', None); "
                 "print(Token.objects.create(user=u).key)"],
                cwd=ROOT, env=env, check=True, capture_output=True, text=True, timeout=120,
            ).stdout.split()[-1]  # fmt: skip
            subprocess.run(
                as_postgres([postgresql_bin() / "pg_basebackup", "-h", HOST, "-p",
                             ports["primary"], "-U", "postgres", "-D", work / "replica", "-R",
                             "-X", "stream", "--no-sync"]),
                check=True, timeout=300,
            )  # fmt: skip
            start_postgres(processes, "replica", work / "replica", ports["replica"], work)
            replica = f"postgres://postgres@{HOST}:{ports['replica']}/{DATABASE}"
            # Redis, shared by both app servers.
            redis = processes.start(
                "redis",
                ["redis-server", "--bind", HOST, "--port", ports["redis"], "--save", "",
                 "--appendonly", "no", "--dir", work],
            )  # fmt: skip
            wait_until_listening(ports["redis"], redis)
            # Two stateless app servers.
            app = app_env(
                primary,
                DATABASE_REPLICA_URL=replica,
                REDIS_URL=f"redis://{HOST}:{ports['redis']}/0",
                DJANGO_ALLOWED_HOSTS=f"{HOST},localhost",
            )
            for name in ("a", "b"):
                start_gunicorn(processes, f"app-{name}", app, ports[name], workers=2)
            # nginx in front, round robin; it tells which app server answered.
            nginx_conf = work / "nginx.conf"
            (work / "nginx").mkdir()
            nginx_conf.write_text(
                f"""
daemon off;
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/logs/nginx-error.log;
events {{ worker_connections 256; }}
http {{
    access_log {work}/logs/nginx-access.log;
    client_body_temp_path {work}/nginx/body;
    proxy_temp_path {work}/nginx/proxy;
    fastcgi_temp_path {work}/nginx/fastcgi;
    uwsgi_temp_path {work}/nginx/uwsgi;
    scgi_temp_path {work}/nginx/scgi;
    upstream app {{ server {HOST}:{ports["a"]}; server {HOST}:{ports["b"]}; }}
    server {{
        listen {HOST}:{ports["lb"]};
        location / {{
            proxy_pass http://app;
            proxy_set_header Host $host;
            add_header X-Upstream $upstream_addr always;
        }}
    }}
}}
"""
            )
            nginx = processes.start("nginx", ["nginx", "-c", nginx_conf, "-p", work])
            wait_until_listening(ports["lb"], nginx)
            run_checks(work, ports, token)
    log(
        f"\nscale-out check done in {time.monotonic() - started:.0f} s; everything it started is stopped."
    )
    failed = [name for name, passed, _ in RESULTS if not passed]
    log("PASS: all checks" if not failed else f"FAIL: {', '.join(failed)}")
    return 1 if failed else 0


def statements(work: Path, server: str) -> str:
    return (work / "logs" / f"{server}.log").read_text(errors="replace")


def run_checks(work: Path, ports: dict, token: str) -> None:
    a, b = (f"http://{HOST}:{ports[n]}" for n in ("a", "b"))
    lb = f"http://{HOST}:{ports['lb']}"
    upstreams = {fetch(f"{lb}/api/v1/").headers.get("X-Upstream") for _ in range(4)}
    check(
        "the load balancer spreads requests over both app servers",
        len(upstreams) == 2,
        f"answered by {sorted(upstreams)}",
    )

    # 1. A change through server A, read through server B by the same editor.
    title = f"Gewijzigd via server A {marker()}"
    write = fetch(
        f"{a}/api/v1/measures/4.3/",
        {"Authorization": f"Token {token}", "Content-Type": "application/json"},
        method="PATCH",
        data=json.dumps({"title": title}).encode(),
    )
    cookie = write.headers.get("Set-Cookie", "").split(";")[0]
    read = fetch(f"{b}/api/v1/measures/4.3/", {"Cookie": cookie})
    seen = json.loads(read.body).get("title") if read.status == 200 else None
    check(
        "a change through server A is visible on the next request through server B",
        write.status == 200 and seen == title,
        f"PATCH via A {write.status}, GET via B {read.status} title {seen!r}",
    )

    # 2. Anonymous reads through the load balancer go to the replica.
    anonymous = marker()
    answer = fetch(f"{lb}/api/v1/measures/?q={anonymous}")
    on_replica, on_primary = (anonymous in statements(work, s) for s in ("replica", "primary"))
    check(
        "an anonymous read is served by the replica",
        answer.status == 200 and on_replica and not on_primary,
        f"status {answer.status}; in the replica's SQL: {on_replica}, the primary's: {on_primary}",
    )

    # 3. The editor's read right after their write stays on the primary (through B, too).
    editor = marker()
    answer = fetch(f"{b}/api/v1/measures/?q={editor}", {"Cookie": cookie})
    on_replica, on_primary = (editor in statements(work, s) for s in ("replica", "primary"))
    check(
        "an editor's read right after their write is served by the primary",
        bool(cookie) and answer.status == 200 and on_primary and not on_replica,
        f"pin cookie {'set' if cookie else 'missing'}; status {answer.status}; "
        f"in the primary's SQL: {on_primary}, the replica's: {on_replica}",
    )

    # 4. Streaming replication carries the change to the replica (bounded wait).
    deadline = time.monotonic() + 10
    seen = None
    while time.monotonic() < deadline:
        answer = fetch(f"{lb}/api/v1/measures/4.3/")
        seen = json.loads(answer.body).get("title") if answer.status == 200 else None
        if seen == title:
            break
        time.sleep(0.2)
    check(
        "anonymous readers see the change once the replica has it",
        seen == title,
        f"title through the load balancer {seen!r}",
    )


if __name__ == "__main__":
    sys.exit(main())
