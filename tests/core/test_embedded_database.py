"""The embedded PostgreSQL starts from an empty folder, is shared by later processes, survives
a damaged reference count and a dead postmaster, and stops with the last process using it."""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psutil
import pytest

from core.embedded_db import (
    embedded_server_pid,
    restart_if_stopped,
    start_embedded_server,
)

BASE_DIR = Path(__file__).resolve().parents[2]
PRINT_PID = (
    "from pathlib import Path; import os;"
    "from core.embedded_db import embedded_database_url, embedded_server_pid;"
    "d = Path(os.environ['EMBEDDED_PGDATA']); embedded_database_url(d); print(embedded_server_pid(d))"
)


@pytest.fixture
def empty_data_dir():
    # Inside the project, like the real .pgdata: as root, pgserver runs PostgreSQL as its own
    # user, which cannot enter pytest's private temporary folders.
    data_dir = BASE_DIR / f".pgdata-test-{uuid.uuid4().hex[:8]}"
    yield data_dir
    shutil.rmtree(data_dir, ignore_errors=True)


def test_embedded_server_starts_from_nothing_and_is_reused_by_another_process(empty_data_dir):
    assert not empty_data_dir.exists()

    server = start_embedded_server(empty_data_dir)
    try:
        assert server.get_uri().startswith("postgresql://")
        assert (empty_data_dir / "PG_VERSION").exists()
        first_pid = embedded_server_pid(empty_data_dir)
        assert first_pid

        env = {**os.environ, "EMBEDDED_PGDATA": str(empty_data_dir)}
        result = subprocess.run(
            [sys.executable, "-c", PRINT_PID],
            cwd=BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        assert int(result.stdout.strip().splitlines()[-1]) == first_pid
    finally:
        server.cleanup()


@pytest.mark.django_db
def test_without_database_url_the_suite_runs_on_the_embedded_server_over_its_socket(settings):
    from django.db import connection

    if os.environ.get("DATABASE_URL"):
        assert settings.USING_EMBEDDED_DATABASE is False
        return
    assert settings.USING_EMBEDDED_DATABASE is True
    connection.ensure_connection()
    assert connection.connection.info.host.startswith("/")  # a Unix socket, not TCP


def _last_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def _wait_until(condition, timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def _query_one(server) -> int:
    import psycopg

    with psycopg.connect(server.get_uri(), connect_timeout=5) as connection:
        return connection.execute("SELECT 1").fetchone()[0]


@pytest.mark.parametrize("content", ["", "[12, 3", "{not json", '"a string"'])
def test_an_empty_or_corrupt_reference_count_file_does_not_lock_a_newcomer_out(
    empty_data_dir, content
):
    start_embedded_server(empty_data_dir).cleanup()
    # As a process killed while writing it leaves the file.
    (empty_data_dir / ".handle_pids.json").write_text(content)

    server = start_embedded_server(empty_data_dir)
    try:
        assert _query_one(server) == 1
        assert json.loads((empty_data_dir / ".handle_pids.json").read_text()) == [os.getpid()]
    finally:
        server.cleanup()
    assert embedded_server_pid(empty_data_dir) is None


def test_a_process_that_died_without_signing_off_does_not_keep_the_server_running(
    empty_data_dir,
):
    server = start_embedded_server(empty_data_dir)
    pid_list = empty_data_dir / ".handle_pids.json"
    # As a process killed by SIGKILL leaves it: its pid stays in the list.
    pid_list.write_text(json.dumps([_last_pid(), *json.loads(pid_list.read_text())]))

    server.cleanup()

    assert _wait_until(lambda: embedded_server_pid(empty_data_dir) is None)


def test_a_postmaster_that_died_is_started_again_in_the_same_folder(empty_data_dir):
    server = start_embedded_server(empty_data_dir)
    try:
        first_pid = embedded_server_pid(empty_data_dir)
        assert restart_if_stopped(empty_data_dir) is False

        os.kill(first_pid, signal.SIGKILL)
        assert _wait_until(lambda: not psutil.pid_exists(first_pid))

        assert restart_if_stopped(empty_data_dir) is True
        assert embedded_server_pid(empty_data_dir) not in (None, first_pid)
        assert _query_one(server) == 1
    finally:
        server.cleanup()


def test_a_server_that_cannot_start_says_why_and_where_to_look(empty_data_dir):
    server = start_embedded_server(empty_data_dir)
    server.cleanup()
    (empty_data_dir / "PG_VERSION").write_text("9\n")  # files of a PostgreSQL it cannot run

    env = {**os.environ, "EMBEDDED_PGDATA": str(empty_data_dir)}
    result = subprocess.run(
        [sys.executable, "-c", PRINT_PID],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode != 0
    assert f"The embedded PostgreSQL in {empty_data_dir} did not start" in result.stderr
    assert "incompatible" in result.stderr  # from PostgreSQL's own log
    assert str(empty_data_dir / "log") in result.stderr
    assert "Python 3.11" not in result.stderr


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize("signal_number", [signal.SIGINT, signal.SIGTERM])
def test_the_development_server_stops_the_database_when_its_process_group_is_signalled(
    empty_data_dir, signal_number
):
    """What Ctrl-C on `make run` does: the signal reaches the autoreloader and its child."""
    port = _free_port()
    env = {
        # The embedded server is what this test is about, also when the suite runs on a server.
        **{name: value for name, value in os.environ.items() if name != "DATABASE_URL"},
        "EMBEDDED_PGDATA": str(empty_data_dir),
        "DJANGO_DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "migratieagenda.settings",
    }
    runserver = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}"],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:

        def serving() -> bool:
            with socket.socket() as client:
                return client.connect_ex(("127.0.0.1", port)) == 0

        assert _wait_until(serving, timeout=60)
        postmaster = embedded_server_pid(empty_data_dir)
        assert postmaster
        assert len(json.loads((empty_data_dir / ".handle_pids.json").read_text())) == 2

        os.killpg(runserver.pid, signal_number)
        runserver.wait(timeout=30)

        assert _wait_until(lambda: not psutil.pid_exists(postmaster), timeout=20)
        assert embedded_server_pid(empty_data_dir) is None
    finally:
        if runserver.poll() is None:
            os.killpg(runserver.pid, signal.SIGKILL)
