"""The embedded PostgreSQL server used when DATABASE_URL is not set.

A newcomer gets real PostgreSQL with nothing to install: the `pgserver` package ships the
PostgreSQL binaries. The server lives in a git-ignored data folder and is shared by every
process that asks for it (the development server's autoreloader runs two); pgserver keeps a
reference count of those processes and stops the server when the last one exits.
"""

import os
import warnings
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

HELP = (
    "Set DATABASE_URL to a PostgreSQL server "
    "(for example postgres://postgres@127.0.0.1:5432/postgres), "
    "or use Python 3.11 or 3.12 on Linux or macOS, where the embedded server works."
)


def default_data_dir(base_dir: Path) -> Path:
    return Path(os.environ.get("EMBEDDED_PGDATA", base_dir / ".pgdata")).resolve()


def embedded_database_url(data_dir: Path) -> str:
    """Start (or join) the embedded server and return its socket URL."""
    return start_embedded_server(data_dir).get_uri()


def start_embedded_server(data_dir: Path):
    """Start the embedded server in data_dir, or join the one already running there."""
    # pgserver keeps its lock file in the user's runtime folder; without XDG_RUNTIME_DIR
    # (containers, CI) platformdirs warns and falls back to /tmp, which is fine here.
    warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR", module="platformdirs")
    try:
        import pgserver  # noqa: PLC0415 - optional: an unsupported platform has no wheel
    except ImportError as exc:  # an unsupported platform has no wheel
        raise ImproperlyConfigured(
            f"The embedded PostgreSQL (pgserver) is unavailable. {HELP}"
        ) from exc
    data_dir.mkdir(parents=True, exist_ok=True)
    try:
        server = pgserver.get_server(data_dir, cleanup_mode="stop")
    except Exception as exc:
        raise ImproperlyConfigured(
            f"The embedded PostgreSQL in {data_dir} did not start ({exc}). {HELP}"
        ) from exc
    return server


def embedded_server_pid(data_dir: Path) -> int | None:
    """The postmaster's process id, read from its pid file (None when not running)."""
    pid_file = data_dir / "postmaster.pid"
    if not pid_file.exists():
        return None
    return int(pid_file.read_text().splitlines()[0])
