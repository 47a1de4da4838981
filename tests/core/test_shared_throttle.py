"""The API throttle counts per client, not per process: two processes (as two gunicorn workers
or two app servers are) share one count, through PostgreSQL without Redis and through Redis
with it. Each process is a real `manage.py shell` on the same database as `served_app`."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent.parent

REQUESTS = """
from django.test import Client
client = Client(REMOTE_ADDR="{address}")
print(" ".join(str(client.get("/api/v1/pillars/").status_code) for _ in range({count})))
"""


def requests_from_a_new_process(database_url: str, address: str, count: int, **env) -> list:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(
        {
            "DJANGO_SETTINGS_MODULE": "migratieagenda.settings_test",
            "DATABASE_URL": database_url,
            "API_ANON_RATE": "5/minute",
            "REDIS_URL": "",
            **env,
        }
    )
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "--verbosity=0",
            "--no-imports",
            "-c",
            REQUESTS.format(address=address, count=count),
        ],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return [int(status) for status in result.stdout.split()]


def test_without_redis_two_processes_share_one_count_in_postgresql(served_app):
    database_url = served_app.server.get_uri()
    first = requests_from_a_new_process(database_url, "198.51.100.1", 3)
    second = requests_from_a_new_process(database_url, "198.51.100.1", 4)
    # 5 a minute in all: with a count per process the second would get four 200s.
    assert first == [200, 200, 200]
    assert second == [200, 200, 429, 429]
    # Another client has its own count.
    assert requests_from_a_new_process(database_url, "198.51.100.2", 1) == [200]


@pytest.fixture
def redis_url():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = ["redis-server", "--port", str(port), "--save", "", "--appendonly", "no"]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "redis-server did not start"
                time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_with_redis_two_processes_share_one_count_in_redis(served_app, redis_url):
    database_url = served_app.server.get_uri()
    first = requests_from_a_new_process(database_url, "198.51.100.3", 3, REDIS_URL=redis_url)
    second = requests_from_a_new_process(database_url, "198.51.100.3", 4, REDIS_URL=redis_url)
    assert first == [200, 200, 200]
    assert second == [200, 200, 429, 429]
