"""The embedded PostgreSQL server used when DATABASE_URL is not set.

A newcomer gets real PostgreSQL with nothing to install: the `pgserver` package ships the
PostgreSQL binaries. The server lives in a git-ignored data folder and is shared by every
process that asks for it (the development server's autoreloader runs two); pgserver keeps a
reference count of those processes in `.handle_pids.json` and stops the server when the last
one exits.

pgserver trusts that file blindly, and it goes wrong in practice: a process killed without
running its exit handlers (SIGKILL, SIGTERM, the autoreloader killing its child after Ctrl-C)
leaves its pid behind, so the server never stops, and a process killed while writing leaves the
file empty, so that no process can start any more. Here the file is only a hint: the
postmaster's own `postmaster.pid` and the live processes are the truth, and the list is
repaired from them before every start and at every exit.
"""

import atexit
import json
import os
import signal
import sys
import threading
import warnings
from pathlib import Path

import psutil
from django.core.exceptions import ImproperlyConfigured

DATABASE_URL_HELP = (
    "Or set DATABASE_URL to a PostgreSQL server "
    "(for example postgres://postgres@127.0.0.1:5432/postgres)."
)
UNSUPPORTED_PLATFORM_HELP = (
    "Use Python 3.11 or 3.12 on Linux or macOS, where pgserver has wheels. " + DATABASE_URL_HELP
)
REFERENCE_COUNT_FILE = ".handle_pids.json"
LOG_LINES_SHOWN = 15


def default_data_dir(base_dir: Path) -> Path:
    return Path(os.environ.get("EMBEDDED_PGDATA", base_dir / ".pgdata")).resolve()


def embedded_database_url(data_dir: Path) -> str:
    """Start (or join) the embedded server and return its socket URL."""
    return start_embedded_server(data_dir).get_uri()


def _pgserver():
    # pgserver keeps its lock file in the user's runtime folder; without XDG_RUNTIME_DIR
    # (containers, CI) platformdirs warns and falls back to /tmp, which is fine here.
    warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR", module="platformdirs")
    try:
        # Imported here, not at the top: an unsupported platform has no wheel, and settings
        # (which import this module) must still load with DATABASE_URL set.
        import pgserver  # noqa: PLC0415 - optional, see above
        from pgserver.postgres_server import PostgresServer  # noqa: PLC0415 - optional
    except ImportError as exc:  # an unsupported platform has no wheel
        raise ImproperlyConfigured(
            f"The embedded PostgreSQL (pgserver) is unavailable: {exc}. {UNSUPPORTED_PLATFORM_HELP}"
        ) from exc
    return pgserver, PostgresServer


def start_embedded_server(data_dir: Path):
    """Start the embedded server in data_dir, or join the one already running there."""
    pgserver, postgres_server = _pgserver()
    data_dir = Path(data_dir).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    with postgres_server._lock:
        repair_reference_count(data_dir)
    try:
        server = pgserver.get_server(data_dir, cleanup_mode="stop")
    except Exception as exc:
        raise ImproperlyConfigured(_start_failure_message(data_dir, exc)) from exc
    _count_out_the_dead_at_exit(server, data_dir)
    _exit_cleanly_on_sigterm()
    return server


def restart_if_stopped(data_dir: Path) -> bool:
    """Start the server again when its postmaster has died; True when it had to."""
    _, postgres_server = _pgserver()
    data_dir = Path(data_dir).resolve()
    server = postgres_server._instances.get(data_dir)
    if server is None:
        start_embedded_server(data_dir)
        return True
    with postgres_server._lock:
        if embedded_server_pid(data_dir) is not None:
            return False
        repair_reference_count(data_dir)
        try:
            server.ensure_postgres_running()
        except Exception as exc:
            raise ImproperlyConfigured(_start_failure_message(data_dir, exc)) from exc
        server.global_process_id_list.get_and_add(os.getpid())
    return True


def embedded_server_pid(data_dir: Path) -> int | None:
    """The running postmaster's process id, from its pid file (None when none runs).

    A pid file whose process is gone, or whose pid now belongs to another program, names no
    server: PostgreSQL would refuse to start over the second kind, so it is removed.
    """
    pid_file = Path(data_dir) / "postmaster.pid"
    try:
        pid = int(pid_file.read_text().splitlines()[0])
    except (FileNotFoundError, IndexError, ValueError):
        return None
    try:
        name = psutil.Process(pid).name()
    except psutil.Error:
        return None
    if name != "postgres":
        pid_file.unlink(missing_ok=True)
        return None
    return pid


def repair_reference_count(data_dir: Path) -> list[int]:
    """Rewrite the reference-count file with only the live processes it names (an unreadable
    file names none). Call with pgserver's lock held."""
    path = Path(data_dir) / REFERENCE_COUNT_FILE
    try:
        recorded = json.loads(path.read_text())
        if not isinstance(recorded, list):
            raise ValueError(recorded)
        pids = [pid for pid in recorded if isinstance(pid, int)]
    except FileNotFoundError:
        return []
    except ValueError:  # empty or corrupt, JSONDecodeError included
        pids = []
    alive = [pid for pid in dict.fromkeys(pids) if psutil.pid_exists(pid)]
    # Written whole and renamed, so that a process killed midway leaves the old file intact.
    partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    partial.write_text(json.dumps(alive))
    os.replace(partial, path)
    return alive


def _count_out_the_dead_at_exit(server, data_dir: Path) -> None:
    """Before pgserver decides whether this process is the last one, drop the dead from its
    list, so that the last live process really stops the server."""
    if getattr(server, "_counts_out_the_dead", False):
        return

    def prune():
        try:
            _, postgres_server = _pgserver()
            with postgres_server._lock:
                repair_reference_count(data_dir)
        except Exception:  # never stand in the way of an exit
            pass

    sign_off = server._cleanup

    def prune_then_sign_off():
        prune()
        sign_off()

    # pgserver's own exit handler is registered already: atexit runs handlers last-in
    # first-out, so this one runs just before it. server.cleanup() goes through the wrapper.
    atexit.register(prune)
    server._cleanup = prune_then_sign_off
    server._counts_out_the_dead = True


def _exit_cleanly_on_sigterm() -> None:
    # Python's default for SIGTERM ends the process without exit handlers, and so without
    # pgserver's stop. Programs that handle SIGTERM themselves (gunicorn, the autoreloader)
    # replace this handler later.
    if threading.current_thread() is not threading.main_thread():
        return
    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))


def _start_failure_message(data_dir: Path, exc: Exception) -> str:
    cause = str(exc).strip() or type(exc).__name__
    message = f"The embedded PostgreSQL in {data_dir} did not start: {cause}."
    log = data_dir / "log"
    if log.exists():
        lines = log.read_text(errors="replace").strip().splitlines()[-LOG_LINES_SHOWN:]
        if lines:
            message += f"\nThe end of its log ({log}):\n  " + "\n  ".join(lines)
    message += (
        f"\nIf another program holds the folder, stop it. If the folder is damaged, "
        f"move {data_dir} aside (its content is lost to this project) and start again "
        f"to begin with an empty database. {DATABASE_URL_HELP}"
    )
    return message
