"""The embedded PostgreSQL starts from an empty folder and is shared by later processes."""

import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from migratieagenda.embedded_db import embedded_server_pid, start_embedded_server

BASE_DIR = Path(__file__).resolve().parent.parent
PRINT_PID = (
    "from pathlib import Path; import os;"
    "from migratieagenda.embedded_db import embedded_database_url, embedded_server_pid;"
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
