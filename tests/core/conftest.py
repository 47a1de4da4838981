"""A production-like app server of its own: gunicorn with gunicorn.conf.py, production
settings, and a PostgreSQL that these tests start, stop and start again themselves."""

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from core.embedded_db import restart_if_stopped, start_embedded_server

BASE_DIR = Path(__file__).resolve().parent.parent.parent


@dataclass
class Reply:
    status: int
    headers: dict
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


@dataclass
class ServedApp:
    base_url: str
    data_dir: Path
    server: object
    access_log: Path
    process: subprocess.Popen = field(repr=False)

    def get(self, path: str, headers: dict | None = None) -> Reply:
        request = urllib.request.Request(self.base_url + path, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return Reply(response.status, dict(response.headers), response.read())
        except urllib.error.HTTPError as error:
            return Reply(error.code, dict(error.headers), error.read())

    def get_or_none(self, path: str) -> Reply | None:
        try:
            return self.get(path)
        except OSError:
            return None

    def stop_database(self) -> None:
        from pgserver._commands import pg_ctl

        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=self.data_dir, user=self.server.system_user)

    def start_database(self) -> None:
        restart_if_stopped(self.data_dir)

    def log_text(self) -> str:
        return self.access_log.read_text(errors="replace")

    def log_text_once(self, *patterns: str, seconds: float = 10.0) -> str:
        """The log once every pattern is in it (or the deadline passes). gunicorn writes a
        request's access line after the response has gone out, so a client that reads the log
        right after its answer can be a moment early."""
        deadline = time.monotonic() + seconds
        while True:
            text = self.log_text()
            if all(re.search(p, text) for p in patterns) or time.monotonic() > deadline:
                return text
            time.sleep(0.05)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def served_app():
    # Inside the project, as in tests/core/test_embedded_database.py: as root, pgserver runs
    # PostgreSQL as its own user, which cannot enter pytest's private temporary folders.
    data_dir = BASE_DIR / f".pgdata-test-{uuid.uuid4().hex[:8]}"
    server = start_embedded_server(data_dir)
    access_log = data_dir.with_name(data_dir.name + ".log")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GUNICORN_"))}
    env.update(
        DATABASE_URL=server.get_uri(),
        DJANGO_SETTINGS_MODULE="migratieagenda.settings_test",
        WEB_CONCURRENCY="1",
        DJANGO_RETRY_AFTER_SECONDS="7",
        # The shared cache in the database (no Redis), whatever the developer's environment.
        REDIS_URL="",
    )
    port = _free_port()
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    with access_log.open("wb") as log:
        process = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "-c",
                "gunicorn.conf.py",
                "--bind",
                f"127.0.0.1:{port}",
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    app = ServedApp(f"http://127.0.0.1:{port}", data_dir, server, access_log, process)
    try:
        deadline = time.monotonic() + 60
        while app.get_or_none("/healthz") is None:
            assert process.poll() is None, app.log_text()
            assert time.monotonic() < deadline, app.log_text()
            time.sleep(0.2)
        yield app
    finally:
        process.terminate()
        process.wait(timeout=30)
        server.cleanup()
        shutil.rmtree(data_dir, ignore_errors=True)
        access_log.unlink(missing_ok=True)
